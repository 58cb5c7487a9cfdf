//! Big-integer modular exponentiation without 128-bit arithmetic: 32-bit limbs and 64-bit
//! intermediates; Montgomery multiplication for odd moduli, schoolbook multiplication and
//! Knuth's algorithm D for even ones (and for the conversions).
//!
//! This is the modexp of the on-chain build (`target_os = "solana"`): the `sol_big_mod_exp`
//! syscall is a stub returning an error in agave 4.2 (waiting for SIMD-0529). Natively it is
//! used for exponents with a long implicit zero tail and is tested against
//! `aurora-engine-modexp`.
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

/// Where the second factor of a modular multiplication comes from.
#[derive(Clone, Copy)]
enum Factor {
    /// The running result itself (a squaring).
    Acc,
    /// Entry `k` of the power table.
    Table(usize),
}

/// Working state of one exponentiation: the modulus in the forms the reductions need, and
/// fixed-size buffers.
///
/// The SBF backend passes at most five arguments in registers and cannot spill more to the
/// stack ("stack arguments are not supported" at link time; a slice counts as two), so the
/// arithmetic works on this struct's fields instead of taking several slices.
struct Ctx {
    /// The modulus (`n` limbs, top limb non-zero).
    modulus: Vec<u32>,
    /// The modulus shifted left by `shift` bits so that its top limb has its high bit set
    /// (for algorithm D).
    norm: Vec<u32>,
    /// The normalizing shift (0..32).
    shift: u32,
    /// `-modulus^-1 mod 2^32` for an odd modulus: then numbers are kept in Montgomery form
    /// (`x R mod m`, `R = 2^(32 n)`) and multiplied without divisions. `None` for an even one.
    mont: Option<u32>,
    /// The running result (`n` limbs).
    acc: Vec<u32>,
    /// Power table, `n` limbs per entry: entry 0 is the plain number 1 (used to leave
    /// Montgomery form), entry `k > 0` is `base^k` (in Montgomery form when `mont` is set).
    table: Vec<u32>,
    /// Products and numbers being reduced.
    prod: Vec<u32>,
    /// Algorithm D's working copy (`prod.len() + 1` limbs).
    scratch: Vec<u32>,
}

impl Ctx {
    /// A context for modulus `m` (top limb non-zero, `m > 1`), a base of `base_limbs` limbs
    /// and a power table of `entries` entries (at least 2).
    fn new(m: &[u32], base_limbs: usize, entries: usize) -> Self {
        let n = m.len();
        let shift = m[n - 1].leading_zeros();
        let mut norm = vec![0u32; n];
        shl_into(m, shift, &mut norm);
        let mont = if m[0] & 1 == 1 {
            // Newton's iteration doubles the correct low bits: 1 -> 2 -> 4 -> ... -> 32 (odd m).
            let mut inv = 1u32;
            for _ in 0..5 {
                inv = inv.wrapping_mul(2u32.wrapping_sub(m[0].wrapping_mul(inv)));
            }
            Some(inv.wrapping_neg())
        } else {
            None
        };
        let need = base_limbs + n + 1;
        let prod_len = if need > 2 * n + 2 { need } else { 2 * n + 2 };
        let mut table = vec![0u32; entries * n];
        table[0] = 1;
        Ctx {
            modulus: m.to_vec(),
            norm,
            shift,
            mont,
            acc: vec![0u32; n],
            table,
            prod: vec![0u32; prod_len],
            scratch: vec![0u32; prod_len + 1],
        }
    }

    /// Reduces `base` into table entry 1 (in Montgomery form if used) and fills the entries
    /// after it with the following powers. Leaves `acc` holding the reduced base.
    fn load_base(&mut self, base: &[u32]) {
        let n = self.acc.len();
        let len = if self.mont.is_some() {
            // base * R: the base shifted up by n limbs.
            for l in self.prod[..n].iter_mut() {
                *l = 0;
            }
            self.prod[n..n + base.len()].copy_from_slice(base);
            n + base.len()
        } else {
            self.prod[..base.len()].copy_from_slice(base);
            base.len()
        };
        self.reduce(len);
        self.table[n..2 * n].copy_from_slice(&self.acc);
        let entries = self.table.len() / n;
        for k in 2..entries {
            self.mulmod(Factor::Table(1));
            self.table[k * n..(k + 1) * n].copy_from_slice(&self.acc);
        }
        self.acc.copy_from_slice(&self.table[n..2 * n]);
    }

    /// Copies table entry `k` into `acc`.
    fn set_acc(&mut self, k: usize) {
        let n = self.acc.len();
        self.acc.copy_from_slice(&self.table[k * n..(k + 1) * n]);
    }

