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

/// Creation code of `SlotWriter`, hand-assembled (no Solidity compiler on the build machine).
/// Called with 96 bytes of calldata `(start, count, base)` it stores `base + i` at slot
/// `start + i` for `i` in `0..count`; called without calldata it returns NUMBER (on the
/// Solana engines, the slot).
///
/// Init code (9 bytes) copies the 40-byte runtime and returns it:
/// `PUSH1 40 DUP1 PUSH1 9 PUSH0 CODECOPY PUSH0 RETURN`.
/// Runtime:
/// ```text
/// 00 CALLDATASIZE PUSH1 0x0b JUMPI              ; calldata: to the loop
/// 04 NUMBER PUSH0 MSTORE PUSH1 32 PUSH0 RETURN  ; none: return NUMBER
/// 0b JUMPDEST PUSH0                             ; i = 0
/// 0d JUMPDEST DUP1 PUSH1 32 CALLDATALOAD EQ PUSH1 0x26 JUMPI   ; i == count: done
/// 16 DUP1 PUSH1 64 CALLDATALOAD ADD             ; base + i
/// 1b DUP2 PUSH0 CALLDATALOAD ADD SSTORE         ; slot start + i
/// 20 PUSH1 1 ADD PUSH1 0x0d JUMP                ; i += 1
/// 26 JUMPDEST STOP
/// ```
pub(crate) const SLOT_WRITER_CREATION: &str = concat!(
    "60288060095f395ff3",
    "36600b57435f5260205ff3",
    "5b5f",
    "5b8060203514602657",
    "8060403501",
    "815f350155",
    "600101600d56",
    "5b00",
);

/// `SlotWriter`'s creation code as bytes.
pub(crate) fn slot_writer_code() -> Bytes {
    Bytes::from(alloy::primitives::hex::decode(SLOT_WRITER_CREATION).expect("hex"))
}

/// `SlotWriter`'s calldata: store `base + i` at slot `start + i` for `i` in `0..count`.
pub(crate) fn write_slots(start: u64, count: u64, base: u64) -> Bytes {
    let mut data = Vec::with_capacity(96);
    for word in [start, count, base] {
        data.extend_from_slice(&alloy::primitives::U256::from(word).to_be_bytes::<32>());
    }
    Bytes::from(data)
}

/// Deploys `code` from `p`'s wallet and returns the deployment's receipt.
pub(crate) async fn deploy(p: &impl Provider, code: Bytes) -> TransactionReceipt {
    p.send_transaction(TransactionRequest::default().with_deploy_code(code))
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
