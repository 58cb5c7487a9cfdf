//! Sequencing: a transaction whose nonce is due is executed and mined in a block of its own
//! (automine); a later one waits in the [`Pool`](super::pool::Pool) until the gap fills.

use super::pool::MAX_NONCE_GAP;
use super::{block, now, Chain, Node, Tip};
use crate::chain::overrides::Overrides;
use crate::chain::ChainError;
use crate::convert::evm_b256;
use crate::error::EthError;
use crate::node::block::BuiltBlock;
use crate::node::events::NodeEvent;
use crate::tx::SignedTx;
use alloy::consensus::Transaction as _;
use alloy::primitives::{Address, B256};
use sealevm_evm::{Env, ExecError, InvalidTx};
use std::time::Instant;

impl<C: Chain> Node<C> {
    /// eth_sendRawTransaction: decodes `raw`; mines it in a block of its own when its nonce
    /// is the sender's next one (then the queued transactions it unblocks), queues it when
    /// its nonce is at most [`MAX_NONCE_GAP`] ahead. A reverting transaction is mined too
    /// (receipt status 0); an invalid one is refused.
    pub async fn send_raw_transaction(&self, raw: &[u8]) -> Result<B256, EthError> {
        let tx = SignedTx::decode(raw, self.config.chain_id)?;
        #[cfg(feature = "remote")]
        if self.config.cluster_blocks {
            return self.send_to_cluster(tx).await;
        }
        let mut tip = self.tip.lock().await;
        // Under the lock: the same bytes sent twice at once are "already known" (the twin may
        // be mined and its block not yet in the index), not "nonce too low".
        if tip.pool.get(tx.hash).is_some() || tip.recent.contains(&tx.hash) {
            return Err(EthError::AlreadyKnown);
        }
        // The chain checks the nonce as it executes: one round trip to it in the common case.
        let built = match self.execute(&mut tip, &tx).await {
            Ok(built) => built,
            Err(EthError::Invalid(InvalidTx::NonceTooHigh)) => {
                return self.queue(&mut tip, tx).await
            }
            // A mined transaction sent again fails here (its static checks passed when it was
            // mined), so the index is read on this path only, not for every new transaction.
            Err(e @ EthError::Invalid(InvalidTx::NonceTooLow)) => {
                drop(tip);
                if self.index.transaction(tx.hash).await?.is_some() {
                    return Err(EthError::AlreadyKnown);
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        // Queued while the tip is held: blocks reach the index in mining order.
        let published = self.publisher.publish(built);
        if tip.pool.has_queued(tx.sender) {
            published.wait().await?;
            self.accepted(tx.hash);
            self.mine_queued(&mut tip, tx.sender).await;
        } else {
            // The next transaction may execute while this block is written to the index; the
            // answer waits for the index, so the receipt is there when the hash is returned.
            drop(tip);
            published.wait().await?;
            self.accepted(tx.hash);
        }
        Ok(tx.hash)
    }

    /// Queues `tx`, whose nonce is ahead of its sender's, when the gap is at most
    /// [`MAX_NONCE_GAP`] and it would be valid with its nonce due.
    pub(super) async fn queue(&self, tip: &mut Tip, tx: SignedTx) -> Result<B256, EthError> {
        let expected = self.account(tx.sender).await?.nonce;
        let nonce = tx.envelope.nonce();
        if nonce.saturating_sub(expected) > MAX_NONCE_GAP {
            return Err(EthError::NonceGapTooLarge {
                nonce,
                expected,
                max: MAX_NONCE_GAP,
            });
        }
        self.check_queueable(tip, &tx, expected).await?;
        let hash = tx.hash;
        if let Some(replaced) = tip.pool.insert(tx) {
            tracing::info!(%replaced, by = %hash, "replaced a queued transaction");
        }
        tracing::info!(%hash, nonce, expected, "queued transaction until the nonce gap fills");
        self.accepted(hash);
        Ok(hash)
    }

    /// Mines `sender`'s queued transactions while the next one's nonce is due. One that turns
    /// out invalid is dropped (logged).
    async fn mine_queued(&self, tip: &mut Tip, sender: Address) {
        while let Some(next) = self.next_due(tip, sender).await {
            if let Err(e) = self.mine_transaction(tip, &next).await {
                tracing::warn!(hash = %next.hash, error = %e, "dropped a queued transaction");
            }
        }
    }

    /// Takes `sender`'s queued transaction whose nonce is now due from the pool; `None` when
    /// there is none (or the nonce cannot be read, which is logged). The common case (nothing
    /// queued) costs no nonce lookup on the chain thread.
    pub(super) async fn next_due(&self, tip: &mut Tip, sender: Address) -> Option<SignedTx> {
        if !tip.pool.has_queued(sender) {
            return None;
        }
        match self.account(sender).await {
            Ok(account) => tip.pool.take(sender, account.nonce),
            Err(e) => {
                tracing::warn!(%sender, error = %e, "reading the nonce for queued transactions");
                None
            }
        }
    }

    /// Executes `tx` and mines it in a new block.
    async fn mine_transaction(&self, tip: &mut Tip, tx: &SignedTx) -> Result<(), EthError> {
        let built = self.execute(tip, tx).await?;
        self.publisher.publish(built).wait().await
    }

    /// Executes `tx` in a new block on top of the tip and advances the tip to it; the block
    /// still has to be published ([`Publisher::publish`](super::publisher::Publisher::publish)).
    async fn execute(&self, tip: &mut Tip, tx: &SignedTx) -> Result<BuiltBlock, EthError> {
        let now = now();
        let params = self.next_params(tip, now);
        let env = Env {
            cfg: self.cfg(),
            block: self.block_env(&params),
            tx: tx.tx_env(),
        };
        let raw = tx.raw.clone();
        let outcome = self.chain.run(move |c| c.commit(&raw, &env)).await??;
        let built = block::build(tip.head.hash, &params, tx, &outcome);
        self.advance(tip, &built, now);
        tracing::info!(hash = %tx.hash, block = params.number, status = outcome.is_success(), gas = outcome.gas_used, "mined transaction");
        Ok(built)
    }

    /// A transaction entered the node: pending-transaction filters and subscribers see it.
    pub(super) fn accepted(&self, hash: B256) {
        self.filters.push_pending(hash, Instant::now());
        // No subscriber is not an error.
        let _ = self.events.send(NodeEvent::PendingTransaction(hash));
    }

    /// Advances the tip to `built` and publishes it (blocks mined with the tip held).
    pub(super) async fn store(
        &self,
        tip: &mut Tip,
        built: BuiltBlock,
        now: u64,
    ) -> Result<(), EthError> {
        self.advance(tip, &built, now);
        self.publisher.publish(built).wait().await
    }

    /// Makes `built` the tip: the next block builds on it, and the chain learns its hash
    /// (BLOCKHASH) before any later job runs.
    fn advance(&self, tip: &mut Tip, built: &BuiltBlock, now: u64) {
        let (number, hash) = (built.block.header.number, evm_b256(built.block.hash));
        if let Err(e) = self.chain.post(move |c| c.record_block_hash(number, hash)) {
            tracing::warn!(number, error = %e, "recording a block hash");
        }
        tip.clock.mined(now, built.block.header.timestamp);
        tip.head = built.block.clone();
        for tx in &built.txs {
            tip.recent.insert(tx.hash);
        }
    }

    /// The nonce the sender's next transaction should use: the account's, or after its
    /// highest queued transaction (eth_getTransactionCount with "pending").
    pub async fn pending_nonce(&self, address: Address) -> Result<u64, EthError> {
        let tip = self.tip.lock().await;
        let nonce = self.account(address).await?.nonce;
        Ok(tip.pool.pending_nonce(address, nonce))
    }

    /// A queued (not yet mined) transaction.
    pub async fn queued_transaction(&self, hash: B256) -> Option<SignedTx> {
        self.tip.lock().await.pool.get(hash).cloned()
    }

    /// Refuses a transaction for the pool that would be invalid even with its nonce due
    /// (intrinsic gas, funds, fees), as geth's pool does, or that the chain could not carry
    /// (too many Solana accounts); whether it reverts is not checked.
    async fn check_queueable(
        &self,
        tip: &Tip,
        tx: &SignedTx,
        expected: u64,
    ) -> Result<(), EthError> {
        let params = self.next_params(tip, now());
        let mut env = Env {
            cfg: self.cfg(),
            block: self.block_env(&params),
            tx: tx.tx_env(),
        };
        env.tx.nonce = expected;
        match self
            .chain
            .run(move |c| {
                c.simulate(&env, &Overrides::default())?;
                c.check_account_limit(&env)
            })
            .await?
        {
            Err(ChainError::Exec(ExecError::Invalid(invalid))) => Err(EthError::Invalid(invalid)),
            Err(e) => Err(e.into()),
            Ok(()) => Ok(()),
        }
    }
}