    /// `acc = acc * factor mod m` (times `R^-1` in Montgomery form).
    fn mulmod(&mut self, factor: Factor) {
        match self.mont {
            Some(minv) => self.mont_mul(factor, minv),
            None => self.plain_mul(factor),
        }
    }

    /// Montgomery multiplication (coarsely integrated operand scanning): `acc = acc * factor *
    /// R^-1 mod m`, for `acc` and `factor` below `m`.
    fn mont_mul(&mut self, factor: Factor, minv: u32) {
        let n = self.acc.len();
        let Ctx {
            modulus,
            acc,
            table,
            prod,
            ..
        } = self;
        let m = &modulus[..n];
        let b: &[u32] = match factor {
            Factor::Acc => acc,
            Factor::Table(k) => &table[k * n..(k + 1) * n],
        };
        let t = &mut prod[..n + 2];
        for l in t.iter_mut() {
            *l = 0;
        }
        for &ai in acc.iter() {
            let ai = ai as u64;
            // t += ai * b
            let mut c = 0u64;
            for (tj, &bj) in t[..n].iter_mut().zip(b.iter()) {
                // (2^32-1) + (2^32-1)^2 + (2^32-1) = 2^64 - 1: never overflows.
                let s = *tj as u64 + ai * bj as u64 + c;
                *tj = s as u32;
                c = s >> 32;
            }
            let s = t[n] as u64 + c;
            t[n] = s as u32;
            t[n + 1] = (s >> 32) as u32;
            // t = (t + q m) / 2^32 with q making the low limb vanish.
            let q = t[0].wrapping_mul(minv) as u64;
            let s = t[0] as u64 + q * m[0] as u64;
            let mut c = s >> 32;
            for j in 1..n {
                let s = t[j] as u64 + q * m[j] as u64 + c;
                t[j - 1] = s as u32;
                c = s >> 32;
            }
            let s = t[n] as u64 + c;
            t[n - 1] = s as u32;
            t[n] = t[n + 1] + (s >> 32) as u32;
        }
        // t < 2m: subtract m once if t >= m.
        let mut ge = t[n] != 0;
        if !ge {
            ge = true; // equal counts as >=
            for j in (0..n).rev() {
                if t[j] != m[j] {
                    ge = t[j] > m[j];
                    break;
                }
            }
        }
        if ge {
            let mut borrow = 0u64;
            for (tj, &mj) in t[..n].iter_mut().zip(m.iter()) {
                let (d1, u1) = (*tj as u64).overflowing_sub(mj as u64);
                let (d2, u2) = d1.overflowing_sub(borrow);
                *tj = d2 as u32;
                borrow = (u1 | u2) as u64;
            }
        }
        acc.copy_from_slice(&t[..n]);
    }

    /// Schoolbook multiplication followed by a division (even moduli).
    fn plain_mul(&mut self, factor: Factor) {
        let n = self.acc.len();
        {
            let Ctx {
                acc, table, prod, ..
            } = self;
            let b: &[u32] = match factor {
                Factor::Acc => acc,
                Factor::Table(k) => &table[k * n..(k + 1) * n],
            };
            for o in prod[..2 * n].iter_mut() {
                *o = 0;
            }
            for (i, &ai) in acc.iter().enumerate() {
                if ai == 0 {
                    continue;
                }
                let mut carry = 0u64;
                for (pj, &bj) in prod[i..i + n].iter_mut().zip(b.iter()) {
                    // (2^32-1)^2 + 2 (2^32-1) = 2^64 - 1: never overflows.
                    let t = (ai as u64) * (bj as u64) + *pj as u64 + carry;
                    *pj = t as u32;
                    carry = t >> 32;
                }
                prod[i + n] = carry as u32;
            }
        }
        self.reduce(2 * n);
    }

