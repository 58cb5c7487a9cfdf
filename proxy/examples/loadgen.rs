//! A bounded load generator for a local node: measures requests per second of a read method
//! and of signed transfers (eth_sendRawTransaction, one block each).
//!
//! `cargo run -p sealevm-proxy --example loadgen -- http://127.0.0.1:8545 [requests] [concurrency]`
//!
//! Only for nodes on this machine; every loop is bounded by `requests`.

use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{hex, Address, U256};
use alloy::rpc::types::TransactionRequest;
use alloy::transports::http::reqwest::Client;
use sealevm_proxy::dev_accounts::dev_accounts;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Instant;

async fn rpc(client: &Client, url: &str, method: &str, params: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    match client.post(url).json(&body).send().await {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(e) => json!({"error": e.to_string()}),
    }
}

async fn run(url: &str, label: &str, bodies: Vec<(String, Value)>, concurrency: usize) {
    let client = Client::new();
    let total = bodies.len();
    let queue = Arc::new(tokio::sync::Mutex::new(bodies));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, queue, url) = (client.clone(), queue.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            let mut errors = 0usize;
            loop {
                let Some((method, params)) = queue.lock().await.pop() else {
                    break;
                };
                if rpc(&client, &url, &method, params)
                    .await
                    .get("result")
                    .is_none()
                {
                    errors += 1;
                }
            }
            errors
        }));
    }
    let mut errors = 0;
    for t in tasks {
        errors += t.await.unwrap_or(1);
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{label}: {total} requests, {concurrency} concurrent, {secs:.2} s, {:.0} req/s, {errors} errors",
        total as f64 / secs
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8545".into());
    let requests: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let concurrency: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(16);
    let client = Client::new();
    let chain_id = rpc(&client, &url, "eth_chainId", json!([])).await["result"]
        .as_str()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .expect("node answers eth_chainId");
    let accounts = dev_accounts(10).expect("dev accounts");

    let reads = (0..requests)
        .map(|i| {
            let a = accounts[i % accounts.len()].address;
            ("eth_getBalance".to_string(), json!([a, "latest"]))
        })
        .collect();
    run(&url, "eth_getBalance", reads, concurrency).await;

    let per_account = requests.div_ceil(10).min(2_000);
    let mut bodies = Vec::new();
    for account in &accounts {
        let nonce = rpc(
            &client,
            &url,
            "eth_getTransactionCount",
            json!([account.address, "latest"]),
        )
        .await["result"]
            .as_str()
            .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
            .unwrap_or(0);
        let wallet = EthereumWallet::from(account.signer.clone());
        for i in 0..per_account as u64 {
            let tx = TransactionRequest::default()
                .with_to(Address::repeat_byte(0x42))
                .with_value(U256::from(1))
                .with_nonce(nonce + i)
                .with_chain_id(chain_id)
                .with_gas_limit(21_000)
                .with_max_fee_per_gas(2_000_000_000)
                .with_max_priority_fee_per_gas(1_000_000_000);
            let envelope: TxEnvelope = tx.build(&wallet).await.expect("signs");
            bodies.push((
                "eth_sendRawTransaction".to_string(),
                json!([hex::encode_prefixed(envelope.encoded_2718())]),
            ));
        }
    }
    // One sender's transactions must arrive in nonce order: one worker per sender.
    bodies.reverse();
    let ordered: Vec<_> = bodies;
    run(
        &url,
        "eth_sendRawTransaction (transfer, 1 block each)",
        ordered,
        1,
    )
    .await;
}
