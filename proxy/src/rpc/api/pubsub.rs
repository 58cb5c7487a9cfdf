//! `eth_subscribe` / `eth_unsubscribe` (WebSocket only).

use alloy::rpc::types::pubsub::{Params, SubscriptionKind};
use jsonrpsee::core::SubscriptionResult;
use jsonrpsee::proc_macros::rpc;

/// Ethereum's subscriptions.
#[rpc(server, namespace = "eth")]
pub trait EthPubSubApi {
    /// `eth_subscribe`: `newHeads` (each new block's header), `logs` (logs of new blocks
    /// matching an optional address/topics filter) or `newPendingTransactions` (hashes of
    /// accepted transactions). `eth_unsubscribe` ends it.
    #[subscription(
        name = "subscribe" => "subscription",
        unsubscribe = "unsubscribe",
        item = serde_json::Value
    )]
    async fn subscribe(&self, kind: SubscriptionKind, params: Option<Params>)
        -> SubscriptionResult;
}
