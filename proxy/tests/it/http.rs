//! The happy paths over HTTP: identity, balances, transfers, contracts, logs.

use crate::common::{self, IToken, CHAIN_ID, TOKEN_CREATION};
use alloy::eips::BlockNumberOrTag;
use alloy::network::TransactionBuilder;
use alloy::primitives::{hex, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol_types::{SolCall, SolError, SolEvent};

fn eth(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

#[tokio::test]
async fn identity_and_dev_balances() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::provider(&node);
    assert_eq!(p.get_chain_id().await.expect("chain id"), CHAIN_ID);
    assert_eq!(p.get_block_number().await.expect("block number"), 0);
    let version: String = p
        .raw_request("web3_clientVersion".into(), ())
        .await
        .expect("version");
    // Hardhat's network helpers accept only versions starting with "anvil" (among others).
    assert!(version.starts_with("anvil"), "{version}");
    assert!(version.contains("sealevm/v"), "{version}");
    let net: String = p
        .raw_request("net_version".into(), ())
        .await
        .expect("net_version");
    assert_eq!(net, CHAIN_ID.to_string());
    assert_eq!(
        node.accounts[0].address,
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
            .parse::<Address>()
            .expect("address")
    );
    for account in &node.accounts {
        assert_eq!(
            p.get_balance(account.address).await.expect("balance"),
            eth(10_000)
        );
    }
    let genesis = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .expect("block")
        .expect("genesis exists");
    assert_eq!(genesis.header.number, 0);
    node.stop().await;
}

#[tokio::test]
async fn transfer_is_mined_with_a_receipt() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 0);
    let to = Address::repeat_byte(0x77);
    let tx = TransactionRequest::default().with_to(to).with_value(eth(1));
    let receipt = p
        .send_transaction(tx)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(receipt.block_number, Some(1));
    assert_eq!(p.get_balance(to).await.expect("balance"), eth(1));
    assert_eq!(
        p.get_transaction_count(node.accounts[0].address)
            .await
            .expect("nonce"),
        1
    );
    let fee = U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
    assert_eq!(
        p.get_balance(node.accounts[0].address)
            .await
            .expect("balance"),
        eth(10_000) - eth(1) - fee
    );
    let tx = p
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .expect("rpc")
        .expect("tx found");
    assert_eq!(tx.block_number, Some(1));
    let block = p
        .get_block_by_number(1.into())
        .full()
        .await
        .expect("rpc")
        .expect("block 1");
    assert_eq!(block.header.hash, receipt.block_hash.expect("hash"));
    assert_eq!(block.transactions.len(), 1);
    let by_hash = p
        .get_block_by_hash(block.header.hash)
        .await
        .expect("rpc")
        .expect("block");
    assert_eq!(by_hash.header.number, 1);
    block_items_by_position(&node, block.header.hash, receipt.transaction_hash).await;
    node.stop().await;
}

/// eth_getBlockTransactionCountBy*, eth_getTransactionByBlock*AndIndex, eth_getUncleCountBy*
/// and eth_coinbase for block 1 = `hash`, which holds transaction `tx` alone.
async fn block_items_by_position(node: &sealevm_proxy::launch::Running, hash: B256, tx: B256) {
    let call = |method: &'static str, params: serde_json::Value| async move {
        let answer = common::post(
            node,
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}),
        )
        .await;
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    };
    let hash = format!("{hash}");
    let unknown = format!("{}", B256::repeat_byte(0xee));
    assert_eq!(
        call(
            "eth_getBlockTransactionCountByNumber",
            serde_json::json!(["0x1"])
        )
        .await,
        "0x1"
    );
    assert_eq!(
        call(
            "eth_getBlockTransactionCountByHash",
            serde_json::json!([hash])
        )
        .await,
        "0x1"
    );
    assert!(call(
        "eth_getBlockTransactionCountByHash",
        serde_json::json!([unknown])
    )
    .await
    .is_null());
    let by_number = call(
        "eth_getTransactionByBlockNumberAndIndex",
        serde_json::json!(["0x1", "0x0"]),
    )
    .await;
    assert_eq!(by_number["hash"], format!("{tx}"));
    let by_hash = call(
        "eth_getTransactionByBlockHashAndIndex",
        serde_json::json!([hash, "0x0"]),
    )
    .await;
    assert_eq!(by_hash["hash"], format!("{tx}"));
    assert!(call(
        "eth_getTransactionByBlockNumberAndIndex",
        serde_json::json!(["0x1", "0x1"])
    )
    .await
    .is_null());
    assert_eq!(
        call("eth_getUncleCountByBlockNumber", serde_json::json!(["0x1"])).await,
        "0x0"
    );
    assert!(call(
        "eth_getUncleCountByBlockNumber",
        serde_json::json!(["0x99"])
    )
    .await
    .is_null());
    let coinbase = call("eth_coinbase", serde_json::json!([])).await;
    let block = call("eth_getBlockByNumber", serde_json::json!(["0x1", false])).await;
    assert_eq!(coinbase, block["miner"]);
}

