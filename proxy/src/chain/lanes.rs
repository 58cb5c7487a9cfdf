//! Lanes: several chains (remote mode: one per operator key) that run transactions side by
//! side. A sender keeps its lane while it has transactions in flight, so its nonces execute
//! in order; a sender with nothing in flight goes to the least busy lane, so different
//! senders' transactions do not wait for each other (nor share a fee payer).

use super::worker::ChainHandle;
use super::{Chain, ChainError};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// The key a lane is chosen by: the sender's address.
pub type LaneKey = [u8; 20];

/// Chains that run transactions in parallel, assigned by sender.
pub struct Lanes<C> {
    chains: Vec<ChainHandle<C>>,
    assignment: Mutex<Assignment>,
}

/// Which lane each sender with jobs in flight uses, and how many jobs each lane has.
#[derive(Debug, Default)]
struct Assignment {
    /// Sender -> (lane, jobs in flight).
    senders: HashMap<LaneKey, (usize, usize)>,
    /// Jobs in flight per lane.
    load: Vec<usize>,
}

impl Assignment {
    /// The lane of `key` (its current one, or the least loaded), counting one more job.
    fn take(&mut self, key: LaneKey) -> usize {
        if let Some((lane, in_flight)) = self.senders.get_mut(&key) {
            *in_flight += 1;
            let lane = *lane;
            if let Some(load) = self.load.get_mut(lane) {
                *load += 1;
            }
            return lane;
        }
        let lane = self
            .load
            .iter()
            .enumerate()
            .min_by_key(|(_, load)| **load)
            .map(|(i, _)| i)
            .unwrap_or(0);
        if let Some(load) = self.load.get_mut(lane) {
            *load += 1;
        }
        self.senders.insert(key, (lane, 1));
        lane
    }

    /// One job of `key` ended; a sender with none left forgets its lane.
    fn release(&mut self, key: LaneKey) {
        if let Some((lane, in_flight)) = self.senders.get_mut(&key) {
            if let Some(load) = self.load.get_mut(*lane) {
                *load = load.saturating_sub(1);
            }
            *in_flight = in_flight.saturating_sub(1);
            if *in_flight == 0 {
                self.senders.remove(&key);
            }
        }
    }
}

/// Releases a job's place in its lane when dropped (done, failed or abandoned).
struct InFlight<C> {
    lanes: Arc<Lanes<C>>,
    key: LaneKey,
}

impl<C> Drop for InFlight<C> {
    fn drop(&mut self) {
        if let Ok(mut assignment) = self.lanes.assignment.lock() {
            assignment.release(self.key);
        }
    }
}

impl<C: Chain> Lanes<C> {
    /// Lanes over `chains` (at least one).
    pub fn new(chains: Vec<ChainHandle<C>>) -> Self {
        let assignment = Assignment {
            senders: HashMap::new(),
            load: vec![0; chains.len()],
        };
        Self {
            chains,
            assignment: Mutex::new(assignment),
        }
    }

    /// How many lanes there are.
    pub fn len(&self) -> usize {
        self.chains.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.chains.is_empty()
    }

    /// Queues `f` now on `key`'s lane (after `key`'s earlier jobs) and returns the future of
    /// its result.
    pub fn submit<R, F>(
        self: &Arc<Self>,
        key: LaneKey,
        f: F,
    ) -> Result<impl Future<Output = Result<R, ChainError>>, ChainError>
    where
        R: Send + 'static,
        F: FnOnce(&mut C) -> R + Send + 'static,
    {
        let lane = self
            .assignment
            .lock()
            .map_err(|_| ChainError::Backend("lane assignment lock poisoned".into()))?
            .take(key);
        let in_flight = InFlight {
            lanes: self.clone(),
            key,
        };
        let chain = self.chains.get(lane).ok_or(ChainError::WorkerStopped)?;
        let done = chain.submit(f)?;
        Ok(async move {
            let result = done.await.map_err(|_| ChainError::WorkerStopped);
            drop(in_flight);
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_keeps_its_lane_while_busy_and_senders_spread() {
        let mut a = Assignment {
            load: vec![0; 2],
            ..Default::default()
        };
        let (alice, bob, carol) = ([1; 20], [2; 20], [3; 20]);
        assert_eq!(a.take(alice), 0);
        assert_eq!(a.take(bob), 1, "another sender goes to the idle lane");
        assert_eq!(a.take(alice), 0, "alice's second job follows her first");
        assert_eq!(a.take(carol), 1, "lane 1 is the less busy");
        a.release(alice);
        a.release(alice);
        assert!(
            !a.senders.contains_key(&alice),
            "alice has nothing in flight"
        );
        assert_eq!(a.load, vec![0, 2]);
        assert_eq!(a.take(alice), 0, "then she may move to the least busy lane");
    }
}
