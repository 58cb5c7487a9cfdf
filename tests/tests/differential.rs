//! Differential tests: sealevm-evm against revm (Cancun), the reference EVM.
//!
//! Every transaction runs on both engines from the same pre-state; the test compares the status
//! (success / revert / halt), gas used, return data, logs, the created address, and the whole
//! world afterwards (balance, nonce, code and storage of every account).
//!
//! * Fixtures: the Solidity contracts of `tests/fixtures` (OpenZeppelin ERC-20 deploy and
//!   transfers, keccak and storage loops, the ray tracer).
//! * Random programs: a fixed range of seeds, each a world of four contracts holding biased
//!   random programs (see `sealevm_evm_bench::program`) and one to three transactions; plus a
//!   few hundred worlds whose contracts are uniformly random bytes.
//!
//! A failing seed is shrunk to a minimal reproduction and printed. Environment:
//! `SEALEVM_DIFF_SEED=<seed>` runs only that seed (decimal or 0x-hex), `SEALEVM_DIFF_CASES=<n>`
//! changes the number of cases. Fastest in release:
//! `cargo test --release -p sealevm-tests --test differential`.

use sealevm_evm::{keccak256, Address, U256};
use sealevm_evm_bench::case::{self, Style};
use sealevm_evm_bench::fixtures::{self, Fixture};
use sealevm_evm_bench::model::hex;
use sealevm_evm_bench::{abi, AccountSpec, BlockSpec, Execution, RevmChain, SealevmChain};
use sealevm_evm_bench::{StatusClass, TxSpec};

/// Random-program worlds per run.
const PROGRAM_CASES: u64 = 2_000;
/// Random-bytes worlds per run.
const BYTES_CASES: u64 = 300;
/// First seed of the random-program range (the random-bytes range starts 2^32 later).
const BASE_SEED: u64 = 0x5ea1_0000_0000_0000;
/// Failing seeds that are shrunk and printed in full.
const SHRUNK_REPORTS: usize = 3;
/// Runs the shrinker may spend on one case.
const SHRINK_BUDGET: usize = 4_000;

fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    match value.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => value.parse().ok(),
    }
}

fn run_random(style: Style, default_cases: u64, base: u64) {
    let seeds: Vec<u64> = match env_u64("SEALEVM_DIFF_SEED") {
        Some(seed) => vec![seed],
        None => (0..env_u64("SEALEVM_DIFF_CASES").unwrap_or(default_cases))
            .map(|i| base + i)
            .collect(),
    };
    let mut failures = Vec::new();
    for &seed in &seeds {
        let case = case::random_case(seed, style);
        if let Err(divergence) = case::run(&case) {
            failures.push((seed, case, divergence));
        }
    }
    if failures.is_empty() {
        return;
    }
    let mut report = String::new();
    for (seed, case, divergence) in failures.iter().take(SHRUNK_REPORTS) {
        let small = case::shrink(case, divergence, SHRINK_BUDGET);
        let small_divergence = case::run(&small).err();
        report.push_str(&format!(
            "\n=== seed {seed:#x} ({style:?}) diverges {divergence}\n--- minimal reproduction:\n{small}"
        ));
        match small_divergence {
            Some(d) => report.push_str(&format!("--- which diverges {d}")),
            None => report.push_str("--- (the shrunk case no longer diverges)\n"),
        }
    }
    let all: Vec<String> = failures.iter().map(|(s, _, _)| format!("{s:#x}")).collect();
    panic!(
        "{} of {} {style:?} cases diverge from revm; seeds: {}\n(rerun one with SEALEVM_DIFF_SEED=<seed>){report}",
        failures.len(),
        seeds.len(),
        all.join(" ")
    );
}

#[test]
fn random_programs_match_revm() {
    run_random(Style::Programs, PROGRAM_CASES, BASE_SEED);
}

#[test]
fn random_bytes_match_revm() {
    run_random(Style::RandomBytes, BYTES_CASES, BASE_SEED + (1 << 32));
}

/// Both engines over one world; every step must agree.
struct Pair {
    ours: SealevmChain,
    oracle: RevmChain,
    nonces: std::collections::BTreeMap<Address, u64>,
}

const DEPLOYER: Address = Address([0xde; 20]);
const ALICE: Address = Address([0xa1; 20]);
const BOB: Address = Address([0xb0; 20]);
const CAROL: Address = Address([0xca; 20]);