    /// `acc = prod[..len] mod m`.
    fn reduce(&mut self, len: usize) {
        let Ctx {
            norm,
            shift,
            acc,
            prod,
            scratch,
            ..
        } = self;
        let shift = *shift;
        let n = norm.len();
        let x = &prod[..len];
        if len < n {
            acc[..len].copy_from_slice(x);
            for o in acc[len..].iter_mut() {
                *o = 0;
            }
            return;
        }
        if n == 1 {
            let v = norm[0] as u64 >> shift;
            let mut r = 0u64;
            for &limb in x.iter().rev() {
                r = ((r << 32) | limb as u64) % v;
            }
            acc[0] = r as u32;
            return;
        }
        // Knuth, TAOCP vol. 2, 4.3.1, algorithm D, keeping only the remainder.
        let u = &mut scratch[..len + 1];
        u[len] = shl_into(x, shift, &mut u[..len]);
        let v = &norm[..];
        let vtop = v[n - 1] as u64;
        let vnext = v[n - 2] as u64;
        const B: u64 = 1 << 32;
        let mut j = len - n;
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
            for (uij, &vi) in u[j..j + n].iter_mut().zip(v.iter()) {
                let p = qhat * vi as u64 + borrow; // < 2^64: qhat, vi < 2^32
                let (t, under) = (*uij as u64).overflowing_sub(p & 0xffff_ffff);
                *uij = t as u32;
                borrow = (p >> 32) + under as u64;
            }
            let (t, under) = (u[j + n] as u64).overflowing_sub(borrow);
            u[j + n] = t as u32;
            if under {
                // qhat was one too large: add v back.
                let mut carry = 0u64;
                for (uij, &vi) in u[j..j + n].iter_mut().zip(v.iter()) {
                    let s = *uij as u64 + vi as u64 + carry;
                    *uij = s as u32;
                    carry = s >> 32;
                }
                u[j + n] = u[j + n].wrapping_add(carry as u32);
            }
            if j == 0 {
                break;
            }
            j -= 1;
        }
        // The remainder is u[..n] (u[n] is zero now), shifted back.
        shr_into(&u[..n + 1], shift, acc);
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

/// `out = x >> shift` where `x` has `out.len() + 1` limbs (0 <= shift < 32).
fn shr_into(x: &[u32], shift: u32, out: &mut [u32]) {
    let n = out.len();
    if shift == 0 {
        out.copy_from_slice(&x[..n]);
        return;
    }
    for i in 0..n {
        out[i] = (x[i] >> shift) | (x[i + 1] << (32 - shift));
    }
}

/// Is `x` (limbs) zero?
fn is_zero(x: &[u32]) -> bool {
    x.iter().all(|&l| l == 0)
}

/// The operands of one exponentiation, all big-endian. The exponent is `exp` followed by
/// `exp_zero_tail` zero bytes (the part of the exponent past the end of the call's input).
pub(crate) struct Operands<'a> {
    /// The base.
    pub(crate) base: &'a [u8],
    /// The exponent's bytes that are present.
    pub(crate) exp: &'a [u8],
    /// How many zero bytes follow `exp`.
    pub(crate) exp_zero_tail: u64,
    /// The modulus.
    pub(crate) modulus: &'a [u8],
}

/// `base ^ exponent mod modulus` as `modulus.len()` big-endian bytes; a zero modulus gives zero.
///
/// Odd moduli use Montgomery multiplication, even ones schoolbook multiplication and
/// algorithm D; exponents longer than 4 bytes use a fixed 4-bit window.
pub(crate) fn modexp(ops: &Operands<'_>) -> Vec<u8> {
    let mut out = vec![0u8; ops.modulus.len()];
    let m = limbs(ops.modulus);
    if is_zero(&m) || (m.len() == 1 && m[0] == 1) {
        return out;
    }
    let first = ops.exp.iter().position(|&b| b != 0);
    let exp = match first {
        Some(i) => &ops.exp[i..],
        None => {
            // x^0 = 1 (also 0^0), and the modulus is above 1.
            out[ops.modulus.len() - 1] = 1;
            return out;
        }
    };
    let base = limbs(ops.base);
    let window: u32 = if exp.len() > 4 { 4 } else { 1 };
    let mut ctx = Ctx::new(&m, base.len(), 1 << window);
    ctx.load_base(&base);
    if is_zero(&ctx.acc) {
        return out;
    }
    let mask = (1u8 << window) - 1;
    let mut started = false;
    for &byte in exp {
        let mut shift = 8;
        while shift > 0 {
            shift -= window;
            if started {
                for _ in 0..window {
                    ctx.mulmod(Factor::Acc);
                }
            }
            let digit = ((byte >> shift) & mask) as usize;
            if digit != 0 {
                if started {
                    ctx.mulmod(Factor::Table(digit));
                } else {
                    ctx.set_acc(digit);
                    started = true;
                }
            }
        }
    }
    // The implicit zero bytes: eight squarings each.
    let mut tail = ops.exp_zero_tail;
    while tail > 0 {
        for _ in 0..8 {
            ctx.mulmod(Factor::Acc);
        }
        tail -= 1;
    }
    if ctx.mont.is_some() {
        // Leave Montgomery form: multiply by the plain 1 of entry 0.
        ctx.mulmod(Factor::Table(0));
    }
    write_be(&ctx.acc, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::test_util::hex;

    /// [`super::modexp`] with the operands as separate arguments.
    pub(crate) fn modexp(base: &[u8], exp: &[u8], exp_zero_tail: u64, modulus: &[u8]) -> Vec<u8> {
        super::modexp(&Operands {
            base,
            exp,
            exp_zero_tail,
            modulus,
        })
    }

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
