//! `--solana-url`: the node drives a real `solana-test-validator` with the sealevm program
//! loaded at genesis. Skipped (with the reason printed) when the validator binary
//! (`$SEALEVM_VALIDATOR`, or `scripts/install-validator.sh`'s place in the cache) or the
//! program's `.so` (scripts/build-sbf.sh) is missing.

use crate::common::{self, IToken, CHAIN_ID};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol_types::SolEvent;
use sealevm_proxy::launch::{default_program_path, launch, Engine, NodeOptions, SolanaCluster};
use serde_json::{json, Value};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where scripts/install-validator.sh installs the validator, or `$SEALEVM_VALIDATOR`.
pub(crate) fn validator_path() -> PathBuf {
    if let Some(path) = std::env::var_os("SEALEVM_VALIDATOR") {
        return PathBuf::from(path);
    }
    let cache = std::env::var_os("SEALEVM_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/sealevm")
        });
    cache.join("tools/validator/bin/solana-test-validator")
}

/// One validator at a time in this process: two would race for the same free ports, and the
/// machine has few cores.
static VALIDATOR_TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A running solana-test-validator, killed when dropped (then the next test may start one).
pub(crate) struct Validator {
    child: Child,
    pub(crate) rpc_url: String,
    /// Its PubSub WebSocket (the RPC port + 1).
    pub(crate) ws_url: String,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Drop for Validator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `port` is free for TCP and UDP on 127.0.0.1.
fn free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok() && UdpSocket::bind(("127.0.0.1", port)).is_ok()
}

/// A base port with `width` free ports after it, searched from a per-process offset.
fn free_range(width: u16) -> u16 {
    let start = 20_000 + (std::process::id() % 200) as u16 * 100;
    (0..300u16)
        .map(|i| 20_000 + (start - 20_000 + i * 100) % 40_000)
        .find(|base| (*base..base + width).all(free))
        .expect("a free port range")
}

