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

#[tokio::test]
async fn subscriptions_deliver_heads_logs_and_pending_hashes() {
    use crate::common::IToken;
    use alloy::network::TransactionBuilder;
    use alloy::primitives::{Address, U256};
    use alloy::rpc::types::{Filter, TransactionRequest};
    use alloy::sol_types::SolEvent;
    use std::time::Duration;

    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let ws = ProviderBuilder::new()
        .connect_ws(WsConnect::new(node.ws_url()))
        .await
        .expect("ws connects");
    let http = common::wallet_provider(&node, 0);

    // The token first, so the logs subscription can name its address.
    let token_address = common::deploy_token(&http)
        .await
        .contract_address
        .expect("contract");

    let mut heads = ws.subscribe_blocks().await.expect("newHeads");
    let mut pending = ws
        .subscribe_pending_transactions()
        .await
        .expect("newPendingTransactions");
    let to = Address::repeat_byte(0x45);
    let only_to = Filter::new()
        .address(token_address)
        .event_signature(IToken::Transfer::SIGNATURE_HASH)
        .topic2(to.into_word());
    let mut logs = ws.subscribe_logs(&only_to).await.expect("logs");
    let other_contract = Filter::new().address(Address::repeat_byte(0x01));
    let no_logs = ws.subscribe_logs(&other_contract).await.expect("logs");

    let token = IToken::new(token_address, http.clone());
    let mut receipts = Vec::new();
    for (recipient, value) in [(Address::repeat_byte(0x46), 1u64), (to, 2)] {
        receipts.push(
            token
                .transfer(recipient, U256::from(value))
                .send()
                .await
                .expect("sent")
                .get_receipt()
                .await
                .expect("receipt"),
        );
    }

    let within = Duration::from_secs(10);
    for receipt in &receipts {
        let head = tokio::time::timeout(within, heads.recv())
            .await
            .expect("a head in time")
            .expect("head");
        assert_eq!(head.number, receipt.block_number.expect("number"));
        assert_eq!(Some(head.hash), receipt.block_hash);
        let hash = tokio::time::timeout(within, pending.recv())
            .await
            .expect("a hash in time")
            .expect("hash");
        assert_eq!(hash, receipt.transaction_hash);
    }
    // Only the transfer to `to` matches the topic filter.
    let log = tokio::time::timeout(within, logs.recv())
        .await
        .expect("a log in time")
        .expect("log");
    assert_eq!(log.transaction_hash, Some(receipts[1].transaction_hash));
    let decoded = IToken::Transfer::decode_log(&log.inner).expect("decodes");
    assert_eq!((decoded.to, decoded.value), (to, U256::from(2)));
    assert!(
        tokio::time::timeout(Duration::from_millis(300), logs.recv())
            .await
            .is_err(),
        "no other log matches"
    );
    assert!(no_logs.is_empty(), "another contract's filter sees nothing");

    // eth_unsubscribe: no more heads after it.
    ws.unsubscribe(*heads.local_id())
        .await
        .expect("unsubscribe");
    http.send_transaction(
        TransactionRequest::default()
            .with_to(Address::repeat_byte(0x47))
            .with_value(U256::from(1)),
    )
    .await
    .expect("sent")
    .get_receipt()
    .await
    .expect("receipt");
    let after = tokio::time::timeout(Duration::from_millis(500), heads.recv()).await;
    assert!(
        !matches!(after, Ok(Ok(_))),
        "a head arrived after eth_unsubscribe"
    );
    drop(ws);
    node.stop().await;
}

#[tokio::test]
async fn subscriptions_need_websocket_and_a_known_kind() {
    use serde_json::json;
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["newHeads"]}),
    )
    .await;
    assert!(answer["error"].is_object(), "{answer}");
    let ws = ProviderBuilder::new()
        .connect_ws(WsConnect::new(node.ws_url()))
        .await
        .expect("ws connects");
    let refused = ws
        .client()
        .request::<_, serde_json::Value>("eth_subscribe", ("syncing",))
        .await
        .expect_err("syncing is not offered");
    let payload = refused.as_error_resp().expect("JSON-RPC error");
    assert_eq!(payload.code, -32602);
    assert!(payload.message.contains("syncing"), "{}", payload.message);
    drop(ws);
    node.stop().await;
}
