//! Saved copies of a chain's state for evm_snapshot / evm_revert, with Hardhat's semantics:
//! ids increase, and reverting to a snapshot consumes it together with every later one.

/// A stack of saved states of type `S`.
#[derive(Debug)]
pub struct Snapshots<S> {
    next_id: u64,
    saved: Vec<(u64, S)>,
}

impl<S> Default for Snapshots<S> {
    fn default() -> Self {
        Self {
            next_id: 1,
            saved: Vec::new(),
        }
    }
}

impl<S> Snapshots<S> {
    /// Keeps `state` and returns its id.
    pub fn save(&mut self, state: S) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        self.saved.push((id, state));
        id
    }

    /// The state saved as `id`, removed with every later one; `None` when `id` is unknown
    /// (never taken, or already consumed by a revert).
    pub fn take(&mut self, id: u64) -> Option<S> {
        let at = self.saved.iter().position(|(saved, _)| *saved == id)?;
        self.saved.drain(at..).next().map(|(_, state)| state)
    }

    /// How many snapshots are kept.
    pub fn len(&self) -> usize {
        self.saved.len()
    }

    /// Whether no snapshot is kept.
    pub fn is_empty(&self) -> bool {
        self.saved.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revert_consumes_the_snapshot_and_later_ones() {
        let mut snapshots = Snapshots::default();
        let a = snapshots.save("a");
        let b = snapshots.save("b");
        let c = snapshots.save("c");
        assert!(a < b && b < c);
        assert_eq!(snapshots.take(b), Some("b"));
        assert_eq!(snapshots.len(), 1);
        assert_eq!(snapshots.take(c), None, "later snapshot is gone");
        assert_eq!(snapshots.take(b), None, "a snapshot is used once");
        assert_eq!(snapshots.take(a), Some("a"));
        assert!(snapshots.is_empty());
        assert!(snapshots.save("d") > c, "ids are never reused");
    }
}