#[tokio::test]
async fn deploy_call_revert_and_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 0);
    let deployer = node.accounts[0].address;
    let code = hex::decode(TOKEN_CREATION.trim()).expect("hex");
    let deploy = TransactionRequest::default().with_deploy_code(Bytes::from(code));
    let receipt = p
        .send_transaction(deploy)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status(), "deployment succeeds");
    let address = receipt.contract_address.expect("contract address");
    assert!(!p.get_code_at(address).await.expect("code").is_empty());

    let token = IToken::new(address, p.clone());
    assert_eq!(token.symbol().call().await.expect("symbol"), "FIXT");
    let supply = token.totalSupply().call().await.expect("supply");
    assert_eq!(
        token.balanceOf(deployer).call().await.expect("balance"),
        supply
    );

    // A transfer through eth_estimateGas + eth_sendRawTransaction, then its log.
    let to = Address::repeat_byte(0x55);
    let receipt = token
        .transfer(to, U256::from(1234))
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(
        token.balanceOf(to).call().await.expect("balance"),
        U256::from(1234)
    );
    assert_eq!(receipt.inner.logs().len(), 1);

    let filter = Filter::new()
        .address(address)
        .event_signature(IToken::Transfer::SIGNATURE_HASH)
        .from_block(0);
    let logs = p.get_logs(&filter).await.expect("logs");
    // The constructor's mint and the transfer.
    assert_eq!(logs.len(), 2);
    let last = IToken::Transfer::decode_log(&logs[1].inner).expect("decode");
    assert_eq!(
        (last.from, last.to, last.value),
        (deployer, to, U256::from(1234))
    );
    let to_topic = to.into_word();
    let only_to = Filter::new()
        .address(address)
        .topic2(to_topic)
        .from_block(0);
    assert_eq!(p.get_logs(&only_to).await.expect("logs").len(), 1);
    let block_bloom = p
        .get_block_by_number(receipt.block_number.expect("number").into())
        .await
        .expect("rpc")
        .expect("block")
        .header
        .logs_bloom;
    assert!(block_bloom.contains_input(alloy::primitives::BloomInput::Raw(address.as_slice())));

    // eth_call of a transfer beyond the balance: error 3 with the custom error as data.
    let poor = node.accounts[5].address;
    let call = TransactionRequest::default()
        .with_from(poor)
        .with_to(address)
        .with_input(
            IToken::transferCall {
                to,
                value: U256::from(1),
            }
            .abi_encode(),
        );
    let err = p.call(call.clone()).await.expect_err("reverts");
    let payload = err.as_error_resp().expect("JSON-RPC error");
    assert_eq!(payload.code, 3);
    assert!(
        payload.message.starts_with("execution reverted"),
        "{}",
        payload.message
    );
    let data: Bytes =
        serde_json::from_str(payload.data.as_ref().expect("data").get()).expect("hex data");
    assert_eq!(
        &data[..4],
        IToken::ERC20InsufficientBalance::SELECTOR.as_slice()
    );
    // eth_estimateGas of the same call fails the same way.
    let err = p.estimate_gas(call).await.expect_err("reverts");
    assert_eq!(err.as_error_resp().expect("JSON-RPC error").code, 3);

    // A reverting transaction is still mined, with status 0.
    let poor_p = common::wallet_provider(&node, 5);
    let poor_token = IToken::new(address, poor_p.clone());
    let receipt = poor_token
        .transfer(to, U256::from(1))
        .gas(100_000)
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(!receipt.status());
    assert!(receipt.inner.logs().is_empty());
    node.stop().await;
}
