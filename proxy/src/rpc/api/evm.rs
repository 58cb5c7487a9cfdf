//! Hardhat's `evm_` development methods (what `loadFixture` and the time helpers call).

use alloy::primitives::U64;
use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;
use serde::{Deserialize, Deserializer};

/// A quantity as Hardhat accepts it: a JSON number, a `0x` hex string or a decimal string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity(pub u64);

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        let parsed = match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Some(n),
            Raw::Text(text) => match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => text.parse().ok(),
            },
        };
        parsed
            .map(Quantity)
            .ok_or_else(|| serde::de::Error::custom("expected a number or a hex quantity"))
    }
}

/// Hardhat's development methods.
#[rpc(server, namespace = "evm")]
pub trait EvmApi {
    /// `evm_snapshot`: saves the chain (state, blocks, queued transactions, clock); returns
    /// the snapshot id.
    #[method(name = "snapshot")]
    async fn snapshot(&self) -> RpcResult<U64>;

    /// `evm_revert`: goes back to a snapshot, which is consumed with every later one; blocks,
    /// transactions, receipts and logs after it disappear. `false` for an unknown id.
    #[method(name = "revert")]
    async fn revert(&self, id: Quantity) -> RpcResult<bool>;

    /// `evm_mine`: mines an empty block, at the given timestamp if any; returns `"0"`.
    #[method(name = "mine")]
    async fn mine(&self, timestamp: Option<Quantity>) -> RpcResult<String>;

    /// `evm_increaseTime`: moves block time ahead by the given seconds; returns the total
    /// offset in seconds as a decimal string (Hardhat).
    #[method(name = "increaseTime")]
    async fn increase_time(&self, seconds: Quantity) -> RpcResult<String>;

    /// `evm_setNextBlockTimestamp`: the next block's timestamp (after the latest block's);
    /// returns it as a decimal string.
    #[method(name = "setNextBlockTimestamp")]
    async fn set_next_block_timestamp(&self, timestamp: Quantity) -> RpcResult<String>;
}

/// Hardhat's and anvil's names for mining several blocks at once (Hardhat network helpers'
/// `mine(n)`, viem's test client `mine`).
#[rpc(server)]
pub trait MineApi {
    /// `hardhat_mine` (also `anvil_mine`): mines `blocks` empty blocks (default 1), each
    /// `interval` seconds after the one before (default 1).
    #[method(name = "hardhat_mine", aliases = ["anvil_mine"])]
    async fn mine_blocks(
        &self,
        blocks: Option<Quantity>,
        interval: Option<Quantity>,
    ) -> RpcResult<bool>;
}

#[cfg(test)]
mod tests {
    use super::Quantity;

    #[test]
    fn quantities_in_every_spelling() {
        for (json, value) in [("60", 60), ("\"0x3c\"", 60), ("\"60\"", 60)] {
            let q: Quantity = serde_json::from_str(json).expect(json);
            assert_eq!(q, Quantity(value));
        }
        assert!(serde_json::from_str::<Quantity>("\"0xzz\"").is_err());
        assert!(serde_json::from_str::<Quantity>("-1").is_err());
    }
}
