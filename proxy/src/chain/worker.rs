//! Runs a [`Chain`] on a dedicated OS thread and hands out a cloneable async handle.
//!
//! Jobs are closures executed one after another, so every job sees a consistent state and a
//! commit is atomic with respect to reads.

use super::lanes::Lanes;
use super::{Chain, ChainError};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

type Job<C> = Box<dyn FnOnce(&mut C) + Send>;

/// Async access to a chain living on its worker thread.
pub struct ChainHandle<C> {
    jobs: mpsc::Sender<Job<C>>,
    /// More chains that run transactions in parallel, one lane per sender (remote mode's
    /// operators); `None`: everything runs here.
    lanes: Option<Arc<Lanes<C>>>,
}

impl<C> Clone for ChainHandle<C> {
    fn clone(&self) -> Self {
        Self {
            jobs: self.jobs.clone(),
            lanes: self.lanes.clone(),
        }
    }
}

impl<C: Chain> ChainHandle<C> {
    /// Builds the chain with `make` on a new thread and returns a handle to it. The thread
    /// ends when the last handle is dropped.
    pub fn spawn<F>(make: F) -> Result<Self, ChainError>
    where
        F: FnOnce() -> Result<C, ChainError> + Send + 'static,
    {
        let (jobs, rx) = mpsc::channel::<Job<C>>();
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("sealevm-chain".into())
            .spawn(move || {
                let mut chain = match make() {
                    Ok(chain) => {
                        let _ = ready_tx.send(Ok(()));
                        chain
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while let Ok(job) = rx.recv() {
                    job(&mut chain);
                }
                tracing::debug!("chain worker stopped");
            })
            .map_err(|e| ChainError::Backend(format!("spawning the chain thread: {e}")))?;
        ready_rx.recv().map_err(|_| ChainError::WorkerStopped)??;
        Ok(Self { jobs, lanes: None })
    }

    /// This handle with `lanes` to run senders' transactions on ([`Lanes::submit`]); reads
    /// and simulations stay on this handle's chain.
    pub fn with_lanes(mut self, lanes: Lanes<C>) -> Self {
        self.lanes = Some(Arc::new(lanes));
        self
    }

    /// The lanes, when there are some.
    pub fn lanes(&self) -> Option<&Arc<Lanes<C>>> {
        self.lanes.as_ref()
    }

    /// Queues `f` now (jobs run in the order they were queued) and returns its result's
    /// receiver, to await later.
    pub fn submit<R, F>(&self, f: F) -> Result<oneshot::Receiver<R>, ChainError>
    where
        R: Send + 'static,
        F: FnOnce(&mut C) -> R + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job<C> = Box::new(move |chain| {
            let _ = tx.send(f(chain));
        });
        self.jobs.send(job).map_err(|_| ChainError::WorkerStopped)?;
        Ok(rx)
    }

    /// Runs `f` on the chain thread and returns its result.
    pub async fn run<R, F>(&self, f: F) -> Result<R, ChainError>
    where
        R: Send + 'static,
        F: FnOnce(&mut C) -> R + Send + 'static,
    {
        self.submit(f)?.await.map_err(|_| ChainError::WorkerStopped)
    }

    /// Queues `f` to run on the chain thread after the jobs already queued, without waiting
    /// for it: for updates whose caller needs no answer, only their order before later jobs
    /// (a round trip to the thread costs two context switches).
    pub fn post<F>(&self, f: F) -> Result<(), ChainError>
    where
        F: FnOnce(&mut C) + Send + 'static,
    {
        self.jobs
            .send(Box::new(f))
            .map_err(|_| ChainError::WorkerStopped)
    }
}
