//! 0x06 bn254 (alt_bn128) G1 addition, 0x07 G1 scalar multiplication and 0x08 pairing check
//! (EIP-196, EIP-197), priced by EIP-1108 from Istanbul and by the Byzantium figures before.
//!
//! Encoding (EIP-196/197): field elements are 32-byte big-endian and must be below the field
//! modulus; G1 points are `x || y`, G2 points `x_im || x_re || y_im || y_re`; all-zero encodes the
//! point at infinity. A point off the curve (or, in G2, outside the order-r subgroup) is
//! [`PrecompileError::InvalidInput`]. Add and mul inputs are zero-padded (or truncated) to 128 and
//! 96 bytes; a pairing input must be a multiple of 192 bytes.
//!
//! On SBF the `sol_alt_bn128_group_op` syscall (big-endian, EIP-197 layout) does the work;
//! natively `substrate-bn`.

use crate::{util::padded, PrecompileError, PrecompileOutput, PrecompileResult, SpecId};

/// Input length of G1 addition.
const ADD_INPUT_LEN: usize = 128;
/// Input length of G1 scalar multiplication.
const MUL_INPUT_LEN: usize = 96;
/// Length of one (G1, G2) pair of the pairing input.
const PAIR_LEN: usize = 192;

/// Gas of G1 addition.
fn add_gas(spec: SpecId) -> u64 {
    if spec >= SpecId::Istanbul {
        150
    } else {
        500
    }
}

/// Gas of G1 scalar multiplication.
fn mul_gas(spec: SpecId) -> u64 {
    if spec >= SpecId::Istanbul {
        6_000
    } else {
        40_000
    }
}

/// Gas of a pairing check over `pairs` pairs.
fn pairing_gas(pairs: u64, spec: SpecId) -> u64 {
    let (base, per_pair): (u64, u64) = if spec >= SpecId::Istanbul {
        (45_000, 34_000)
    } else {
        (100_000, 80_000)
    };
    base.saturating_add(sealevm_primitives::saturating_mul_u64(pairs, per_pair))
}

/// Runs G1 addition (0x06).
pub(crate) fn run_add(input: &[u8], gas_limit: u64, spec: SpecId) -> PrecompileResult {
    let gas = add_gas(spec);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    let input = padded::<ADD_INPUT_LEN>(input, 0);
    let out = backend::g1_add(&input)?;
    Ok(PrecompileOutput::new(gas, out.to_vec()))
}

/// Runs G1 scalar multiplication (0x07).
pub(crate) fn run_mul(input: &[u8], gas_limit: u64, spec: SpecId) -> PrecompileResult {
    let gas = mul_gas(spec);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    let input = padded::<MUL_INPUT_LEN>(input, 0);
    let out = backend::g1_mul(&input)?;
    Ok(PrecompileOutput::new(gas, out.to_vec()))
}

/// Runs the pairing check (0x08): output is 32-byte big-endian 1 if the product of the pairings
/// is one, else 0.
pub(crate) fn run_pairing(input: &[u8], gas_limit: u64, spec: SpecId) -> PrecompileResult {
    let gas = pairing_gas((input.len() / PAIR_LEN) as u64, spec);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    if !input.len().is_multiple_of(PAIR_LEN) {
        return Err(PrecompileError::InvalidInput);
    }
    let ok = if input.is_empty() {
        true
    } else {
        backend::pairing_check(input)?
    };
    let mut out = alloc::vec![0u8; 32];
    out[31] = ok as u8;
    Ok(PrecompileOutput::new(gas, out))
}

/// `substrate-bn` implementation (not SBF).
#[cfg(not(target_os = "solana"))]
mod backend {
    use super::PAIR_LEN;
    use crate::PrecompileError;
    use alloc::vec::Vec;
    use substrate_bn::{AffineG1, AffineG2, Fq, Fq2, Fr, Group, Gt, G1, G2};

    /// A field element (32 bytes big-endian, below the modulus).
    fn fq(bytes: &[u8]) -> Result<Fq, PrecompileError> {
        Fq::from_slice(bytes).map_err(|_| PrecompileError::InvalidInput)
    }