impl Pair {
    fn new() -> Self {
        let eth = U256::from_u64(1_000_000_000_000_000_000);
        let accounts: Vec<AccountSpec> = [DEPLOYER, ALICE, BOB, CAROL]
            .iter()
            .map(|a| AccountSpec::eoa(*a, eth))
            .collect();
        let block = BlockSpec::default();
        Self {
            ours: SealevmChain::new(&accounts, &block),
            oracle: RevmChain::new(&accounts, &block),
            nonces: Default::default(),
        }
    }

    /// Runs `tx` (with the sender's next nonce) on both and checks that everything agrees.
    fn exec(&mut self, mut tx: TxSpec) -> Execution {
        let nonce = self.nonces.entry(tx.caller).or_insert(0);
        tx.nonce = *nonce;
        *nonce += 1;
        let a = self
            .ours
            .execute(&tx)
            .expect("sealevm rejected the transaction");
        let b = self
            .oracle
            .execute(&tx)
            .expect("revm rejected the transaction");
        let diff = a.diff(&b);
        assert!(
            diff.is_empty(),
            "results differ (sealevm vs revm): {diff:#?}"
        );
        let diff = self.ours.snapshot().diff(&self.oracle.snapshot());
        assert!(
            diff.is_empty(),
            "state differs (sealevm vs revm): {diff:#?}"
        );
        a
    }

    fn call(&mut self, from: Address, to: Address, data: Vec<u8>) -> Execution {
        self.exec(TxSpec::call(from, to, data, 0, 5_000_000))
    }

    /// Deploys `fixture` from [`DEPLOYER`] and checks the deployed code.
    fn deploy(&mut self, fixture: &Fixture) -> Address {
        let init = fixture.creation().expect("fixture hex");
        let result = self.exec(TxSpec::create(DEPLOYER, init, 0, 10_000_000));
        assert_eq!(
            result.status,
            StatusClass::Success,
            "deploying {}: {result:?}",
            fixture.name
        );
        let address = result.created.expect("created address");
        let runtime = fixture.runtime().expect("fixture hex");
        let code = &self.ours.snapshot().accounts[&address].code;
        assert_eq!(
            hex(code),
            hex(&runtime),
            "{} deployed code differs from build/",
            fixture.name
        );
        address
    }
}

fn word(result: &Execution, index: usize) -> U256 {
    abi::word(&result.output, index).expect("return word")
}

#[test]
fn fixtures_deploy_identically() {
    let mut pair = Pair::new();
    for fixture in fixtures::ALL {
        pair.deploy(&fixture);
    }
}

