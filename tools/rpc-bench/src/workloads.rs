//! The two workloads, identical on every node: `eth_call` of an ERC-20 `balanceOf`, and native
//! transfers from several senders, each sent with `eth_sendRawTransaction` and polled to its
//! receipt before the sender's next one.

use crate::rpc::{Rpc, RpcError};
use crate::stats::Figures;
use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{hex, Address, Bytes, TxKind, U256};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::{LocalSignerError, PrivateKeySigner};
use sealevm_proxy::dev_accounts::dev_accounts;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Creation code of `FixtureToken`, an OpenZeppelin 5 ERC-20 minting its supply to the deployer.
const TOKEN_CREATION: &str =
    include_str!("../../../tests/fixtures/build/FixtureToken.creation.hex");

/// How long one transaction may take to get its receipt.
const RECEIPT_LIMIT: Duration = Duration::from_secs(60);

/// Why a workload failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WorkloadError {
    /// A JSON-RPC call failed.
    #[error(transparent)]
    Rpc(#[from] RpcError),
    /// Deriving a dev account failed.
    #[error("deriving dev account: {0}")]
    Signer(#[from] LocalSignerError),
    /// Signing failed.
    #[error("signing a transaction: {0}")]
    Sign(String),
    /// The node answered something the workload cannot use.
    #[error("{0}")]
    Unexpected(String),
}

/// Settings of a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    /// eth_call requests.
    pub(crate) calls: usize,
    /// Concurrent eth_call clients.
    pub(crate) call_concurrency: usize,
    /// Transfer senders (dev accounts 1..=senders), each its own concurrent client.
    pub(crate) senders: usize,
    /// Transfers per sender.
    pub(crate) transfers_per_sender: usize,
}

/// What one node measured.
#[derive(Clone, Debug)]
pub(crate) struct NodeFigures {
    /// eth_call of `balanceOf`.
    pub(crate) call: Figures,
    /// Transfers, send to receipt.
    pub(crate) transfers: Figures,
}

/// The first `count` accounts of the test mnemonic, which all three nodes fund.
fn dev_signers(count: usize) -> Result<Vec<PrivateKeySigner>, WorkloadError> {
    let count =
        u32::try_from(count).map_err(|_| WorkloadError::Unexpected(format!("{count} accounts")))?;
    Ok(dev_accounts(count)?.into_iter().map(|a| a.signer).collect())
}

/// A node's chain id and a legacy gas price every node accepts.
struct Chain {
    id: u64,
    gas_price: u128,
}

async fn chain(rpc: &Rpc) -> Result<Chain, WorkloadError> {
    let id = rpc.quantity("eth_chainId", json!([])).await?;
    let gas_price = rpc.quantity("eth_gasPrice", json!([])).await?;
    Ok(Chain {
        id: u64::try_from(id).map_err(|_| WorkloadError::Unexpected(format!("chain id {id}")))?,
        // Twice the quoted price: Hardhat's base fee moves between blocks.
        gas_price: gas_price.saturating_mul(2).max(1_000_000_000),
    })
}

/// Signs a legacy transaction and returns its raw 0x-hex encoding.
async fn sign(
    signer: &PrivateKeySigner,
    chain: &Chain,
    nonce: u64,
    to: TxKind,
    input: Bytes,
    gas_limit: u64,
) -> Result<String, WorkloadError> {
    let mut tx = TransactionRequest::default()
        .with_nonce(nonce)
        .with_chain_id(chain.id)
        .with_gas_price(chain.gas_price)
        .with_gas_limit(gas_limit)
        .with_value(U256::from(1u8))
        .with_input(input);
    tx.to = Some(to);
    if matches!(to, TxKind::Create) {
        tx.value = None;
    }
    let envelope: TxEnvelope = tx
        .build(&EthereumWallet::from(signer.clone()))
        .await
        .map_err(|e| WorkloadError::Sign(e.to_string()))?;
    Ok(hex::encode_prefixed(envelope.encoded_2718()))
}