/// Starts the validator with the program at its id, on free ports, with a fresh ledger in
/// `ledger`, and waits until its RPC answers.
pub(crate) async fn start_validator(binary: &Path, program: &Path, ledger: &Path) -> Validator {
    let turn = VALIDATOR_TURN.lock().await;
    // rpc, rpc+1 (pubsub), faucet, gossip, then the dynamic range.
    let base = free_range(64);
    let rpc_port = base;
    let args: Vec<String> = vec![
        "--ledger".into(),
        ledger.display().to_string(),
        "--reset".into(),
        "--quiet".into(),
        "--bind-address".into(),
        "127.0.0.1".into(),
        "--rpc-port".into(),
        rpc_port.to_string(),
        "--faucet-port".into(),
        (base + 2).to_string(),
        "--gossip-port".into(),
        (base + 3).to_string(),
        "--dynamic-port-range".into(),
        format!("{}-{}", base + 4, base + 63),
        "--bpf-program".into(),
        sealevm_sdk::id::PROGRAM_ID_BASE58.into(),
        program.display().to_string(),
    ];
    let log = std::fs::File::create(ledger.with_extension("log")).expect("validator log");
    let child = Command::new(binary)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("validator starts");
    let validator = Validator {
        child,
        rpc_url: format!("http://127.0.0.1:{rpc_port}"),
        ws_url: format!("ws://127.0.0.1:{}", rpc_port + 1),
        _turn: turn,
    };
    let started = Instant::now();
    loop {
        if let Ok(answer) = solana_rpc(&validator.rpc_url, "getHealth", json!([])).await {
            if answer == "ok" {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "validator not healthy after 3 minutes (log: {})",
            ledger.with_extension("log").display()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    validator
}

/// A Solana JSON-RPC call's result.
pub(crate) async fn solana_rpc(url: &str, method: &str, params: Value) -> Result<Value, String> {
    let client = alloy::transports::http::reqwest::Client::new();
    let answer: Value = client
        .post(url)
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    answer
        .get("result")
        .cloned()
        .ok_or_else(|| format!("{method}: {answer}"))
}

/// Compute units the operator's most recent Solana transaction consumed, and the limit it
/// requested (its SetComputeUnitLimit instruction).
async fn last_compute_units(url: &str, operator: &str) -> (u64, u32) {
    let signatures = solana_rpc(
        url,
        "getSignaturesForAddress",
        json!([operator, {"limit": 1, "commitment": "confirmed"}]),
    )
    .await
    .expect("signatures");
    let signature = signatures[0]["signature"].as_str().expect("a signature");
    let tx = solana_rpc(
        url,
        "getTransaction",
        json!([signature, {"commitment": "confirmed", "encoding": "json", "maxSupportedTransactionVersion": 0}]),
    )
    .await
    .expect("transaction");
    let consumed = tx["meta"]["computeUnitsConsumed"]
        .as_u64()
        .expect("compute units");
    let keys = &tx["transaction"]["message"]["accountKeys"];
    let limit = tx["transaction"]["message"]["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .filter(|ix| {
            let index = ix["programIdIndex"].as_u64().expect("index") as usize;
            keys[index].as_str() == Some("ComputeBudget111111111111111111111111111111")
        })
        .filter_map(|ix| {
            bs58::decode(ix["data"].as_str().expect("data"))
                .into_vec()
                .ok()
        })
        .find(|data| data.len() == 5 && data[0] == 2)
        .map(|data| u32::from_le_bytes([data[1], data[2], data[3], data[4]]))
        .expect("a SetComputeUnitLimit instruction");
    (consumed, limit)
}

/// Asserts the node asked for the units a transaction needed, not the 1.4M maximum.
fn assert_fitted_limit((consumed, limit): (u64, u32), what: &str) {
    assert!(
        u64::from(limit) >= consumed && limit < 1_400_000,
        "{what}: consumed {consumed} CU under a limit of {limit}"
    );
}

/// Writes a new keypair in the Solana CLI format to `path` and returns its public key.
pub(crate) fn keypair_file_at(path: &Path) -> String {
    let keypair = Keypair::new();
    let bytes: Vec<u8> = keypair.to_bytes().to_vec();
    std::fs::write(path, serde_json::to_string(&bytes).expect("json")).expect("write");
    keypair.pubkey().to_string()
}

/// The validator binary and the program, or `None` after saying why `test` is skipped.
pub(crate) fn prerequisites(test: &str) -> Option<(PathBuf, PathBuf)> {
    let binary = validator_path();
    if !binary.is_file() {
        eprintln!(
            "{} not installed (scripts/install-validator.sh, or set SEALEVM_VALIDATOR): \
             {test} skipped",
            binary.display()
        );
        return None;
    }
    let program = default_program_path();
    if !program.is_file() {
        eprintln!(
            "{} not built (scripts/build-sbf.sh): {test} skipped",
            program.display()
        );
        return None;
    }
    Some((binary, program))
}

/// Options of a node in `data_dir` on the cluster at `url`, paid by `operator_keypair` (or a
/// generated, airdropped operator).
pub(crate) fn cluster_options(
    data_dir: PathBuf,
    url: &str,
    operator_keypair: Option<PathBuf>,
) -> NodeOptions {
    NodeOptions {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir,
        chain_id: CHAIN_ID,
        solana_url: Some(SolanaCluster {
            url: url.to_string(),
            ws_url: None,
            operator_keypairs: operator_keypair.into_iter().collect(),
            generated_operators: 0,
            fund_dev_accounts: true,
            index_from_slot: None,
        }),
        database_url: None,
        gas_price: 1_000_000_000,
        max_batch: 100,
        engine: Engine::Memory,
        program: None,
    }
}

#[tokio::test]
async fn node_drives_solana_test_validator() {
    let Some((binary, program)) = prerequisites("remote-cluster test") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let validator = start_validator(&binary, &program, &dir.path().join("ledger")).await;

    // An operator keypair file in the Solana CLI format, unfunded: the node airdrops it.
    let keypair_file = dir.path().join("operator.json");
    let operator_key = keypair_file_at(&keypair_file);
    let options = cluster_options(
        dir.path().join("node"),
        &validator.rpc_url,
        Some(keypair_file),
    );
    let node = launch(&options)
        .await
        .expect("node starts on the validator");
    let p = common::wallet_provider(&node, 0);
    let me = node.accounts[0].address;
    let ten_thousand_eth = U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18));
    assert_eq!(p.get_balance(me).await.expect("balance"), ten_thousand_eth);

    // A native transfer, executed by the program on the validator.
    let to = Address::repeat_byte(0x77);
    let milli_eth = U256::from(10u64).pow(U256::from(15));
    let started = Instant::now();
    let receipt = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(milli_eth),
        )
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    let transfer_time = started.elapsed();
    assert!(receipt.status());
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(p.get_balance(to).await.expect("balance"), milli_eth);
    let units = last_compute_units(&validator.rpc_url, &operator_key).await;
    assert_fitted_limit(units, "native transfer");
    let transfer_cu = units.0;
    eprintln!(
        "native transfer on solana-test-validator: {transfer_cu} CU (limit {}), {transfer_time:?}",
        units.1
    );
    assert!(
        transfer_cu > 1_000 && transfer_cu < 200_000,
        "{transfer_cu}"
    );

    // FixtureToken: too large for one packet, so it goes through a holder account.
    let started = Instant::now();
    let receipt = common::deploy_token(&p).await;
    eprintln!(
        "FixtureToken deployment (holder path): {:?}",
        started.elapsed()
    );
    assert!(receipt.status(), "deployment succeeds");
    let address = receipt.contract_address.expect("contract address");
    assert!(!p.get_code_at(address).await.expect("code").is_empty());
    let token = IToken::new(address, p.clone());
    assert_eq!(token.symbol().call().await.expect("symbol"), "FIXT");
    let receipt = token
        .transfer(to, U256::from(99))
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    let units = last_compute_units(&validator.rpc_url, &operator_key).await;
    assert_fitted_limit(units, "ERC-20 transfer");
    eprintln!(
        "ERC-20 transfer on solana-test-validator: {} CU (limit {})",
        units.0, units.1
    );
    assert_eq!(
        token.balanceOf(to).call().await.expect("balance"),
        U256::from(99)
    );
    let logs = p
        .get_logs(
            &Filter::new()
                .address(address)
                .event_signature(IToken::Transfer::SIGNATURE_HASH)
                .from_block(0),
        )
        .await
        .expect("logs");
    // The mint in the constructor and the transfer.
    assert_eq!(logs.len(), 2);
    assert_eq!(
        logs[1].topics()[2],
        alloy::primitives::B256::left_padding_from(to.as_slice())
    );

    // A reverting transaction is mined with status 0 (and pays its gas).
    let poor = common::wallet_provider(&node, 5);
    let poor_token = IToken::new(address, poor.clone());
    let before = poor
        .get_balance(node.accounts[5].address)
        .await
        .expect("balance");
    let receipt = poor_token
        .transfer(to, U256::from(1))
        .gas(100_000)
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(!receipt.status());
    let after = poor
        .get_balance(node.accounts[5].address)
        .await
        .expect("balance");
    assert!(after < before, "the reverted transaction paid gas");
    let head = p.get_block_number().await.expect("block number");
    node.stop().await;

    // A restart keeps the index and reads the state from the cluster (no replay, no second
    // deposit: the dev accounts exist); the indexer goes on from where it stopped.
    let node = launch(&options).await.expect("node restarts");
    let p = common::provider(&node);
    assert!(p.get_block_number().await.expect("block number") >= head);
    assert_eq!(
        p.get_transaction_receipt(receipt.transaction_hash)
            .await
            .expect("receipt")
            .expect("still indexed")
            .gas_used,
        receipt.gas_used
    );
    assert_eq!(p.get_balance(to).await.expect("balance"), milli_eth);
    assert_eq!(
        IToken::new(address, p.clone())
            .balanceOf(to)
            .call()
            .await
            .expect("balance"),
        U256::from(99)
    );
    node.stop().await;

    // The program is initialized for CHAIN_ID: another chain id is refused.
    let mut other = options.clone();
    other.chain_id = CHAIN_ID + 1;
    other.data_dir = dir.path().join("other");
    let err = launch(&other).await.err().expect("refused");
    assert!(
        err.to_string().contains(&format!("chain id {CHAIN_ID}")),
        "{err}"
    );

    // An index of embedded mode is not taken for this cluster's (nor changed).
    let embedded_dir = dir.path().join("embedded");
    common::start(&embedded_dir).await.stop().await;
    let mut onto_embedded = options.clone();
    onto_embedded.data_dir = embedded_dir;
    let err = launch(&onto_embedded).await.err().expect("refused");
    assert!(err.to_string().contains("embedded mode"), "{err}");
    drop(validator);
}

