//! 0x05 modexp (EIP-198): `base ^ exp mod modulus` over big-endian numbers of any length.
//!
//! Input: `base_len (32) || exp_len (32) || mod_len (32) || base || exp || modulus`, implicitly
//! zero-padded. Output: `mod_len` bytes (zero for a zero modulus).
//!
//! Gas: EIP-198 before Berlin, EIP-2565 from Berlin, EIP-7883 (with the EIP-7823 1024-byte
//! operand limit) from Osaka. The price is computed in saturating u64 arithmetic, so lengths up
//! to 2^256 give [`PrecompileError::OutOfGas`] without allocating. Operands so large that no
//! realistic gas limit could pay for them (base or modulus over 32 MiB, exponent over 4 GiB: a
//! price above 10^9 gas) are refused with `OutOfGas` even if the gas limit would cover them.
//!
//! The arithmetic: `aurora-engine-modexp` natively; on SBF our own 32-bit-limb code
//! ([`crate::modexp_portable`]), which natively also handles exponents with a long zero tail
//! past the end of the input (they are squarings, never materialized).

use crate::modexp_portable::Operands;
use crate::util::{available, padded};
use crate::{PrecompileError, PrecompileOutput, PrecompileResult, SpecId};
use alloc::vec;
use alloc::vec::Vec;
use sealevm_primitives::checked_mul_u64;

/// Largest base or modulus length computed (bytes); longer ones cost more than 10^12 gas.
const MAX_OPERAND_LEN: u64 = 1 << 25;
/// Largest exponent length computed (bytes); longer ones cost more than 10^9 gas.
const MAX_EXP_LEN: u64 = u32::MAX as u64;
/// EIP-7823 (Osaka): each length at most 1024 bytes.
const OSAKA_MAX_LEN: u64 = 1024;

/// Reads a 32-byte big-endian length at `offset`, saturated to `u64::MAX`.
fn read_len(input: &[u8], offset: usize) -> u64 {
    let w = padded::<32>(input, offset);
    if w[..24].iter().any(|&b| b != 0) {
        return u64::MAX;
    }
    let mut b = [0u8; 8];
    b.copy_from_slice(&w[24..]);
    u64::from_be_bytes(b)
}

/// Bit length of the first `min(exp_len, 32)` bytes of the exponent, which starts at
/// `96 + base_len` in the input.
fn exp_head_bits(input: &[u8], base_len: u64, exp_len: u64) -> u64 {
    let head_len = if exp_len < 32 { exp_len as usize } else { 32 };
    let off = 96u64.saturating_add(base_len);
    if off >= input.len() as u64 {
        return 0;
    }
    let avail = available(input, off as usize, head_len);
    // The head is `avail` followed by `head_len - avail.len()` zero bytes.
    match avail.iter().position(|&b| b != 0) {
        None => 0,
        Some(i) => {
            let bytes_after = (head_len - i - 1) as u64;
            8 * bytes_after + (8 - avail[i].leading_zeros() as u64)
        }
    }
}

/// The iteration count of EIP-2565 (`multiplier` 8; 16 in EIP-7883), at least 1; `None` if it
/// does not fit in a u64.
fn iteration_count(exp_len: u64, head_bits: u64, multiplier: u64) -> Option<u64> {
    let head = head_bits.saturating_sub(1);
    let count = if exp_len <= 32 {
        head
    } else {
        checked_mul_u64(multiplier, exp_len - 32)?.checked_add(head)?
    };
    Some(if count == 0 { 1 } else { count })
}

/// The gas price of a modexp call (`u64::MAX` when the true price does not fit in a u64).
pub(crate) fn gas_cost(
    base_len: u64,
    exp_len: u64,
    mod_len: u64,
    head_bits: u64,
    spec: SpecId,
) -> u64 {
    checked_gas_cost(base_len, exp_len, mod_len, head_bits, spec).unwrap_or(u64::MAX)
}

