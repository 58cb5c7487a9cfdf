//! The portable back end: no 128-bit integers anywhere (used on SBF, tested natively).
//!
//! Multiplication uses 32x32->64 partial products (a native 64-bit multiply on SBF);
//! division uses 64-bit `/` (a native SBF instruction): short division for 32-bit
//! divisors, 2-by-1 limb divisions built from 32-bit halves otherwise (Knuth's
//! algorithm D on 64-bit limbs for multi-limb divisors).

use crate::limb_shift::{shl_bits, shr_bits};
use crate::U256;
use core::num::NonZeroU64;

const M32: u64 = 0xffff_ffff;

division_ops!();
derived_ops!();

/// Full 64x64 -> 128-bit product as `(lo, hi)`, from four 32-bit partial products.
#[inline(always)]
pub fn mul_wide_u64(a: u64, b: u64) -> (u64, u64) {
    // Careful: LLVM 22 recognizes the textbook "mulhi from halves" sequence
    // (t = a1*b0 + (a0*b0 >> 32); w = (t & M) + a0*b1; hi = a1*b1 + (t >> 32) + (w >> 32))
    // and turns it back into a 128-bit multiply, i.e. `__multi3`, which SBF cannot link.
    // This formulation (three partial sums in `mid`) is not matched; scripts/build-sbf.sh
    // fails loudly if that ever changes.
    let (a0, a1) = (a & M32, a >> 32);
    let (b0, b1) = (b & M32, b >> 32);
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    // < 3 * 2^32: no overflow.
    let mid = (p00 >> 32).wrapping_add(p01 & M32).wrapping_add(p10 & M32);
    // (Also keep `lo` assembled from the partial products: with `a.wrapping_mul(b)`
    // LLVM matches the whole thing as a 128-bit multiply again.)
    let lo = (mid << 32) | (p00 & M32);
    let hi = p11
        .wrapping_add(p01 >> 32)
        .wrapping_add(p10 >> 32)
        .wrapping_add(mid >> 32);
    (lo, hi)
}

/// Leading zeros of each byte value.
static CLZ8: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).leading_zeros() as u8;
        i += 1;
    }
    t
};

/// Leading zeros of a `u64` (64 for 0): a binary search down to a byte and a table
/// (SBF has no count-leading-zeros instruction).
#[inline(always)]
pub fn clz64(x: u64) -> u32 {
    let mut x = x;
    let mut n = 0;
    if x >> 32 == 0 {
        n = 32;
        x <<= 32;
    }
    if x >> 48 == 0 {
        n += 16;
        x <<= 16;
    }
    if x >> 56 == 0 {
        n += 8;
        x <<= 8;
    }
    n + CLZ8[(x >> 56) as usize] as u32
}

/// `a * b` or `None` on overflow, through 32-bit halves.
#[inline(always)]
fn mul64_checked(a: u64, b: u64) -> Option<u64> {
    crate::checked_mul_u64_portable(a, b)
}

/// `r + a * b + c` as `(lo, hi)` (cannot overflow 128 bits).
#[inline(always)]
fn mac(r: u64, a: u64, b: u64, c: u64) -> (u64, u64) {
    let (lo, hi) = mul_wide_u64(a, b);
    let (lo, c1) = lo.overflowing_add(r);
    let (lo, c2) = lo.overflowing_add(c);
    (lo, hi.wrapping_add(c1 as u64).wrapping_add(c2 as u64))
}

/// MUL: `a * b` modulo 2^256.
#[inline]
pub fn mul(a: U256, b: U256) -> U256 {
    if b.fits_u64() {
        if a.fits_u64() {
            let (lo, hi) = mul_wide_u64(a.0[0], b.0[0]);
            return U256([lo, hi, 0, 0]);
        }
        return mul_u64(&a.0, b.0[0]);
    }
    if a.fits_u64() {
        return mul_u64(&b.0, a.0[0]);
    }
    mul_4x4(&a.0, &b.0)
}

/// `a * b` modulo 2^256 for a one-limb `b`.
#[inline(never)]
fn mul_u64(a: &[u64; 4], b: u64) -> U256 {
    let (r0, c) = mul_wide_u64(a[0], b);
    let (r1, c) = mac(c, a[1], b, 0);
    let (r2, c) = mac(c, a[2], b, 0);
    let r3 = a[3].wrapping_mul(b).wrapping_add(c);
    U256([r0, r1, r2, r3])
}

/// `a * b` modulo 2^256, row by row (six full 64x64 products for limb sums up to 2,
/// four low halves for limb sum 3); rows keep few values live (SBF has 10 registers).
#[inline(never)]
fn mul_4x4(a: &[u64; 4], b: &[u64; 4]) -> U256 {
    let a0 = a[0];
    let (r0, c) = mul_wide_u64(a0, b[0]);
    let (r1, c) = mac(c, a0, b[1], 0);
    let (r2, c) = mac(c, a0, b[2], 0);
    let r3 = a0.wrapping_mul(b[3]).wrapping_add(c);
    let a1 = a[1];
    let (r1, c) = mac(r1, a1, b[0], 0);
    let (r2, c) = mac(r2, a1, b[1], c);
    let r3 = r3.wrapping_add(a1.wrapping_mul(b[2])).wrapping_add(c);
    let a2 = a[2];
    let (r2, c) = mac(r2, a2, b[0], 0);
    let r3 = r3.wrapping_add(a2.wrapping_mul(b[1])).wrapping_add(c);
    let r3 = r3.wrapping_add(a[3].wrapping_mul(b[0]));
    U256([r0, r1, r2, r3])
}

/// Number of significant limbs (0 for zero).
#[inline(always)]
fn limb_len(a: &[u64; 4]) -> usize {
    if a[3] != 0 {
        4
    } else if a[2] != 0 {
        3
    } else if a[1] != 0 {
        2
    } else if a[0] != 0 {
        1
    } else {
        0
    }
}

