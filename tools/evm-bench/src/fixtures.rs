//! The compiled Solidity fixtures of `tests/fixtures` (see its README), embedded at build time.

use crate::model::unhex;

/// One compiled contract.
#[derive(Clone, Copy, Debug)]
pub struct Fixture {
    /// Contract name (also the file stem under `tests/fixtures/build/`).
    pub name: &'static str,
    creation_hex: &'static str,
    runtime_hex: &'static str,
}

impl Fixture {
    /// Creation (init) code: deploying it runs the constructor.
    pub fn creation(&self) -> Result<Vec<u8>, String> {
        unhex(self.creation_hex).map_err(|e| format!("{}.creation.hex: {e}", self.name))
    }

    /// Runtime code as deployed.
    pub fn runtime(&self) -> Result<Vec<u8>, String> {
        unhex(self.runtime_hex).map_err(|e| format!("{}.runtime.hex: {e}", self.name))
    }
}

macro_rules! fixture {
    ($name:literal) => {
        Fixture {
            name: $name,
            creation_hex: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/fixtures/build/",
                $name,
                ".creation.hex"
            )),
            runtime_hex: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../tests/fixtures/build/",
                $name,
                ".runtime.hex"
            )),
        }
    };
}

/// OpenZeppelin 5 ERC-20; the constructor mints 10^9 tokens (18 decimals) to the deployer.
pub const FIXTURE_TOKEN: Fixture = fixture!("FixtureToken");
/// `run(bytes32 seed, uint256 rounds) returns (bytes32)`: chained KECCAK256.
pub const KECCAK_LOOP: Fixture = fixture!("KeccakLoop");
/// `run(uint256 start, uint256 count) returns (uint256)` and `clear(uint256, uint256)`: SLOAD/SSTORE loops.
pub const STORAGE_LOOP: Fixture = fixture!("StorageLoop");
/// `render(uint256 w, uint256 h) returns (bytes)` and `checksum(uint256 w, uint256 h) returns (bytes32)`:
/// our own fixed-point ray tracer (a CPU-heavy substitute for snailtracer).
pub const RAY_TRACER: Fixture = fixture!("RayTracer");

/// Every fixture.
pub const ALL: [Fixture; 4] = [FIXTURE_TOKEN, KECCAK_LOOP, STORAGE_LOOP, RAY_TRACER];
