//! Remote mode's indexer: two nodes on one `solana-test-validator`, each with its own SQLite
//! index, serve the same blocks, transactions, receipts and logs, whichever node sent the
//! transactions. Skipped (with the reason printed) like `remote.rs`.

use crate::common::{self, IToken};
use crate::remote::{cluster_options, prerequisites, solana_rpc, start_validator};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionReceipt, TransactionRequest};
use alloy::sol_types::SolEvent;
use sealevm_proxy::indexer::wake::{self, Wake};
use sealevm_proxy::launch::launch;
use serde_json::json;
use std::str::FromStr;
use std::time::{Duration, Instant};

/// The receipt of `hash` on `p`, waiting up to 30 s for its indexer to get there.
async fn receipt_on(p: &impl Provider, hash: B256) -> TransactionReceipt {
    let started = Instant::now();
    loop {
        if let Some(receipt) = p.get_transaction_receipt(hash).await.expect("receipt call") {
            return receipt;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{hash} not indexed after 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The same receipt as far as the chain decides it.
fn assert_same_receipt(a: &TransactionReceipt, b: &TransactionReceipt) {
    assert_eq!(a.transaction_hash, b.transaction_hash);
    assert_eq!(a.status(), b.status());
    assert_eq!(a.gas_used, b.gas_used);
    assert_eq!(a.effective_gas_price, b.effective_gas_price);
    assert_eq!(a.block_number, b.block_number);
    assert_eq!(a.block_hash, b.block_hash);
    assert_eq!(a.transaction_index, b.transaction_index);
    assert_eq!(a.contract_address, b.contract_address);
    assert_eq!(a.inner.logs(), b.inner.logs());
    assert_eq!(a.inner.logs_bloom(), b.inner.logs_bloom());
}

/// `sent` (a receipt from `pa`) is found through `pb` with the same receipt, transaction and
/// block, numbered by its slot and hashed with the slot's blockhash.
async fn assert_found_alike(
    pa: &impl Provider,
    pb: &impl Provider,
    sent: &TransactionReceipt,
    url: &str,
) {
    let seen = receipt_on(pb, sent.transaction_hash).await;
    assert_same_receipt(sent, &seen);
    let tx = pb
        .get_transaction_by_hash(sent.transaction_hash)
        .await
        .expect("call")
        .expect("found through B");
    assert_eq!(tx.block_number, sent.block_number);
    assert_eq!(tx.block_hash, sent.block_hash);
    let number = sent.block_number.expect("mined");
    let block_a = pa
        .get_block_by_number(number.into())
        .await
        .expect("call")
        .expect("block on A");
    let block_b = pb
        .get_block_by_number(number.into())
        .await
        .expect("call")
        .expect("block on B");
    assert_eq!(block_a.header.hash, block_b.header.hash);
    assert_eq!(block_a.header.inner, block_b.header.inner);
    assert!(block_b
        .transactions
        .hashes()
        .any(|h| h == sent.transaction_hash));
    let slot = solana_rpc(
        url,
        "getBlock",
        json!([number, {"commitment": "confirmed", "transactionDetails": "none", "rewards": false}]),
    )
    .await
    .expect("the slot's block");
    let blockhash = slot["blockhash"].as_str().expect("blockhash");
    let blockhash = solana_hash::Hash::from_str(blockhash).expect("base58");
    assert_eq!(block_b.header.hash, B256::from(blockhash.to_bytes()));
}

#[tokio::test]
async fn a_second_node_indexes_what_the_first_sent() {
    let Some((binary, program)) = prerequisites("two-node remote test") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let validator = start_validator(&binary, &program, &dir.path().join("ledger")).await;
    let url = validator.rpc_url.clone();
    let a = launch(&cluster_options(dir.path().join("a"), &url, None))
        .await
        .expect("node A starts");
    // B also listens to the cluster's WebSocket.
    let mut b_options = cluster_options(dir.path().join("b"), &url, None);
    if let Some(cluster) = b_options.solana_url.as_mut() {
        cluster.ws_url = Some(validator.ws_url.clone());
    }
    let b = launch(&b_options).await.expect("node B starts");
    // A wake-up that only the WebSocket can ring (its poll interval is an hour).
    let ws_wake = Wake::new(Duration::from_secs(3600));
    let ws_listener = tokio::spawn(wake::on_program_logs(
        validator.ws_url.clone(),
        ws_wake.clone(),
    ));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pa = common::wallet_provider(&a, 0);
    let pb = common::provider(&b);
    let b_head_before = pb.get_block_number().await.expect("block number");

    // Sent through A: a transfer, a deployment (holder path) and an ERC-20 transfer.
    let to = Address::repeat_byte(0x42);
    let transfer = pa
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(5)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(transfer.status());
    tokio::time::timeout(Duration::from_secs(20), ws_wake.next_slot())
        .await
        .expect("the confirmed sealevm transaction was announced over the WebSocket");
    ws_listener.abort();
    let deployment = common::deploy_token(&pa).await;
    assert!(deployment.status());
    let token_address = deployment.contract_address.expect("created");
    let token_transfer = IToken::new(token_address, pa.clone())
        .transfer(to, U256::from(7))
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(token_transfer.status());
    assert_eq!(token_transfer.inner.logs().len(), 1, "one Transfer log");

    // B finds all three, with the receipts A gave.
    for sent in [&transfer, &deployment, &token_transfer] {
        assert_found_alike(&pa, &pb, sent, &url).await;
    }

    // eth_getLogs through B: the mint in the constructor and the transfer, as A has them.
    let filter = Filter::new()
        .address(token_address)
        .event_signature(IToken::Transfer::SIGNATURE_HASH)
        .from_block(0);
    let logs_a = pa.get_logs(&filter).await.expect("logs on A");
    let logs_b = pb.get_logs(&filter).await.expect("logs on B");
    assert_eq!(logs_b.len(), 2);
    assert_eq!(logs_a, logs_b);
    assert_eq!(
        logs_b[1].topics()[2],
        B256::left_padding_from(to.as_slice())
    );
    // B's state reads the cluster too.
    assert_eq!(
        IToken::new(token_address, pb.clone())
            .balanceOf(to)
            .call()
            .await
            .expect("balance"),
        U256::from(7)
    );

    // Block numbers are contiguous (a skipped slot is an empty block) and every block links
    // to the one before.
    let head = pb.get_block_number().await.expect("block number");
    let first = transfer.block_number.expect("mined").saturating_sub(5);
    let mut parent = pb
        .get_block_by_number(first.into())
        .await
        .expect("call")
        .expect("block")
        .header
        .hash;
    for number in first + 1..=head {
        let block = pb
            .get_block_by_number(number.into())
            .await
            .expect("call")
            .unwrap_or_else(|| panic!("no block {number} below the head {head}"));
        assert_eq!(block.header.parent_hash, parent, "block {number}");
        parent = block.header.hash;
    }

    // A node started afterwards catches up from the program's first transaction and finds
    // the same, the deployment's holder writes included.
    let c = launch(&cluster_options(dir.path().join("c"), &url, None))
        .await
        .expect("node C starts");
    let pc = common::provider(&c);
    for sent in [&transfer, &deployment, &token_transfer] {
        assert_found_alike(&pa, &pc, sent, &url).await;
    }
    c.stop().await;

    // Blocks are the cluster's: the node mines none of its own.
    let refused = common::post(
        &a,
        json!({"jsonrpc": "2.0", "id": 1, "method": "evm_mine", "params": []}),
    )
    .await;
    assert_eq!(refused["error"]["code"], -32602, "{refused}");

    let b_head_after = pb.get_block_number().await.expect("block number");
    assert!(
        b_head_after > b_head_before,
        "B's head moved: {b_head_before} -> {b_head_after}"
    );
    a.stop().await;
    b.stop().await;
    drop(validator);
}

/// Two nodes writing one PostgreSQL index: each indexes every slot, the first write of a block
/// wins and the other changes nothing, so every transaction is stored once, whichever node
/// sent it. Runs when `SEALEVM_TEST_POSTGRES_URL` names a server (the test creates and drops
/// its own database); skipped otherwise.
#[tokio::test]
async fn two_nodes_share_one_postgres_index() {
    let Ok(admin_url) = std::env::var("SEALEVM_TEST_POSTGRES_URL") else {
        eprintln!("SEALEVM_TEST_POSTGRES_URL not set: shared-PostgreSQL remote test skipped");
        return;
    };
    let Some((binary, program)) = prerequisites("shared-PostgreSQL remote test") else {
        return;
    };
    use sqlx::Connection;
    let name = format!("sealevm_remote_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connects to PostgreSQL");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop an old database");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("URL with a database");
    let database_url = format!("{base}/{name}");

    let dir = tempfile::tempdir().expect("tempdir");
    let validator = start_validator(&binary, &program, &dir.path().join("ledger")).await;
    let url = validator.rpc_url.clone();
    let mut options = cluster_options(dir.path().join("a"), &url, None);
    options.database_url = Some(database_url.clone());
    let a = launch(&options).await.expect("node A starts");
    options.data_dir = dir.path().join("b");
    let b = launch(&options)
        .await
        .expect("node B starts on the same index");

    // Sent through A and through B, from different dev accounts.
    let (pa, pb) = (
        common::wallet_provider(&a, 0),
        common::wallet_provider(&b, 1),
    );
    let to = Address::repeat_byte(0x43);
    let via_a = pa
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(1)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    let deployment = common::deploy_token(&pa).await;
    let via_b = pb
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(2)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(via_a.status() && deployment.status() && via_b.status());
    for sent in [&via_a, &deployment] {
        assert_found_alike(&pa, &pb, sent, &url).await;
    }
    assert_found_alike(&pb, &pa, &via_b, &url).await;

    // Each transaction is stored once, and only these three.
    let mut db = sqlx::PgConnection::connect(&database_url)
        .await
        .expect("connects to the index");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM transactions")
        .fetch_one(&mut db)
        .await
        .expect("count");
    assert_eq!(count, 3);
    // Neither follower is stuck on a block the other wrote first: both heads pass the last
    // transaction's block.
    let last = via_b.block_number.expect("mined");
    for p in [&pa, &pb] {
        let started = Instant::now();
        while p.get_block_number().await.expect("block number") < last {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "a head stopped"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    drop(db);
    a.stop().await;
    b.stop().await;
    drop(validator);
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop database");
}
