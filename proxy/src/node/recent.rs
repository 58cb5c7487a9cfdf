//! The hashes of the transactions mined most recently, so a duplicate that arrives while its
//! twin's block is still being written to the index is "already known", not "nonce too low".

use alloy::primitives::B256;
use std::collections::{HashSet, VecDeque};

/// How many recent hashes are kept (blocks reach the index in well under that many
/// transactions' time; older ones are found in the index).
const CAPACITY: usize = 4096;

/// A bounded set of recently mined transaction hashes, oldest forgotten first.
#[derive(Debug, Default)]
pub(super) struct RecentHashes {
    order: VecDeque<B256>,
    set: HashSet<B256>,
}

impl RecentHashes {
    /// Remembers `hash`, forgetting the oldest one when full.
    pub(super) fn insert(&mut self, hash: B256) {
        if !self.set.insert(hash) {
            return;
        }
        self.order.push_back(hash);
        if self.order.len() > CAPACITY {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
    }

    /// Whether `hash` was mined recently.
    pub(super) fn contains(&self, hash: &B256) -> bool {
        self.set.contains(hash)
    }

    /// Forgets `hash` (a transaction that was in flight and failed: it may be sent again).
    #[cfg_attr(not(feature = "remote"), allow(dead_code))]
    pub(super) fn forget(&mut self, hash: &B256) {
        if self.set.remove(hash) {
            self.order.retain(|h| h != hash);
        }
    }

    /// Forgets everything (after evm_revert, whose discarded blocks may be sent again).
    pub(super) fn clear(&mut self) {
        self.order.clear();
        self.set.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_capacity_hashes() {
        let mut recent = RecentHashes::default();
        let hash = |i: usize| B256::left_padding_from(&(i as u64).to_be_bytes());
        for i in 0..CAPACITY + 10 {
            recent.insert(hash(i));
        }
        assert!(!recent.contains(&hash(9)), "oldest forgotten");
        assert!(recent.contains(&hash(10)));
        assert!(recent.contains(&hash(CAPACITY + 9)));
        recent.insert(hash(CAPACITY + 9));
        assert_eq!(recent.order.len(), CAPACITY, "a repeat takes no room");
        recent.forget(&hash(CAPACITY + 9));
        assert!(!recent.contains(&hash(CAPACITY + 9)));
        assert_eq!(recent.order.len(), CAPACITY - 1);
        recent.clear();
        assert!(!recent.contains(&hash(CAPACITY + 9)));
    }
}
