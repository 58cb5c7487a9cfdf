//! sealevm precompiles: the Ethereum precompiled contracts at addresses 0x01..=0x0a.
//!
//! | address | precompile | on SBF (`target_os = "solana"`) | natively | CU on SBF (LiteSVM) |
//! | --- | --- | --- | --- | --- |
//! | 0x01 | ecrecover | `sol_secp256k1_recover` + `sol_keccak256` syscalls | `k256` | ~26,000 |
//! | 0x02 | sha256 | `sol_sha256` syscall | `sha2` | ~1,000 |
//! | 0x03 | ripemd160 | `ripemd` crate (pure Rust) | `ripemd` | ~5,000 + 60/byte |
//! | 0x04 | identity | copy | copy | < 1,200 |
//! | 0x05 | modexp | own big integers (Montgomery, 32-bit limbs) | `aurora-engine-modexp` | see below |
//! | 0x06-0x08 | bn254 add / mul / pairing | `sol_alt_bn128_group_op` syscall | `substrate-bn` | 1,450 / 4,900 / 25,000 + 12,300 per pair |
//! | 0x09 | blake2f | own compression function (pure Rust, u64) | same | ~6,600 for 12 rounds |
//! | 0x0a | KZG point evaluation | [`PrecompileError::Unsupported`] | same | |
//!
//! modexp on SBF costs about 2,000 CU per modular multiplication of 256-bit numbers, growing
//! with the square of the modulus length: a full 256-bit exponent takes ~700,000 CU, a
//! 1024-bit modulus cubed ~850,000 CU, and a 2048-bit RSA check (exponent 65537) would exceed
//! the 1.4M CU transaction limit. (`sol_big_mod_exp` is a stub returning an error in agave 4.2.)
//! `sbf-check/run.sh` builds a probe program and compares every vector with the native build.
//!
//! From Prague the BLS12-381 precompiles (0x0b..=0x11) and from Osaka P256VERIFY (0x100) are
//! reported by [`is_precompile`] but their calls fail with [`PrecompileError::Unsupported`].
//!
//! Dispatch is a `match` on the address (no function-pointer tables: the SBF toolchain cannot
//! relocate them), and all gas arithmetic avoids 128-bit and overflow-checked 64-bit multiplies.
#![no_std]

extern crate alloc;

use alloc::vec::Vec;

pub use sealevm_primitives::SpecId;

mod blake2f;
mod bn254;
mod ecrecover;
mod identity;
mod modexp;
mod modexp_portable;
mod ripemd160;
mod sha256;
#[cfg(target_os = "solana")]
mod syscalls;
mod util;

/// Why a precompile call failed; every failure consumes all gas given to the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrecompileError {
    /// The call's gas limit is below the precompile's price.
    OutOfGas,
    /// The input is malformed (bad curve point, bad length, bad flag, ...).
    InvalidInput,
    /// The precompile exists in this fork but is not implemented by sealevm
    /// (KZG point evaluation, BLS12-381, P256VERIFY).
    Unsupported,
}

/// Output of a successful precompile call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrecompileOutput {
    /// Gas consumed by the call (at most the call's gas limit).
    pub gas_used: u64,
    /// Returned bytes.
    pub output: Vec<u8>,
}

impl PrecompileOutput {
    #[inline]
    pub(crate) fn new(gas_used: u64, output: Vec<u8>) -> Self {
        Self { gas_used, output }
    }
}

/// Result of a precompile call.
pub type PrecompileResult = Result<PrecompileOutput, PrecompileError>;

/// The precompile numbers as used by [`run`]: the address is `number` as a big-endian 20-byte value.
fn precompile_number(address: &[u8; 20]) -> Option<u16> {
    if address[..18].iter().any(|&b| b != 0) {
        return None;
    }
    Some(u16::from_be_bytes([address[18], address[19]]))
}

/// Is precompile number `n` active in `spec`?
fn is_active(n: u16, spec: SpecId) -> bool {
    match n {
        0x01..=0x04 => true,
        0x05..=0x08 => spec >= SpecId::Byzantium,
        0x09 => spec >= SpecId::Istanbul,
        0x0a => spec >= SpecId::Cancun,
        0x0b..=0x11 => spec >= SpecId::Prague,
        0x100 => spec >= SpecId::Osaka,
        _ => false,
    }
}

/// Is `address` (20 bytes) a precompile active in `spec`?
///
/// 0x01..=0x04 from Frontier, 0x05..=0x08 from Byzantium, 0x09 from Istanbul, 0x0a from Cancun,
/// 0x0b..=0x11 (BLS12-381, unsupported) from Prague and 0x100 (P256VERIFY, unsupported) from Osaka.
pub fn is_precompile(address: &[u8; 20], spec: SpecId) -> bool {
    match precompile_number(address) {
        Some(n) => is_active(n, spec),
        None => false,
    }
}

