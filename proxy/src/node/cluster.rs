//! Remote mode's sequencing: the node sends each transaction to the cluster and the indexer
//! (`crate::indexer`) makes the blocks, from the cluster's slots, for this proxy's
//! transactions and everyone else's. eth_sendRawTransaction returns once the indexer has
//! written the transaction's block, so its receipt is there when the hash is returned.

use super::events::NodeEvent;
use super::{now, Chain, Node, Tip};
use crate::chain::ChainError;
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
    /// until the indexer has its block. Transactions of different senders are in flight at
    /// the same time when the chain has lanes (one per operator); a sender's run in order.
    pub(super) async fn send_to_cluster(&self, tx: SignedTx) -> Result<B256, EthError> {
        if self.index.transaction(tx.hash).await?.is_some() {
            return Err(EthError::AlreadyKnown);
        }
        // Subscribed before sending, so the block cannot pass unseen.
        let mut blocks = self.events.subscribe();
        let executed = {
            let mut tip = self.tip.lock().await;
            if tip.pool.get(tx.hash).is_some() || tip.recent.contains(&tx.hash) {
                return Err(EthError::AlreadyKnown);
            }
            // Queued under the lock, so a sender's transactions reach its lane in order; the
            // lock is not held while the cluster confirms.
            let executed = self.execute_on_cluster(&tip, &tx)?;
            tip.recent.insert(tx.hash);
            executed
        };
        match executed.await {
            Ok(()) => {}
            Err(e) => {
                let mut tip = self.tip.lock().await;
                tip.recent.forget(&tx.hash);
                let EthError::Invalid(InvalidTx::NonceTooHigh) = e else {
                    return Err(e);
                };
                let sender = tx.sender;
                let queued = self.queue(&mut tip, tx).await;
                drop(tip);
                // The transaction before it may have ended while this one waited for the
                // lock: then it is due already.
                if queued.is_ok() {
                    self.send_queued_to_cluster(sender).await;
                }
                return queued;
            }
        }
        self.send_queued_to_cluster(tx.sender).await;
        self.accepted(tx.hash);
        self.wait_indexed(tx.hash, &mut blocks).await?;
        Ok(tx.hash)
    }

    /// Queues `tx` for execution on the cluster (on its sender's lane when the chain has
    /// lanes) and returns the future of its end; the program's receipt is read back by the
    /// indexer.
    fn execute_on_cluster(
        &self,
        tip: &Tip,
        tx: &SignedTx,
    ) -> Result<impl std::future::Future<Output = Result<(), EthError>>, EthError> {
        let params = self.next_params(tip, now());
        let env = Env {
            cfg: self.cfg(),
            block: self.block_env(&params),
            tx: tx.tx_env(),
        };
        let raw = tx.raw.clone();
        let commit = move |c: &mut C| c.commit(&raw, &env);
        let done: std::pin::Pin<Box<dyn std::future::Future<Output = _> + Send>> =
            match self.chain.lanes() {
                Some(lanes) => Box::pin(lanes.submit(tx.sender.into_array(), commit)?),
                None => {
                    let receiver = self.chain.submit(commit)?;
                    Box::pin(async move { receiver.await.map_err(|_| ChainError::WorkerStopped) })
                }
            };
        let hash = tx.hash;
        Ok(async move {
            let outcome = done.await??;
            tracing::info!(%hash, status = outcome.is_success(), gas = outcome.gas_used, "executed on the cluster");
            Ok(())
        })
    }

    /// Sends `sender`'s queued transactions while the next one's nonce is due; one that
    /// turns out invalid is dropped (logged).
    async fn send_queued_to_cluster(&self, sender: alloy::primitives::Address) {
        let mut tip = self.tip.lock().await;
        while let Some(next) = self.next_due(&mut tip, sender).await {
            let executed = match self.execute_on_cluster(&tip, &next) {
                Ok(executed) => executed.await,
                Err(e) => Err(e),
            };
            match executed {
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
