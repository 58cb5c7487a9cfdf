//! The local pool of transactions waiting for a nonce gap to fill.
//!
//! The node mines a transaction as soon as its nonce is the sender's next one. A transaction
//! with a later nonce waits here (at most [`MAX_NONCE_GAP`] ahead) and is mined when the
//! transactions before it arrive.

use crate::tx::SignedTx;
use alloy::consensus::Transaction as _;
use alloy::primitives::{Address, B256};
use std::collections::{BTreeMap, HashMap};

/// How far ahead of the sender's nonce a transaction may be and still be queued.
pub const MAX_NONCE_GAP: u64 = 16;

/// Queued transactions by sender and nonce.
#[derive(Clone, Debug, Default)]
pub struct Pool {
    by_sender: HashMap<Address, BTreeMap<u64, SignedTx>>,
}

impl Pool {
    /// Queues `tx`, replacing a queued transaction of the same sender and nonce; returns the
    /// hash of the one replaced.
    pub fn insert(&mut self, tx: SignedTx) -> Option<B256> {
        self.by_sender
            .entry(tx.sender)
            .or_default()
            .insert(tx.envelope.nonce(), tx)
            .map(|old| old.hash)
    }

    /// Removes and returns `sender`'s queued transaction with nonce `nonce`, after dropping
    /// the sender's transactions below it (stale: their nonces are used).
    pub fn take(&mut self, sender: Address, nonce: u64) -> Option<SignedTx> {
        let queue = self.by_sender.get_mut(&sender)?;
        let mut rest = queue.split_off(&nonce);
        let found = rest.remove(&nonce);
        *queue = rest;
        if queue.is_empty() {
            self.by_sender.remove(&sender);
        }
        found
    }

    /// Whether `sender` has queued transactions.
    pub fn has_queued(&self, sender: Address) -> bool {
        self.by_sender.contains_key(&sender)
    }

    /// The queued transaction with hash `hash`.
    pub fn get(&self, hash: B256) -> Option<&SignedTx> {
        self.by_sender
            .values()
            .flat_map(|queue| queue.values())
            .find(|tx| tx.hash == hash)
    }

    /// The nonce after `sender`'s highest queued one, or `nonce` (the account's) when higher:
    /// what eth_getTransactionCount(.., "pending") reports.
    pub fn pending_nonce(&self, sender: Address, nonce: u64) -> u64 {
        self.by_sender
            .get(&sender)
            .and_then(|queue| queue.keys().next_back())
            .map_or(nonce, |highest| nonce.max(highest.saturating_add(1)))
    }

    /// How many transactions are queued.
    pub fn len(&self) -> usize {
        self.by_sender.values().map(BTreeMap::len).sum()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.by_sender.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy::eips::eip2718::Encodable2718;
    use alloy::primitives::TxKind;
    use alloy::signers::local::PrivateKeySigner;
    use alloy::signers::SignerSync;

    fn signed(signer: &PrivateKeySigner, nonce: u64) -> SignedTx {
        let tx = TxEip1559 {
            chain_id: 1,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: 1,
            to: TxKind::Call(Address::ZERO),
            ..Default::default()
        };
        let signature = signer.sign_hash_sync(&tx.signature_hash()).expect("signs");
        let envelope = TxEnvelope::from(tx.into_signed(signature));
        SignedTx::decode(&envelope.encoded_2718(), 1).expect("decodes")
    }

    #[test]
    fn queues_by_nonce_and_counts_pending() {
        let alice = PrivateKeySigner::random();
        let mut pool = Pool::default();
        let five = signed(&alice, 5);
        let seven = signed(&alice, 7);
        assert_eq!(pool.insert(five.clone()), None);
        assert_eq!(pool.insert(seven.clone()), None);
        assert_eq!(pool.len(), 2);
        assert_eq!(pool.pending_nonce(alice.address(), 3), 8);
        assert_eq!(pool.pending_nonce(alice.address(), 9), 9);
        assert_eq!(pool.pending_nonce(Address::ZERO, 4), 4);
        assert_eq!(pool.get(seven.hash).map(|t| t.hash), Some(seven.hash));
        assert!(pool.has_queued(alice.address()));
        assert!(!pool.has_queued(Address::ZERO));
        assert!(pool.take(alice.address(), 6).is_none(), "gap at 6");
        // Taking 7 drops nothing else: 5 was already dropped as stale by taking 6.
        assert_eq!(
            pool.take(alice.address(), 7).map(|t| t.hash),
            Some(seven.hash)
        );
        assert!(pool.is_empty());
        assert!(!pool.has_queued(alice.address()));
    }

    #[test]
    fn same_nonce_replaces() {
        let alice = PrivateKeySigner::random();
        let mut pool = Pool::default();
        let first = signed(&alice, 2);
        pool.insert(first.clone());
        let mut second = signed(&alice, 2);
        second.hash = B256::repeat_byte(9);
        assert_eq!(pool.insert(second), Some(first.hash));
        assert_eq!(pool.len(), 1);
    }
}
