//! Big-integer modular exponentiation without 128-bit arithmetic: 32-bit limbs, 64-bit
//! intermediates, schoolbook multiplication and Knuth's algorithm D for the reductions.
//!
//! This is the modexp of the on-chain build (`target_os = "solana"`: `sol_big_mod_exp` is not
//! enabled on mainnet, and its newer versions only take odd moduli). Natively it is used for
//! exponents with a long implicit zero tail and is tested against `aurora-engine-modexp`.
//!
//! Buffers are allocated once with `vec![0; n]` and never grown.

// Natively only tests and the long-exponent path call this module.
#![cfg_attr(not(target_os = "solana"), allow(dead_code))]

use alloc::vec;
use alloc::vec::Vec;

/// Big-endian bytes to little-endian 32-bit limbs, without leading zero limbs (at least one).
fn limbs(bytes: &[u8]) -> Vec<u32> {
    let mut first = 0;
    while first < bytes.len() && bytes[first] == 0 {
        first += 1;
    }
    let bytes = &bytes[first..];
    let n = bytes.len().div_ceil(4);
    let mut out = vec![0u32; if n == 0 { 1 } else { n }];
    for (i, &b) in bytes.iter().rev().enumerate() {
        out[i / 4] |= (b as u32) << (8 * (i % 4));
    }
    out
}

/// Writes `x` (little-endian limbs) as `out.len()` big-endian bytes (`x` must fit).
fn write_be(x: &[u32], out: &mut [u8]) {
    let len = out.len();
    for (i, o) in out.iter_mut().enumerate() {
        let k = len - 1 - i; // byte index from the least significant end
        let limb = k / 4;
        *o = if limb < x.len() {
            (x[limb] >> (8 * (k % 4))) as u8
        } else {
            0
        };
    }
}

