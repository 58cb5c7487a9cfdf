//! 0x01 ecrecover: recovers the signer address of a secp256k1 signature. Gas: 3000.
//!
//! Input (right-padded with zeros to 128 bytes): `hash (32) || v (32) || r (32) || s (32)`.
//! An invalid `v` (not 27/28 as a 32-byte big-endian number), `r` or `s` out of `1..n`, or an
//! unrecoverable signature is not an error: the call succeeds with empty output. High `s` values
//! are accepted (Ethereum's precompile does not apply EIP-2's low-s rule).
//!
//! On SBF the `sol_secp256k1_recover` and `sol_keccak256` syscalls do the work; natively `k256`.

use crate::{util::padded, PrecompileError, PrecompileOutput, PrecompileResult};
use alloc::vec::Vec;

/// Gas of one ecrecover call.
pub(crate) const GAS: u64 = 3_000;

/// The order `n` of the secp256k1 group, big-endian.
const SECP256K1_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// Runs ecrecover.
pub(crate) fn run(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if GAS > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    let input = padded::<128>(input, 0);
    let output = match recover_address(&input) {
        Some(address) => {
            let mut out = alloc::vec![0u8; 32];
            out[12..].copy_from_slice(&address);
            out
        }
        None => Vec::new(),
    };
    Ok(PrecompileOutput::new(GAS, output))
}

/// Is the 32-byte big-endian scalar in `1..n`?
fn scalar_in_range(x: &[u8]) -> bool {
    x.iter().any(|&b| b != 0) && x < &SECP256K1_N[..]
}

/// The signer address of the 128-byte ecrecover input, or `None` if the signature is invalid.
fn recover_address(input: &[u8; 128]) -> Option<[u8; 20]> {
    if input[32..63].iter().any(|&b| b != 0) {
        return None;
    }
    let recid = match input[63] {
        27 => 0u8,
        28 => 1u8,
        _ => return None,
    };
    if !scalar_in_range(&input[64..96]) || !scalar_in_range(&input[96..128]) {
        return None;
    }
    let mut hash = [0u8; 32];
    hash.copy_from_slice(&input[..32]);
    let mut sig = [0u8; 64];
    sig.copy_from_slice(&input[64..128]);
    let pubkey = recover_pubkey(&hash, recid, &sig)?;
    let digest = sealevm_primitives::keccak256(&pubkey).0;
    let mut address = [0u8; 20];
    address.copy_from_slice(&digest[12..]);
    Some(address)
}

/// Recovers the uncompressed public key (x || y) with `k256`.
#[cfg(not(target_os = "solana"))]
fn recover_pubkey(hash: &[u8; 32], recid: u8, sig: &[u8; 64]) -> Option<[u8; 64]> {
    use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
    let mut sig = Signature::from_slice(sig).ok()?;
    let mut recid = recid;
    // k256 verifies the recovered key against the signature and rejects high s, so recover
    // with the equivalent low-s signature (s' = n - s selects the other y parity).
    if let Some(low) = sig.normalize_s() {
        sig = low;
        recid ^= 1;
    }
    let recid = RecoveryId::from_byte(recid)?;
    let key = VerifyingKey::recover_from_prehash(hash, &sig, recid).ok()?;
    let point = key.to_encoded_point(false);
    let bytes = point.as_bytes();
    let mut out = [0u8; 64];
    if bytes.len() != 65 {
        return None;
    }
    out.copy_from_slice(&bytes[1..]);
    Some(out)
}

/// Recovers the uncompressed public key (x || y) with the `sol_secp256k1_recover` syscall.
#[cfg(target_os = "solana")]
fn recover_pubkey(hash: &[u8; 32], recid: u8, sig: &[u8; 64]) -> Option<[u8; 64]> {
    crate::syscalls::secp256k1_recover(hash, recid, sig)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    // Signed here with the Ethereum test suites' well-known key
    // 0x45a915e4...2d8 (address a94f5374fce5edbc8e2a8697c15331677e6ebf0b), message
    // keccak256("sealevm precompiles"); this s is high (> n/2), v = 28.
    const HASH: &str = "e021905002f4d39f01fa122c7e6771cde53c6722fdfe7c40ce5b87ac215c1125";
    const R: &str = "9377c312145a5afb911bf9e8c067bcf6094c533603687850df502b61290bbf5e";
    const S: &str = "9a10a45905147afe021e11344e74064cabece6df727b82be73bded04dfc3f5ec";
    const SIGNER: &str = "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b";

    #[test]
    fn geth_vector() {
        // The ecrecover vector of go-ethereum's precompile tests (v = 27).
        let i = hex(
            "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e\
            000000000000000000000000000000000000000000000000000000000000001b\
            38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e\
            789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02",
        );
        let out = run(&i, 3_000).expect("gas");
        assert_eq!(
            out.output,
            hex("000000000000000000000000ceaccac640adf55b2028469bd36ba501f28b699d")
        );
    }

    fn input(hash: &str, v: u8, r: &str, s: &str) -> Vec<u8> {
        let mut i = hex(hash);
        let mut vw = [0u8; 32];
        vw[31] = v;
        i.extend_from_slice(&vw);
        i.extend_from_slice(&hex(r));
        i.extend_from_slice(&hex(s));
        i
    }

    #[test]
    fn recovers_signer() {
        let out = run(&input(HASH, 28, R, S), 3_000).expect("gas");
        assert_eq!(out.gas_used, 3_000);
        assert_eq!(out.output, hex(SIGNER));
    }

    #[test]
    fn extra_input_is_ignored() {
        let mut i = input(HASH, 28, R, S);
        i.extend_from_slice(&[0xff; 40]);
        assert_eq!(run(&i, 3_000).expect("gas").output, hex(SIGNER));
    }

    #[test]
    fn wrong_v_gives_other_or_no_address() {
        let out = run(&input(HASH, 27, R, S), 3_000).expect("gas");
        assert_ne!(out.output, hex(SIGNER));
        for v in [0u8, 1, 26, 29, 255] {
            let out = run(&input(HASH, v, R, S), 3_000).expect("gas");
            assert!(out.output.is_empty(), "v = {v}");
            assert_eq!(out.gas_used, 3_000);
        }
        // v with a non-zero high byte
        let mut i = input(HASH, 28, R, S);
        i[32] = 1;
        assert!(run(&i, 3_000).expect("gas").output.is_empty());
    }

    #[test]
    fn out_of_range_r_s_give_empty_output() {
        let zero = "0000000000000000000000000000000000000000000000000000000000000000";
        let n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
        for (r, s) in [(zero, S), (R, zero), (n, S), (R, n)] {
            let out = run(&input(HASH, 28, r, s), 3_000).expect("gas");
            assert!(out.output.is_empty());
        }
    }

    #[test]
    fn low_s_twin_recovers_same_signer() {
        // s' = n - s with the other v recovers the same key.
        let n = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        let s = hex(S);
        let mut hs = [0u8; 32];
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let d = n[i] as i16 - s[i] as i16 - borrow;
            borrow = if d < 0 { 1 } else { 0 };
            hs[i] = (d + 256 * borrow) as u8;
        }
        let hs_hex: alloc::string::String = hs.iter().map(|b| alloc::format!("{b:02x}")).collect();
        let out = run(&input(HASH, 27, R, &hs_hex), 3_000).expect("gas");
        assert_eq!(out.output, hex(SIGNER));
    }

    #[test]
    fn empty_input_and_gas() {
        let out = run(&[], 3_000).expect("gas");
        assert!(out.output.is_empty());
        assert_eq!(run(&[], 2_999), Err(PrecompileError::OutOfGas));
    }
}