/// [`gas_cost`] in checked arithmetic.
fn checked_gas_cost(
    base_len: u64,
    exp_len: u64,
    mod_len: u64,
    head_bits: u64,
    spec: SpecId,
) -> Option<u64> {
    let x = if base_len > mod_len {
        base_len
    } else {
        mod_len
    };
    let words = x / 8 + (x % 8 != 0) as u64;
    // A zero complexity makes the price its minimum whatever the (maybe huge) exponent.
    let times = |complexity: u64, multiplier: u64| -> Option<u64> {
        if complexity == 0 {
            Some(0)
        } else {
            checked_mul_u64(complexity, iteration_count(exp_len, head_bits, multiplier)?)
        }
    };
    if spec >= SpecId::Osaka {
        let complexity = if x <= 32 {
            16
        } else {
            checked_mul_u64(2, checked_mul_u64(words, words)?)?
        };
        Some(times(complexity, 16)?.max(500))
    } else if spec >= SpecId::Berlin {
        let complexity = checked_mul_u64(words, words)?;
        Some((times(complexity, 8)? / 3).max(200))
    } else {
        let sq = checked_mul_u64(x, x)?;
        let complexity = if x <= 64 {
            sq
        } else if x <= 1024 {
            sq / 4 + 96 * x - 3072
        } else {
            (sq / 16).checked_add(checked_mul_u64(480, x)?)? - 199_680
        };
        // EIP-198's adjusted exponent length is the EIP-2565 iteration count before the max(1).
        Some(times(complexity, 8)? / 20)
    }
}

/// Runs modexp.
pub(crate) fn run(input: &[u8], gas_limit: u64, spec: SpecId) -> PrecompileResult {
    let base_len = read_len(input, 0);
    let exp_len = read_len(input, 32);
    let mod_len = read_len(input, 64);
    if spec >= SpecId::Osaka
        && (base_len > OSAKA_MAX_LEN || exp_len > OSAKA_MAX_LEN || mod_len > OSAKA_MAX_LEN)
    {
        return Err(PrecompileError::InvalidInput);
    }
    let head_bits = exp_head_bits(input, base_len, exp_len);
    let gas = gas_cost(base_len, exp_len, mod_len, head_bits, spec);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    if mod_len == 0 {
        return Ok(PrecompileOutput::new(gas, Vec::new()));
    }
    if base_len > MAX_OPERAND_LEN || mod_len > MAX_OPERAND_LEN || exp_len > MAX_EXP_LEN {
        return Err(PrecompileError::OutOfGas);
    }
    // All three lengths are now below 2^32, so the offsets fit.
    let exp_off = 96 + base_len;
    let mod_off = exp_off + exp_len;
    let base = operand(input, 96, base_len);
    let modulus = operand(input, mod_off, mod_len);
    let exp = slice_at(input, exp_off, exp_len);
    let exp_tail = exp_len - exp.len() as u64;
    Ok(PrecompileOutput::new(
        gas,
        compute(&Operands {
            base: &base,
            exp,
            exp_zero_tail: exp_tail,
            modulus: &modulus,
        }),
    ))
}

/// `input[off..off + len]` as far as it lies inside the input.
fn slice_at(input: &[u8], off: u64, len: u64) -> &[u8] {
    if off >= input.len() as u64 {
        return &[];
    }
    available(input, off as usize, len as usize)
}

/// `len` bytes at `off` of the zero-padded input (`len` at most [`MAX_OPERAND_LEN`]).
fn operand(input: &[u8], off: u64, len: u64) -> Vec<u8> {
    let mut v = vec![0u8; len as usize];
    let avail = slice_at(input, off, len);
    v[..avail.len()].copy_from_slice(avail);
    v
}

/// Exponents at most this long (with their zero tail) are materialized for the native library.
#[cfg(not(target_os = "solana"))]
const NATIVE_MAX_EXP_LEN: u64 = 1 << 16;

/// `base ^ (exp || exp_zero_tail zero bytes) mod modulus`, `modulus.len()` bytes.
#[cfg(not(target_os = "solana"))]
fn compute(ops: &Operands<'_>) -> Vec<u8> {
    if ops.exp_zero_tail == 0 {
        return native_modexp(ops.base, ops.exp, ops.modulus);
    }
    if ops.exp.len() as u64 + ops.exp_zero_tail <= NATIVE_MAX_EXP_LEN {
        let mut full = vec![0u8; ops.exp.len() + ops.exp_zero_tail as usize];
        full[..ops.exp.len()].copy_from_slice(ops.exp);
        return native_modexp(ops.base, &full, ops.modulus);
    }
    crate::modexp_portable::modexp(ops)
}