/// The operator's address lookup tables on the cluster: (table, how many addresses it holds).
async fn lookup_tables_of(url: &str, operator: &str) -> Vec<(String, usize)> {
    // A table's authority follows its 4-byte type, two slots, an index byte and the option
    // tag: at byte 22.
    let accounts = solana_rpc(
        url,
        "getProgramAccounts",
        json!([
            "AddressLookupTab1e1111111111111111111111111",
            {"commitment": "confirmed", "encoding": "jsonParsed",
             "filters": [{"memcmp": {"offset": 22, "bytes": operator}}]}
        ]),
    )
    .await
    .expect("lookup tables");
    accounts
        .as_array()
        .expect("an array")
        .iter()
        .map(|a| {
            let addresses = a["account"]["data"]["parsed"]["info"]["addresses"]
                .as_array()
                .map_or(0, Vec::len);
            (a["pubkey"].as_str().expect("pubkey").to_string(), addresses)
        })
        .collect()
}

#[tokio::test]
async fn many_slots_go_through_lookup_tables_on_solana_test_validator() {
    let Some((binary, program)) = prerequisites("remote lookup-table test") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let validator = start_validator(&binary, &program, &dir.path().join("ledger")).await;
    let keypair_file = dir.path().join("operator.json");
    let operator_key = keypair_file_at(&keypair_file);
    let options = cluster_options(
        dir.path().join("node"),
        &validator.rpc_url,
        Some(keypair_file),
    );
    let node = launch(&options)
        .await
        .expect("node starts on the validator");
    let p = common::wallet_provider(&node, 0);
    let receipt = common::deploy(&p, common::slot_writer_code()).await;
    assert!(receipt.status(), "SlotWriter deploys");
    let contract = receipt.contract_address.expect("contract address");
    assert!(lookup_tables_of(&validator.rpc_url, &operator_key)
        .await
        .is_empty());

    // 40 slots: 48 accounts, no legacy message fits; a v0 message over a new table does.
    let slots = 40u64;
    for (round, base) in [(1, 7u64), (2, 500)] {
        let started = Instant::now();
        let receipt = p
            .send_transaction(
                TransactionRequest::default()
                    .with_to(contract)
                    .with_input(common::write_slots(1_000, slots, base)),
            )
            .await
            .expect("sent")
            .get_receipt()
            .await
            .expect("receipt");
        eprintln!(
            "{slots} slots through lookup tables, round {round}: {:?}",
            started.elapsed()
        );
        assert!(receipt.status(), "round {round} mined with status 1");
        for i in 0..slots {
            let value = p
                .get_storage_at(contract, U256::from(1_000 + i))
                .await
                .expect("storage");
            assert_eq!(
                value,
                U256::from(base + i),
                "round {round}, slot {}",
                1_000 + i
            );
        }
        // One table holding the program's config, the system program, the gas account, the
        // caller, the contract and the 40 slots; the second round adds nothing to it.
        let tables = lookup_tables_of(&validator.rpc_url, &operator_key).await;
        assert_eq!(tables.len(), 1, "round {round}: {tables:?}");
        assert_eq!(
            tables[0].1,
            3 + 2 + slots as usize,
            "round {round}: {tables:?}"
        );
    }
    node.stop().await;
    drop(validator);
}
