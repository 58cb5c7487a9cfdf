//! Remote mode's operator pool: with two operator keys, two senders' transactions sent at the
//! same time both confirm, each paid by a different operator; one sender's transactions sent
//! at once, out of order, still execute in nonce order. Skipped (with the reason printed)
//! like `remote.rs`.

use crate::common::{self, CHAIN_ID};
use crate::remote::{cluster_options, keypair_file_at, prerequisites, solana_rpc, start_validator};
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use sealevm_proxy::launch::launch;
use serde_json::json;
use std::collections::HashMap;

/// The fee payer of each `Execute` / `ExecuteVerified` the operators sent, by the hash of the Ethereum
/// transaction it carried.
async fn payers_by_tx(url: &str, operators: &[String]) -> HashMap<B256, String> {
    let mut payers = HashMap::new();
    let program = sealevm_sdk::id::PROGRAM_ID_BASE58;
    for operator in operators {
        let signatures = solana_rpc(
            url,
            "getSignaturesForAddress",
            json!([operator, {"commitment": "confirmed"}]),
        )
        .await
        .expect("signatures");
        for entry in signatures.as_array().expect("array") {
            let signature = entry["signature"].as_str().expect("signature");
            let tx = solana_rpc(
                url,
                "getTransaction",
                json!([signature, {"commitment": "confirmed", "encoding": "json", "maxSupportedTransactionVersion": 0}]),
            )
            .await
            .expect("transaction");
            let keys = &tx["transaction"]["message"]["accountKeys"];
            for ix in tx["transaction"]["message"]["instructions"]
                .as_array()
                .expect("instructions")
            {
                let index = ix["programIdIndex"].as_u64().expect("index") as usize;
                if keys[index].as_str() != Some(program) {
                    continue;
                }
                let data = bs58::decode(ix["data"].as_str().expect("data"))
                    .into_vec()
                    .expect("base58");
                // Execute: discriminator, transaction; ExecuteVerified: discriminator,
                // precompile index, transaction.
                let tx = match data.first() {
                    Some(&sealevm_sdk::instruction::EXECUTE) => &data[1..],
                    Some(&sealevm_sdk::instruction::EXECUTE_VERIFIED) => &data[2..],
                    _ => continue,
                };
                let payer = keys[0].as_str().expect("payer").to_string();
                payers.insert(keccak256(tx), payer);
            }
        }
    }
    payers
}

#[tokio::test]
async fn senders_run_in_parallel_on_their_own_operators() {
    let Some((binary, program)) = prerequisites("operator-pool test") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let validator = start_validator(&binary, &program, &dir.path().join("ledger")).await;
    let url = validator.rpc_url.clone();
    let operators = vec![
        keypair_file_at(&dir.path().join("op1.json")),
        keypair_file_at(&dir.path().join("op2.json")),
    ];
    let mut options = cluster_options(dir.path().join("node"), &url, None);
    if let Some(cluster) = options.solana_url.as_mut() {
        cluster.operator_keypairs = vec![dir.path().join("op1.json"), dir.path().join("op2.json")];
    }
    let node = launch(&options)
        .await
        .expect("node starts with two operators");

    // Two senders at once.
    let (p1, p2) = (
        common::wallet_provider(&node, 1),
        common::wallet_provider(&node, 2),
    );
    let to = Address::repeat_byte(0x55);
    let send = |p| async move {
        let p: &dyn Provider = p;
        p.send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(1)),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt")
    };
    let started = std::time::Instant::now();
    let (r1, r2) = tokio::join!(send(&p1), send(&p2));
    let together = started.elapsed();
    assert!(r1.status() && r2.status());
    let started = std::time::Instant::now();
    assert!(send(&p1).await.status());
    eprintln!(
        "two senders at once: {together:?}; one transfer alone: {:?}",
        started.elapsed()
    );
    let payers = payers_by_tx(&url, &operators).await;
    let payer1 = payers
        .get(&r1.transaction_hash)
        .expect("sender 1's Execute found");
    let payer2 = payers
        .get(&r2.transaction_hash)
        .expect("sender 2's Execute found");
    assert_ne!(payer1, payer2, "different senders, different fee payers");

    // One sender's three transactions, signed ahead and sent at once in reverse order: the
    // later nonces wait in the pool, and all three run, in nonce order.
    let sender = node.accounts[3].address;
    let wallet = EthereumWallet::from(node.accounts[3].signer.clone());
    let p = common::provider(&node);
    let first = p.get_transaction_count(sender).await.expect("nonce");
    let mut raws = Vec::new();
    for i in 0..3u64 {
        let request = TransactionRequest::default()
            .with_from(sender)
            .with_to(to)
            .with_value(U256::from(1))
            .with_nonce(first + i)
            .with_chain_id(CHAIN_ID)
            .with_gas_limit(21_000)
            .with_max_fee_per_gas(2_000_000_000)
            .with_max_priority_fee_per_gas(1_000_000_000);
        let envelope = request.build(&wallet).await.expect("signed");
        raws.push(Bytes::from(envelope.encoded_2718()));
    }
    let sends = raws
        .iter()
        .rev()
        .map(|raw| p.send_raw_transaction(raw))
        .collect::<Vec<_>>();
    let pending = futures_util::future::join_all(sends).await;
    for sent in pending {
        let receipt = sent
            .expect("accepted")
            .get_receipt()
            .await
            .expect("receipt");
        assert!(receipt.status());
    }
    assert_eq!(
        p.get_transaction_count(sender).await.expect("nonce"),
        first + 3
    );
    node.stop().await;
    drop(validator);
}
