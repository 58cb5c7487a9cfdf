//! The portable back end: no 128-bit integers anywhere (used on SBF, tested natively).
//!
//! Multiplication uses 32x32->64 partial products (a native 64-bit multiply on SBF);
//! division uses 64-bit `/` (a native SBF instruction) for short divisors and Knuth's
//! algorithm D on 32-bit digits otherwise.

use crate::U256;

const M32: u64 = 0xffff_ffff;

knuth_divrem!(knuth32, Knuth32, u32, u64, 32, 16, 8);
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

/// Splits limbs into 32-bit digits.
#[inline(always)]
fn to_digits(x: &[u64], out: &mut [u32]) {
    for (k, &l) in x.iter().enumerate() {
        out[2 * k] = l as u32;
        out[2 * k + 1] = (l >> 32) as u32;
    }
}

/// Number of significant 32-bit digits among the first `n`.
#[inline(always)]
fn digit_len(d: &[u32], mut n: usize) -> usize {
    while n > 0 && d[n - 1] == 0 {
        n -= 1;
    }
    n
}

/// Joins 32-bit digits into four limbs.
#[inline(always)]
fn from_digits(d: &[u32]) -> U256 {
    let mut r = [0u64; 4];
    for (k, l) in r.iter_mut().enumerate() {
        *l = (d[2 * k] as u64) | ((d[2 * k + 1] as u64) << 32);
    }
    U256(r)
}

/// `(a / b, a % b)`; `(0, 0)` if `b == 0`.
#[inline]
pub fn div_rem(a: U256, b: U256) -> (U256, U256) {
    if b.fits_u64() {
        let d = b.0[0];
        if d == 0 {
            return (U256::ZERO, U256::ZERO);
        }
        if a.fits_u64() {
            let x = a.0[0];
            return (U256::from_u64(x / d), U256::from_u64(x % d));
        }
        if d <= M32 {
            return div_rem_small(a, d);
        }
    }
    if a < b {
        return (U256::ZERO, a);
    }
    div_rem_knuth(a, b)
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

#[inline(never)]
fn div_rem_knuth(a: U256, b: U256) -> (U256, U256) {
    let mut w = Knuth32 {
        u: [0; 17],
        v: [0; 8],
        q: [0; 16],
        un: 0,
        vn: 0,
    };
    to_digits(&a.0, &mut w.u);
    to_digits(&b.0, &mut w.v);
    w.un = digit_len(&w.u, 8);
    w.vn = digit_len(&w.v, 8);
    if w.vn == 1 {
        // Only reachable for a < 2^32 divisor, handled by the caller; kept total.
        return div_rem_small(a, w.v[0] as u64);
    }
    knuth32(&mut w);
    let mut r = [0u32; 8];
    r[..w.vn].copy_from_slice(&w.u[..w.vn]);
    (from_digits(&w.q), from_digits(&r))
}

/// `x % m` for `x` given as `n <= 8` little-endian limbs and `m != 0`.
#[inline(never)]
pub(crate) fn rem_wide(x: &[u64; 8], n: usize, m: U256) -> U256 {
    let mut w = Knuth32 {
        u: [0; 17],
        v: [0; 8],
        q: [0; 16],
        un: 0,
        vn: 0,
    };
    to_digits(&x[..n], &mut w.u);
    to_digits(&m.0, &mut w.v);
    let un = digit_len(&w.u, 2 * n);
    let vn = digit_len(&w.v, 8);
    let u = &w.u;
    if vn == 1 {
        let d = w.v[0] as u64;
        let mut rem = 0u64;
        let mut i = un;
        while i > 0 {
            i -= 1;
            rem = ((rem << 32) | u[i] as u64) % d;
        }
        return U256::from_u64(rem);
    }
    if un < vn {
        let mut r = [0u32; 8];
        r[..un].copy_from_slice(&u[..un]);
        return from_digits(&r);
    }
    w.un = un;
    w.vn = vn;
    knuth32(&mut w);
    let mut r = [0u32; 8];
    r[..vn].copy_from_slice(&w.u[..vn]);
    from_digits(&r)
}
