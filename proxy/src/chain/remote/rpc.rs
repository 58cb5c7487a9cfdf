//! A small Solana JSON-RPC client: the dozen methods the remote chain needs, over reqwest and
//! serde_json, every read at `confirmed` commitment (the default, `finalized`, lags by about
//! thirty slots). Blocking: it runs on the chain's worker thread with a private
//! single-threaded runtime.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde_json::{json, Value};
use solana_address::Address as SolAddress;
use solana_hash::Hash;
use std::str::FromStr;
use std::time::Duration;

/// Commitment of every read and simulation.
pub const COMMITMENT: &str = "confirmed";
/// Timeout of one HTTP request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a Solana RPC call failed.
#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    /// The HTTP request failed.
    #[error("{method} to {url}: {message}")]
    Transport {
        /// The JSON-RPC method.
        method: &'static str,
        /// The endpoint.
        url: String,
        /// Cause.
        message: String,
    },
    /// The node answered with a JSON-RPC error.
    #[error("{method}: error {code}: {message}")]
    Rpc {
        /// The JSON-RPC method.
        method: &'static str,
        /// JSON-RPC error code.
        code: i64,
        /// Message.
        message: String,
        /// `error.data` (for a refused transaction: `err` and `logs`).
        data: Value,
    },
    /// The answer did not have the expected shape.
    #[error("{method}: unexpected answer: {detail}")]
    Decode {
        /// The JSON-RPC method.
        method: &'static str,
        /// What was wrong.
        detail: String,
    },
}

/// An account as getAccountInfo / getMultipleAccounts return it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteAccount {
    /// Balance.
    pub lamports: u64,
    /// Owner program.
    pub owner: SolAddress,
    /// Whether it is a program.
    pub executable: bool,
    /// Data.
    pub data: Vec<u8>,
}

/// A signature's status from getSignatureStatuses.
#[derive(Clone, Debug, PartialEq)]
pub struct SignatureStatus {
    /// The transaction error (`null` when it succeeded).
    pub err: Value,
    /// `processed`, `confirmed` or `finalized`.
    pub confirmation: String,
}

impl SignatureStatus {
    /// Confirmed by a supermajority (or finalized).
    pub fn is_confirmed(&self) -> bool {
        self.confirmation == "confirmed" || self.confirmation == "finalized"
    }
}

/// What getTransaction says about an executed transaction.
#[derive(Clone, Debug, Default)]
pub struct ExecutedTransaction {
    /// The transaction error (`null` when it succeeded).
    pub err: Value,
    /// Return data of the last instruction that set it.
    pub return_data: Vec<u8>,
    /// Compute units consumed.
    pub compute_units: Option<u64>,
    /// Log lines.
    pub logs: Vec<String>,
}

/// What simulateTransaction said.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// The transaction's error, `null` when it would succeed.
    pub err: Value,
    /// Its logs.
    pub logs: Vec<String>,
    /// Compute units it consumed.
    pub units: Option<u64>,
}

/// A Solana JSON-RPC endpoint.
pub struct SolanaRpc {
    url: String,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
    next_id: u64,
}

impl SolanaRpc {
    /// A client for `url` (nothing is sent yet).
    pub fn new(url: &str) -> Result<Self, RpcError> {
        let transport = |message: String| RpcError::Transport {
            method: "connect",
            url: url.to_string(),
            message,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| transport(format!("starting the HTTP runtime: {e}")))?;
        let client = http_client().map_err(|e| transport(e.to_string()))?;
        Ok(Self {
            url: url.to_string(),
            client,
            runtime,
            next_id: 1,
        })
    }

    /// The endpoint.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Calls `method` with `params` and returns `result`.
    pub fn call(&mut self, method: &'static str, params: Value) -> Result<Value, RpcError> {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.runtime
            .block_on(post(&self.client, &self.url, id, method, params))
    }

    /// Accounts at `addresses` (at most 100), `None` where there is none.
    pub fn multiple_accounts(
        &mut self,
        addresses: &[SolAddress],
    ) -> Result<Vec<Option<RemoteAccount>>, RpcError> {
        const METHOD: &str = "getMultipleAccounts";
        let keys: Vec<String> = addresses.iter().map(ToString::to_string).collect();
        let result = self.call(
            METHOD,
            json!([keys, {"encoding": "base64", "commitment": COMMITMENT}]),
        )?;
        let values = result
            .get("value")
            .and_then(Value::as_array)
            .ok_or_else(|| decode(METHOD, "no value array"))?;
        if values.len() != addresses.len() {
            return Err(decode(METHOD, "wrong number of accounts"));
        }
        values.iter().map(|v| parse_account(METHOD, v)).collect()
    }

    /// The account at `address`.
    pub fn account(&mut self, address: &SolAddress) -> Result<Option<RemoteAccount>, RpcError> {
        const METHOD: &str = "getAccountInfo";
        let result = self.call(
            METHOD,
            json!([address.to_string(), {"encoding": "base64", "commitment": COMMITMENT}]),
        )?;
        parse_account(METHOD, result.get("value").unwrap_or(&Value::Null))
    }