    /// A G1 point from `x || y` (64 bytes).
    fn g1(bytes: &[u8]) -> Result<G1, PrecompileError> {
        let x = fq(&bytes[..32])?;
        let y = fq(&bytes[32..64])?;
        if x.is_zero() && y.is_zero() {
            return Ok(G1::zero());
        }
        AffineG1::new(x, y)
            .map(G1::from)
            .map_err(|_| PrecompileError::InvalidInput)
    }

    /// A G2 point from `x_im || x_re || y_im || y_re` (128 bytes), checked to be on the curve
    /// and in the order-r subgroup.
    fn g2(bytes: &[u8]) -> Result<G2, PrecompileError> {
        let x_im = fq(&bytes[..32])?;
        let x_re = fq(&bytes[32..64])?;
        let y_im = fq(&bytes[64..96])?;
        let y_re = fq(&bytes[96..128])?;
        let x = Fq2::new(x_re, x_im);
        let y = Fq2::new(y_re, y_im);
        if x.is_zero() && y.is_zero() {
            return Ok(G2::zero());
        }
        AffineG2::new(x, y)
            .map(G2::from)
            .map_err(|_| PrecompileError::InvalidInput)
    }

    /// The 64-byte encoding of `p` (all zero for infinity).
    fn encode_g1(p: G1) -> [u8; 64] {
        let mut out = [0u8; 64];
        if let Some(a) = AffineG1::from_jacobian(p) {
            // Both writes are into exactly 32 bytes, which cannot fail.
            let _ = a.x().to_big_endian(&mut out[..32]);
            let _ = a.y().to_big_endian(&mut out[32..]);
        }
        out
    }

    pub(super) fn g1_add(input: &[u8; 128]) -> Result<[u8; 64], PrecompileError> {
        let a = g1(&input[..64])?;
        let b = g1(&input[64..])?;
        Ok(encode_g1(a + b))
    }

    pub(super) fn g1_mul(input: &[u8; 96]) -> Result<[u8; 64], PrecompileError> {
        let p = g1(&input[..64])?;
        // Any 256-bit scalar; multiplying by it equals multiplying by it modulo r.
        let k = Fr::from_slice(&input[64..]).map_err(|_| PrecompileError::InvalidInput)?;
        Ok(encode_g1(p * k))
    }

    pub(super) fn pairing_check(input: &[u8]) -> Result<bool, PrecompileError> {
        let mut pairs = Vec::with_capacity(input.len() / PAIR_LEN);
        for chunk in input.chunks_exact(PAIR_LEN) {
            let a = g1(&chunk[..64])?;
            let b = g2(&chunk[64..])?;
            if !a.is_zero() && !b.is_zero() {
                pairs.push((a, b));
            }
        }
        if pairs.is_empty() {
            return Ok(true);
        }
        Ok(substrate_bn::pairing_batch(&pairs) == Gt::one())
    }
}

/// `sol_alt_bn128_group_op` implementation (SBF).
#[cfg(target_os = "solana")]
mod backend {
    use crate::syscalls::{
        alt_bn128, ALT_BN128_G1_ADD_BE, ALT_BN128_G1_MUL_BE, ALT_BN128_PAIRING_BE,
    };
    use crate::PrecompileError;

    pub(super) fn g1_add(input: &[u8; 128]) -> Result<[u8; 64], PrecompileError> {
        let mut out = [0u8; 64];
        if alt_bn128(ALT_BN128_G1_ADD_BE, input, &mut out) {
            Ok(out)
        } else {
            Err(PrecompileError::InvalidInput)
        }
    }

    pub(super) fn g1_mul(input: &[u8; 96]) -> Result<[u8; 64], PrecompileError> {
        let mut out = [0u8; 64];
        if alt_bn128(ALT_BN128_G1_MUL_BE, input, &mut out) {
            Ok(out)
        } else {
            Err(PrecompileError::InvalidInput)
        }
    }

