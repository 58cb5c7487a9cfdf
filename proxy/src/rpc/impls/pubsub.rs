//! `eth_subscribe` over the node's event stream: one task per subscription forwards the
//! events it asked for until the client unsubscribes or disconnects.

use crate::chain::Chain;
use crate::node::events::NodeEvent;
use crate::node::Node;
use crate::rpc::api::pubsub::EthPubSubApiServer;
use crate::rpc::types;
use alloy::rpc::types::pubsub::{Params, SubscriptionKind};
use alloy::rpc::types::Filter;
use jsonrpsee::core::{async_trait, SubscriptionResult};
use jsonrpsee::types::error::{ErrorObjectOwned, INVALID_PARAMS_CODE};
use jsonrpsee::{PendingSubscriptionSink, SubscriptionMessage, SubscriptionSink};
use serde_json::value::RawValue;
use std::sync::Arc;
use tokio::sync::broadcast::{error::RecvError, Receiver};

/// Serves `eth_subscribe` / `eth_unsubscribe`.
pub struct PubSubApi<C> {
    node: Arc<Node<C>>,
}

impl<C> PubSubApi<C> {
    /// Over `node`.
    pub fn new(node: Arc<Node<C>>) -> Self {
        Self { node }
    }
}

/// What one subscription forwards.
enum Topic {
    Heads,
    Logs(Box<Filter>),
    PendingHashes,
}

impl Topic {
    fn of(kind: SubscriptionKind, params: Option<Params>) -> Result<Self, String> {
        match (kind, params.unwrap_or_default()) {
            (SubscriptionKind::NewHeads, Params::None) => Ok(Topic::Heads),
            (SubscriptionKind::Logs, Params::None) => Ok(Topic::Logs(Box::default())),
            (SubscriptionKind::Logs, Params::Logs(filter)) => Ok(Topic::Logs(filter)),
            (SubscriptionKind::NewPendingTransactions, Params::None | Params::Bool(false)) => {
                Ok(Topic::PendingHashes)
            }
            (SubscriptionKind::NewPendingTransactions, Params::Bool(true)) => {
                Err("full pending transactions are not offered".into())
            }
            (SubscriptionKind::Syncing, _) => Err("syncing subscriptions are not offered".into()),
            (kind, _) => Err(format!("invalid parameters for a {kind:?} subscription")),
        }
    }

    /// The notifications `event` makes for this topic.
    fn items(&self, event: &NodeEvent) -> Vec<Box<RawValue>> {
        let values: Vec<Result<Box<RawValue>, serde_json::Error>> = match (self, event) {
            (Topic::Heads, NodeEvent::Block(built)) => {
                vec![serde_json::value::to_raw_value(&types::header(
                    &built.block,
                    &built.txs,
                ))]
            }
            (Topic::Logs(filter), NodeEvent::Block(built)) => built
                .logs
                .iter()
                .map(|record| {
                    types::log(record, built.block.hash, Some(built.block.header.timestamp))
                })
                .filter(|log| filter.matches(&log.inner))
                .map(|log| serde_json::value::to_raw_value(&log))
                .collect(),
            (Topic::PendingHashes, NodeEvent::PendingTransaction(hash)) => {
                vec![serde_json::value::to_raw_value(hash)]
            }
            _ => Vec::new(),
        };
        values
            .into_iter()
            .filter_map(|v| {
                v.map_err(|e| tracing::error!(error = %e, "serializing a notification"))
                    .ok()
            })
            .collect()
    }
}

#[async_trait]
impl<C: Chain> EthPubSubApiServer for PubSubApi<C> {
    async fn subscribe(
        &self,
        pending: PendingSubscriptionSink,
        kind: SubscriptionKind,
        params: Option<Params>,
    ) -> SubscriptionResult {
        let topic = match Topic::of(kind, params) {
            Ok(topic) => topic,
            Err(message) => {
                pending
                    .reject(ErrorObjectOwned::owned(
                        INVALID_PARAMS_CODE,
                        message,
                        None::<()>,
                    ))
                    .await;
                return Ok(());
            }
        };
        let events = self.node.subscribe();
        let sink = pending.accept().await?;
        tokio::spawn(forward(sink, events, topic));
        Ok(())
    }
}

async fn forward(sink: SubscriptionSink, mut events: Receiver<NodeEvent>, topic: Topic) {
    loop {
        let event = tokio::select! {
            _ = sink.closed() => return,
            event = events.recv() => event,
        };
        let event = match event {
            Ok(event) => event,
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "a subscriber fell behind and missed events");
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        for item in topic.items(&event) {
            if sink.send(SubscriptionMessage::from(item)).await.is_err() {
                return;
            }
        }
    }
}
