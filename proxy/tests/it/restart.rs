//! The index (and the state replayed from it) survives a restart.

use crate::common;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;

#[tokio::test]
async fn restart_keeps_blocks_receipts_and_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let to = Address::repeat_byte(0x99);
    let (hash, block_hash) = {
        let node = common::start(dir.path()).await;
        let p = common::wallet_provider(&node, 1);
        let mut last = None;
        for _ in 0..3 {
            let tx = TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(5));
            last = Some(
                p.send_transaction(tx)
                    .await
                    .expect("sent")
                    .get_receipt()
                    .await
                    .expect("receipt"),
            );
        }
        let last = last.expect("receipt");
        node.stop().await;
        (last.transaction_hash, last.block_hash.expect("block hash"))
    };
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 1);
    assert_eq!(p.get_block_number().await.expect("number"), 3);
    let receipt = p
        .get_transaction_receipt(hash)
        .await
        .expect("rpc")
        .expect("receipt kept");
    assert_eq!(receipt.block_hash, Some(block_hash));
    assert_eq!(p.get_balance(to).await.expect("balance"), U256::from(15));
    assert_eq!(
        p.get_transaction_count(node.accounts[1].address)
            .await
            .expect("nonce"),
        3
    );
    // The chain continues from the replayed state.
    let tx = TransactionRequest::default()
        .with_to(to)
        .with_value(U256::from(5));
    let receipt = p
        .send_transaction(tx)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert_eq!(receipt.block_number, Some(4));
    let block = p
        .get_block_by_number(4.into())
        .await
        .expect("rpc")
        .expect("block");
    assert_eq!(block.header.parent_hash, block_hash);
    node.stop().await;
}
