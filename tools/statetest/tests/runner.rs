//! End-to-end checks of the runner on a small state-test file written here, with expected roots
//! computed from post-states spelled out by hand.

use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{Address, GrowVec, Log, U256};
use sealevm_statetest::runner::{run_file, Options, SkipReason, Verdict};
use sealevm_statetest::trie;
use std::collections::BTreeMap;

const SENDER: &str = "a94f5374fce5edbc8e2a8697c15331677e6ebf0b";
const SECRET: &str = "45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
const EOA: &str = "1000000000000000000000000000000000000001";
/// PUSH1 0 PUSH1 0 LOG0 STOP: one empty log, 21,000 + 3 + 3 + 375 gas.
const LOGGER: &str = "1000000000000000000000000000000000000002";
const LOGGER_CODE: [u8; 6] = [0x60, 0x00, 0x60, 0x00, 0xa0, 0x00];
/// CALL(gas, 0x0a, 0, 0, 0, 0, 0) STOP: calls the KZG point-evaluation precompile.
const KZG_CALLER: &str = "1000000000000000000000000000000000000003";
const BALANCE: u64 = 1_000_000_000_000_000_000;

fn addr(hex: &str) -> Address {
    Address::from_hex(hex).expect("address")
}

fn pre_state() -> MemoryState {
    let mut s = MemoryState::new();
    s.insert(addr(SENDER), U256::from_u64(BALANCE), 0, &[], []);
    s.insert(addr(LOGGER), U256::ZERO, 0, &LOGGER_CODE, []);
    let kzg_call = [
        0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0x0a, 0x5a, 0xf1, 0x00,
    ];
    s.insert(addr(KZG_CALLER), U256::ZERO, 0, &kzg_call, []);
    s
}

/// The pre-state after `gas` gas at price 10 (all to the base fee) and `value` sent to `to`.
fn post_state(to: &str, gas: u64, value: u64) -> MemoryState {
    let mut s = pre_state();
    s.insert(
        addr(SENDER),
        U256::from_u64(BALANCE - gas * 10 - value),
        1,
        &[],
        [],
    );
    let code: &[u8] = if to == LOGGER { &LOGGER_CODE } else { &[] };
    s.insert(addr(to), U256::from_u64(value), 0, code, []);
    s
}

fn post_entry(d: usize, g: usize, root: String, logs: String, exception: Option<&str>) -> String {
    let exception = exception.map_or(String::new(), |e| format!(r#","expectException":"{e}""#));
    format!(
        r#"{{"hash":"{root}","logs":"{logs}","indexes":{{"data":{d},"gas":{g},"value":0}}{exception}}}"#
    )
}

fn unit(to: &str, posts: &[String], blob: bool) -> String {
    let blob = if blob {
        r#","blobVersionedHashes":["0x01"],"maxFeePerBlobGas":"0x01""#
    } else {
        ""
    };
    format!(
        r#"{{
        "env": {{"currentBaseFee":"0x0a","currentCoinbase":"0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
                "currentDifficulty":"0x020000","currentExcessBlobGas":"0x00","currentGasLimit":"0x05f5e100",
                "currentNumber":"0x01","currentRandom":"0x0000000000000000000000000000000000000000000000000000000000020000",
                "currentTimestamp":"0x03e8"}},
        "pre": {{
            "0x{SENDER}": {{"balance":"0x{BALANCE:x}","code":"0x","nonce":"0x00","storage":{{}}}},
            "0x{LOGGER}": {{"balance":"0x00","code":"0x60006000a000","nonce":"0x00","storage":{{}}}},
            "0x{KZG_CALLER}": {{"balance":"0x00","code":"0x60006000600060006000600a5af100","nonce":"0x00","storage":{{}}}}
        }},
        "transaction": {{"data":["0x","0x01"],"gasLimit":["0x0186a0","0x4e20"],"gasPrice":"0x0a","nonce":"0x00",
                         "secretKey":"0x{SECRET}","to":"0x{to}","value":["0x64"]{blob}}},
        "post": {{"Cancun": [{}]}}
    }}"#,
        posts.join(",")
    )
}

fn hash(root: sealevm_evm::B256) -> String {
    root.to_string()
}

