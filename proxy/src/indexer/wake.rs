//! What wakes the indexer when it has caught up: the node having just executed a transaction
//! on the cluster, the cluster's WebSocket announcing a confirmed sealevm transaction
//! (logsSubscribe on the program id, when `--solana-ws-url` is given), or else the next poll.

use crate::node::events::NodeEvent;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};
use tokio_tungstenite::tungstenite::Message;

/// Poll interval without a WebSocket.
pub const POLL_WITHOUT_WS: Duration = Duration::from_millis(200);
/// Poll interval with a WebSocket (for slots without sealevm transactions).
pub const POLL_WITH_WS: Duration = Duration::from_secs(1);
/// The wait before the WebSocket is opened again after it failed or closed.
const RECONNECT_DELAY: Duration = Duration::from_secs(2);

/// The indexer's alarm clock: a notification or the poll interval, whichever comes first.
#[derive(Clone, Debug)]
pub struct Wake {
    notify: Arc<Notify>,
    poll: Duration,
}

impl Wake {
    /// Wakes at least every `poll`.
    pub fn new(poll: Duration) -> Self {
        Self {
            notify: Arc::new(Notify::new()),
            poll,
        }
    }

    /// Waits for a notification (one that came while the indexer was busy counts), at most
    /// the poll interval.
    pub async fn next_slot(&self) {
        // A timeout is the polling fallback, not an error.
        let _ = tokio::time::timeout(self.poll, self.notify.notified()).await;
    }

    /// Wakes the indexer.
    pub fn ring(&self) {
        self.notify.notify_one();
    }
}

/// Rings `wake` whenever the node accepts a transaction (in remote mode: it was just
/// confirmed on the cluster, so its slot is there to index). Ends with the node.
pub async fn on_accepted(mut events: broadcast::Receiver<NodeEvent>, wake: Wake) {
    loop {
        match events.recv().await {
            Ok(NodeEvent::PendingTransaction(_)) | Err(broadcast::error::RecvError::Lagged(_)) => {
                wake.ring()
            }
            Ok(NodeEvent::Block(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Rings `wake` on every confirmed transaction that mentions the program, announced by the
/// cluster's WebSocket at `url` (logsSubscribe); opens it again after a failure. Runs until
/// aborted.
pub async fn on_program_logs(url: String, wake: Wake) {
    loop {
        match subscribe_program_logs(&url, &wake).await {
            Ok(()) => tracing::warn!(url, "Solana WebSocket closed; reopening"),
            Err(e) => {
                tracing::warn!(url, error = %e, "Solana WebSocket failed; polling until it reopens")
            }
        }
        tokio::time::sleep(RECONNECT_DELAY).await;
    }
}

async fn subscribe_program_logs(
    url: &str,
    wake: &Wake,
) -> Result<(), tokio_tungstenite::tungstenite::Error> {
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await?;
    let program = sealevm_sdk::client::program_id().to_string();
    let subscribe = json!({
        "jsonrpc": "2.0", "id": 1, "method": "logsSubscribe",
        "params": [{"mentions": [program]}, {"commitment": crate::chain::remote::rpc::COMMITMENT}],
    });
    socket.send(Message::text(subscribe.to_string())).await?;
    tracing::info!(url, "indexer woken by the cluster's program logs");
    while let Some(message) = socket.next().await {
        match message? {
            Message::Text(text) if text.contains("logsNotification") => wake.ring(),
            Message::Close(_) => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}