/// Polls the receipt of `hash` until it exists; errors unless its status is 1.
async fn wait_receipt(rpc: &Rpc, hash: &Value) -> Result<Value, WorkloadError> {
    let started = Instant::now();
    loop {
        let receipt = rpc.call("eth_getTransactionReceipt", json!([hash])).await?;
        if !receipt.is_null() {
            if receipt["status"] != "0x1" {
                return Err(WorkloadError::Unexpected(format!(
                    "{hash} failed: {receipt}"
                )));
            }
            return Ok(receipt);
        }
        if started.elapsed() > RECEIPT_LIMIT {
            return Err(WorkloadError::Unexpected(format!("no receipt for {hash}")));
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

async fn nonce_of(rpc: &Rpc, address: Address) -> Result<u64, WorkloadError> {
    let n = rpc
        .quantity("eth_getTransactionCount", json!([address, "pending"]))
        .await?;
    u64::try_from(n).map_err(|_| WorkloadError::Unexpected(format!("nonce {n}")))
}

/// Deploys the ERC-20 from dev account 0 and returns its address.
async fn deploy_token(
    rpc: &Rpc,
    chain: &Chain,
    deployer: &PrivateKeySigner,
) -> Result<Address, WorkloadError> {
    let code = hex::decode(TOKEN_CREATION.trim())
        .map_err(|e| WorkloadError::Unexpected(format!("token creation code: {e}")))?;
    let nonce = nonce_of(rpc, deployer.address()).await?;
    let raw = sign(
        deployer,
        chain,
        nonce,
        TxKind::Create,
        code.into(),
        3_000_000,
    )
    .await?;
    let hash = rpc.call("eth_sendRawTransaction", json!([raw])).await?;
    let receipt = wait_receipt(rpc, &hash).await?;
    receipt["contractAddress"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| WorkloadError::Unexpected(format!("no contract address in {receipt}")))
}

/// `balanceOf(holder)` calldata.
fn balance_of(holder: Address) -> String {
    // keccak256("balanceOf(address)")[..4]
    let mut data = vec![0x70, 0xa0, 0x82, 0x31];
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(holder.as_slice());
    hex::encode_prefixed(data)
}

/// `plan.calls` eth_calls of `balanceOf` from `plan.call_concurrency` clients.
async fn call_workload(
    rpc: &Rpc,
    token: Address,
    holder: Address,
    plan: &Plan,
) -> Result<Figures, WorkloadError> {
    let params = json!([{"to": token, "data": balance_of(holder)}, "latest"]);
    // One warm-up call, which must return the holder's non-zero balance.
    let answer = rpc.call("eth_call", params.clone()).await?;
    if answer.as_str().is_none_or(|s| {
        s.trim_start_matches("0x")
            .trim_start_matches('0')
            .is_empty()
    }) {
        return Err(WorkloadError::Unexpected(format!(
            "balanceOf answered {answer}"
        )));
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..plan.call_concurrency {
        let (rpc, next, params, total) = (rpc.clone(), next.clone(), params.clone(), plan.calls);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let t = Instant::now();
                rpc.call("eth_call", params.clone()).await?;
                latencies.push(t.elapsed());
            }
            Ok::<_, WorkloadError>(latencies)
        }));
    }
    let mut latencies = Vec::with_capacity(plan.calls);
    for task in tasks {
        let part = task
            .await
            .map_err(|e| WorkloadError::Unexpected(format!("call client: {e}")))??;
        latencies.extend(part);
    }
    Ok(Figures::from_latencies(latencies, started.elapsed()))
}

/// Native transfers: every sender sends its pre-signed transactions one after another,
/// each polled to its receipt before the next.
async fn transfer_workload(
    rpc: &Rpc,
    chain: &Chain,
    signers: &[PrivateKeySigner],
    plan: &Plan,
) -> Result<Figures, WorkloadError> {
    let recipient = TxKind::Call(Address::repeat_byte(0x42));
    let mut batches = Vec::new();
    for signer in signers.iter().skip(1).take(plan.senders) {
        let first = nonce_of(rpc, signer.address()).await?;
        let mut raws = Vec::with_capacity(plan.transfers_per_sender);
        for i in 0..plan.transfers_per_sender as u64 {
            raws.push(sign(signer, chain, first + i, recipient, Bytes::new(), 21_000).await?);
        }
        batches.push(raws);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for raws in batches {
        let rpc = rpc.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(raws.len());
            for raw in raws {
                let t = Instant::now();
                let hash = rpc.call("eth_sendRawTransaction", json!([raw])).await?;
                wait_receipt(&rpc, &hash).await?;
                latencies.push(t.elapsed());
            }
            Ok::<_, WorkloadError>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        let part = task
            .await
            .map_err(|e| WorkloadError::Unexpected(format!("sender: {e}")))??;
        latencies.extend(part);
    }
    Ok(Figures::from_latencies(latencies, started.elapsed()))
}

/// Runs both workloads on the node behind `rpc`.
pub(crate) async fn run(rpc: &Rpc, plan: &Plan) -> Result<NodeFigures, WorkloadError> {
    let signers = dev_signers(plan.senders + 1)?;
    let chain = chain(rpc).await?;
    let token = deploy_token(rpc, &chain, &signers[0]).await?;
    let call = call_workload(rpc, token, signers[0].address(), plan).await?;
    let transfers = transfer_workload(rpc, &chain, &signers, plan).await?;
    Ok(NodeFigures { call, transfers })
}
