//! The index (and the state replayed from it) survives a restart, in SQLite and PostgreSQL.

use crate::common;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;

/// Three transfers, a restart, then checks of the index and the replayed state.
async fn restart_round_trip(database_url: Option<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let to = Address::repeat_byte(0x99);
    let (hash, block_hash) = {
        let node = common::start_with(dir.path(), database_url.clone()).await;
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
    let node = common::start_with(dir.path(), database_url).await;
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

#[tokio::test]
async fn restart_keeps_blocks_receipts_and_state() {
    restart_round_trip(None).await;
}

/// Runs against PostgreSQL when `SEALEVM_TEST_POSTGRES_URL` names a server (any database on
/// it: the test creates and drops its own); skipped otherwise.
#[tokio::test]
async fn restart_keeps_the_index_in_postgres() {
    let Ok(admin_url) = std::env::var("SEALEVM_TEST_POSTGRES_URL") else {
        eprintln!("SEALEVM_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
        return;
    };
    use sqlx::Connection;
    let name = format!(
        "sealevm_it_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connects to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("URL with a database");
    restart_round_trip(Some(format!("{base}/{name}"))).await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop database");
}
