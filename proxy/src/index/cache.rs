//! The blocks this node wrote to the index most recently, kept in memory as well, so the reads
//! that follow every transaction (the sender's receipt polls, eth_getTransactionByHash, the
//! block of a receipt) are answered without a database round trip.
//!
//! Only what this process committed is cached, and a stored block never changes (evm_revert
//! truncates the cache with the tables), so a hit is always what the database would say; a
//! miss falls through to the database, which may hold blocks other proxies wrote.

use super::{BlockRecord, LogRecord, TxRecord};
use alloy::primitives::B256;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

/// How many recent blocks are kept.
pub(super) const CAPACITY: usize = 1024;

/// A block with its transactions and logs, as written to the index.
#[derive(Debug)]
struct CachedBlock {
    block: BlockRecord,
    txs: Vec<TxRecord>,
    logs: Vec<LogRecord>,
}

#[derive(Debug, Default)]
struct Entries {
    by_number: BTreeMap<u64, Arc<CachedBlock>>,
    number_of_hash: HashMap<B256, u64>,
    /// Transaction hash to (block number, position in the block).
    tx_at: HashMap<B256, (u64, usize)>,
}

impl Entries {
    fn remove(&mut self, number: u64) {
        if let Some(cached) = self.by_number.remove(&number) {
            if self.number_of_hash.get(&cached.block.hash) == Some(&number) {
                self.number_of_hash.remove(&cached.block.hash);
            }
            for tx in &cached.txs {
                if self.tx_at.get(&tx.hash).map(|(n, _)| *n) == Some(number) {
                    self.tx_at.remove(&tx.hash);
                }
            }
        }
    }
}

/// The recent-blocks cache (cheap to clone; clones share it).
#[derive(Clone, Debug, Default)]
pub(super) struct RecentBlocks {
    entries: Arc<Mutex<Entries>>,
}

impl RecentBlocks {
    fn lock(&self) -> MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves whole entries behind (every update is a few
        // map operations without fallible steps), so a poisoned lock is still consistent.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers a block just committed to the database, forgetting the oldest beyond
    /// [`CAPACITY`].
    pub(super) fn insert(&self, block: &BlockRecord, txs: &[TxRecord], logs: &[LogRecord]) {
        let number = block.header.number;
        let cached = Arc::new(CachedBlock {
            block: block.clone(),
            txs: txs.to_vec(),
            logs: logs.to_vec(),
        });
        let mut entries = self.lock();
        entries.remove(number);
        entries.number_of_hash.insert(block.hash, number);
        for (position, tx) in txs.iter().enumerate() {
            entries.tx_at.insert(tx.hash, (number, position));
        }
        entries.by_number.insert(number, cached);
        while entries.by_number.len() > CAPACITY {
            let Some(oldest) = entries.by_number.keys().next().copied() else {
                break;
            };
            entries.remove(oldest);
        }
    }

    /// Forgets every block above `number` (the database dropped them).
    pub(super) fn truncate_after(&self, number: u64) {
        let mut entries = self.lock();
        let above: Vec<u64> = entries
            .by_number
            .range(number.saturating_add(1)..)
            .map(|(n, _)| *n)
            .collect();
        for n in above {
            entries.remove(n);
        }
    }

    fn block_at(&self, number: u64) -> Option<Arc<CachedBlock>> {
        self.lock().by_number.get(&number).cloned()
    }

    /// Block `number`, when cached.
    pub(super) fn block_by_number(&self, number: u64) -> Option<BlockRecord> {
        self.block_at(number).map(|c| c.block.clone())
    }

    /// The block with hash `hash`, when cached.
    pub(super) fn block_by_hash(&self, hash: B256) -> Option<BlockRecord> {
        let number = *self.lock().number_of_hash.get(&hash)?;
        self.block_by_number(number)
    }

    /// The transactions of block `number`, when cached.
    pub(super) fn block_transactions(&self, number: u64) -> Option<Vec<TxRecord>> {
        self.block_at(number).map(|c| c.txs.clone())
    }

    fn block_of_transaction(&self, hash: B256) -> Option<(Arc<CachedBlock>, usize)> {
        let entries = self.lock();
        let (number, position) = *entries.tx_at.get(&hash)?;
        Some((entries.by_number.get(&number)?.clone(), position))
    }

    /// The transaction with hash `hash`, when cached.
    pub(super) fn transaction(&self, hash: B256) -> Option<TxRecord> {
        let (cached, position) = self.block_of_transaction(hash)?;
        cached.txs.get(position).cloned()
    }

    /// The logs of transaction `hash` in order, when the transaction is cached.
    pub(super) fn transaction_logs(&self, hash: B256) -> Option<Vec<LogRecord>> {
        let (cached, _) = self.block_of_transaction(hash)?;
        Some(
            cached
                .logs
                .iter()
                .filter(|log| log.tx_hash == hash)
                .cloned()
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::consensus::Header;
    use alloy::primitives::{Address, Bytes};

    fn block(number: u64) -> (BlockRecord, Vec<TxRecord>, Vec<LogRecord>) {
        let hash = B256::left_padding_from(&number.to_be_bytes());
        let mut tx_hash = hash;
        tx_hash.0[0] = 0xaa;
        let header = Header {
            number,
            ..Default::default()
        };
        let tx = TxRecord {
            hash: tx_hash,
            block_number: number,
            tx_index: 0,
            sender: Address::ZERO,
            raw: Bytes::new(),
            status: true,
            gas_used: 21_000,
            cumulative_gas_used: 21_000,
            effective_gas_price: 1,
            contract_address: None,
        };
        let log = LogRecord {
            block_number: number,
            log_index: 0,
            tx_hash,
            tx_index: 0,
            address: Address::ZERO,
            topics: vec![],
            data: Bytes::new(),
        };
        (BlockRecord { hash, header }, vec![tx], vec![log])
    }

    #[test]
    fn finds_blocks_transactions_and_logs_it_holds() {
        let cache = RecentBlocks::default();
        let (b, txs, logs) = block(7);
        cache.insert(&b, &txs, &logs);
        assert_eq!(
            cache.block_by_hash(b.hash).map(|r| r.header.number),
            Some(7)
        );
        assert_eq!(
            cache.transaction(txs[0].hash).map(|t| t.gas_used),
            Some(21_000)
        );
        assert_eq!(
            cache.transaction_logs(txs[0].hash).map(|l| l.len()),
            Some(1)
        );
        assert_eq!(cache.block_transactions(7).map(|t| t.len()), Some(1));
        assert!(cache.block_by_number(8).is_none());
        assert!(cache.transaction(B256::ZERO).is_none());
    }

    #[test]
    fn forgets_the_oldest_beyond_capacity_and_truncated_blocks() {
        let cache = RecentBlocks::default();
        for n in 1..=(CAPACITY as u64 + 2) {
            let (b, txs, logs) = block(n);
            cache.insert(&b, &txs, &logs);
        }
        assert!(cache.block_by_number(1).is_none());
        assert!(cache.block_by_number(2).is_none());
        assert!(cache.block_by_number(3).is_some());
        let (_, txs, _) = block(CAPACITY as u64 + 2);
        cache.truncate_after(CAPACITY as u64);
        assert!(cache.block_by_number(CAPACITY as u64 + 1).is_none());
        assert!(cache.transaction(txs[0].hash).is_none());
        assert!(cache.block_by_number(CAPACITY as u64).is_some());
    }
}
