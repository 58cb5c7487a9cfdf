//! The probe program (programs/evm-probe) built by scripts/build-sbf.sh, run in LiteSVM.
//!
//! The keccak operation proves the build pipeline and the heap frame; the EVM runs compare the
//! on-chain result of the sealevm interpreter with the same code run natively.

use sealevm_evm_probe::codec::{self, RunResult, RunStatus};
use sealevm_evm_probe::{run, HEAP_FRAME_BYTES};
use sealevm_tests::sbf::{Budget, Invocation, SbfError, SbfProgram, MAX_COMPUTE_UNIT_LIMIT};
use tiny_keccak::{Hasher, Keccak};

const PROBE: &str = "sealevm_evm_probe";

fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Keccak::v256();
    hasher.update(data);
    let mut out = [0u8; 32];
    hasher.finalize(&mut out);
    out
}

/// Loads the probe, failing (not skipping) with the build hint when the .so is missing.
fn probe() -> SbfProgram {
    SbfProgram::load(PROBE).unwrap_or_else(|err| panic!("{err}"))
}

fn budget() -> Budget {
    Budget {
        compute_unit_limit: MAX_COMPUTE_UNIT_LIMIT,
        heap_frame_bytes: Some(HEAP_FRAME_BYTES),
    }
}

fn invoke(program: &mut SbfProgram, data: &[u8]) -> Invocation {
    program
        .invoke(data, vec![], budget())
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Runs `code` on-chain and natively, asserts both agree and returns the result.
fn run_both(program: &mut SbfProgram, name: &str, gas: u64, code: &[u8], data: &[u8]) -> RunResult {
    let request = codec::encode_run(gas, code, data).expect("small code");
    let out = invoke(program, &request);
    let on_chain = codec::decode_result(&out.return_data)
        .unwrap_or_else(|| panic!("{name}: malformed return data {:?}", out.return_data));
    let native = run::execute(gas, code, data).expect("valid transaction");
    assert_eq!(
        on_chain, native,
        "{name}: on-chain and native results differ"
    );
    println!(
        "evm {name}: {:?}, {} gas, {} CU",
        on_chain.status, on_chain.gas_used, out.compute_units
    );
    on_chain
}

#[test]
fn probe_returns_keccak_of_its_input() {
    let mut program = probe();
    let inputs: [&[u8]; 4] = [b"", b"abc", &[0x5a; 136], &[7; 900]];
    for input in inputs {
        let out = invoke(&mut program, &codec::encode_keccak(input));
        assert_eq!(
            out.return_data,
            keccak256(input),
            "digest of {} bytes",
            input.len()
        );
        println!(
            "keccak: {} bytes hashed in {} CU",
            input.len(),
            out.compute_units
        );
        assert!(out.compute_units > 0 && out.compute_units < 20_000);
    }
}

#[test]
fn probe_needs_the_heap_frame() {
    let mut program = probe();
    let small = Budget {
        heap_frame_bytes: None,
        ..budget()
    };
    match program.invoke(&codec::encode_keccak(b"abc"), vec![], small) {
        Err(SbfError::Failed { logs, .. }) => {
            assert!(
                logs.iter().any(|line| line.contains("Access violation")),
                "unexpected logs: {logs:#?}"
            );
        }
        other => panic!("expected an access violation without a heap frame, got {other:?}"),
    }
}

#[test]
fn probe_rejects_malformed_instructions() {
    let mut program = probe();
    for data in [&[][..], &[9][..], &[codec::OP_RUN, 1, 2][..]] {
        let err = program
            .invoke(data, vec![], budget())
            .expect_err("malformed data must fail");
        assert!(
            matches!(&err, SbfError::Failed { error, .. } if error.contains("Custom(1)")),
            "{data:?}: {err}"
        );
    }
}

#[test]
fn evm_sstore_then_return_word() {
    let mut program = probe();
    // PUSH1 0x2a PUSH1 0x01 SSTORE  PUSH1 0x01 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    let code = [
        0x60, 0x2a, 0x60, 0x01, 0x55, 0x60, 0x01, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00,
        0xf3,
    ];
    let result = run_both(&mut program, "sstore", 100_000, &code, &[]);
    assert_eq!(result.status, RunStatus::Success);
    let mut word = [0u8; 32];
    word[31] = 42;
    assert_eq!(result.output, word);
    // 21000 + pushes (6*3) + cold SSTORE 22100 + warm SLOAD 100 + MSTORE 3 + memory 3
    assert_eq!(result.gas_used, 21_000 + 18 + 22_100 + 100 + 3 + 3);
}

