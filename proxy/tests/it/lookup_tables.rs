//! Transactions whose Solana accounts do not fit a legacy message, on the LiteSVM engine:
//! they travel as v0 transactions over the operator's address lookup tables, and one above
//! the account-lock limit is refused with nothing changed. Skipped when the program's `.so`
//! has not been built (scripts/build-sbf.sh).

use crate::common;
use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use serde_json::json;

/// Slots written by the transaction that needs lookup tables: with the caller, the contract
/// and the program's six accounts, 48 keys (1,536 bytes) cannot fit a 1,232-byte packet.
const SLOTS: u64 = 40;
/// Slots of the transaction above the lock limit: 78 accounts against 64.
const TOO_MANY_SLOTS: u64 = 70;

/// NUMBER as `SlotWriter` sees it in an eth_call: the pending block's number, also on the
/// Solana engines (the embedded chain runs each block in the slot of its number).
async fn number_seen(p: &impl Provider, contract: Address) -> U256 {
    let out = p
        .call(TransactionRequest::default().with_to(contract))
        .await
        .expect("call");
    U256::from_be_slice(&out)
}

/// Sends `data` to `contract` from `p`'s wallet and asserts it is mined with status 1.
async fn call_ok(p: &impl Provider, contract: Address, data: Bytes) {
    let receipt = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(contract)
                .with_input(data),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status(), "mined with status 1: {receipt:?}");
}

/// Asserts slot `start + i` of `contract` holds `base + i` for `i` in `0..count`.
async fn assert_slots(p: &impl Provider, contract: Address, start: u64, count: u64, base: u64) {
    for i in 0..count {
        let value = p
            .get_storage_at(contract, U256::from(start + i))
            .await
            .expect("storage");
        assert_eq!(value, U256::from(base + i), "slot {}", start + i);
    }
}

#[tokio::test]
async fn many_slots_go_through_lookup_tables_which_are_reused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "lookup-table test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let receipt = common::deploy(&p, common::slot_writer_code()).await;
    assert!(receipt.status(), "SlotWriter deploys");
    let contract = receipt.contract_address.expect("contract address");

    call_ok(&p, contract, common::write_slots(1_000, SLOTS, 7)).await;
    assert_slots(&p, contract, 1_000, SLOTS, 7).await;
    // Making the tables active took a slot of its own, yet NUMBER is still the block number.
    let head = p.get_block_number().await.expect("block number");
    assert_eq!(number_seen(&p, contract).await, U256::from(head + 1));

    // The same accounts again: every address is in a table already.
    call_ok(&p, contract, common::write_slots(1_000, SLOTS, 500)).await;
    assert_slots(&p, contract, 1_000, SLOTS, 500).await;
    let head = p.get_block_number().await.expect("block number");
    assert_eq!(number_seen(&p, contract).await, U256::from(head + 1));
    node.stop().await;
}

fn error_of(answer: &serde_json::Value) -> (i64, String) {
    let error = &answer["error"];
    (
        error["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("an error: {answer}")),
        error["message"].as_str().expect("message").to_string(),
    )
}

#[tokio::test]
async fn a_transaction_above_the_lock_limit_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "lock-limit test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let me = node.accounts[0].address;
    let receipt = common::deploy(&p, common::slot_writer_code()).await;
    assert!(receipt.status(), "SlotWriter deploys");
    let contract = receipt.contract_address.expect("contract address");
    let nonce = p.get_transaction_count(me).await.expect("nonce");
    let head = p.get_block_number().await.expect("block number");
    let data = common::write_slots(5_000, TOO_MANY_SLOTS, 1);

    // eth_estimateGas refuses it before anything is signed.
    let call = json!({"from": me, "to": contract, "data": data});
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_estimateGas", "params": [call]}),
    )
    .await;
    let (code, message) = error_of(&answer);
    assert_eq!(code, -32000, "{message}");
    assert!(message.contains("needs 78 Solana accounts"), "{message}");
    assert!(message.contains("limit of 64"), "{message}");

    // Signed with enough gas and sent raw, with its nonce due or ahead (the pool would
    // otherwise keep it): the same refusal.
    let wallet = EthereumWallet::from(node.accounts[0].signer.clone());
    for nonce in [nonce, nonce + 1] {
        let tx = TransactionRequest::default()
            .with_to(contract)
            .with_input(data.clone())
            .with_nonce(nonce)
            .with_chain_id(common::CHAIN_ID)
            .with_gas_limit(3_000_000)
            .with_max_fee_per_gas(2_000_000_000)
            .with_max_priority_fee_per_gas(1_000_000_000);
        let envelope: TxEnvelope = tx.build(&wallet).await.expect("signs");
        let answer = common::post(
            &node,
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
                   "params": [alloy::primitives::hex::encode_prefixed(envelope.encoded_2718())]}),
        )
        .await;
        let (code, message) = error_of(&answer);
        assert_eq!(code, -32000, "nonce {nonce}: {message}");
        assert!(message.contains("needs 78 Solana accounts"), "{message}");
        assert!(message.contains("limit of 64"), "{message}");
    }

    // Nothing changed: no block, the nonce (nothing queued either), the slots.
    assert_eq!(p.get_block_number().await.expect("block number"), head);
    assert_eq!(p.get_transaction_count(me).await.expect("nonce"), nonce);
    let pending = p
        .get_transaction_count(me)
        .pending()
        .await
        .expect("pending nonce");
    assert_eq!(pending, nonce, "nothing queued");
    for slot in 5_000..5_000 + TOO_MANY_SLOTS {
        let value = p
            .get_storage_at(contract, U256::from(slot))
            .await
            .expect("storage");
        assert_eq!(value, U256::ZERO, "slot {slot} unwritten");
    }
    node.stop().await;
}

#[tokio::test]
async fn evm_revert_forgets_tables_made_after_the_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "lookup-table revert test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let receipt = common::deploy(&p, common::slot_writer_code()).await;
    let contract = receipt.contract_address.expect("contract address");
    let snapshot = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "evm_snapshot", "params": []}),
    )
    .await["result"]
        .clone();
    call_ok(&p, contract, common::write_slots(1_000, SLOTS, 7)).await;
    let reverted = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "evm_revert", "params": [snapshot]}),
    )
    .await;
    assert_eq!(reverted["result"], json!(true), "{reverted}");
    // The table the first call made is gone with the reverted state: the node must make it
    // again rather than reference it. (A new provider: the old one caches the nonce.)
    let p = common::wallet_provider(&node, 0);
    call_ok(&p, contract, common::write_slots(1_000, SLOTS, 9)).await;
    assert_slots(&p, contract, 1_000, SLOTS, 9).await;
    node.stop().await;
}

#[tokio::test]
async fn many_slots_with_large_calldata_go_through_a_holder_and_lookup_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "holder + lookup-table test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let receipt = common::deploy(&p, common::slot_writer_code()).await;
    let contract = receipt.contract_address.expect("contract address");
    // SlotWriter reads only the first 96 bytes: 1,200 more make the signed transaction too
    // large for Execute's packet, and 48 accounts too many for a legacy message.
    let mut data = common::write_slots(2_000, SLOTS, 3).to_vec();
    data.extend_from_slice(&[0x5A; 1_200]);
    call_ok(&p, contract, Bytes::from(data)).await;
    assert_slots(&p, contract, 2_000, SLOTS, 3).await;
    node.stop().await;
}