/// The full 512-bit product `a * b` as 8 little-endian limbs.
#[inline(never)]
pub fn mul_full(a: U256, b: U256) -> [u64; 8] {
    let (a, b) = (&a.0, &b.0);
    let na = limb_len(a);
    let nb = limb_len(b);
    let mut r = [0u64; 8];
    let mut i = 0;
    while i < na {
        let ai = a[i];
        if ai != 0 {
            let mut carry = 0u64;
            let mut j = 0;
            while j < nb {
                let (lo, hi) = mac(r[(i + j) & 7], ai, b[j], carry);
                r[(i + j) & 7] = lo;
                carry = hi;
                j += 1;
            }
            r[(i + nb) & 7] = carry;
        }
        i += 1;
    }
    r
}

/// 2-by-1 division by a normalized divisor with 64-bit `/` on 32-bit halves
/// (Hacker's Delight, `divlu`).
#[derive(Clone, Copy)]
struct Div2by1 {
    d: u64,
    dh: NonZeroU64,
    dl: u64,
}

impl Div2by1 {
    /// `d` must have its top bit set.
    #[inline(always)]
    fn new(d: u64) -> Self {
        Div2by1 {
            d,
            // `d` is normalized, so `dh >= 2^31`; the fallback is never taken.
            dh: NonZeroU64::new(d >> 32).unwrap_or(NonZeroU64::MIN),
            dl: d & M32,
        }
    }

    /// `(u1:u0) / d` and the remainder, for `u1 < d`.
    #[inline(always)]
    fn div(&self, u1: u64, u0: u64) -> (u64, u64) {
        let (d, dhn, dl) = (self.d, self.dh, self.dl);
        let dh = dhn.get();
        let u0h = u0 >> 32;
        let u0l = u0 & M32;
        // First quotient digit from (u1 : u0h) / d.
        let mut q1 = u1 / dhn;
        let mut rhat = u1.wrapping_sub(q1.wrapping_mul(dh));
        while q1 > M32 || q1.wrapping_mul(dl) > ((rhat << 32) | u0h) {
            q1 -= 1;
            rhat += dh;
            if rhat > M32 {
                break;
            }
        }
        let r1 = ((u1 << 32) | u0h).wrapping_sub(q1.wrapping_mul(d));
        // Second digit from (r1 : u0l) / d.
        let mut q0 = r1 / dhn;
        let mut rhat = r1.wrapping_sub(q0.wrapping_mul(dh));
        while q0 > M32 || q0.wrapping_mul(dl) > ((rhat << 32) | u0l) {
            q0 -= 1;
            rhat += dh;
            if rhat > M32 {
                break;
            }
        }
        let r = ((r1 << 32) | u0l).wrapping_sub(q0.wrapping_mul(d));
        ((q1 << 32) | q0, r)
    }
}

/// Division by a 64-bit divisor: short division on 32-bit digits with 64-bit `/` when
/// the divisor fits in 32 bits, 2-by-1 divisions otherwise.
#[inline(always)]
fn div_rem_short(a: U256, d: u64) -> (U256, U256) {
    if d <= M32 {
        div_rem_small(a, NonZeroU64::new(d).unwrap_or(NonZeroU64::MIN))
    } else {
        div_rem_u64(a, d)
    }
}

/// Short division by a divisor `0 < d < 2^32`, on 32-bit digits with 64-bit `/`.
#[inline(never)]
fn div_rem_small(a: U256, dn: NonZeroU64) -> (U256, U256) {
    let d = dn.get();
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    let mut i = 4;
    while i > 0 {
        i -= 1;
        let l = a.0[i];
        let hi = (rem << 32) | (l >> 32);
        let qh = hi / dn;
        rem = hi - qh.wrapping_mul(d);
        let lo = (rem << 32) | (l & M32);
        let ql = lo / dn;
        rem = lo - ql.wrapping_mul(d);
        q[i] = (qh << 32) | ql;
    }
    (U256(q), U256::from_u64(rem))
}

/// SHL by `s` bits (0 for `s >= 256`): a `match` with constant limb indexes (variable
/// indexing costs address arithmetic on SBF).
#[inline]
pub fn shl_u32(a: U256, s: u32) -> U256 {
    let [r0, r1, r2, r3] = shl_bits(&a.0, s);
    match s >> 6 {
        0 => U256([r0, r1, r2, r3]),
        1 => U256([0, r0, r1, r2]),
        2 => U256([0, 0, r0, r1]),
        3 => U256([0, 0, 0, r0]),
        _ => U256::ZERO,
    }
}

/// Logical SHR by `s` bits (0 for `s >= 256`).
#[inline]
pub fn shr_u32(a: U256, s: u32) -> U256 {
    let [r0, r1, r2, r3] = shr_bits(&a.0, s, false);
    match s >> 6 {
        0 => U256([r0, r1, r2, r3]),
        1 => U256([r1, r2, r3, 0]),
        2 => U256([r2, r3, 0, 0]),
        3 => U256([r3, 0, 0, 0]),
        _ => U256::ZERO,
    }
}

/// SAR by `s` bits (all sign bits for `s >= 256`).
#[inline]
pub fn sar_u32(a: U256, s: u32) -> U256 {
    let f = ((a.0[3] as i64) >> 63) as u64;
    let [r0, r1, r2, r3] = shr_bits(&a.0, s, true);
    match s >> 6 {
        0 => U256([r0, r1, r2, r3]),
        1 => U256([r1, r2, r3, f]),
        2 => U256([r2, r3, f, f]),
        3 => U256([r3, f, f, f]),
        _ => U256([f, f, f, f]),
    }
}
