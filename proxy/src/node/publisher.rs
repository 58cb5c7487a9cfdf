//! Publishing mined blocks: one task writes them to the index in the order they were mined,
//! then shows each (eth_blockNumber, subscribers). Blocks that queue up while a write runs go
//! to the database together, in one transaction (group commit), so the index keeps up with
//! the chain without a database round trip per block; the chain executes the next
//! transaction meanwhile.

use super::block::BuiltBlock;
use super::events::NodeEvent;
use crate::error::EthError;
use crate::index::{BlockWrite, Index, IndexError};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc, oneshot};

/// Most blocks written in one database transaction.
const MAX_GROUP: usize = 256;

type Reply = oneshot::Sender<Result<(), EthError>>;

enum Job {
    Publish(Box<BuiltBlock>, Reply),
    Truncate(u64, Reply),
}

/// Hands blocks to the publishing task (cheap to clone).
#[derive(Clone)]
pub(super) struct Publisher {
    jobs: mpsc::UnboundedSender<Job>,
}

/// A block handed to the publisher; [`Published::wait`] returns once it is in the index
/// and shown.
pub(super) struct Published(oneshot::Receiver<Result<(), EthError>>);

impl Published {
    /// Waits until the block is in the index (or its write failed).
    pub(super) async fn wait(self) -> Result<(), EthError> {
        self.0.await.map_err(|_| stopped())?
    }
}

fn stopped() -> EthError {
    EthError::Index(IndexError::Closed)
}

/// What the task shows once a block is stored.
struct Shown {
    head_number: Arc<AtomicU64>,
    events: broadcast::Sender<NodeEvent>,
}

impl Publisher {
    /// Starts the publishing task over `index`; it ends when the last `Publisher` is dropped.
    pub(super) fn spawn(
        index: Index,
        head_number: Arc<AtomicU64>,
        events: broadcast::Sender<NodeEvent>,
    ) -> Self {
        let (jobs, rx) = mpsc::unbounded_channel();
        let shown = Shown {
            head_number,
            events,
        };
        tokio::spawn(run(index, shown, rx));
        Self { jobs }
    }

    /// Queues `built` behind the blocks queued before it. Callers hold the tip, so blocks
    /// queue in the order they were mined.
    pub(super) fn publish(&self, built: BuiltBlock) -> Published {
        let (reply, answer) = oneshot::channel();
        // A stopped task drops the reply, which `wait` reports.
        let _ = self.jobs.send(Job::Publish(Box::new(built), reply));
        Published(answer)
    }

    /// Deletes every block above `number` from the index once the blocks queued before are
    /// written (evm_revert).
    pub(super) async fn truncate_after(&self, number: u64) -> Result<(), EthError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Truncate(number, reply))
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(index: Index, shown: Shown, mut rx: mpsc::UnboundedReceiver<Job>) {
    let mut next = rx.recv().await;
    while let Some(job) = next.take() {
        match job {
            Job::Truncate(number, reply) => {
                let _ = reply.send(index.truncate_after(number).await.map_err(Into::into));
            }
            Job::Publish(first, reply) => {
                let mut group = vec![(first, reply)];
                while group.len() < MAX_GROUP {
                    match rx.try_recv() {
                        Ok(Job::Publish(built, reply)) => group.push((built, reply)),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                write_group(&index, &shown, group).await;
            }
        }
        if next.is_none() {
            next = rx.recv().await;
        }
    }
    tracing::debug!("block publisher stopped");
}

/// Writes `group` in one database transaction, then shows its blocks in order and answers
/// their senders.
async fn write_group(index: &Index, shown: &Shown, group: Vec<(Box<BuiltBlock>, Reply)>) {
    let writes: Vec<BlockWrite<'_>> = group
        .iter()
        .map(|(built, _)| BlockWrite {
            block: &built.block,
            txs: &built.txs,
            logs: &built.logs,
        })
        .collect();
    let written = index.insert_blocks(&writes).await;
    drop(writes);
    match written {
        Ok(()) => {
            for (built, reply) in group {
                shown
                    .head_number
                    .store(built.block.header.number, Ordering::Release);
                // No subscriber is not an error.
                let _ = shown.events.send(NodeEvent::Block(Arc::new(*built)));
                let _ = reply.send(Ok(()));
            }
        }
        Err(e) => {
            tracing::error!(blocks = group.len(), error = %e, "writing blocks to the index");
            let reason = e.to_string();
            for (_, reply) in group {
                let _ = reply.send(Err(EthError::Index(IndexError::Write(reason.clone()))));
            }
        }
    }
}