    /// The latest blockhash and the last block height at which it is valid.
    pub fn latest_blockhash(&mut self) -> Result<(Hash, u64), RpcError> {
        const METHOD: &str = "getLatestBlockhash";
        let result = self.call(METHOD, json!([{"commitment": COMMITMENT}]))?;
        let value = result
            .get("value")
            .ok_or_else(|| decode(METHOD, "no value"))?;
        let hash = value
            .get("blockhash")
            .and_then(Value::as_str)
            .and_then(|s| Hash::from_str(s).ok())
            .ok_or_else(|| decode(METHOD, "no blockhash"))?;
        let last_valid = value
            .get("lastValidBlockHeight")
            .and_then(Value::as_u64)
            .ok_or_else(|| decode(METHOD, "no lastValidBlockHeight"))?;
        Ok((hash, last_valid))
    }

    /// The current block height.
    pub fn block_height(&mut self) -> Result<u64, RpcError> {
        const METHOD: &str = "getBlockHeight";
        self.call(METHOD, json!([{"commitment": COMMITMENT}]))?
            .as_u64()
            .ok_or_else(|| decode(METHOD, "not a number"))
    }

    /// The current slot at `commitment` (`processed`, `confirmed` or `finalized`).
    pub fn slot(&mut self, commitment: &str) -> Result<u64, RpcError> {
        const METHOD: &str = "getSlot";
        self.call(METHOD, json!([{"commitment": commitment}]))?
            .as_u64()
            .ok_or_else(|| decode(METHOD, "not a number"))
    }

    /// The genesis hash (tells mainnet-beta, testnet and devnet from a development cluster).
    pub fn genesis_hash(&mut self) -> Result<String, RpcError> {
        const METHOD: &str = "getGenesisHash";
        self.call(METHOD, json!([]))?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| decode(METHOD, "not a string"))
    }

    /// Lamports of `address`.
    pub fn balance(&mut self, address: &SolAddress) -> Result<u64, RpcError> {
        const METHOD: &str = "getBalance";
        self.call(
            METHOD,
            json!([address.to_string(), {"commitment": COMMITMENT}]),
        )?
        .get("value")
        .and_then(Value::as_u64)
        .ok_or_else(|| decode(METHOD, "no value"))
    }

    /// Lamports that make `len` bytes rent exempt.
    pub fn rent_exemption(&mut self, len: usize) -> Result<u64, RpcError> {
        const METHOD: &str = "getMinimumBalanceForRentExemption";
        self.call(METHOD, json!([len, {"commitment": COMMITMENT}]))?
            .as_u64()
            .ok_or_else(|| decode(METHOD, "not a number"))
    }

    /// Asks the cluster's faucet for `lamports` to `address`; returns the signature.
    pub fn request_airdrop(
        &mut self,
        address: &SolAddress,
        lamports: u64,
    ) -> Result<String, RpcError> {
        const METHOD: &str = "requestAirdrop";
        self.call(
            METHOD,
            json!([address.to_string(), lamports, {"commitment": COMMITMENT}]),
        )?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| decode(METHOD, "not a signature"))
    }

    /// Sends a signed, serialized transaction without preflight (the caller simulated it);
    /// returns its signature.
    pub fn send_transaction(&mut self, wire: &[u8]) -> Result<String, RpcError> {
        const METHOD: &str = "sendTransaction";
        self.call(
            METHOD,
            json!([BASE64.encode(wire), {"encoding": "base64", "skipPreflight": true}]),
        )?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| decode(METHOD, "not a signature"))
    }

    /// Runs a serialized transaction against the `confirmed` bank without its signatures
    /// checked or a valid blockhash: what it would do, and its compute units.
    pub fn simulate_transaction(&mut self, wire: &[u8]) -> Result<Simulation, RpcError> {
        const METHOD: &str = "simulateTransaction";
        let result = self.call(
            METHOD,
            json!([BASE64.encode(wire), {
                "encoding": "base64",
                "commitment": COMMITMENT,
                "sigVerify": false,
                "replaceRecentBlockhash": true,
            }]),
        )?;
        let value = result
            .get("value")
            .ok_or_else(|| decode(METHOD, "no value"))?;
        Ok(Simulation {
            err: value.get("err").cloned().unwrap_or(Value::Null),
            logs: string_list(value.get("logs")),
            units: value.get("unitsConsumed").and_then(Value::as_u64),
        })
    }

    /// Statuses of `signatures` (`None` for one the cluster does not know yet).
    pub fn signature_statuses(
        &mut self,
        signatures: &[String],
    ) -> Result<Vec<Option<SignatureStatus>>, RpcError> {
        const METHOD: &str = "getSignatureStatuses";
        let result = self.call(METHOD, json!([signatures]))?;
        let values = result
            .get("value")
            .and_then(Value::as_array)
            .ok_or_else(|| decode(METHOD, "no value array"))?;
        Ok(values
            .iter()
            .map(|v| {
                (!v.is_null()).then(|| SignatureStatus {
                    err: v.get("err").cloned().unwrap_or(Value::Null),
                    confirmation: v
                        .get("confirmationStatus")
                        .and_then(Value::as_str)
                        .unwrap_or("processed")
                        .to_string(),
                })
            })
            .collect())
    }

    /// The executed transaction `signature` (`None` until the node has it at `confirmed`).
    pub fn transaction(
        &mut self,
        signature: &str,
    ) -> Result<Option<ExecutedTransaction>, RpcError> {
        const METHOD: &str = "getTransaction";
        let result = self.call(
            METHOD,
            json!([signature, {
                "encoding": "json",
                "commitment": COMMITMENT,
                "maxSupportedTransactionVersion": 0,
            }]),
        )?;
        if result.is_null() {
            return Ok(None);
        }
        let meta = result
            .get("meta")
            .ok_or_else(|| decode(METHOD, "no meta"))?;
        let return_data = match meta.pointer("/returnData/data/0").and_then(Value::as_str) {
            Some(b64) => BASE64
                .decode(b64)
                .map_err(|e| decode(METHOD, &format!("return data: {e}")))?,
            None => Vec::new(),
        };
        Ok(Some(ExecutedTransaction {
            err: meta.get("err").cloned().unwrap_or(Value::Null),
            return_data,
            compute_units: meta.get("computeUnitsConsumed").and_then(Value::as_u64),
            logs: string_list(meta.get("logMessages")),
        }))
    }
}

