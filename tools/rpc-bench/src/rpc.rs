//! A minimal JSON-RPC client: one reqwest connection pool, raw `serde_json` values, so the
//! load client spends as little as possible per request.

use alloy::transports::http::reqwest::Client;
use serde_json::{json, Value};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RpcError {
    /// The HTTP exchange failed.
    #[error("{method}: {source}")]
    Http {
        /// The method called.
        method: String,
        /// Cause.
        source: alloy::transports::http::reqwest::Error,
    },
    /// The node answered with a JSON-RPC error.
    #[error("{method}: node answered {error}")]
    Node {
        /// The method called.
        method: String,
        /// The `error` member of the answer.
        error: Value,
    },
    /// The answer had neither `result` nor `error`.
    #[error("{method}: malformed answer {answer}")]
    Malformed {
        /// The method called.
        method: String,
        /// The whole answer.
        answer: Value,
    },
}

/// A node's JSON-RPC endpoint.
#[derive(Clone)]
pub(crate) struct Rpc {
    client: Client,
    url: String,
}

impl Rpc {
    /// A client of the node at `url`.
    pub(crate) fn new(url: String) -> Self {
        Self {
            client: Client::new(),
            url,
        }
    }

    /// Calls `method` with `params` and returns its `result`.
    pub(crate) async fn call(&self, method: &str, params: Value) -> Result<Value, RpcError> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let http = |source| RpcError::Http {
            method: method.to_string(),
            source,
        };
        let mut answer: Value = self
            .client
            .post(&self.url)
            .json(&body)
            .send()
            .await
            .map_err(http)?
            .json()
            .await
            .map_err(http)?;
        if let Some(result) = answer.get_mut("result") {
            return Ok(result.take());
        }
        match answer.get_mut("error") {
            Some(error) => Err(RpcError::Node {
                method: method.to_string(),
                error: error.take(),
            }),
            None => Err(RpcError::Malformed {
                method: method.to_string(),
                answer,
            }),
        }
    }

    /// Calls a method whose result is a hex quantity.
    pub(crate) async fn quantity(&self, method: &str, params: Value) -> Result<u128, RpcError> {
        let value = self.call(method, params).await?;
        value
            .as_str()
            .and_then(|s| u128::from_str_radix(s.trim_start_matches("0x"), 16).ok())
            .ok_or_else(|| RpcError::Malformed {
                method: method.to_string(),
                answer: value,
            })
    }
}
