//! The indexer's reads of a Solana cluster: its confirmed slot, the blocks produced in a range,
//! one block with its transactions, an address's signature history and one transaction, all
//! at `confirmed`, async on the node's runtime (the chain's [`SolanaRpc`] blocks its thread).
//!
//! [`SolanaRpc`]: crate::chain::remote::rpc::SolanaRpc

use crate::chain::remote::rpc::{self, decode, RpcError, COMMITMENT};
use serde_json::{json, Value};
use solana_address::Address as SolAddress;
use std::sync::atomic::{AtomicU64, Ordering};

/// getBlock's codes for a slot that has no block: skipped (-32007, -32009 in long-term
/// storage). "Not available (yet)" (-32004, -32014) is transient: a slot just confirmed can
/// answer it for a moment, and the call is then retried, never taken for an empty slot.
const SKIPPED_CODES: [i64; 2] = [-32007, -32009];

/// getBlock's code for a block the node no longer keeps (its ledger was cleaned up).
const CLEANED_UP_CODE: i64 = -32001;

/// What getBlock says about a slot.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotAnswer {
    /// The block, with its transactions in JSON encoding.
    Block(Value),
    /// The slot was skipped: it has no block.
    Skipped,
    /// The node no longer has the block (its ledger was cleaned up).
    CleanedUp,
}

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

    /// The lowest slot whose block the node still has.
    pub async fn first_available_block(&self) -> Result<u64, RpcError> {
        const METHOD: &str = "getFirstAvailableBlock";
        self.call(METHOD, json!([]))
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

    /// The block of `slot` with its transactions in JSON encoding, or why there is none. A
    /// block the node does not have yet is an error (to be retried).
    pub async fn block(&self, slot: u64) -> Result<SlotAnswer, RpcError> {
        const METHOD: &str = "getBlock";
        let answer = self
            .call(
                METHOD,
                json!([slot, {
                    "encoding": "json",
                    "transactionDetails": "full",
                    "rewards": false,
                    "commitment": COMMITMENT,
                    "maxSupportedTransactionVersion": 0,
                }]),
            )
            .await;
        slot_answer(slot, answer)
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

/// getBlock's answer for `slot` (which getBlocks listed) as a [`SlotAnswer`].
fn slot_answer(slot: u64, answer: Result<Value, RpcError>) -> Result<SlotAnswer, RpcError> {
    const METHOD: &str = "getBlock";
    match answer {
        Ok(Value::Null) => Err(decode(METHOD, &format!("no block for slot {slot} yet"))),
        Ok(block) => Ok(SlotAnswer::Block(block)),
        Err(RpcError::Rpc { code, .. }) if SKIPPED_CODES.contains(&code) => Ok(SlotAnswer::Skipped),
        Err(RpcError::Rpc { code, .. }) if code == CLEANED_UP_CODE => Ok(SlotAnswer::CleanedUp),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpc_error(code: i64) -> Result<Value, RpcError> {
        Err(RpcError::Rpc {
            method: "getBlock",
            code,
            message: String::new(),
            data: Value::Null,
        })
    }

    #[test]
    fn only_skipped_slots_are_empty_and_unavailable_blocks_are_retried() {
        assert_eq!(
            slot_answer(5, rpc_error(-32007)).expect("answer"),
            SlotAnswer::Skipped
        );
        assert_eq!(
            slot_answer(5, rpc_error(-32009)).expect("answer"),
            SlotAnswer::Skipped
        );
        assert_eq!(
            slot_answer(5, rpc_error(-32001)).expect("answer"),
            SlotAnswer::CleanedUp
        );
        // Not available yet (just confirmed), or null: an error, so the slot is tried again.
        assert!(slot_answer(5, rpc_error(-32004)).is_err());
        assert!(slot_answer(5, rpc_error(-32014)).is_err());
        assert!(slot_answer(5, Ok(Value::Null)).is_err());
        let block = json!({"blockhash": "x"});
        assert_eq!(
            slot_answer(5, Ok(block.clone())).expect("answer"),
            SlotAnswer::Block(block)
        );
    }
}
