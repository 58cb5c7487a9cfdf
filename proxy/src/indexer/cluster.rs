//! The indexer's reads of a Solana cluster: its confirmed slot, the blocks produced in a range,
//! one block with its transactions, an address's signature history and one transaction, all
//! at `confirmed`, async on the node's runtime (the chain's [`SolanaRpc`] blocks its thread).
//!
//! [`SolanaRpc`]: crate::chain::remote::rpc::SolanaRpc

use crate::chain::remote::rpc::{self, decode, RpcError, COMMITMENT};
use serde_json::{json, Value};
use solana_address::Address as SolAddress;
use std::sync::atomic::{AtomicU64, Ordering};

/// getBlock's codes for a slot without a block: skipped (-32007), not available (-32004,
/// -32009), or cleaned up (-32001).
const NO_BLOCK_CODES: [i64; 4] = [-32001, -32004, -32007, -32009];

/// Most signatures one getSignaturesForAddress answer holds.
pub const SIGNATURE_PAGE: usize = 1000;

/// One entry of getSignaturesForAddress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureInfo {
    /// The transaction's first signature.
    pub signature: String,
    /// Its slot.
    pub slot: u64,
    /// Whether it failed (then it changed nothing but fees).
    pub failed: bool,
}

/// Async JSON-RPC reads of one cluster.
pub struct ClusterReader {
    client: reqwest::Client,
    url: String,
    next_id: AtomicU64,
}

impl ClusterReader {
    /// A reader of the cluster at `url` (nothing is sent yet).
    pub fn new(url: &str) -> Result<Self, RpcError> {
        let client = rpc::http_client().map_err(|e| RpcError::Transport {
            method: "connect",
            url: url.to_string(),
            message: e.to_string(),
        })?;
        Ok(Self {
            client,
            url: url.to_string(),
            next_id: AtomicU64::new(1),
        })
    }

    async fn call(&self, method: &'static str, params: Value) -> Result<Value, RpcError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        rpc::post(&self.client, &self.url, id, method, params).await
    }

    /// The cluster's genesis hash (base58): which cluster this is.
    pub async fn genesis_hash(&self) -> Result<String, RpcError> {
        const METHOD: &str = "getGenesisHash";
        self.call(METHOD, json!([]))
            .await?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| decode(METHOD, "not a string"))
    }

    /// The highest slot confirmed by a supermajority.
    pub async fn confirmed_slot(&self) -> Result<u64, RpcError> {
        const METHOD: &str = "getSlot";
        self.call(METHOD, json!([{"commitment": COMMITMENT}]))
            .await?
            .as_u64()
            .ok_or_else(|| decode(METHOD, "not a number"))
    }

    /// The confirmed slots in `from..=to` that have a block (skipped slots have none).
    pub async fn blocks(&self, from: u64, to: u64) -> Result<Vec<u64>, RpcError> {
        const METHOD: &str = "getBlocks";
        let result = self
            .call(METHOD, json!([from, to, {"commitment": COMMITMENT}]))
            .await?;
        result
            .as_array()
            .ok_or_else(|| decode(METHOD, "not an array"))?
            .iter()
            .map(|v| v.as_u64().ok_or_else(|| decode(METHOD, "not a slot")))
            .collect()
    }

    /// The block of `slot` with its transactions in JSON encoding (`None`: the slot has no
    /// block).
    pub async fn block(&self, slot: u64) -> Result<Option<Value>, RpcError> {
        let answer = self
            .call(
                "getBlock",
                json!([slot, {
                    "encoding": "json",
                    "transactionDetails": "full",
                    "rewards": false,
                    "commitment": COMMITMENT,
                    "maxSupportedTransactionVersion": 0,
                }]),
            )
            .await;
        match answer {
            Ok(Value::Null) => Ok(None),
            Ok(block) => Ok(Some(block)),
            Err(RpcError::Rpc { code, .. }) if NO_BLOCK_CODES.contains(&code) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Up to [`SIGNATURE_PAGE`] signatures of transactions that touched `address`, newest
    /// first, older than `before` when given.
    pub async fn signatures(
        &self,
        address: &SolAddress,
        before: Option<&str>,
    ) -> Result<Vec<SignatureInfo>, RpcError> {
        const METHOD: &str = "getSignaturesForAddress";
        let mut options = json!({"limit": SIGNATURE_PAGE, "commitment": COMMITMENT});
        if let Some(before) = before {
            options["before"] = json!(before);
        }
        let result = self
            .call(METHOD, json!([address.to_string(), options]))
            .await?;
        result
            .as_array()
            .ok_or_else(|| decode(METHOD, "not an array"))?
            .iter()
            .map(|entry| {
                Ok(SignatureInfo {
                    signature: entry
                        .get("signature")
                        .and_then(Value::as_str)
                        .ok_or_else(|| decode(METHOD, "entry without signature"))?
                        .to_string(),
                    slot: entry
                        .get("slot")
                        .and_then(Value::as_u64)
                        .ok_or_else(|| decode(METHOD, "entry without slot"))?,
                    failed: !entry.get("err").unwrap_or(&Value::Null).is_null(),
                })
            })
            .collect()
    }

    /// The confirmed transaction `signature` in JSON encoding (`None` when unknown).
    pub async fn transaction(&self, signature: &str) -> Result<Option<Value>, RpcError> {
        let result = self
            .call(
                "getTransaction",
                json!([signature, {
                    "encoding": "json",
                    "commitment": COMMITMENT,
                    "maxSupportedTransactionVersion": 0,
                }]),
            )
            .await?;
        Ok((!result.is_null()).then_some(result))
    }
}
