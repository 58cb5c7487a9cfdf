//! The portable back end: no 128-bit integers anywhere (used on SBF, tested natively).
//!
//! Multiplication uses 32x32->64 partial products (a native 64-bit multiply on SBF);
//! division uses 64-bit `/` (a native SBF instruction): short division for 32-bit
//! divisors, 2-by-1 limb divisions built from 32-bit halves otherwise (Knuth's
//! algorithm D on 64-bit limbs for multi-limb divisors).

use crate::U256;

const M32: u64 = 0xffff_ffff;

division_ops!();
derived_ops!();

/// Full 64x64 -> 128-bit product as `(lo, hi)`, from four 32-bit partial products.
#[inline(always)]
pub fn mul_wide_u64(a: u64, b: u64) -> (u64, u64) {
    let (a0, a1) = (a & M32, a >> 32);
    let (b0, b1) = (b & M32, b >> 32);
    let p00 = a0.wrapping_mul(b0);
    let p01 = a0.wrapping_mul(b1);
    let p10 = a1.wrapping_mul(b0);
    let p11 = a1.wrapping_mul(b1);
    // < 3 * 2^32: no overflow.
    let mid = (p00 >> 32).wrapping_add(p01 & M32).wrapping_add(p10 & M32);
    let lo = (mid << 32) | (p00 & M32);
    let hi = p11
        .wrapping_add(p01 >> 32)
        .wrapping_add(p10 >> 32)
        .wrapping_add(mid >> 32);
    (lo, hi)
}

/// `r + a * b + c` as `(lo, hi)` (cannot overflow 128 bits).
#[inline(always)]
fn mac(r: u64, a: u64, b: u64, c: u64) -> (u64, u64) {
    let (lo, hi) = mul_wide_u64(a, b);
    let (lo, c1) = lo.overflowing_add(r);
    let (lo, c2) = lo.overflowing_add(c);
    (lo, hi.wrapping_add(c1 as u64).wrapping_add(c2 as u64))
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

/// MUL: `a * b` modulo 2^256.
#[inline]
pub fn mul(a: U256, b: U256) -> U256 {
    if a.fits_u64() && b.fits_u64() {
        let (lo, hi) = mul_wide_u64(a.0[0], b.0[0]);
        return U256([lo, hi, 0, 0]);
    }
    mul_slow(&a.0, &b.0)
}

#[inline(never)]
fn mul_slow(a: &[u64; 4], b: &[u64; 4]) -> U256 {
    // Let `b` be the shorter operand: rows over `a`, columns over `b`.
    let (a, b) = if limb_len(a) < limb_len(b) {
        (b, a)
    } else {
        (a, b)
    };
    let nb = limb_len(b);
    let mut r = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        let ai = a[i];
        if ai != 0 {
            let mut carry = 0u64;
            let mut j = 0;
            while j < nb && i + j < 3 {
                let (lo, hi) = mac(r[i + j], ai, b[j], carry);
                r[i + j] = lo;
                carry = hi;
                j += 1;
            }
            if j < nb {
                // i + j == 3: only the low 64 bits matter.
                r[3] = r[3].wrapping_add(ai.wrapping_mul(b[j])).wrapping_add(carry);
            } else if i + j < 4 {
                // Nothing was written here by earlier rows.
                r[i + j] = carry;
            }
        }
        i += 1;
    }
    U256(r)
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
    dh: u64,
    dl: u64,
}

impl Div2by1 {
    /// `d` must have its top bit set.
    #[inline(always)]
    fn new(d: u64) -> Self {
        Div2by1 {
            d,
            dh: d >> 32,
            dl: d & M32,
        }
    }

    /// `(u1:u0) / d` and the remainder, for `u1 < d`.
    #[inline(always)]
    fn div(&self, u1: u64, u0: u64) -> (u64, u64) {
        let (d, dh, dl) = (self.d, self.dh, self.dl);
        let u0h = u0 >> 32;
        let u0l = u0 & M32;
        // First quotient digit from (u1 : u0h) / d.
        let mut q1 = u1 / dh;
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
        let mut q0 = r1 / dh;
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
        div_rem_small(a, d)
    } else {
        div_rem_u64(a, d)
    }
}

/// Short division by a divisor `0 < d < 2^32`, on 32-bit digits with 64-bit `/`.
#[inline(never)]
fn div_rem_small(a: U256, d: u64) -> (U256, U256) {
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    let mut i = 4;
    while i > 0 {
        i -= 1;
        let l = a.0[i];
        let hi = (rem << 32) | (l >> 32);
        let qh = hi / d;
        rem = hi - qh.wrapping_mul(d);
        let lo = (rem << 32) | (l & M32);
        let ql = lo / d;
        rem = lo - ql.wrapping_mul(d);
        q[i] = (qh << 32) | ql;
    }
    (U256(q), U256::from_u64(rem))
}
