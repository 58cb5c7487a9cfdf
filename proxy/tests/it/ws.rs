//! The same port serves WebSocket.

use crate::common;
use alloy::providers::{Provider, ProviderBuilder, WsConnect};

#[tokio::test]
async fn websocket_serves_the_same_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = ProviderBuilder::new()
        .connect_ws(WsConnect::new(node.ws_url()))
        .await
        .expect("ws connects");
    assert_eq!(p.get_chain_id().await.expect("chain id"), common::CHAIN_ID);
    let balance = p
        .get_balance(node.accounts[2].address)
        .await
        .expect("balance");
    assert!(balance > alloy::primitives::U256::ZERO);
    drop(p);
    node.stop().await;
}