#[test]
fn erc20_transfers_match_revm() {
    let mut pair = Pair::new();
    let token = pair.deploy(&fixtures::FIXTURE_TOKEN);
    let balance_of = |who: Address| abi::call("balanceOf(address)", &[abi::address(who)]);
    let supply = word(&pair.call(ALICE, token, abi::call("totalSupply()", &[])), 0);
    let deployer = word(&pair.call(ALICE, token, balance_of(DEPLOYER)), 0);
    assert_eq!(supply, deployer);

    let amount = U256::from_u64(1_000_000);
    for to in [ALICE, BOB, CAROL] {
        let r = pair.call(
            DEPLOYER,
            token,
            abi::call("transfer(address,uint256)", &[abi::address(to), amount]),
        );
        assert_eq!(r.status, StatusClass::Success);
        assert_eq!(r.logs.len(), 1, "one Transfer event");
    }
    // Between holders, to themselves, and zero amounts.
    let transfer = |to: Address, v: u64| {
        abi::call(
            "transfer(address,uint256)",
            &[abi::address(to), U256::from_u64(v)],
        )
    };
    assert_eq!(
        pair.call(ALICE, token, transfer(BOB, 1_234)).status,
        StatusClass::Success
    );
    assert_eq!(
        pair.call(BOB, token, transfer(BOB, 5)).status,
        StatusClass::Success
    );
    assert_eq!(
        pair.call(CAROL, token, transfer(ALICE, 0)).status,
        StatusClass::Success
    );
    // Clearing a balance to zero (storage refund).
    assert_eq!(
        pair.call(CAROL, token, transfer(ALICE, 1_000_000)).status,
        StatusClass::Success
    );
    // More than the balance: the custom error ERC20InsufficientBalance reverts.
    let r = pair.call(CAROL, token, transfer(ALICE, 1));
    assert_eq!(r.status, StatusClass::Revert);
    assert_eq!(
        r.output[..4],
        abi::selector("ERC20InsufficientBalance(address,uint256,uint256)")
    );
    // Allowances.
    let approve = abi::call(
        "approve(address,uint256)",
        &[abi::address(BOB), U256::from_u64(500)],
    );
    assert_eq!(
        pair.call(ALICE, token, approve).status,
        StatusClass::Success
    );
    let from = abi::call(
        "transferFrom(address,address,uint256)",
        &[
            abi::address(ALICE),
            abi::address(CAROL),
            U256::from_u64(300),
        ],
    );
    assert_eq!(
        pair.call(BOB, token, from.clone()).status,
        StatusClass::Success
    );
    assert_eq!(
        pair.call(BOB, token, from).status,
        StatusClass::Revert,
        "allowance exhausted"
    );
    assert_eq!(
        word(&pair.call(ALICE, token, balance_of(CAROL)), 0),
        U256::from_u64(300)
    );
    // A call with value to a non-payable function reverts; unknown selectors revert.
    let mut tx = TxSpec::call(ALICE, token, balance_of(ALICE), 0, 100_000);
    tx.value = U256::from_u64(1);
    assert_eq!(pair.exec(tx).status, StatusClass::Revert);
    assert_eq!(
        pair.call(ALICE, token, vec![0xde, 0xad, 0xbe, 0xef]).status,
        StatusClass::Revert
    );
    // Out of gas in the middle of a transfer.
    let tx = TxSpec::call(ALICE, token, transfer(BOB, 1), 0, 30_000);
    assert_eq!(pair.exec(tx).status, StatusClass::Halt);
}

#[test]
fn keccak_and_storage_loops_match_revm() {
    let mut pair = Pair::new();
    let keccak = pair.deploy(&fixtures::KECCAK_LOOP);
    let seed = U256::from_u64(42);
    let r = pair.call(
        ALICE,
        keccak,
        abi::call("run(bytes32,uint256)", &[seed, U256::from_u64(100)]),
    );
    let mut digest = seed.to_be_bytes();
    for i in 0..100u64 {
        let mut buf = [0u8; 64];
        buf[..32].copy_from_slice(&digest);
        buf[32..].copy_from_slice(&U256::from_u64(i).to_be_bytes());
        digest = keccak256(&buf).0;
    }
    assert_eq!(word(&r, 0), U256::from_be_bytes(digest));

    let storage = pair.deploy(&fixtures::STORAGE_LOOP);
    let range = [U256::from_u64(3), U256::from_u64(40)];
    for _ in 0..2 {
        pair.call(ALICE, storage, abi::call("run(uint256,uint256)", &range));
    }
    pair.call(
        BOB,
        storage,
        abi::call(
            "clear(uint256,uint256)",
            &[U256::from_u64(10), U256::from_u64(20)],
        ),
    );
    let r = pair.call(CAROL, storage, abi::call("run(uint256,uint256)", &range));
    assert_eq!(r.status, StatusClass::Success);
    // Out of gas part-way through the loop.
    let tx = TxSpec::call(
        ALICE,
        storage,
        abi::call("run(uint256,uint256)", &[U256::ZERO, U256::from_u64(50)]),
        0,
        200_000,
    );
    assert_eq!(pair.exec(tx).status, StatusClass::Halt);
}

#[test]
fn ray_tracer_matches_revm() {
    let mut pair = Pair::new();
    let tracer = pair.deploy(&fixtures::RAY_TRACER);
    let size = [U256::from_u64(6), U256::from_u64(4)];
    let image = pair.call(ALICE, tracer, abi::call("render(uint256,uint256)", &size));
    assert_eq!(image.status, StatusClass::Success);
    // ABI bytes: offset, length, data.
    let len = word(&image, 1).low_u64() as usize;
    assert_eq!(len, 6 * 4 * 3);
    let pixels = &image.output[64..64 + len];
    assert!(
        pixels.iter().any(|b| *b != 0) && pixels.iter().any(|b| *b != pixels[0]),
        "a non-trivial image"
    );
    let checksum = pair.call(ALICE, tracer, abi::call("checksum(uint256,uint256)", &size));
    assert_eq!(word(&checksum, 0), U256::from_be_bytes(keccak256(pixels).0));
}

