//! The embedded LiteSVM engine: the same RPC flows executed by the real sealevm program.
//! Skipped when the program's `.so` has not been built (scripts/build-sbf.sh).

use crate::common::{self, IToken};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol_types::{SolCall, SolEvent};

#[tokio::test]
async fn program_in_litesvm_serves_transfers_contracts_and_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "LiteSVM engine test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let me = node.accounts[0].address;
    let ten_thousand_eth = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18));
    assert_eq!(p.get_balance(me).await.expect("balance"), ten_thousand_eth);

    // A native transfer through Execute.
    let to = Address::repeat_byte(0x77);
    let tx = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(10u64).pow(U256::from(15)));
    let receipt = p
        .send_transaction(tx)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(
        p.get_balance(to).await.expect("balance"),
        U256::from(10u64).pow(U256::from(15))
    );

    // An ERC-20 deployment (through a holder account), a call and a transfer with its log.
    let receipt = common::deploy_token(&p).await;
    assert!(receipt.status(), "deployment succeeds");
    let address = receipt.contract_address.expect("contract address");
    let token = IToken::new(address, p.clone());
    assert_eq!(token.symbol().call().await.expect("symbol"), "FIXT");
    let receipt = token
        .transfer(to, U256::from(99))
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(
        token.balanceOf(to).call().await.expect("balance"),
        U256::from(99)
    );
    let logs = p
        .get_logs(
            &Filter::new()
                .address(address)
                .event_signature(IToken::Transfer::SIGNATURE_HASH)
                .from_block(0),
        )
        .await
        .expect("logs");
    assert_eq!(logs.len(), 2);

    // eth_call revert over the program's accounts: error 3 with data.
    let call = TransactionRequest::default()
        .with_from(node.accounts[4].address)
        .with_to(address)
        .with_input(
            IToken::transferCall {
                to,
                value: U256::from(1),
            }
            .abi_encode(),
        );
    let err = p.call(call).await.expect_err("reverts");
    assert_eq!(err.as_error_resp().expect("JSON-RPC error").code, 3);
    node.stop().await;
}

#[tokio::test]
async fn program_in_litesvm_snapshots_reverts_and_travels_in_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "LiteSVM engine test").await else {
        return;
    };
    crate::dev::snapshots_and_time(&node).await;
    node.stop().await;
}

/// Creation code of a contract whose every call stores NUMBER in slot 0 and returns it:
/// runtime `NUMBER DUP1 PUSH1 0 SSTORE PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`.
const NUMBER_CREATION: &str = "6c438060005560005260206000f3600052600d6013f3";

/// The program sees the node's block number as NUMBER (the embedded chain runs each block in
/// the slot of its number), also after empty blocks mined by hardhat_mine.
#[tokio::test]
async fn program_in_litesvm_sees_the_block_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "LiteSVM engine test").await else {
        return;
    };
    let p = common::wallet_provider(&node, 0);
    let code = alloy::hex::decode(NUMBER_CREATION).expect("hex");
    let send = |tx: TransactionRequest| {
        let p = p.clone();
        async move {
            p.send_transaction(tx)
                .await
                .expect("sent")
                .get_receipt()
                .await
                .expect("receipt")
        }
    };
    let deployed = send(TransactionRequest::default().with_deploy_code(code)).await;
    let contract = deployed.contract_address.expect("contract");
    for _ in 0..2 {
        common::post(
            &node,
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "hardhat_mine", "params": [3]}),
        )
        .await;
        let receipt = send(TransactionRequest::default().with_to(contract)).await;
        assert!(receipt.status());
        let number = receipt.block_number.expect("block number");
        assert_eq!(
            p.get_storage_at(contract, U256::ZERO).await.expect("slot"),
            U256::from(number),
            "NUMBER in block {number}"
        );
    }
    node.stop().await;
}
