//! Remote mode's sequencing: the node sends each transaction to the cluster and the indexer
//! (`crate::indexer`) makes the blocks, from the cluster's slots, for this proxy's
//! transactions and everyone else's. eth_sendRawTransaction returns once the indexer has
//! written the transaction's block, so its receipt is there when the hash is returned.

use super::events::NodeEvent;
use super::{now, Chain, Node, Tip};
use crate::error::EthError;
use crate::node::block::BuiltBlock;
use crate::tx::SignedTx;
use alloy::primitives::B256;
use sealevm_evm::{Env, InvalidTx};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// Longest wait for the indexer to write a sent transaction's block; the hash is returned
/// anyway afterwards (the transaction ran).
const INDEXED_TIMEOUT: Duration = Duration::from_secs(60);

impl<C: Chain> Node<C> {
    /// eth_sendRawTransaction in remote mode: executes `tx` on the cluster when its nonce is
    /// due (then the queued transactions it unblocks), queues it when it is ahead, and waits
    /// until the indexer has its block.
    pub(super) async fn send_to_cluster(&self, tx: SignedTx) -> Result<B256, EthError> {
        if self.index.transaction(tx.hash).await?.is_some() {
            return Err(EthError::AlreadyKnown);
        }
        // Subscribed before sending, so the block cannot pass unseen.
        let mut blocks = self.events.subscribe();
        let mut tip = self.tip.lock().await;
        if tip.pool.get(tx.hash).is_some() || tip.recent.contains(&tx.hash) {
            return Err(EthError::AlreadyKnown);
        }
        match self.execute_on_cluster(&tip, &tx).await {
            Ok(()) => {}
            Err(EthError::Invalid(InvalidTx::NonceTooHigh)) => {
                return self.queue(&mut tip, tx).await
            }
            Err(e) => return Err(e),
        }
        tip.recent.insert(tx.hash);
        self.send_queued_to_cluster(&mut tip, &tx).await;
        drop(tip);
        self.accepted(tx.hash);
        self.wait_indexed(tx.hash, &mut blocks).await?;
        Ok(tx.hash)
    }

    /// Executes `tx` on the cluster (the program's receipt is read back by the indexer).
    async fn execute_on_cluster(&self, tip: &Tip, tx: &SignedTx) -> Result<(), EthError> {
        let params = self.next_params(tip, now());
        let env = Env {
            cfg: self.cfg(),
            block: self.block_env(&params),
            tx: tx.tx_env(),
        };
        let raw = tx.raw.clone();
        let outcome = self.chain.run(move |c| c.commit(&raw, &env)).await??;
        tracing::info!(hash = %tx.hash, status = outcome.is_success(), gas = outcome.gas_used, "executed on the cluster");
        Ok(())
    }

    /// Sends the sender's queued transactions while the next one's nonce is due; one that
    /// turns out invalid is dropped (logged).
    async fn send_queued_to_cluster(&self, tip: &mut Tip, sent: &SignedTx) {
        while tip.pool.has_queued(sent.sender) {
            let nonce = match self.account(sent.sender).await {
                Ok(account) => account.nonce,
                Err(e) => {
                    tracing::warn!(sender = %sent.sender, error = %e, "reading the nonce for queued transactions");
                    return;
                }
            };
            let Some(next) = tip.pool.take(sent.sender, nonce) else {
                return;
            };
            match self.execute_on_cluster(tip, &next).await {
                Ok(()) => tip.recent.insert(next.hash),
                Err(e) => {
                    tracing::warn!(hash = %next.hash, error = %e, "dropped a queued transaction")
                }
            }
        }
    }

    /// Waits until the block holding `hash` is in the index (seen on `blocks`, or found in
    /// the index when the subscription lagged), at most [`INDEXED_TIMEOUT`].
    async fn wait_indexed(
        &self,
        hash: B256,
        blocks: &mut broadcast::Receiver<NodeEvent>,
    ) -> Result<(), EthError> {
        let deadline = tokio::time::Instant::now() + INDEXED_TIMEOUT;
        let mut check_index = true;
        loop {
            if check_index && self.index.transaction(hash).await?.is_some() {
                return Ok(());
            }
            match tokio::time::timeout_at(deadline, blocks.recv()).await {
                Err(_) => {
                    tracing::warn!(%hash, "executed but not indexed after {INDEXED_TIMEOUT:?}");
                    return Ok(());
                }
                Ok(Ok(NodeEvent::Block(block))) => {
                    if block.txs.iter().any(|t| t.hash == hash) {
                        return Ok(());
                    }
                    check_index = false;
                }
                Ok(Ok(NodeEvent::PendingTransaction(_))) => check_index = false,
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => check_index = true,
                Ok(Err(broadcast::error::RecvError::Closed)) => return Ok(()),
            }
        }
    }

    /// Writes a block the indexer built from a slot (unless it is already in the index) and
    /// shows it: the head, eth_blockNumber, subscribers, senders waiting for their receipt.
    /// Returns whether this call wrote it.
    pub async fn publish_followed(&self, built: BuiltBlock) -> Result<bool, EthError> {
        let number = built.block.header.number;
        let written = self
            .index
            .insert_block_once(&built.block, &built.txs, &built.logs)
            .await?;
        {
            let mut tip = self.tip.lock().await;
            if number >= tip.head.header.number {
                tip.head = built.block.clone();
            }
        }
        self.head_number.fetch_max(number, Ordering::AcqRel);
        // No subscriber is not an error.
        let _ = self.events.send(NodeEvent::Block(Arc::new(built)));
        Ok(written)
    }
}
