//! What wakes the indexer when it has caught up: the next poll, or sooner a notification
//! that the cluster moved on.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The indexer's alarm clock.
#[derive(Clone, Debug, Default)]
pub struct Wake {
    notify: Option<Arc<Notify>>,
}

impl Wake {
    /// Wakes only when the poll interval has passed.
    pub fn polling() -> Self {
        Self::default()
    }

    /// Also wakes when `notify` is notified (a slot notification, a sent transaction).
    pub fn on(notify: Arc<Notify>) -> Self {
        Self {
            notify: Some(notify),
        }
    }

    /// Waits for a notification, at most `longest`.
    pub async fn next_slot(&mut self, longest: Duration) {
        match &self.notify {
            Some(notify) => {
                // A timeout is the polling fallback, not an error.
                let _ = tokio::time::timeout(longest, notify.notified()).await;
            }
            None => tokio::time::sleep(longest).await,
        }
    }
}