#[test]
fn judges_roots_logs_exceptions_and_skips() {
    let no_logs = hash(trie::logs_hash(&[]));
    let pre_root = hash(trie::state_root(&pre_state()));
    // d0: plain transfer of 100 wei (21,000 gas); d1: one non-zero data byte costs 16 more.
    let transfer = hash(trie::state_root(&post_state(EOA, 21_000, 100)));
    let transfer_data = hash(trie::state_root(&post_state(EOA, 21_016, 100)));
    let transfers = [
        post_entry(0, 0, transfer.clone(), no_logs.clone(), None),
        post_entry(1, 0, transfer_data, no_logs.clone(), None),
        // 20,000 gas is below the intrinsic cost: invalid, state unchanged.
        post_entry(
            0,
            1,
            pre_root.clone(),
            no_logs.clone(),
            Some("TransactionException.INTRINSIC_GAS_TOO_LOW"),
        ),
        // Wrong expectations must fail: a wrong root, and an exception that does not happen.
        post_entry(1, 0, transfer.clone(), no_logs.clone(), None),
        post_entry(
            0,
            0,
            transfer.clone(),
            no_logs.clone(),
            Some("TransactionException.X"),
        ),
    ];
    let log = Log {
        address: addr(LOGGER),
        topics: GrowVec::new(),
        data: Vec::new(),
    };
    let logger = [
        post_entry(
            0,
            0,
            hash(trie::state_root(&post_state(LOGGER, 21_381, 100))),
            hash(trie::logs_hash(&[log])),
            None,
        ),
        // Right root, wrong logs hash.
        post_entry(
            0,
            0,
            hash(trie::state_root(&post_state(LOGGER, 21_381, 100))),
            no_logs.clone(),
            None,
        ),
    ];
    let blob = [post_entry(0, 0, transfer.clone(), no_logs.clone(), None)];
    // Touches 0x0a and does not match (the expected root is a transfer's): skipped, not failed.
    let kzg = [post_entry(0, 0, transfer.clone(), no_logs.clone(), None)];
    // Named like a KZG test: skipped without running.
    let named = [post_entry(0, 0, transfer, no_logs, None)];
    let mut tests = BTreeMap::new();
    tests.insert("a_transfer", unit(EOA, &transfers, false));
    tests.insert("b_logger", unit(LOGGER, &logger, false));
    tests.insert("c_blob", unit(EOA, &blob, true));
    tests.insert("d_kzg_call", unit(KZG_CALLER, &kzg, false));
    tests.insert("e_pointEvaluation", unit(EOA, &named, false));
    let body: Vec<String> = tests
        .iter()
        .map(|(k, v)| format!(r#""{k}": {v}"#))
        .collect();
    let dir = std::env::temp_dir().join(format!("statetest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("synthetic.json");
    std::fs::write(&path, format!("{{{}}}", body.join(","))).expect("write fixture");

    let opts = Options {
        fork: "Cancun".into(),
        spec: sealevm_evm::SpecId::Cancun,
        filter: None,
        exclude: Vec::new(),
        dump: true,
    };
    let report = run_file(&path, "st/synthetic.json", &opts);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(report.dir, "st");
    let verdicts: Vec<(String, &str)> = report
        .cases
        .iter()
        .map(|c| {
            let v = match &c.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail(_) => "fail",
                Verdict::Skip(SkipReason::BlobTransaction) => "skip-blob",
                Verdict::Skip(SkipReason::KzgPointEvaluation) => "skip-kzg",
                Verdict::Skip(_) => "skip-other",
            };
            (c.id.clone(), v)
        })
        .collect();
    let expected = [
        ("st/synthetic.json::a_transfer::d0g0v0", "pass"),
        ("st/synthetic.json::a_transfer::d1g0v0", "pass"),
        ("st/synthetic.json::a_transfer::d0g1v0", "pass"),
        ("st/synthetic.json::a_transfer::d1g0v0", "fail"),
        ("st/synthetic.json::a_transfer::d0g0v0", "fail"),
        ("st/synthetic.json::b_logger::d0g0v0", "pass"),
        ("st/synthetic.json::b_logger::d0g0v0", "fail"),
        ("st/synthetic.json::c_blob::d0g0v0", "skip-blob"),
        ("st/synthetic.json::d_kzg_call::d0g0v0", "skip-kzg"),
        ("st/synthetic.json::e_pointEvaluation::d0g0v0", "skip-kzg"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(i, v)| (i.to_string(), *v)).collect();
    assert_eq!(verdicts, expected);
}

#[test]
fn unreadable_file_is_one_failure() {
    let dir = std::env::temp_dir().join(format!("statetest-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.json");
    std::fs::write(&path, "{\"x\": {\"not\": \"a state test\"}}").expect("write");
    let opts = Options {
        fork: "Cancun".into(),
        spec: sealevm_evm::SpecId::Cancun,
        filter: None,
        exclude: Vec::new(),
        dump: false,
    };
    let report = run_file(&path, "bad.json", &opts);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(report.dir, ".");
    assert_eq!(report.cases.len(), 1);
    assert!(matches!(report.cases[0].verdict, Verdict::Fail(_)));
}