#[test]
fn evm_echoes_calldata_and_hashes_memory() {
    let mut program = probe();
    // CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY CALLDATASIZE PUSH1 0 RETURN
    let echo = [0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x36, 0x60, 0x00, 0xf3];
    let data: Vec<u8> = (0..200u8).collect();
    let result = run_both(&mut program, "echo", 100_000, &echo, &data);
    assert_eq!(result.output, data);

    // PUSH1 32 PUSH1 0 SHA3 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: keccak of 32 zero bytes
    let sha3 = [
        0x60, 0x20, 0x60, 0x00, 0x20, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3,
    ];
    let result = run_both(&mut program, "sha3", 100_000, &sha3, &[]);
    assert_eq!(result.output, keccak256(&[0u8; 32]));
}

#[test]
fn evm_calls_a_precompile() {
    let mut program = probe();
    // STATICCALL sha256 (0x02) on empty input, return its 32-byte output.
    let code = [
        0x60, 0x20, 0x60, 0x00, 0x60, 0x00, 0x60, 0x00, 0x60, 0x02, 0x5a, 0xfa, 0x50, 0x60, 0x20,
        0x60, 0x00, 0xf3,
    ];
    let result = run_both(&mut program, "sha256 precompile", 100_000, &code, &[]);
    assert_eq!(result.status, RunStatus::Success);
    assert_eq!(
        result.output[..4],
        [0xe3, 0xb0, 0xc4, 0x42],
        "sha256 of the empty string"
    );
}

#[test]
fn evm_revert_and_halts() {
    let mut program = probe();
    // PUSH1 0xaa PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 REVERT
    let revert = [0x60, 0xaa, 0x60, 0x00, 0x53, 0x60, 0x01, 0x60, 0x00, 0xfd];
    let result = run_both(&mut program, "revert", 100_000, &revert, &[]);
    assert_eq!(result.status, RunStatus::Revert);
    assert_eq!(result.output, [0xaa]);

    let result = run_both(&mut program, "invalid", 100_000, &[0xfe], &[]);
    assert!(matches!(result.status, RunStatus::Halt(_)));
    assert_eq!(result.gas_used, 100_000, "a halt consumes all gas");

    // An endless loop runs out of gas: JUMPDEST PUSH1 0 JUMP
    let result = run_both(
        &mut program,
        "out of gas",
        50_000,
        &[0x5b, 0x60, 0x00, 0x56],
        &[],
    );
    assert!(matches!(result.status, RunStatus::Halt(_)));
}

/// `PUSH2 n; loop { PUSH1 1 SWAP1 SUB DUP1 JUMPI(loop) }; STOP`: 7 opcodes and 26 gas per round.
fn countdown(n: u16) -> Vec<u8> {
    let [hi, lo] = n.to_be_bytes();
    vec![
        0x61, hi, lo, 0x5b, 0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x03, 0x57, 0x00,
    ]
}

#[test]
fn evm_loop_cost() {
    let mut program = probe();
    let small = run_both(&mut program, "loop 10", 1_000_000, &countdown(10), &[]);
    let big = run_both(&mut program, "loop 1000", 1_000_000, &countdown(1000), &[]);
    assert_eq!(small.status, RunStatus::Success);
    assert_eq!(big.gas_used - small.gas_used, 990 * 26);
}

#[test]
fn evm_full_stack_fits_the_heap() {
    let mut program = probe();
    // PUSH2 n; loop { PUSH1 0 SWAP1 PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI }; STOP
    // A round starting with z zeros below the counter peaks at z + 4 items, so n = 1021
    // reaches exactly 1024 (32 KiB of words on the heap) and n = 1022 overflows.
    let fill = |n: u16| {
        let [hi, lo] = n.to_be_bytes();
        vec![
            0x61, hi, lo, 0x5b, 0x60, 0x00, 0x90, 0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x03, 0x57,
            0x00,
        ]
    };
    let full = run_both(&mut program, "stack 1024", 1_000_000, &fill(1021), &[]);
    assert_eq!(full.status, RunStatus::Success);
    let over = run_both(&mut program, "stack 1025", 1_000_000, &fill(1022), &[]);
    assert!(matches!(over.status, RunStatus::Halt(_)));
}
