//! eth_accounts, eth_sendTransaction and eth_signTransaction for the dev accounts, and the
//! nonce-gap pool of eth_sendRawTransaction.

use crate::common::{self, TOKEN_CREATION};
use alloy::consensus::{Transaction as _, TxEnvelope};
use alloy::eips::eip2718::{Decodable2718, Encodable2718};
use alloy::eips::BlockNumberOrTag;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{hex, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use sealevm_proxy::launch::Running;
use serde_json::json;

/// A signed transfer from dev account 0 with `nonce`.
pub(crate) async fn signed_transfer(node: &Running, nonce: u64) -> Vec<u8> {
    signed_transfer_with_gas(node, nonce, 21_000).await
}

/// A signed transfer from dev account 0 with `nonce` and gas limit `gas`.
async fn signed_transfer_with_gas(node: &Running, nonce: u64, gas: u64) -> Vec<u8> {
    let wallet = EthereumWallet::from(node.accounts[0].signer.clone());
    let tx = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x22))
        .with_value(U256::from(7))
        .with_nonce(nonce)
        .with_chain_id(common::CHAIN_ID)
        .with_gas_limit(gas)
        .with_max_fee_per_gas(2_000_000_000)
        .with_max_priority_fee_per_gas(1_000_000_000);
    let envelope: TxEnvelope = tx.build(&wallet).await.expect("signs");
    envelope.encoded_2718()
}

#[tokio::test]
async fn dev_accounts_send_and_sign_transactions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    // No wallet: alloy sends eth_sendTransaction and the node signs.
    let p = common::provider(&node);
    let accounts = p.get_accounts().await.expect("eth_accounts");
    let expected: Vec<Address> = node.accounts.iter().map(|a| a.address).collect();
    assert_eq!(accounts, expected);
    assert_eq!(accounts.len(), 10);

    let from = accounts[3];
    let to = Address::repeat_byte(0x31);
    let transfer = TransactionRequest::default()
        .with_from(from)
        .with_to(to)
        .with_value(U256::from(1_000));
    let receipt = p
        .send_transaction(transfer.clone())
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(receipt.from, from);
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(p.get_balance(to).await.expect("balance"), U256::from(1_000));
    let tx = p
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .expect("rpc")
        .expect("mined");
    // Filled like Hardhat: EIP-1559 with the node's price, chain id, estimated gas.
    assert_eq!(tx.inner.chain_id(), Some(common::CHAIN_ID));
    assert_eq!(tx.inner.nonce(), 0);
    assert_eq!(tx.inner.max_fee_per_gas(), 1_000_000_000);
    assert_eq!(tx.inner.gas_limit(), 21_000);

    // A deployment with gas estimated by the node.
    let code = hex::decode(TOKEN_CREATION.trim()).expect("hex");
    let receipt = p
        .send_transaction(
            TransactionRequest::default()
                .with_from(from)
                .with_deploy_code(Bytes::from(code)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    assert!(receipt.contract_address.is_some());

    // eth_signTransaction: signed with the next nonce, not sent; then sent raw.
    let raw = p
        .sign_transaction(transfer.clone())
        .await
        .expect("eth_signTransaction");
    let envelope = TxEnvelope::decode_2718_exact(&raw).expect("signed envelope");
    assert_eq!(envelope.nonce(), 2);
    assert_eq!(p.get_block_number().await.expect("number"), 2);
    let hash = p
        .send_raw_transaction(&raw)
        .await
        .expect("sent")
        .watch()
        .await
        .expect("mined");
    assert_eq!(hash, *envelope.tx_hash());

    // A legacy transaction when a gas price is given.
    let legacy = p
        .send_transaction(transfer.clone().with_gas_price(3_000_000_000))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert_eq!(legacy.effective_gas_price, 3_000_000_000);
    assert_eq!(legacy.inner.tx_type(), alloy::consensus::TxType::Legacy);

    // Unknown sender: a clear error, nothing mined.
    let stranger = Address::repeat_byte(0xee);
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendTransaction",
               "params": [{"from": stranger, "to": to, "value": "0x1"}]}),
    )
    .await;
    assert_eq!(answer["error"]["code"], -32000, "{answer}");
    assert_eq!(
        answer["error"]["message"],
        format!("unknown account {stranger}")
    );
    assert_eq!(p.get_block_number().await.expect("number"), 4);
    node.stop().await;
}

#[tokio::test]
async fn future_nonces_wait_in_the_pool() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::provider(&node);
    let me = node.accounts[0].address;

    // A future transaction that could never run is refused, not queued.
    let short = signed_transfer_with_gas(&node, 1, 20_000).await;
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
               "params": [hex::encode_prefixed(&short)]}),
    )
    .await;
    assert_eq!(
        answer["error"]["message"], "intrinsic gas too low",
        "{answer}"
    );

    // Nonces 1 and 2 arrive before 0: queued, hashes returned, nothing mined.
    let one = signed_transfer(&node, 1).await;
    let two = signed_transfer(&node, 2).await;
    let hash_one = *p
        .send_raw_transaction(&one)
        .await
        .expect("queued")
        .tx_hash();
    let hash_two = *p
        .send_raw_transaction(&two)
        .await
        .expect("queued")
        .tx_hash();
    assert_eq!(p.get_block_number().await.expect("number"), 0);
    assert_eq!(p.get_transaction_count(me).await.expect("latest"), 0);
    assert_eq!(
        p.get_transaction_count(me)
            .block_id(BlockNumberOrTag::Pending.into())
            .await
            .expect("pending"),
        3
    );
    let queued = p
        .get_transaction_by_hash(hash_one)
        .await
        .expect("rpc")
        .expect("queued transaction is visible");
    assert_eq!(queued.block_number, None);
    assert_eq!(queued.block_hash, None);
    assert!(p
        .get_transaction_receipt(hash_one)
        .await
        .expect("rpc")
        .is_none());
    // Sending a queued transaction again is refused.
    let again = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
               "params": [hex::encode_prefixed(&two)]}),
    )
    .await;
    assert_eq!(again["error"]["message"], "already known", "{again}");

    // Nonce 0 fills the gap: all three are mined, in nonce order.
    let zero = signed_transfer(&node, 0).await;
    let receipt = p
        .send_raw_transaction(&zero)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert_eq!(receipt.block_number, Some(1));
    assert_eq!(p.get_block_number().await.expect("number"), 3);
    for (hash, block) in [(hash_one, 2), (hash_two, 3)] {
        let receipt = p
            .get_transaction_receipt(hash)
            .await
            .expect("rpc")
            .expect("mined");
        assert_eq!(receipt.block_number, Some(block));
        assert!(receipt.status());
    }
    assert_eq!(p.get_transaction_count(me).await.expect("latest"), 3);

    // 17 ahead of the account's nonce: refused.
    let far = signed_transfer(&node, 3 + 17).await;
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
               "params": [hex::encode_prefixed(&far)]}),
    )
    .await;
    assert_eq!(answer["error"]["code"], -32000, "{answer}");
    let message = answer["error"]["message"].as_str().expect("message");
    assert!(message.starts_with("nonce too high"), "{message}");
    // 16 ahead is still queued.
    let edge = signed_transfer(&node, 3 + 16).await;
    let hash: B256 = *p
        .send_raw_transaction(&edge)
        .await
        .expect("queued")
        .tx_hash();
    assert!(p
        .get_transaction_by_hash(hash)
        .await
        .expect("rpc")
        .is_some());
    node.stop().await;
}
