//! Starting nodes and building clients.

use alloy::network::EthereumWallet;
use alloy::network::TransactionBuilder;
use alloy::primitives::Bytes;
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::sol;
use sealevm_proxy::launch::{launch, Engine, NodeOptions, Running};
use std::path::Path;

/// Chain id of the test nodes.
pub(crate) const CHAIN_ID: u64 = 7325;

/// FixtureToken's creation code (tests/fixtures).
pub(crate) const TOKEN_CREATION: &str =
    include_str!("../../../tests/fixtures/build/FixtureToken.creation.hex");

sol! {
    /// The part of FixtureToken (an OpenZeppelin ERC-20) the tests use.
    #[sol(rpc)]
    interface IToken {
        event Transfer(address indexed from, address indexed to, uint256 value);
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        function transfer(address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
        function totalSupply() external view returns (uint256);
        function symbol() external view returns (string memory);
    }
}

/// Starts a node whose data lives in `dir`, on a free port.
pub(crate) async fn start(dir: &Path) -> Running {
    start_with(dir, None).await
}

/// Starts a node whose data lives in `dir` and whose index is at `database_url` (default
/// SQLite in `dir`), on a free port.
pub(crate) async fn start_with(dir: &Path, database_url: Option<String>) -> Running {
    start_engine(dir, database_url, Engine::Memory).await
}

/// Starts a node on `engine`.
pub(crate) async fn start_engine(
    dir: &Path,
    database_url: Option<String>,
    engine: Engine,
) -> Running {
    let options = NodeOptions {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: dir.to_path_buf(),
        chain_id: CHAIN_ID,
        solana_url: None,
        database_url,
        gas_price: 1_000_000_000,
        max_batch: 100,
        engine,
        program: None,
    };
    launch(&options).await.expect("node starts")
}

/// Starts a node on the LiteSVM engine, or says why `test` is skipped and returns `None` when
/// the program's `.so` has not been built (scripts/build-sbf.sh).
pub(crate) async fn start_litesvm(dir: &Path, test: &str) -> Option<Running> {
    let program = sealevm_proxy::launch::default_program_path();
    if !program.is_file() {
        eprintln!("{} not built: {test} skipped", program.display());
        return None;
    }
    Some(start_engine(dir, None, Engine::Litesvm).await)
}

/// Deploys `FixtureToken` from `p`'s wallet and returns the deployment's receipt.
pub(crate) async fn deploy_token(p: &impl Provider) -> TransactionReceipt {
    let code = alloy::primitives::hex::decode(TOKEN_CREATION.trim()).expect("hex");
    p.send_transaction(TransactionRequest::default().with_deploy_code(Bytes::from(code)))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt")
}

/// A provider over HTTP signing with dev account `i`.
pub(crate) fn wallet_provider(node: &Running, i: usize) -> impl Provider + Clone {
    let signer = node.accounts[i].signer.clone();
    ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(node.http_url().parse().expect("url"))
}

/// A provider over HTTP without a wallet.
pub(crate) fn provider(node: &Running) -> impl Provider + Clone {
    ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(node.http_url().parse().expect("url"))
}

/// Posts a raw JSON body to the node and returns the JSON answer.
pub(crate) async fn post(node: &Running, body: serde_json::Value) -> serde_json::Value {
    let client = alloy::transports::http::reqwest::Client::new();
    client
        .post(node.http_url())
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json answer")
}
