//! Hardhat's development methods: evm_snapshot, evm_revert, evm_mine, evm_increaseTime,
//! evm_setNextBlockTimestamp.

use super::{block, now, Chain, Node, SavedTip};
use crate::chain::ChainError;
use crate::error::EthError;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Most blocks one hardhat_mine may mine (each is written to the index).
const MAX_MINED_AT_ONCE: u64 = 10_000;

impl<C: Chain> Node<C> {
    /// evm_snapshot: saves the chain state, the head, the queued transactions and the clock;
    /// returns the snapshot's id.
    pub async fn snapshot(&self) -> Result<u64, EthError> {
        let mut tip = self.tip.lock().await;
        let id = self.chain.run(|c| c.snapshot()).await??;
        let saved = SavedTip {
            id,
            head: tip.head.clone(),
            pool: tip.pool.clone(),
            clock: tip.clock,
        };
        tip.snapshots.push(saved);
        tracing::info!(id, head = tip.head.header.number, "snapshot taken");
        Ok(id)
    }

    /// evm_revert: goes back to snapshot `id`: the chain state, and the index loses every
    /// block after the snapshot's head with its transactions, receipts and logs. The snapshot
    /// and every later one are consumed. `false` when `id` is unknown.
    pub async fn revert(&self, id: u64) -> Result<bool, EthError> {
        let mut tip = self.tip.lock().await;
        let Some(at) = tip.snapshots.iter().position(|s| s.id == id) else {
            return Ok(false);
        };
        let Some(saved) = tip.snapshots.drain(at..).next() else {
            return Ok(false);
        };
        let number = saved.head.header.number;
        // Blocks still being written to the index land before the cut.
        self.publisher.truncate_after(number).await?;
        if !self.chain.run(move |c| c.revert(id)).await?? {
            return Err(EthError::Chain(ChainError::Backend(format!(
                "the chain has no snapshot {id}"
            ))));
        }
        tip.head = saved.head;
        tip.pool = saved.pool;
        tip.clock = saved.clock;
        tip.recent.clear();
        self.head_number.store(number, Ordering::Release);
        self.filters.rewind(number, Instant::now());
        tracing::info!(id, head = number, "reverted to snapshot");
        Ok(true)
    }

    /// evm_mine: mines an empty block, at `timestamp` when given; returns the block's
    /// timestamp.
    pub async fn mine_empty(&self, timestamp: Option<u64>) -> Result<u64, EthError> {
        if self.config.cluster_blocks {
            return Err(EthError::InvalidParams(
                "evm_mine is not available with --solana-url: blocks are the cluster's slots"
                    .into(),
            ));
        }
        let mut tip = self.tip.lock().await;
        if let Some(timestamp) = timestamp {
            let parent = tip.head.header.timestamp;
            tip.clock.set_next(timestamp, parent)?;
        }
        let now = now();
        let params = self.next_params(&tip, now);
        let built = block::empty(tip.head.hash, &params);
        self.store(&mut tip, built, now).await?;
        tracing::info!(
            block = params.number,
            timestamp = params.timestamp,
            "mined an empty block"
        );
        Ok(params.timestamp)
    }

    /// hardhat_mine / anvil_mine: mines `count` empty blocks, each `interval` seconds after
    /// the one before (the first at the next block's usual time).
    pub async fn mine_blocks(&self, count: u64, interval: u64) -> Result<(), EthError> {
        if count > MAX_MINED_AT_ONCE {
            return Err(EthError::InvalidParams(format!(
                "cannot mine {count} blocks at once; at most {MAX_MINED_AT_ONCE}"
            )));
        }
        if count > 1 && interval == 0 {
            return Err(EthError::InvalidParams(
                "the interval between mined blocks must be at least 1 second".into(),
            ));
        }
        let mut timestamp = None;
        for _ in 0..count {
            let mined = self.mine_empty(timestamp).await?;
            timestamp = Some(mined.saturating_add(interval));
        }
        Ok(())
    }

    /// evm_increaseTime: moves block time `seconds` ahead; returns the total offset.
    pub async fn increase_time(&self, seconds: u64) -> Result<i64, EthError> {
        Ok(self.tip.lock().await.clock.increase(seconds)?)
    }

    /// evm_setNextBlockTimestamp: the next block gets `timestamp` (later than the head's).
    pub async fn set_next_block_timestamp(&self, timestamp: u64) -> Result<(), EthError> {
        let mut tip = self.tip.lock().await;
        let parent = tip.head.header.timestamp;
        Ok(tip.clock.set_next(timestamp, parent)?)
    }
}
