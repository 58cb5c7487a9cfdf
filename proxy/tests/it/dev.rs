//! Hardhat's development methods: evm_snapshot / evm_revert over the chain state and the
//! index, evm_mine, evm_increaseTime, evm_setNextBlockTimestamp. The same flow runs on the
//! LiteSVM engine in `svm.rs`.

use crate::common::{self, TOKEN_CREATION};
use alloy::eips::BlockNumberOrTag;
use alloy::network::TransactionBuilder;
use alloy::primitives::{hex, Address, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionReceipt, TransactionRequest};
use sealevm_proxy::launch::Running;
use serde_json::json;

/// Creation code of a contract whose every call stores TIMESTAMP in slot 0 and returns it:
/// runtime `TIMESTAMP DUP1 PUSH1 0 SSTORE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`.
const CLOCK_CREATION: &str = "6c428060005560005260206000f3600052600d6013f3";

async fn evm<T: serde::de::DeserializeOwned + std::fmt::Debug + Send + Sync + Unpin + 'static>(
    node: &Running,
    method: &str,
    params: serde_json::Value,
) -> T {
    let p = common::provider(node);
    p.raw_request::<_, T>(method.to_string().into(), params)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

async fn send(node: &Running, tx: TransactionRequest) -> TransactionReceipt {
    common::wallet_provider(node, 0)
        .send_transaction(tx)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt")
}

async fn timestamp_of(node: &Running, number: BlockNumberOrTag) -> u64 {
    common::provider(node)
        .get_block_by_number(number)
        .await
        .expect("rpc")
        .expect("block")
        .header
        .timestamp
}

/// Snapshots, reverts and time travel; shared by the memory and LiteSVM engines.
pub(crate) async fn snapshots_and_time(node: &Running) {
    let p = common::provider(node);
    let me = node.accounts[0].address;
    let clock_code = hex::decode(CLOCK_CREATION).expect("hex");
    let clock = send(
        node,
        TransactionRequest::default().with_deploy_code(Bytes::from(clock_code)),
    )
    .await
    .contract_address
    .expect("clock contract");
    assert_eq!(p.get_block_number().await.expect("number"), 1);
    let block_one = p
        .get_block_by_number(1.into())
        .await
        .expect("rpc")
        .expect("block 1");

    // Snapshot, then a deployment with logs, a transfer, a second snapshot, one more transfer.
    let first: String = evm(node, "evm_snapshot", json!([])).await;
    let balance = p.get_balance(me).await.expect("balance");
    let code = hex::decode(TOKEN_CREATION.trim()).expect("hex");
    let token = send(
        node,
        TransactionRequest::default().with_deploy_code(Bytes::from(code)),
    )
    .await;
    let token_address = token.contract_address.expect("token");
    let to = Address::repeat_byte(0x5a);
    let transfer = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(9));
    let sent = send(node, transfer.clone()).await;
    let second: String = evm(node, "evm_snapshot", json!([])).await;
    assert_ne!(first, second);
    send(node, transfer.clone()).await;
    assert_eq!(p.get_block_number().await.expect("number"), 4);

    // Back to the first snapshot: state and index as they were.
    assert!(evm::<bool>(node, "evm_revert", json!([first])).await);
    assert_eq!(p.get_block_number().await.expect("number"), 1);
    assert_eq!(p.get_balance(me).await.expect("balance"), balance);
    assert_eq!(p.get_balance(to).await.expect("balance"), U256::ZERO);
    assert_eq!(p.get_transaction_count(me).await.expect("nonce"), 1);
    assert!(p.get_code_at(token_address).await.expect("code").is_empty());
    for hash in [token.transaction_hash, sent.transaction_hash] {
        assert!(p
            .get_transaction_receipt(hash)
            .await
            .expect("rpc")
            .is_none());
        assert!(p
            .get_transaction_by_hash(hash)
            .await
            .expect("rpc")
            .is_none());
    }
    assert!(p
        .get_block_by_number(2.into())
        .await
        .expect("rpc")
        .is_none());
    let logs = p
        .get_logs(&Filter::new().address(token_address).from_block(0))
        .await
        .expect("logs");
    assert!(logs.is_empty(), "logs after the snapshot are gone");
    // Reverting consumed the snapshot and the later one.
    assert!(!evm::<bool>(node, "evm_revert", json!([second])).await);
    assert!(!evm::<bool>(node, "evm_revert", json!([first])).await);

    // The chain continues from block 1; loadFixture's pattern: snapshot, work, revert, again.
    let fixture: String = evm(node, "evm_snapshot", json!([])).await;
    let again = send(node, transfer.clone()).await;
    assert_eq!(again.block_number, Some(2));
    let block_two = p
        .get_block_by_number(2.into())
        .await
        .expect("rpc")
        .expect("block 2");
    assert_eq!(block_two.header.parent_hash, block_one.header.hash);
    assert!(evm::<bool>(node, "evm_revert", json!([fixture])).await);
    let fixture: String = evm(node, "evm_snapshot", json!([])).await;
    assert_eq!(p.get_block_number().await.expect("number"), 1);

    // Time: evm_increaseTime returns the total offset (number or hex accepted).
    let latest = timestamp_of(node, BlockNumberOrTag::Latest).await;
    assert_eq!(
        evm::<String>(node, "evm_increaseTime", json!([3600])).await,
        "3600"
    );
    assert_eq!(
        evm::<String>(node, "evm_increaseTime", json!(["0x3c"])).await,
        "3660"
    );
    assert_eq!(evm::<String>(node, "evm_mine", json!([])).await, "0");
    assert_eq!(p.get_block_number().await.expect("number"), 2);
    let mined = timestamp_of(node, BlockNumberOrTag::Latest).await;
    assert!(mined >= latest + 3660, "{mined} < {latest} + 3660");

    // evm_setNextBlockTimestamp: the next block, and TIMESTAMP inside it, get exactly it.
    let target = mined + 10_000;
    assert_eq!(
        evm::<String>(node, "evm_setNextBlockTimestamp", json!([target])).await,
        target.to_string()
    );
    let call = send(node, TransactionRequest::default().with_to(clock)).await;
    assert!(call.status());
    let number = call.block_number.expect("number");
    assert_eq!(timestamp_of(node, number.into()).await, target);
    assert_eq!(
        p.get_storage_at(clock, U256::ZERO).await.expect("slot"),
        U256::from(target),
        "the executed code saw the block's timestamp"
    );
    // evm_mine with a timestamp.
    evm::<String>(node, "evm_mine", json!([target + 500])).await;
    assert_eq!(
        timestamp_of(node, BlockNumberOrTag::Latest).await,
        target + 500
    );
    // A timestamp not after the latest block's is refused (Hardhat's message).
    let answer = common::post(
        node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "evm_setNextBlockTimestamp",
               "params": [target]}),
    )
    .await;
    assert_eq!(answer["error"]["code"], -32000, "{answer}");
    let message = answer["error"]["message"].as_str().expect("message");
    assert!(message.contains("lower than or equal"), "{message}");

    // Reverting also restores the clock offset and the index.
    assert!(evm::<bool>(node, "evm_revert", json!([fixture])).await);
    assert_eq!(p.get_block_number().await.expect("number"), 1);
    let after = send(node, TransactionRequest::default().with_to(clock)).await;
    let stamped = timestamp_of(node, after.block_number.expect("number").into()).await;
    assert!(
        stamped < latest + 3600,
        "offset was reverted: {stamped} vs {latest}"
    );
    assert_eq!(
        p.get_storage_at(clock, U256::ZERO).await.expect("slot"),
        U256::from(stamped)
    );
}

