//! The probe program (programs/evm-probe) built by scripts/build-sbf.sh, run in LiteSVM.

use sealevm_evm_probe::HEAP_FRAME_BYTES;
use sealevm_tests::sbf::{Budget, SbfError, SbfProgram};
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
    match SbfProgram::load(PROBE) {
        Ok(program) => program,
        Err(err) => panic!("{err}"),
    }
}

fn budget() -> Budget {
    Budget {
        compute_unit_limit: 200_000,
        heap_frame_bytes: Some(HEAP_FRAME_BYTES),
    }
}

#[test]
fn probe_returns_keccak_of_its_input() {
    let mut program = probe();
    let inputs: [&[u8]; 4] = [b"", b"abc", &[0x5a; 136], &[7; 900]];
    for input in inputs {
        let out = program
            .invoke(input, vec![], budget())
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            out.return_data,
            keccak256(input),
            "digest of {} bytes",
            input.len()
        );
        println!(
            "probe: {} bytes hashed in {} CU",
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
    match program.invoke(b"abc", vec![], small) {
        Err(SbfError::Failed { logs, .. }) => {
            assert!(
                logs.iter().any(|line| line.contains("Access violation")),
                "unexpected logs: {logs:#?}"
            );
        }
        other => panic!("expected an access violation without a heap frame, got {other:?}"),
    }
}