/// `base ^ (exp || exp_zero_tail zero bytes) mod modulus`, `modulus.len()` bytes.
#[cfg(target_os = "solana")]
fn compute(ops: &Operands<'_>) -> Vec<u8> {
    crate::modexp_portable::modexp(ops)
}

/// `aurora-engine-modexp`, left-padded to the modulus length (zero for a zero modulus).
#[cfg(not(target_os = "solana"))]
pub(crate) fn native_modexp(base: &[u8], exp: &[u8], modulus: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; modulus.len()];
    if modulus.iter().all(|&b| b == 0) {
        return out;
    }
    let r = aurora_engine_modexp::modexp(base, exp, modulus);
    let first = r.iter().position(|&b| b != 0).unwrap_or(r.len());
    let r = &r[first..];
    // r < modulus, so it fits.
    let n = out.len();
    if r.len() <= n {
        out[n - r.len()..].copy_from_slice(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    fn header(b: u64, e: u64, m: u64) -> Vec<u8> {
        let mut h = vec![0u8; 96];
        h[24..32].copy_from_slice(&b.to_be_bytes());
        h[56..64].copy_from_slice(&e.to_be_bytes());
        h[88..96].copy_from_slice(&m.to_be_bytes());
        h
    }

    fn call(input: &[u8], spec: SpecId) -> PrecompileResult {
        run(input, 100_000_000, spec)
    }

    #[test]
    fn eip198_example_1() {
        // 3 ^ (p - 1) mod p, p the secp256k1 field prime.
        let mut i = header(1, 32, 32);
        i.push(3);
        i.extend(hex(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e",
        ));
        i.extend(hex(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
        ));
        let out = call(&i, SpecId::Cancun).expect("ok");
        assert_eq!(
            out.output,
            hex("0000000000000000000000000000000000000000000000000000000000000001")
        );
        // EIP-2565: words = 4, complexity 16, iterations 255: 16 * 255 / 3 = 1360.
        assert_eq!(out.gas_used, 1_360);
        // EIP-198: complexity 32^2 = 1024, adjusted exponent length 255: 1024 * 255 / 20.
        assert_eq!(call(&i, SpecId::Byzantium).expect("ok").gas_used, 13_056);
        // EIP-7883: complexity 16, 255 iterations: 4080.
        assert_eq!(call(&i, SpecId::Osaka).expect("ok").gas_used, 4_080);
    }

    #[test]
    fn eip198_example_2() {
        // 0 ^ (p - 1) mod p with base_len 0.
        let mut i = header(0, 32, 32);
        i.extend(hex(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e",
        ));
        i.extend(hex(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
        ));
        let out = call(&i, SpecId::Cancun).expect("ok");
        assert_eq!(out.output, vec![0u8; 32]);
        assert_eq!(out.gas_used, 1_360);
    }

    #[test]
    fn eip198_huge_lengths_are_out_of_gas() {
        // EIP-198's third example: base_len 0, exp_len 2^256 - 1, mod_len 2^256 - 1.
        let mut i = vec![0u8; 32];
        i.extend([0xff; 64]);
        i.extend(hex(
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e",
        ));
        for spec in [SpecId::Byzantium, SpecId::Berlin, SpecId::Cancun] {
            assert_eq!(run(&i, u64::MAX - 1, spec), Err(PrecompileError::OutOfGas));
        }
        assert_eq!(
            run(&i, u64::MAX, SpecId::Osaka),
            Err(PrecompileError::InvalidInput)
        );
        // A base or modulus length of 2^255 on its own.
        for which in [0, 2] {
            let mut i = vec![0u8; 96];
            i[32 * which] = 0x80;
            for spec in [SpecId::Byzantium, SpecId::Berlin, SpecId::Cancun] {
                assert_eq!(run(&i, u64::MAX - 1, spec), Err(PrecompileError::OutOfGas));
            }
        }
        // An exponent length of 2^255 with empty base and modulus: the multiplication
        // complexity is zero, so the price is the minimum and the output empty (as in geth).
        let mut i = vec![0u8; 96];
        i[32] = 0x80;
        assert_eq!(
            call(&i, SpecId::Cancun),
            Ok(PrecompileOutput::new(200, vec![]))
        );
        assert_eq!(
            call(&i, SpecId::Byzantium),
            Ok(PrecompileOutput::new(0, vec![]))
        );
        // ... but with a one-byte modulus the exponent length prices it out.
        let mut i = vec![0u8; 96];
        i[32] = 0x80;
        i[95] = 1;
        assert_eq!(
            run(&i, u64::MAX - 1, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
        // u64::MAX gas cannot make it allocate either.
        let mut i = header(0, 0, 1 << 40);
        i.push(1);
        assert_eq!(
            run(&i, u64::MAX, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
    }

    #[test]
    fn zero_lengths() {
        // Empty input: all lengths zero: empty output, minimum price.
        assert_eq!(
            call(&[], SpecId::Cancun),
            Ok(PrecompileOutput::new(200, vec![]))
        );
        assert_eq!(
            call(&[], SpecId::Byzantium),
            Ok(PrecompileOutput::new(0, vec![]))
        );
        assert_eq!(
            call(&[], SpecId::Osaka),
            Ok(PrecompileOutput::new(500, vec![]))
        );
        assert_eq!(
            run(&[], 199, SpecId::Cancun),
            Err(PrecompileError::OutOfGas)
        );
        // mod_len 0: empty output whatever the base.
        let mut i = header(1, 1, 0);
        i.extend([5, 3]);
        assert_eq!(
            call(&i, SpecId::Cancun),
            Ok(PrecompileOutput::new(200, vec![]))
        );
        // mod_len 2, zero modulus: two zero bytes.
        let mut i = header(1, 1, 2);
        i.extend([5, 3, 0, 0]);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![0, 0]);
        // exp_len 0: x^0 = 1 (also 0^0).
        let mut i = header(1, 0, 1);
        i.extend([0, 7]);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![1]);
        // modulus 1: 0.
        let mut i = header(1, 0, 1);
        i.extend([9, 1]);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![0]);
    }

    #[test]
    fn truncated_input_is_zero_padded() {
        // base 2 (1 byte), exp 3 (1 byte), modulus 2 bytes of which only the first (0x01) is
        // present: the modulus is 0x0100 = 256, 2^3 mod 256 = 8.
        let mut i = header(1, 1, 2);
        i.extend([2, 3, 1]);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![0, 8]);
        // Exponent and modulus past the input: exponent 0, but modulus 0 too, so 0.
        let mut i = header(1, 2, 1);
        i.push(2);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![0]);
    }

    #[test]
    fn long_zero_exponent_tail() {
        // exp_len 100 000 with only its first byte (0x01) in the input: the modulus lies past
        // the input too, so it is zero and so is the output.
        let mut i = header(1, 100_000, 3);
        i.extend([3, 1]);
        assert_eq!(call(&i, SpecId::Cancun).expect("ok").output, vec![0, 0, 0]);
        // 3 ^ (256^99999) mod 1000003 = 529908 (Python's pow), both back ends.
        assert_eq!(
            crate::modexp_portable::tests::modexp(&[3], &[1], 99_999, &[0x0f, 0x42, 0x43]),
            529_908u32.to_be_bytes()[1..]
        );
        let ours = crate::modexp_portable::tests::modexp(&[3], &[1], 99_999, &[0x0f, 0x42, 0x43]);
        let mut full = vec![0u8; 100_000];
        full[0] = 1;
        assert_eq!(ours, native_modexp(&[3], &full, &[0x0f, 0x42, 0x43]));
    }

    #[test]
    fn gas_figures() {
        // EIP-2565 test vectors' prices (geth's modexp_eip2565 table): nagydani-1-square:
        // 64-byte base and modulus, exponent 0x02: words 8, complexity 64, 1 iteration -> 200.
        let mut i = header(64, 1, 64);
        i.extend(vec![1u8; 64]);
        i.push(2);
        i.extend(vec![0xffu8; 64]);
        assert_eq!(call(&i, SpecId::Berlin).expect("ok").gas_used, 200);
        // EIP-198 price of the same: 64^2 * 1 / 20 = 204.
        assert_eq!(call(&i, SpecId::Byzantium).expect("ok").gas_used, 204);
        // nagydani-5-pow0x10001: 1024-byte base and modulus, exponent 0x010001 (17 bits):
        // words 128, complexity 16384, 16 iterations -> 87381.
        assert_eq!(gas_cost(1024, 3, 1024, 17, SpecId::Berlin), 87_381);
        // EIP-198: 1024^2/4 + 96*1024 - 3072 = 357376, * 16 / 20 = 285900.
        assert_eq!(gas_cost(1024, 3, 1024, 17, SpecId::Byzantium), 285_900);
        // A 64-byte exponent whose first 32 bytes are 0x..01: 8 * 32 + 0 = 256 iterations.
        assert_eq!(gas_cost(32, 64, 32, 1, SpecId::Berlin), 16 * 256 / 3);
        // Osaka: base 33 bytes -> words 5 -> complexity 50; exponent 40 bytes with zero head:
        // 16 * 8 = 128 iterations -> 6400.
        assert_eq!(gas_cost(33, 40, 1, 0, SpecId::Osaka), 6_400);
        // Saturation.
        assert_eq!(gas_cost(u64::MAX, 0, 0, 0, SpecId::Berlin), u64::MAX);
        assert_eq!(gas_cost(0, u64::MAX, 1, 0, SpecId::Byzantium), u64::MAX);
        assert_eq!(gas_cost(0, u64::MAX, 0, 0, SpecId::Berlin), 200);
        assert_eq!(
            gas_cost(u64::MAX, 0, u64::MAX, 0, SpecId::Byzantium),
            u64::MAX
        );
    }

    #[test]
    fn exponent_head_reading() {
        // exp_len 2 with head 0x0001 -> 1 bit; exp_len 33 with first byte 0x80 -> 256 bits.
        let mut i = header(0, 2, 0);
        i.extend([0x00, 0x01]);
        assert_eq!(exp_head_bits(&i, 0, 2), 1);
        let mut i = header(1, 33, 0);
        i.push(0xaa);
        i.push(0x80);
        assert_eq!(exp_head_bits(&i, 1, 33), 256);
        // Head partly past the input: zeros fill the low bytes.
        let mut i = header(0, 4, 0);
        i.push(0x01);
        assert_eq!(exp_head_bits(&i, 0, 4), 25);
        assert_eq!(exp_head_bits(&i, u64::MAX, 4), 0);
    }

    #[test]
    fn nagydani_1_results_match_python() {
        // nagydani-1 (64-byte operands) with exponent 3, checked against Python's pow().
        let base = hex(
            "e09ad9675465c53a109fac66a445c91b292d2bb2c5268addb30cd82f80fcb003\
                        3ff97c80a5fc6f39193ae969c6ede6710a6b7ac27078a06d90ef1c72e5c85fb5",
        );
        let modulus = hex(
            "fc9e1f6beb81516545975218075ec2af118cd8798df6e08a147c60fd6095ac2b\
                           b02c2908cf4dd7c81f11c289e4bce98f3553768f392a80ce22bf5c4f4a248c6b",
        );
        let mut i = header(64, 1, 64);
        i.extend(&base);
        i.push(3);
        i.extend(&modulus);
        let out = call(&i, SpecId::Cancun).expect("ok");
        assert_eq!(out.output, hex(NAGYDANI_1_QUBE));
        assert_eq!(
            crate::modexp_portable::tests::modexp(&base, &[3], 0, &modulus),
            hex(NAGYDANI_1_QUBE)
        );
    }

    const NAGYDANI_1_QUBE: &str =
        "4834a46ba565db27903b1c720c9d593e84e4cbd6ad2e64b31885d944f68cd801\
         f92225a8961c952ddf2797fa4701b330c85c4b363798100b921a1a22a46a7fec";
}