// ---------------------------------------------------------------------------------------------
// Hand-written edge cases that random programs reach rarely.

use sealevm_evm::opcode as op;
use sealevm_evm_bench::case::{Case, SENDER};
use sealevm_evm_bench::program::Asm;

const C1: Address = Address([0xc1; 20]);
const C2: Address = Address([0xc2; 20]);
const C3: Address = Address([0xc3; 20]);

/// Code from a closure over an assembler.
fn asm(build: impl FnOnce(&mut Asm)) -> Vec<u8> {
    let mut a = Asm::default();
    build(&mut a);
    a.assemble()
}

/// CALL `to` with all gas, `value` and no data, leaving the success flag.
fn call_all_gas(a: &mut Asm, to: Address, value: u64) {
    for _ in 0..4 {
        a.push_u64(0);
    }
    a.push_u64(value);
    a.push(to.to_word());
    a.op(op::GAS);
    a.op(op::CALL);
}

/// Stores `code` at memory 0 and leaves CREATE2 (value 0, salt 0) or CREATE's result.
fn create_from_memory(a: &mut Asm, code: &[u8], salt: Option<u64>) {
    for (i, chunk) in code.chunks(32).enumerate() {
        let mut w = [0u8; 32];
        w[..chunk.len()].copy_from_slice(chunk);
        a.push(U256::from_be_bytes(w));
        a.push_u64(32 * i as u64);
        a.op(op::MSTORE);
    }
    if let Some(salt) = salt {
        a.push_u64(salt);
    }
    a.push_u64(code.len() as u64);
    a.push_u64(0);
    a.push_u64(0);
    a.op(if salt.is_some() {
        op::CREATE2
    } else {
        op::CREATE
    });
}

/// Initcode deploying `runtime` (at most 255 bytes).
fn deployer_of(runtime: &[u8]) -> Vec<u8> {
    let n = runtime.len() as u8;
    // PUSH1 n PUSH1 10 PUSH0 CODECOPY PUSH1 n PUSH0 RETURN (10 bytes), then the runtime.
    let mut code = vec![0x60, n, 0x60, 10, 0x5f, 0x39, 0x60, n, 0x5f, 0xf3];
    code.extend_from_slice(runtime);
    code
}

/// A contract of [`world`]: address, code, storage and balance.
type Contract = (Address, Vec<u8>, Vec<(U256, U256)>, u64);

/// The sender and `contracts` (nonce 1).
fn world(contracts: Vec<Contract>) -> Vec<AccountSpec> {
    let mut accounts = vec![AccountSpec::eoa(SENDER, U256::from_u64(u64::MAX))];
    for (address, code, storage, balance) in contracts {
        accounts.push(AccountSpec {
            address,
            balance: U256::from_u64(balance),
            nonce: 1,
            code,
            storage,
        });
    }
    accounts
}

fn tx(to: Option<Address>, data: Vec<u8>, gas: u64) -> TxSpec {
    TxSpec {
        to,
        ..TxSpec::call(SENDER, Address::ZERO, data, 0, gas)
    }
}

fn check(name: &str, accounts: Vec<AccountSpec>, txs: Vec<TxSpec>) -> Option<String> {
    let case = Case {
        accounts,
        block: BlockSpec::default(),
        txs,
    };
    case::run(&case)
        .err()
        .map(|d| format!("=== {name} diverges {d}--- case:\n{case}"))
}