/// Posts one JSON-RPC call to `url` and returns its `result` (async, so the indexer can use
/// it on the node's runtime; [`SolanaRpc::call`] blocks on it).
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    id: u64,
    method: &'static str,
    params: Value,
) -> Result<Value, RpcError> {
    let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
    let transport = |message: String| RpcError::Transport {
        method,
        url: url.to_string(),
        message,
    };
    let request = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string());
    let bytes = async {
        let response = request.send().await?.error_for_status()?;
        response.bytes().await
    }
    .await
    .map_err(|e| transport(e.to_string()))?;
    let mut answer: Value = serde_json::from_slice(&bytes).map_err(|e| RpcError::Decode {
        method,
        detail: format!("not JSON: {e}"),
    })?;
    if let Some(error) = answer.get_mut("error") {
        return Err(RpcError::Rpc {
            method,
            code: error.get("code").and_then(Value::as_i64).unwrap_or(0),
            message: error
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            data: error
                .get_mut("data")
                .map(Value::take)
                .unwrap_or(Value::Null),
        });
    }
    answer
        .get_mut("result")
        .map(Value::take)
        .ok_or_else(|| RpcError::Decode {
            method,
            detail: "no result".into(),
        })
}

/// A reqwest client with the request timeout every Solana call uses.
pub fn http_client() -> Result<reqwest::Client, reqwest::Error> {
    reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build()
}

/// The `Custom` code of an `InstructionError` in a transaction error
/// (`{"InstructionError": [index, {"Custom": code}]}`).
pub fn custom_code(err: &Value) -> Option<u32> {
    err.pointer("/InstructionError/1/Custom")
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok())
}

/// Log lines of a JSON array of strings.
pub fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A [`RpcError::Decode`] of `method`.
pub fn decode(method: &'static str, detail: &str) -> RpcError {
    RpcError::Decode {
        method,
        detail: detail.to_string(),
    }
}

fn parse_account(method: &'static str, value: &Value) -> Result<Option<RemoteAccount>, RpcError> {
    if value.is_null() {
        return Ok(None);
    }
    let owner = value
        .get("owner")
        .and_then(Value::as_str)
        .and_then(|s| SolAddress::from_str(s).ok())
        .ok_or_else(|| decode(method, "account without owner"))?;
    let data = value
        .pointer("/data/0")
        .and_then(Value::as_str)
        .ok_or_else(|| decode(method, "account without base64 data"))?;
    let data = BASE64
        .decode(data)
        .map_err(|e| decode(method, &format!("account data: {e}")))?;
    Ok(Some(RemoteAccount {
        lamports: value.get("lamports").and_then(Value::as_u64).unwrap_or(0),
        owner,
        executable: value
            .get("executable")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        data,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_codes_come_out_of_instruction_errors() {
        let err = json!({"InstructionError": [3, {"Custom": 50}]});
        assert_eq!(custom_code(&err), Some(50));
        assert_eq!(
            custom_code(&json!({"InstructionError": [0, "InvalidArgument"]})),
            None
        );
        assert_eq!(custom_code(&Value::Null), None);
    }

    #[test]
    fn accounts_parse_from_base64() {
        let owner = SolAddress::new_from_array([9; 32]);
        let value = json!({
            "lamports": 5, "owner": owner.to_string(), "executable": false,
            "data": [BASE64.encode([1, 2, 3]), "base64"], "rentEpoch": 0, "space": 3,
        });
        let account = parse_account("test", &value)
            .expect("parses")
            .expect("some");
        assert_eq!(account.data, vec![1, 2, 3]);
        assert_eq!(account.owner, owner);
        assert_eq!(account.lamports, 5);
        assert_eq!(parse_account("test", &Value::Null).expect("parses"), None);
    }
}