/// Runs the precompile at `address` (which must satisfy [`is_precompile`]) with `gas_limit`.
///
/// An address that is not a precompile in `spec` gives [`PrecompileError::Unsupported`].
// Always inlined: with the result pointer this signature needs six argument registers, and the
// SBF backend passes at most five ("stack arguments are not supported").
#[inline(always)]
pub fn run(address: &[u8; 20], input: &[u8], gas_limit: u64, spec: SpecId) -> PrecompileResult {
    let n = match precompile_number(address) {
        Some(n) if is_active(n, spec) => n,
        _ => return Err(PrecompileError::Unsupported),
    };
    dispatch(
        n,
        &Call {
            input,
            gas_limit,
            spec,
        },
    )
}

/// One call's arguments, bundled to keep [`dispatch`] within five argument registers.
struct Call<'a> {
    input: &'a [u8],
    gas_limit: u64,
    spec: SpecId,
}

/// Runs active precompile number `n`.
fn dispatch(n: u16, call: &Call<'_>) -> PrecompileResult {
    let (input, gas_limit, spec) = (call.input, call.gas_limit, call.spec);
    match n {
        0x01 => ecrecover::run(input, gas_limit),
        0x02 => sha256::run(input, gas_limit),
        0x03 => ripemd160::run(input, gas_limit),
        0x04 => identity::run(input, gas_limit),
        0x05 => modexp::run(input, gas_limit, spec),
        0x06 => bn254::run_add(input, gas_limit, spec),
        0x07 => bn254::run_mul(input, gas_limit, spec),
        0x08 => bn254::run_pairing(input, gas_limit, spec),
        0x09 => blake2f::run(input, gas_limit),
        // 0x0a: KZG point evaluation (EIP-4844) needs the trusted setup and BLS12-381 pairings,
        // which sealevm does not implement; 0x0b..=0x11 BLS12-381 (EIP-2537); 0x100 P256VERIFY.
        _ => Err(PrecompileError::Unsupported),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(n: u16) -> [u8; 20] {
        let mut a = [0u8; 20];
        a[18..].copy_from_slice(&n.to_be_bytes());
        a
    }

    #[test]
    fn precompile_sets_per_fork() {
        let count = |spec| {
            (0u16..0x200)
                .filter(|&n| is_precompile(&addr(n), spec))
                .count()
        };
        assert_eq!(count(SpecId::Frontier), 4);
        assert_eq!(count(SpecId::SpuriousDragon), 4);
        assert_eq!(count(SpecId::Byzantium), 8);
        assert_eq!(count(SpecId::Petersburg), 8);
        assert_eq!(count(SpecId::Istanbul), 9);
        assert_eq!(count(SpecId::Shanghai), 9);
        assert_eq!(count(SpecId::Cancun), 10);
        assert_eq!(count(SpecId::Prague), 17);
        assert_eq!(count(SpecId::Osaka), 18);
        assert!(!is_precompile(&addr(0), SpecId::Cancun));
        assert!(is_precompile(&addr(0x0a), SpecId::Cancun));
        assert!(!is_precompile(&addr(0x0b), SpecId::Cancun));
        let mut high = addr(1);
        high[0] = 1;
        assert!(!is_precompile(&high, SpecId::Cancun));
    }

    #[test]
    fn unsupported_ones() {
        assert_eq!(
            run(&addr(0x0a), &[], 1_000_000, SpecId::Cancun),
            Err(PrecompileError::Unsupported)
        );
        assert_eq!(
            run(&addr(0x0b), &[], 1_000_000, SpecId::Prague),
            Err(PrecompileError::Unsupported)
        );
        assert_eq!(
            run(&addr(0x09), &[], 1_000_000, SpecId::Byzantium),
            Err(PrecompileError::Unsupported)
        );
    }

    #[test]
    fn dispatch_identity() {
        let out = run(&addr(4), b"abc", 100, SpecId::Cancun).expect("identity");
        assert_eq!(out.output, b"abc");
        assert_eq!(out.gas_used, 18);
    }
}

#[cfg(test)]
mod test_util {
    use alloc::vec::Vec;

    /// Decodes hex, ignoring whitespace.
    pub(crate) fn hex(s: &str) -> Vec<u8> {
        let digits: Vec<u8> = s
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .map(|b| match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => panic!("bad hex digit"),
            })
            .collect();
        assert!(digits.len().is_multiple_of(2), "odd hex length");
        digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect()
    }
}
