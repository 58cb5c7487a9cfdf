//! Polling filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter):
//! each remembers the last block it reported, and expires when not polled for a while
//! (geth: five minutes).

use alloy::primitives::{keccak256, B256, U256};
use alloy::rpc::types::{Filter, FilterBlockOption};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long a filter lives without being polled (geth's deadline).
pub const FILTER_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// Most transaction hashes a pending-transaction filter keeps between polls.
const MAX_PENDING_HASHES: usize = 10_000;

/// What a filter reports.
#[derive(Clone, Debug)]
pub enum FilterKind {
    /// Hashes of new blocks.
    Blocks,
    /// Hashes of transactions the node accepted.
    PendingTransactions,
    /// Logs of new blocks matching the filter.
    Logs(Box<Filter>),
}

/// What changed since the last poll, for the caller to read from the index.
#[derive(Clone, Debug, PartialEq)]
pub enum Changes {
    /// Hashes of blocks `from..=to` (none when `from > to`).
    Blocks {
        /// First new block.
        from: u64,
        /// Last new block.
        to: u64,
    },
    /// Logs of blocks `from..=to` matching `filter` (none when `from > to`).
    Logs {
        /// The criteria.
        filter: Box<Filter>,
        /// First block to read.
        from: u64,
        /// Last block to read.
        to: u64,
    },
    /// Transaction hashes.
    Hashes(Vec<B256>),
}

#[derive(Debug)]
struct Installed {
    kind: FilterKind,
    /// Last block reported.
    cursor: u64,
    hashes: Vec<B256>,
    polled: Instant,
}

#[derive(Debug, Default)]
struct Inner {
    installed: HashMap<U256, Installed>,
    counter: u64,
}

/// The installed filters of a node.
#[derive(Debug)]
pub struct Filters {
    timeout: Duration,
    inner: Mutex<Inner>,
}

impl Default for Filters {
    fn default() -> Self {
        Self::new(FILTER_TIMEOUT)
    }
}

impl Filters {
    /// Filters that expire after `timeout` without a poll.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self, now: Instant) -> MutexGuard<'_, Inner> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let timeout = self.timeout;
        inner
            .installed
            .retain(|_, f| now.saturating_duration_since(f.polled) < timeout);
        inner
    }

    /// Installs a filter whose changes start after block `head`; returns its id.
    pub fn install(&self, kind: FilterKind, head: u64, now: Instant) -> U256 {
        let mut inner = self.lock(now);
        let id = loop {
            inner.counter = inner.counter.wrapping_add(1);
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let mut seed = inner.counter.to_le_bytes().to_vec();
            seed.extend_from_slice(&nanos.to_le_bytes());
            // 128 bits, as geth's ids.
            let id = U256::from_be_slice(&keccak256(&seed)[..16]);
            if !id.is_zero() && !inner.installed.contains_key(&id) {
                break id;
            }
        };
        inner.installed.insert(
            id,
            Installed {
                kind,
                cursor: head,
                hashes: Vec::new(),
                polled: now,
            },
        );
        id
    }

    /// Removes filter `id`; false when there is none.
    pub fn uninstall(&self, id: U256, now: Instant) -> bool {
        self.lock(now).installed.remove(&id).is_some()
    }

    /// The changes of filter `id` since its last poll, with `head` the latest block; `None`
    /// when there is no such filter.
    pub fn changes(&self, id: U256, head: u64, now: Instant) -> Option<Changes> {
        let mut inner = self.lock(now);
        let filter = inner.installed.get_mut(&id)?;
        filter.polled = now;
        let from = filter.cursor.saturating_add(1);
        filter.cursor = head.max(filter.cursor);
        Some(match &filter.kind {
            FilterKind::Blocks => Changes::Blocks { from, to: head },
            FilterKind::PendingTransactions => Changes::Hashes(std::mem::take(&mut filter.hashes)),
            FilterKind::Logs(criteria) => {
                let (mut from, mut to) = (from, head);
                match criteria.block_option {
                    FilterBlockOption::Range {
                        from_block,
                        to_block,
                    } => {
                        if let Some(n) = from_block.and_then(|b| b.as_number()) {
                            from = from.max(n);
                        }
                        if let Some(n) = to_block.and_then(|b| b.as_number()) {
                            to = to.min(n);
                        }
                    }
                    // A filter pinned to one block has nothing new to report.
                    FilterBlockOption::AtBlockHash(_) => to = 0,
                }
                Changes::Logs {
                    filter: criteria.clone(),
                    from,
                    to,
                }
            }
        })
    }

    /// The criteria of log filter `id` (eth_getFilterLogs); `None` when there is no such
    /// log filter.
    pub fn log_filter(&self, id: U256, now: Instant) -> Option<Filter> {
        let mut inner = self.lock(now);
        let filter = inner.installed.get_mut(&id)?;
        filter.polled = now;
        match &filter.kind {
            FilterKind::Logs(criteria) => Some(criteria.as_ref().clone()),
            _ => None,
        }
    }

    /// A transaction was accepted: every pending-transaction filter reports it.
    pub fn push_pending(&self, hash: B256, now: Instant) {
        let mut inner = self.lock(now);
        for filter in inner.installed.values_mut() {
            if matches!(filter.kind, FilterKind::PendingTransactions)
                && filter.hashes.len() < MAX_PENDING_HASHES
            {
                filter.hashes.push(hash);
            }
        }
    }

    /// The chain went back to block `head` (evm_revert): blocks after it will be new again.
    pub fn rewind(&self, head: u64, now: Instant) {
        for filter in self.lock(now).installed.values_mut() {
            filter.cursor = filter.cursor.min(head);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_filter_reports_each_block_once() {
        let filters = Filters::default();
        let now = Instant::now();
        let id = filters.install(FilterKind::Blocks, 3, now);
        assert_eq!(
            filters.changes(id, 5, now),
            Some(Changes::Blocks { from: 4, to: 5 })
        );
        assert_eq!(
            filters.changes(id, 5, now),
            Some(Changes::Blocks { from: 6, to: 5 })
        );
        filters.rewind(2, now);
        assert_eq!(
            filters.changes(id, 4, now),
            Some(Changes::Blocks { from: 3, to: 4 })
        );
        assert!(filters.uninstall(id, now));
        assert!(!filters.uninstall(id, now));
        assert_eq!(filters.changes(id, 4, now), None);
    }

    #[test]
    fn idle_filters_expire() {
        let filters = Filters::new(Duration::from_secs(300));
        let start = Instant::now();
        let kept = filters.install(FilterKind::PendingTransactions, 0, start);
        let idle = filters.install(FilterKind::Blocks, 0, start);
        filters.push_pending(B256::repeat_byte(1), start);
        let later = start + Duration::from_secs(200);
        assert_eq!(
            filters.changes(kept, 0, later),
            Some(Changes::Hashes(vec![B256::repeat_byte(1)]))
        );
        let much_later = start + Duration::from_secs(400);
        assert!(
            filters.changes(kept, 0, much_later).is_some(),
            "polled at 200 s"
        );
        assert_eq!(filters.changes(idle, 0, much_later), None, "idle 400 s");
    }

    #[test]
    fn log_filter_range_limits_changes() {
        let filters = Filters::default();
        let now = Instant::now();
        let criteria = Filter::new().from_block(10).to_block(12);
        let id = filters.install(FilterKind::Logs(Box::new(criteria)), 5, now);
        match filters.changes(id, 20, now) {
            Some(Changes::Logs { from, to, .. }) => assert_eq!((from, to), (10, 12)),
            other => panic!("unexpected {other:?}"),
        }
        assert!(filters.log_filter(id, now).is_some());
        let blocks = filters.install(FilterKind::Blocks, 0, now);
        assert!(filters.log_filter(blocks, now).is_none());
    }
}