/// `out = a * b`; `out` has `a.len() + b.len()` limbs.
fn mul(a: &[u32], b: &[u32], out: &mut [u32]) {
    for o in out.iter_mut() {
        *o = 0;
    }
    for (i, &ai) in a.iter().enumerate() {
        if ai == 0 {
            continue;
        }
        let mut carry = 0u64;
        for (j, &bj) in b.iter().enumerate() {
            // (2^32-1)^2 + 2 (2^32-1) = 2^64 - 1: never overflows.
            let t = (ai as u64) * (bj as u64) + out[i + j] as u64 + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
}

/// A modulus prepared for repeated reductions.
struct Modulus {
    /// The modulus shifted left by `shift` bits so that its top limb has its high bit set.
    norm: Vec<u32>,
    /// The normalizing shift (0..32).
    shift: u32,
}

impl Modulus {
    /// `m` must have a non-zero top limb.
    fn new(m: &[u32]) -> Self {
        let n = m.len();
        let shift = m[n - 1].leading_zeros();
        let mut norm = vec![0u32; n];
        shl_into(m, shift, &mut norm);
        Modulus { norm, shift }
    }

    fn len(&self) -> usize {
        self.norm.len()
    }

    /// Reduces `x` modulo the modulus into `out` (`len()` limbs). `scratch` needs
    /// `x.len() + 1` limbs.
    fn reduce(&self, x: &[u32], scratch: &mut [u32], out: &mut [u32]) {
        let n = self.len();
        if x.len() < n {
            out[..x.len()].copy_from_slice(x);
            for o in out[x.len()..].iter_mut() {
                *o = 0;
            }
            return;
        }
        if n == 1 {
            let v = self.norm[0] as u64 >> self.shift;
            let mut r = 0u64;
            for &limb in x.iter().rev() {
                r = ((r << 32) | limb as u64) % v;
            }
            out[0] = r as u32;
            return;
        }
        // Knuth, TAOCP vol. 2, 4.3.1, algorithm D, keeping only the remainder.
        let u = &mut scratch[..x.len() + 1];
        u[x.len()] = shl_into(x, self.shift, &mut u[..x.len()]);
        let v = &self.norm;
        let vtop = v[n - 1] as u64;
        let vnext = v[n - 2] as u64;
        const B: u64 = 1 << 32;
        let mut j = x.len() - n;
        loop {
            let num = ((u[j + n] as u64) << 32) | u[j + n - 1] as u64;
            let mut qhat = num / vtop;
            let mut rhat = num % vtop;
            while qhat >= B || qhat * vnext > ((rhat << 32) | u[j + n - 2] as u64) {
                qhat -= 1;
                rhat += vtop;
                if rhat >= B {
                    break;
                }
            }
            // u[j..=j+n] -= qhat * v
            let mut borrow = 0u64; // the amount still to subtract at the current limb
            for i in 0..n {
                let p = qhat * v[i] as u64 + borrow; // < 2^64: qhat, v[i] < 2^32
                let (t, under) = (u[i + j] as u64).overflowing_sub(p & 0xffff_ffff);
                u[i + j] = t as u32;
                borrow = (p >> 32) + under as u64;
            }
            let (t, under) = (u[j + n] as u64).overflowing_sub(borrow);
            u[j + n] = t as u32;
            if under || t > 0xffff_ffff {
                // qhat was one too large: add v back.
                let mut carry = 0u64;
                for i in 0..n {
                    let s = u[i + j] as u64 + v[i] as u64 + carry;
                    u[i + j] = s as u32;
                    carry = s >> 32;
                }
                u[j + n] = u[j + n].wrapping_add(carry as u32);
            }
            if j == 0 {
                break;
            }
            j -= 1;
        }
        shr_into(&u[..n], u[n], self.shift, out);
    }
}

/// `out = x << shift` over `x.len()` limbs (0 <= shift < 32); returns the bits shifted out.
fn shl_into(x: &[u32], shift: u32, out: &mut [u32]) -> u32 {
    if shift == 0 {
        out[..x.len()].copy_from_slice(x);
        return 0;
    }
    let mut carry = 0u32;
    for (o, &limb) in out.iter_mut().zip(x.iter()) {
        *o = (limb << shift) | carry;
        carry = limb >> (32 - shift);
    }
    carry
}

/// `out = (x + top * 2^(32 len)) >> shift` over `x.len()` limbs (0 <= shift < 32).
fn shr_into(x: &[u32], top: u32, shift: u32, out: &mut [u32]) {
    if shift == 0 {
        out[..x.len()].copy_from_slice(x);
        return;
    }
    let n = x.len();
    for i in 0..n {
        let hi = if i + 1 < n { x[i + 1] } else { top };
        out[i] = (x[i] >> shift) | (hi << (32 - shift));
    }
}

/// Is `x` (limbs) zero?
fn is_zero(x: &[u32]) -> bool {
    x.iter().all(|&l| l == 0)
}

/// `base ^ exponent mod modulus` as `modulus.len()` big-endian bytes, where all numbers are
/// big-endian and the exponent is `exp` followed by `exp_zero_tail` zero bytes (the part of the
/// exponent past the end of the call's input). A zero modulus gives zero.
pub(crate) fn modexp(base: &[u8], exp: &[u8], exp_zero_tail: u64, modulus: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; modulus.len()];
    let m = limbs(modulus);
    if is_zero(&m) || (m.len() == 1 && m[0] == 1) {
        return out;
    }
    let exp_is_zero = exp.iter().all(|&b| b == 0);
    let n = m.len();
    let modulus = Modulus::new(&m);
    let b = limbs(base);
    let mut scratch = vec![
        0u32;
        if b.len() > 2 * n {
            b.len() + 1
        } else {
            2 * n + 1
        }
    ];
    let mut base_r = vec![0u32; n];
    modulus.reduce(&b, &mut scratch, &mut base_r);

    let mut acc = vec![0u32; n];
    if exp_is_zero {
        acc[0] = 1; // modulus > 1
        write_be(&acc, &mut out);
        return out;
    }
    if is_zero(&base_r) {
        return out;
    }
    let mut prod = vec![0u32; 2 * n];
    let mut started = false;
    for &byte in exp {
        for bit in (0..8).rev() {
            if started {
                mul(&acc, &acc, &mut prod);
                modulus.reduce(&prod, &mut scratch, &mut acc);
            }
            if (byte >> bit) & 1 == 1 {
                if started {
                    mul(&acc, &base_r, &mut prod);
                    modulus.reduce(&prod, &mut scratch, &mut acc);
                } else {
                    acc.copy_from_slice(&base_r);
                    started = true;
                }
            }
        }
    }
    // The implicit zero bytes: eight squarings each.
    let mut tail = exp_zero_tail;
    while tail > 0 {
        for _ in 0..8 {
            mul(&acc, &acc, &mut prod);
            modulus.reduce(&prod, &mut scratch, &mut acc);
        }
        tail -= 1;
    }
    write_be(&acc, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    #[test]
    fn small_cases() {
        assert_eq!(modexp(&[3], &[5], 0, &[0, 7]), [0, 5]); // 243 mod 7 = 5
        assert_eq!(modexp(&[3], &[], 0, &[7]), [1]);
        assert_eq!(modexp(&[0], &[0], 0, &[7]), [1]); // 0^0 = 1
        assert_eq!(modexp(&[0], &[1], 0, &[7]), [0]);
        assert_eq!(modexp(&[5], &[1], 0, &[0, 0]), [0, 0]); // modulus 0
        assert_eq!(modexp(&[5], &[1], 0, &[0, 1]), [0, 0]); // modulus 1
        assert_eq!(
            modexp(&[3], &[1], 1, &[0x01, 0x00, 0x01]),
            [0x00, 0x01, 0x1a]
        ); // 3^256 mod 65537
        assert_eq!(modexp(&[], &[], 0, &[]), Vec::<u8>::new());
    }

    #[test]
    fn eip198_example() {
        // 3 ^ (p - 1) mod p = 1 for the secp256k1 field prime p.
        let p = hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
        let e = hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e");
        let mut one = vec![0u8; 32];
        one[31] = 1;
        assert_eq!(modexp(&[3], &e, 0, &p), one);
    }

    /// A small deterministic generator (xorshift64*), for the comparison tests.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        pub(crate) fn bytes(&mut self, max_len: usize) -> Vec<u8> {
            let len = (self.next() % (max_len as u64 + 1)) as usize;
            let mut v: Vec<u8> = (0..len).map(|_| self.next() as u8).collect();
            // Sometimes leading zeros, sometimes extreme limbs.
            match self.next() % 4 {
                0 if !v.is_empty() => v[0] = 0,
                1 => v.iter_mut().take(8).for_each(|b| *b = 0xff),
                _ => {}
            }
            v
        }
    }

    #[test]
    fn matches_aurora_on_random_inputs() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        for _ in 0..3_000 {
            let base = rng.bytes(80);
            let exp = rng.bytes(12);
            let modulus = rng.bytes(70);
            let ours = modexp(&base, &exp, 0, &modulus);
            let reference = crate::modexp::native_modexp(&base, &exp, &modulus);
            assert_eq!(ours, reference, "base {base:?} exp {exp:?} mod {modulus:?}");
        }
    }

    #[test]
    fn matches_aurora_on_large_inputs() {
        let mut rng = Rng(0xfeed_beef);
        for _ in 0..40 {
            let base = rng.bytes(300);
            let exp = rng.bytes(40);
            let modulus = rng.bytes(260);
            let ours = modexp(&base, &exp, 0, &modulus);
            assert_eq!(ours, crate::modexp::native_modexp(&base, &exp, &modulus));
        }
    }

    #[test]
    fn zero_tail_equals_explicit_zeros() {
        let mut rng = Rng(77);
        for _ in 0..200 {
            let base = rng.bytes(40);
            let mut exp = rng.bytes(4);
            let modulus = rng.bytes(40);
            let tail = rng.next() % 5;
            let ours = modexp(&base, &exp, tail, &modulus);
            exp.extend(core::iter::repeat_n(0u8, tail as usize));
            assert_eq!(ours, crate::modexp::native_modexp(&base, &exp, &modulus));
        }
    }
}
