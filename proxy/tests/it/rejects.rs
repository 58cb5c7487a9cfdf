//! Inputs the node must refuse, with clear JSON-RPC errors.

use crate::common;
use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use serde_json::json;

async fn signed(
    node: &sealevm_proxy::launch::Running,
    chain_id: u64,
    nonce: u64,
    gas: u64,
) -> Vec<u8> {
    let wallet = EthereumWallet::from(node.accounts[0].signer.clone());
    let tx = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x11))
        .with_value(U256::from(1))
        .with_nonce(nonce)
        .with_chain_id(chain_id)
        .with_gas_limit(gas)
        .with_max_fee_per_gas(2_000_000_000)
        .with_max_priority_fee_per_gas(1_000_000_000);
    let envelope: TxEnvelope = tx.build(&wallet).await.expect("signs");
    envelope.encoded_2718()
}

fn error_of(answer: &serde_json::Value) -> (i64, String) {
    let error = &answer["error"];
    (
        error["code"].as_i64().expect("error code"),
        error["message"].as_str().expect("message").to_string(),
    )
}

async fn send_raw(node: &sealevm_proxy::launch::Running, raw: &[u8]) -> serde_json::Value {
    common::post(
        node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
               "params": [alloy::primitives::hex::encode_prefixed(raw)]}),
    )
    .await
}

#[tokio::test]
async fn bad_transactions_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;

    // Malformed RLP.
    let (code, message) = error_of(&send_raw(&node, &[0x02, 0xf8, 0x01]).await);
    assert_eq!(code, -32602, "{message}");
    assert!(message.contains("decode"), "{message}");

    // Wrong chain id.
    let (code, message) = error_of(&send_raw(&node, &signed(&node, 1, 0, 21_000).await).await);
    assert_eq!(code, -32000);
    assert!(message.contains("chain id"), "{message}");

    // Gas below intrinsic.
    let (code, message) =
        error_of(&send_raw(&node, &signed(&node, common::CHAIN_ID, 0, 20_000).await).await);
    assert_eq!((code, message.as_str()), (-32000, "intrinsic gas too low"));

    // Nonce too low after a good transaction.
    let good = signed(&node, common::CHAIN_ID, 0, 21_000).await;
    let answer = send_raw(&node, &good).await;
    assert!(answer["result"].is_string(), "{answer}");
    let (code, message) = error_of(&send_raw(&node, &good).await);
    assert_eq!((code, message.as_str()), (-32000, "already known"));
    let again = signed(&node, common::CHAIN_ID, 0, 22_000).await;
    let (code, message) = error_of(&send_raw(&node, &again).await);
    assert_eq!((code, message.as_str()), (-32000, "nonce too low"));

    // Insufficient funds: a fresh key with nothing.
    let empty = alloy::signers::local::PrivateKeySigner::random();
    let wallet = EthereumWallet::from(empty);
    let tx = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x11))
        .with_nonce(0)
        .with_chain_id(common::CHAIN_ID)
        .with_gas_limit(21_000)
        .with_gas_price(1_000_000_000);
    let envelope: TxEnvelope = tx.build(&wallet).await.expect("signs");
    let (code, message) = error_of(&send_raw(&node, &envelope.encoded_2718()).await);
    assert_eq!(code, -32000);
    assert!(message.starts_with("insufficient funds"), "{message}");

    // Oversized.
    let (code, message) = error_of(&send_raw(&node, &vec![0u8; 200 * 1024]).await);
    assert_eq!(code, -32000);
    assert!(message.starts_with("oversized"), "{message}");

    // Only one transaction was mined.
    assert_eq!(
        common::provider(&node)
            .get_block_number()
            .await
            .expect("number"),
        1
    );
    node.stop().await;
}

#[tokio::test]
async fn protocol_errors_batches_and_health() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_noSuchMethod", "params": []}),
    )
    .await;
    assert_eq!(error_of(&answer).0, -32601);

    let batch: Vec<_> = (0..3)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_chainId", "params": []}))
        .collect();
    let answer = common::post(&node, json!(batch)).await;
    assert_eq!(answer.as_array().expect("batch answer").len(), 3);
    let too_many: Vec<_> = (0..101)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_chainId", "params": []}))
        .collect();
    let answer = common::post(&node, json!(too_many)).await;
    assert!(answer["error"].is_object(), "{answer}");

    let client = alloy::transports::http::reqwest::Client::new();
    let health: serde_json::Value = client
        .get(format!("{}/health", node.http_url()))
        .send()
        .await
        .expect("get /health")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");
    let preflight = client
        .request(
            alloy::transports::http::reqwest::Method::OPTIONS,
            node.http_url(),
        )
        .header("Origin", "http://example.test")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .expect("preflight");
    assert!(preflight
        .headers()
        .contains_key("access-control-allow-origin"));
    node.stop().await;
}

/// On the program (LiteSVM engine), a sender who can pay value and gas but not the rent of
/// the account its transfer creates is refused with geth's -32000 naming the rent, and nothing
/// changes.
#[tokio::test]
async fn a_sender_short_of_rent_is_refused_by_the_program() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "rent test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let carol = alloy::signers::local::PrivateKeySigner::random();
    let value = U256::from(10u64).pow(U256::from(15));
    let gas_cost = U256::from(21_000u64 * 1_000_000_000);
    let funded = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(carol.address())
                .with_value(value + gas_cost),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(funded.status());

    // Carol sends all she has beyond the gas to an address with no account yet.
    let fresh = Address::repeat_byte(0x5e);
    let tx = TransactionRequest::default()
        .with_to(fresh)
        .with_value(value)
        .with_nonce(0)
        .with_chain_id(common::CHAIN_ID)
        .with_gas_limit(21_000)
        .with_gas_price(1_000_000_000);
    let envelope: TxEnvelope = tx
        .build(&EthereumWallet::from(carol.clone()))
        .await
        .expect("signs");
    let (code, message) = error_of(&send_raw(&node, &envelope.encoded_2718()).await);
    assert_eq!(code, -32000, "{message}");
    assert!(message.contains("rent"), "{message}");

    let reader = common::provider(&node);
    assert_eq!(
        reader.get_balance(carol.address()).await.expect("balance"),
        value + gas_cost
    );
    assert_eq!(
        reader.get_balance(fresh).await.expect("balance"),
        U256::ZERO
    );
    assert_eq!(
        reader
            .get_transaction_count(carol.address())
            .await
            .expect("nonce"),
        0
    );
    node.stop().await;
}