#[tokio::test]
async fn snapshots_revert_state_and_index_and_time_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    snapshots_and_time(&node).await;
    // Unknown snapshot ids are `false`, not errors.
    assert!(!evm::<bool>(&node, "evm_revert", json!(["0x99"])).await);
    node.stop().await;
}

#[tokio::test]
async fn a_reverted_chain_restarts_from_its_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let to = Address::repeat_byte(0x61);
    let transfer = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(4));
    {
        let node = common::start(dir.path()).await;
        send(&node, transfer.clone()).await;
        let id: String = evm(&node, "evm_snapshot", json!([])).await;
        send(&node, transfer.clone()).await;
        evm::<String>(&node, "evm_mine", json!([])).await;
        assert!(evm::<bool>(&node, "evm_revert", json!([id])).await);
        send(&node, transfer.clone()).await;
        node.stop().await;
    }
    // Replay re-executes what the index kept: two transfers.
    let node = common::start(dir.path()).await;
    let p = common::provider(&node);
    assert_eq!(p.get_block_number().await.expect("number"), 2);
    assert_eq!(p.get_balance(to).await.expect("balance"), U256::from(8));
    node.stop().await;
}

/// hardhat_mine / anvil_mine mine several empty blocks `interval` seconds apart (Hardhat network
/// helpers' `mine(n)`); too many at once is refused and mines nothing.
#[tokio::test]
async fn hardhat_mine_mines_blocks_at_an_interval() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::provider(&node);
    let start = p.get_block_number().await.expect("number");
    assert!(evm::<bool>(&node, "hardhat_mine", json!(["0x5", "0x3c"])).await);
    assert_eq!(p.get_block_number().await.expect("number"), start + 5);
    let first = timestamp_of(&node, (start + 1).into()).await;
    let last = timestamp_of(&node, (start + 5).into()).await;
    assert_eq!(last - first, 4 * 60, "four 60-second intervals");
    // anvil's name; no parameters = one block.
    assert!(evm::<bool>(&node, "anvil_mine", json!([])).await);
    assert_eq!(p.get_block_number().await.expect("number"), start + 6);
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "hardhat_mine", "params": [1_000_000]}),
    )
    .await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert_eq!(p.get_block_number().await.expect("number"), start + 6);
    node.stop().await;
}