#[test]
fn edge_cases_match_revm() {
    let mut failures = Vec::new();

    // Recursion to the call-depth limit: every frame counts itself in transient storage, and
    // the outermost frame stores the count. With 10^12 gas the depth limit stops it (the
    // transaction's frame is depth 0, so 1025 frames run), with less gas the 63/64 rule does.
    let recurse = asm(|a| {
        a.push_u64(0);
        a.op(op::TLOAD);
        a.push_u64(1);
        a.op(op::ADD);
        a.push_u64(0);
        a.op(op::TSTORE);
        call_all_gas(a, C1, 0);
        a.op(op::POP);
        let outermost = a.new_label();
        a.op(op::CALLER);
        a.push(SENDER.to_word());
        a.op(op::EQ);
        a.push_label(outermost);
        a.op(op::JUMPI);
        a.op(op::STOP);
        a.label(outermost);
        a.push_u64(0);
        a.op(op::TLOAD);
        a.push_u64(0);
        a.op(op::SSTORE);
    });
    let big_block = BlockSpec {
        gas_limit: 10_000_000_000_000,
        ..BlockSpec::default()
    };
    for gas in [1_000_000_000_000, 30_000_000, 100_000] {
        let case = Case {
            accounts: world(vec![(C1, recurse.clone(), vec![], 0)]),
            block: big_block.clone(),
            txs: vec![tx(Some(C1), vec![], gas)],
        };
        if let Err(d) = case::run(&case) {
            failures.push(format!("=== depth limit, gas {gas} diverges {d}"));
        }
    }
    let mut ours = SealevmChain::new(&world(vec![(C1, recurse.clone(), vec![], 0)]), &big_block);
    ours.execute(&tx(Some(C1), vec![], 1_000_000_000_000))
        .expect("valid transaction");
    let depth = ours.snapshot().accounts[&C1]
        .storage
        .get(&U256::ZERO)
        .copied();
    assert_eq!(
        depth,
        Some(U256::from_u64(1025)),
        "frames run, the transaction's included"
    );

    // Exactly 1024 stack words, then 1025.
    for n in [1024, 1025] {
        let mut code = vec![op::PUSH0; n];
        code.push(op::STOP);
        failures.extend(check(
            &format!("{n} stack words"),
            world(vec![(C1, code, vec![], 0)]),
            vec![tx(Some(C1), vec![], 1_000_000)],
        ));
    }

    // EIP-7610: CREATE2 onto an address that has storage but no code or nonce.
    let init = deployer_of(&[op::STOP]);
    let target = sealevm_evm::create2_address(&C1, U256::ZERO, &keccak256(&init).0);
    let creator = asm(|a| {
        create_from_memory(a, &init, Some(0));
        a.push_u64(0);
        a.op(op::SSTORE);
    });
    // revm 43 does not implement EIP-7610 (it only checks code and nonce, and deploys over the
    // storage), so this one is checked on sealevm alone: the creation must fail.
    let mut accounts = world(vec![(C1, creator.clone(), vec![], 0)]);
    let slot = (U256::from_u64(1), U256::from_u64(1));
    accounts.push(AccountSpec {
        address: target,
        balance: U256::ZERO,
        nonce: 0,
        code: vec![],
        storage: vec![slot],
    });
    let mut ours = SealevmChain::new(&accounts, &BlockSpec::default());
    let r = ours
        .execute(&tx(Some(C1), vec![], 1_000_000))
        .expect("valid transaction");
    assert_eq!(r.status, StatusClass::Success);
    let after = ours.snapshot();
    assert_eq!(
        after.accounts[&C1].storage.get(&U256::ZERO),
        None,
        "CREATE2 must return 0 (EIP-7610)"
    );
    let t = &after.accounts[&target];
    assert!(
        t.code.is_empty() && t.nonce == 0 && t.storage.len() == 1,
        "collided account unchanged"
    );
    // The same CREATE2 twice: the second collides.
    failures.extend(check(
        "create2 twice",
        world(vec![(C1, creator, vec![], 0)]),
        vec![
            tx(Some(C1), vec![], 1_000_000),
            tx(Some(C1), vec![], 1_000_000),
        ],
    ));

    // EIP-6780: a contract created and self-destructed in one transaction disappears; one
    // created earlier only loses its balance. The beneficiary is C3.
    let destruct = asm(|a| {
        a.push(C3.to_word());
        a.op(op::SELFDESTRUCT);
    });
    let create_and_kill = asm(|a| {
        create_from_memory(a, &deployer_of(&destruct), None);
        // CALL(gas, created, value 7, ...)
        for _ in 0..4 {
            a.push_u64(0);
        }
        a.push_u64(7);
        a.op(op::DUP6);
        a.op(op::GAS);
        a.op(op::CALL);
        a.push_u64(0);
        a.op(op::SSTORE);
        a.push_u64(1);
        a.op(op::SSTORE);
    });
    failures.extend(check(
        "create then selfdestruct",
        world(vec![
            (C1, create_and_kill, vec![], 1_000),
            (
                C2,
                destruct.clone(),
                vec![(U256::ZERO, U256::from_u64(5))],
                500,
            ),
        ]),
        vec![
            tx(Some(C1), vec![], 1_000_000),
            tx(Some(C2), vec![], 1_000_000),
            tx(Some(C2), vec![], 1_000_000),
        ],
    ));
    // A constructor that self-destructs, and a contract that self-destructs to itself.
    let self_beneficiary = asm(|a| {
        a.op(op::ADDRESS);
        a.op(op::SELFDESTRUCT);
    });
    failures.extend(check(
        "selfdestruct in constructor / to itself",
        world(vec![(C2, self_beneficiary.clone(), vec![], 500)]),
        vec![
            tx(None, destruct, 1_000_000),
            tx(None, self_beneficiary, 1_000_000),
            tx(Some(C2), vec![], 1_000_000),
        ],
    ));

    // Deployed code of exactly 24,576 bytes, one more, and 0xEF-prefixed code.
    for (name, len) in [("max code size", 0x6000u64), ("code size + 1", 0x6001)] {
        let init = asm(|a| {
            a.push_u64(len);
            a.push_u64(0);
            a.op(op::RETURN);
        });
        failures.extend(check(name, world(vec![]), vec![tx(None, init, 10_000_000)]));
    }
    let ef = asm(|a| {
        a.push_u64(0xef);
        a.push_u64(0);
        a.op(op::MSTORE8);
        a.push_u64(1);
        a.push_u64(0);
        a.op(op::RETURN);
    });
    failures.extend(check(
        "0xEF code",
        world(vec![]),
        vec![tx(None, ef, 1_000_000)],
    ));

    // Refund cap: clearing twenty existing slots refunds more than a fifth of the gas.
    let clear = asm(|a| {
        for k in 0..20 {
            a.push_u64(0);
            a.push_u64(k);
            a.op(op::SSTORE);
        }
    });
    let slots = (0..20)
        .map(|k| (U256::from_u64(k), U256::from_u64(k + 1)))
        .collect();
    failures.extend(check(
        "refund cap",
        world(vec![(C1, clear, slots, 0)]),
        vec![tx(Some(C1), vec![], 1_000_000)],
    ));

    // Value through CALL, CALLCODE and DELEGATECALL, a call to itself with value, and a
    // reverting inner call whose caller keeps going.
    let echo_value = asm(|a| {
        a.op(op::CALLVALUE);
        a.op(op::CALLER);
        a.op(op::SSTORE);
    });
    let fan_out = asm(|a| {
        call_all_gas(a, C2, 11);
        a.op(op::POP);
        call_all_gas(a, C1, 0);
        a.op(op::POP);
        for (kind, value) in [(op::CALLCODE, 13u64), (op::DELEGATECALL, 0)] {
            for _ in 0..4 {
                a.push_u64(0);
            }
            if kind == op::CALLCODE {
                a.push_u64(value);
            }
            a.push(C2.to_word());
            a.op(op::GAS);
            a.op(kind);
            a.op(op::POP);
        }
        call_all_gas(a, C3, 0);
        a.push_u64(9);
        a.op(op::SSTORE);
    });
    let reverter = asm(|a| {
        a.push_u64(1);
        a.push_u64(1);
        a.op(op::SSTORE);
        a.push_u64(0);
        a.push_u64(0);
        a.op(op::REVERT);
    });
    let mut call_value = tx(Some(C1), vec![], 1_000_000);
    call_value.value = U256::from_u64(1_000);
    failures.extend(check(
        "value through call kinds",
        world(vec![
            (C1, fan_out, vec![], 100),
            (C2, echo_value, vec![], 0),
            (C3, reverter, vec![], 0),
        ]),
        vec![call_value],
    ));

    // Transactions straight to precompiles, with value, and an access list naming one.
    let mut to_sha = tx(
        Some(Address::from_word(U256::from_u64(2))),
        b"abc".to_vec(),
        100_000,
    );
    to_sha.value = U256::from_u64(5);
    to_sha.access_list = vec![
        (Address::from_word(U256::from_u64(2)), vec![U256::ZERO]),
        (C1, vec![U256::ZERO, U256::ZERO]),
    ];
    let to_ecrecover = tx(
        Some(Address::from_word(U256::from_u64(1))),
        vec![1; 128],
        100_000,
    );
    failures.extend(check(
        "transactions to precompiles",
        world(vec![]),
        vec![to_sha, to_ecrecover],
    ));

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
