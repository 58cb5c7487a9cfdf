//! Polling filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter,
//! eth_getFilterChanges, eth_getFilterLogs, eth_uninstallFilter) and eth_getBlockReceipts.

use crate::common::{self, IToken};
use alloy::eips::BlockId;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, FilterChanges, TransactionRequest};
use alloy::sol_types::SolEvent;
use serde_json::json;

#[tokio::test]
async fn filters_report_blocks_transactions_and_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 0);
    let blocks = p.new_block_filter().await.expect("block filter");
    let pending = p
        .new_pending_transactions_filter(false)
        .await
        .expect("pending filter");
    assert_ne!(blocks, pending);
    // Nothing happened yet.
    assert_eq!(
        p.get_filter_changes_dyn(blocks).await.expect("changes"),
        FilterChanges::Empty
    );

    let deploy = common::deploy_token(&p).await;
    let token_address = deploy.contract_address.expect("contract");
    let criteria = Filter::new()
        .address(token_address)
        .event_signature(IToken::Transfer::SIGNATURE_HASH);
    let logs_filter = p.new_filter(&criteria).await.expect("log filter");
    let from_genesis = p
        .new_filter(&criteria.clone().from_block(0))
        .await
        .expect("log filter");

    let token = IToken::new(token_address, p.clone());
    let to = Address::repeat_byte(0x44);
    let transfer = token
        .transfer(to, U256::from(5))
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");

    let block_hashes: Vec<B256> = p.get_filter_changes(blocks).await.expect("changes");
    assert_eq!(
        block_hashes,
        vec![
            deploy.block_hash.expect("hash"),
            transfer.block_hash.expect("hash")
        ]
    );
    let tx_hashes: Vec<B256> = p.get_filter_changes(pending).await.expect("changes");
    assert_eq!(
        tx_hashes,
        vec![deploy.transaction_hash, transfer.transaction_hash]
    );
    // The log filter was installed after the deployment: only the transfer's log.
    let logs = match p
        .get_filter_changes_dyn(logs_filter)
        .await
        .expect("changes")
    {
        FilterChanges::Logs(logs) => logs,
        other => panic!("expected logs, got {other:?}"),
    };
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].transaction_hash, Some(transfer.transaction_hash));
    let decoded = IToken::Transfer::decode_log(&logs[0].inner).expect("decodes");
    assert_eq!((decoded.to, decoded.value), (to, U256::from(5)));
    // Each change is reported once.
    assert_eq!(
        p.get_filter_changes_dyn(logs_filter)
            .await
            .expect("changes"),
        FilterChanges::Empty
    );
    assert_eq!(
        p.get_filter_changes_dyn(blocks).await.expect("changes"),
        FilterChanges::Empty
    );
    // eth_getFilterLogs: every log of the criteria (mint and transfer from block 0).
    assert_eq!(
        p.get_filter_logs(from_genesis).await.expect("logs").len(),
        2
    );
    assert_eq!(p.get_filter_logs(logs_filter).await.expect("logs").len(), 1);

    // Uninstalled (or unknown) filters: geth's "filter not found".
    assert!(p.uninstall_filter(blocks).await.expect("uninstall"));
    assert!(!p.uninstall_filter(blocks).await.expect("uninstall again"));
    for method in ["eth_getFilterChanges", "eth_getFilterLogs"] {
        let answer = common::post(
            &node,
            json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": [blocks]}),
        )
        .await;
        assert_eq!(answer["error"]["code"], -32000, "{answer}");
        assert_eq!(answer["error"]["message"], "filter not found");
    }
    // A block filter has no logs.
    let answer = common::post(
        &node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getFilterLogs", "params": [pending]}),
    )
    .await;
    assert_eq!(answer["error"]["message"], "filter not found", "{answer}");
    node.stop().await;
}

#[tokio::test]
async fn block_receipts_list_a_blocks_receipts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 1);
    let receipt = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(Address::repeat_byte(0x66))
                .with_value(U256::from(3)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    let by_number = p
        .get_block_receipts(BlockId::number(1))
        .await
        .expect("rpc")
        .expect("block 1");
    assert_eq!(by_number.len(), 1);
    assert_eq!(by_number[0].transaction_hash, receipt.transaction_hash);
    assert_eq!(by_number[0].gas_used, receipt.gas_used);
    assert_eq!(by_number[0].block_hash, receipt.block_hash);
    let by_hash = p
        .get_block_receipts(BlockId::hash(receipt.block_hash.expect("hash")))
        .await
        .expect("rpc")
        .expect("block by hash");
    assert_eq!(by_hash.len(), 1);
    let latest = p
        .get_block_receipts(BlockId::latest())
        .await
        .expect("rpc")
        .expect("latest");
    assert_eq!(latest[0].transaction_hash, receipt.transaction_hash);
    let genesis = p
        .get_block_receipts(BlockId::number(0))
        .await
        .expect("rpc")
        .expect("genesis");
    assert!(genesis.is_empty());
    assert!(p
        .get_block_receipts(BlockId::number(99))
        .await
        .expect("rpc")
        .is_none());
    node.stop().await;
}

#[tokio::test]
async fn filters_see_the_blocks_mined_after_a_revert() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 0);
    let blocks = p.new_block_filter().await.expect("block filter");
    let snapshot: String = p
        .raw_request("evm_snapshot".into(), ())
        .await
        .expect("snapshot");
    let transfer = TransactionRequest::default()
        .with_to(Address::repeat_byte(0x67))
        .with_value(U256::from(1));
    for _ in 0..2 {
        p.send_transaction(transfer.clone())
            .await
            .expect("sent")
            .get_receipt()
            .await
            .expect("receipt");
    }
    let before: Vec<B256> = p.get_filter_changes(blocks).await.expect("changes");
    assert_eq!(before.len(), 2);
    let reverted: bool = p
        .raw_request("evm_revert".into(), [snapshot])
        .await
        .expect("revert");
    assert!(reverted);
    // A fresh provider: the first one's block watcher has seen block 2 already.
    let receipt = common::wallet_provider(&node, 0)
        .send_transaction(transfer.with_value(U256::from(2)))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert_eq!(receipt.block_number, Some(1));
    // The new block 1 is reported although the filter had seen an (older) block 2.
    let after: Vec<B256> = p.get_filter_changes(blocks).await.expect("changes");
    assert_eq!(after, vec![receipt.block_hash.expect("hash")]);
    assert_ne!(after[0], before[0]);
    node.stop().await;
}