    pub(super) fn pairing_check(input: &[u8]) -> Result<bool, PrecompileError> {
        let mut out = [0u8; 32];
        if !alt_bn128(ALT_BN128_PAIRING_BE, input, &mut out) {
            return Err(PrecompileError::InvalidInput);
        }
        Ok(out[31] == 1 && out[..31].iter().all(|&b| b == 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;
    use alloc::vec::Vec;

    const G1: &str = "0000000000000000000000000000000000000000000000000000000000000001\
                      0000000000000000000000000000000000000000000000000000000000000002";
    const NEG_G1: &str = "0000000000000000000000000000000000000000000000000000000000000001\
                          30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
    const G1_X2: &str = "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3\
                         15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
    const G1_X3: &str = "0769bf9ac56bea3ff40232bcb1b6bd159315d84715b8e679f2d355961915abf0\
                         2ab799bee0489429554fdb7c8d086475319e63b40b9c5b57cdf1ff3dd9fe2261";
    /// The G2 generator of EIP-197.
    const G2: &str = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2\
                      1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed\
                      090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b\
                      12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    /// A point on the twist curve that is not in the order-r subgroup.
    const G2_OFF_SUBGROUP: &str =
        "0000000000000000000000000000000000000000000000000000000000000001\
         0000000000000000000000000000000000000000000000000000000000000002\
         2b76c179599bb92a963dac85546a005a777f7c13f6a7b75d5918b6b5808f5fde\
         101f7278419308b95099eca02dcee0c5381f4d26d1d62313f057167f064101ce";
    const ZERO64: &str = "0000000000000000000000000000000000000000000000000000000000000000\
                          0000000000000000000000000000000000000000000000000000000000000000";
    const FIELD_P: &str = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";

    fn cat(parts: &[&str]) -> Vec<u8> {
        parts.iter().flat_map(|p| hex(p)).collect()
    }

    #[test]
    fn add_vectors() {
        let out = run_add(&cat(&[G1, G1]), 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.gas_used, 150);
        assert_eq!(out.output, hex(G1_X2));
        let out = run_add(&cat(&[G1, G1_X2]), 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(G1_X3));
        // P + (-P) = infinity; infinity + P = P.
        let out = run_add(&cat(&[G1, NEG_G1]), 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(ZERO64));
        let out = run_add(&cat(&[ZERO64, G1_X2]), 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(G1_X2));
        // Empty input is infinity + infinity; short input is zero-padded; long is truncated.
        let out = run_add(&[], 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(ZERO64));
        let out = run_add(&hex(G1), 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(G1));
        let mut long = cat(&[G1, G1]);
        long.extend_from_slice(&[0xff; 50]);
        let out = run_add(&long, 150, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(G1_X2));
    }

    #[test]
    fn add_gas_and_errors() {
        assert_eq!(
            run_add(&[], 149, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
        assert_eq!(
            run_add(&[], 499, SpecId::Byzantium),
            Err(PrecompileError::OutOfGas)
        );
        assert_eq!(
            run_add(&[], 500, SpecId::Byzantium).map(|o| o.gas_used),
            Ok(500)
        );
        // (1, 1) is not on the curve.
        let mut bad = hex(G1);
        bad[63] = 1;
        bad.extend_from_slice(&hex(G1));
        assert_eq!(
            run_add(&bad, 150, SpecId::Cancun),
            Err(PrecompileError::InvalidInput)
        );
        // x = p is not a field element (p, 2) even though p = 0 mod p.
        let mut big = hex(FIELD_P);
        big.extend_from_slice(&hex(G1)[32..]);
        assert_eq!(
            run_add(&big, 150, SpecId::Cancun),
            Err(PrecompileError::InvalidInput)
        );
    }

    #[test]
    fn mul_vectors() {
        let two = "0000000000000000000000000000000000000000000000000000000000000002";
        let out = run_mul(&cat(&[G1, two]), 6_000, SpecId::Cancun).expect("valid");
        assert_eq!(out.gas_used, 6_000);
        assert_eq!(out.output, hex(G1_X2));
        // Scalar 2^256 - 1 (taken modulo the group order).
        let max = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
        let out = run_mul(&cat(&[G1, max]), 6_000, SpecId::Cancun).expect("valid");
        assert_eq!(
            out.output,
            hex(
                "2f588cffe99db877a4434b598ab28f81e0522910ea52b45f0adaa772b2d5d352\
                 12f42fa8fd34fb1b33d8c6a718b6590198389b26fc9d8808d971f8b009777a97"
            )
        );
        // Group order r: infinity. Scalar 0 (short input): infinity.
        let r = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
        let out = run_mul(&cat(&[G1, r]), 6_000, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(ZERO64));
        let out = run_mul(&hex(G1), 6_000, SpecId::Cancun).expect("valid");
        assert_eq!(out.output, hex(ZERO64));
        assert_eq!(
            run_mul(&[], 5_999, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
        assert_eq!(
            run_mul(&[], 40_000, SpecId::Byzantium).map(|o| o.gas_used),
            Ok(40_000)
        );
        let mut bad = hex(G1);
        bad[63] = 3;
        assert_eq!(
            run_mul(&bad, 6_000, SpecId::Cancun),
            Err(PrecompileError::InvalidInput)
        );
    }

    fn pair_result(input: &[u8]) -> Result<(u64, u8), PrecompileError> {
        run_pairing(input, 10_000_000, SpecId::Cancun).map(|o| {
            assert_eq!(o.output.len(), 32);
            assert!(o.output[..31].iter().all(|&b| b == 0));
            (o.gas_used, o.output[31])
        })
    }

    #[test]
    fn pairing_vectors() {
        assert_eq!(pair_result(&[]), Ok((45_000, 1)));
        // e(G1, G2) * e(-G1, G2) = 1
        assert_eq!(pair_result(&cat(&[G1, G2, NEG_G1, G2])), Ok((113_000, 1)));
        // e(G1, G2) != 1
        assert_eq!(pair_result(&cat(&[G1, G2])), Ok((79_000, 0)));
        // e(2 G1, G2) * e(-G1, G2) * e(-G1, G2) = 1
        assert_eq!(
            pair_result(&cat(&[G1_X2, G2, NEG_G1, G2, NEG_G1, G2])),
            Ok((147_000, 1))
        );
        // e(2 G1, G2) * e(-G1, G2) != 1
        assert_eq!(
            pair_result(&cat(&[G1_X2, G2, NEG_G1, G2])),
            Ok((113_000, 0))
        );
        // Pairs with a point at infinity contribute 1.
        let zero_g2 = "00".repeat(128);
        assert_eq!(pair_result(&cat(&[ZERO64, G2])), Ok((79_000, 1)));
        assert_eq!(pair_result(&cat(&[G1, &zero_g2])), Ok((79_000, 1)));
        assert_eq!(
            pair_result(&cat(&[G1, &zero_g2, G1, G2, NEG_G1, G2])),
            Ok((147_000, 1))
        );
    }

    #[test]
    fn pairing_errors_and_gas() {
        assert_eq!(
            pair_result(&cat(&[G1, G2])[..191]),
            Err(PrecompileError::InvalidInput)
        );
        let mut long = cat(&[G1, G2]);
        long.push(0);
        assert_eq!(pair_result(&long), Err(PrecompileError::InvalidInput));
        assert_eq!(
            pair_result(&cat(&[G1, G2_OFF_SUBGROUP])),
            Err(PrecompileError::InvalidInput)
        );
        // G2 off the curve: change the last byte of y.
        let mut off = cat(&[G1, G2]);
        off[191] ^= 1;
        assert_eq!(pair_result(&off), Err(PrecompileError::InvalidInput));
        // G2 coordinate equal to p.
        let mut big = cat(&[G1, G2]);
        big[64..96].copy_from_slice(&hex(FIELD_P));
        assert_eq!(pair_result(&big), Err(PrecompileError::InvalidInput));
        // G1 off the curve.
        let mut bad_g1 = cat(&[G1, G2]);
        bad_g1[63] = 3;
        assert_eq!(pair_result(&bad_g1), Err(PrecompileError::InvalidInput));
        let two = cat(&[G1, G2, NEG_G1, G2]);
        assert_eq!(
            run_pairing(&two, 112_999, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
        assert_eq!(
            run_pairing(&two, 260_000, SpecId::Byzantium).map(|o| o.gas_used),
            Ok(260_000)
        );
    }
}
