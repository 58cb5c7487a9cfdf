//! The native back end: 64-bit digits with `u128` intermediates (not compiled on SBF).

use crate::U256;

knuth_divrem!(knuth64, Knuth64, u64, u128, 64, 8, 4);
derived_ops!();

/// `r + a * b + c` as `(lo, hi)` (cannot overflow 128 bits).
#[inline(always)]
fn mac(r: u64, a: u64, b: u64, c: u64) -> (u64, u64) {
    let t = (a as u128) * (b as u128) + (r as u128) + (c as u128);
    (t as u64, (t >> 64) as u64)
}

/// MUL: `a * b` modulo 2^256.
#[inline]
pub fn mul(a: U256, b: U256) -> U256 {
    let (a, b) = (&a.0, &b.0);
    let mut r = [0u64; 4];
    // Row 0.
    let (r0, c) = mac(0, a[0], b[0], 0);
    r[0] = r0;
    let (r1, c) = mac(0, a[0], b[1], c);
    r[1] = r1;
    let (r2, c) = mac(0, a[0], b[2], c);
    r[2] = r2;
    r[3] = a[0].wrapping_mul(b[3]).wrapping_add(c);
    // Row 1.
    let (r1, c) = mac(r[1], a[1], b[0], 0);
    r[1] = r1;
    let (r2, c) = mac(r[2], a[1], b[1], c);
    r[2] = r2;
    r[3] = r[3].wrapping_add(a[1].wrapping_mul(b[2])).wrapping_add(c);
    // Row 2.
    let (r2, c) = mac(r[2], a[2], b[0], 0);
    r[2] = r2;
    r[3] = r[3].wrapping_add(a[2].wrapping_mul(b[1])).wrapping_add(c);
    // Row 3.
    r[3] = r[3].wrapping_add(a[3].wrapping_mul(b[0]));
    U256(r)
}

/// The full 512-bit product `a * b` as 8 little-endian limbs.
#[inline]
pub fn mul_full(a: U256, b: U256) -> [u64; 8] {
    let (a, b) = (&a.0, &b.0);
    let mut r = [0u64; 8];
    let mut i = 0;
    while i < 4 {
        let mut carry = 0u64;
        let mut j = 0;
        while j < 4 {
            let (lo, hi) = mac(r[i + j], a[i], b[j], carry);
            r[i + j] = lo;
            carry = hi;
            j += 1;
        }
        r[i + 4] = carry;
        i += 1;
    }
    r
}

/// Number of significant limbs among the first `n`.
#[inline(always)]
fn limb_len(d: &[u64], mut n: usize) -> usize {
    while n > 0 && d[n - 1] == 0 {
        n -= 1;
    }
    n
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
        return div_rem_small(a, d);
    }
    if a < b {
        return (U256::ZERO, a);
    }
    div_rem_knuth(a, b)
}

/// Short division by a non-zero 64-bit divisor.
#[inline(never)]
fn div_rem_small(a: U256, d: u64) -> (U256, U256) {
    let mut q = [0u64; 4];
    let mut rem = 0u64;
    let d128 = d as u128;
    let mut i = 4;
    while i > 0 {
        i -= 1;
        let cur = ((rem as u128) << 64) | (a.0[i] as u128);
        let qi = (cur / d128) as u64;
        rem = (cur as u64).wrapping_sub(qi.wrapping_mul(d));
        q[i] = qi;
    }
    (U256(q), U256::from_u64(rem))
}

#[inline(never)]
fn div_rem_knuth(a: U256, b: U256) -> (U256, U256) {
    let mut w = Knuth64 {
        u: [0; 9],
        v: b.0,
        q: [0; 8],
        un: 0,
        vn: 0,
    };
    w.u[..4].copy_from_slice(&a.0);
    w.un = limb_len(&w.u, 4);
    w.vn = limb_len(&w.v, 4);
    knuth64(&mut w);
    let mut r = [0u64; 4];
    r[..w.vn].copy_from_slice(&w.u[..w.vn]);
    (U256([w.q[0], w.q[1], w.q[2], w.q[3]]), U256(r))
}

/// `x % m` for `x` given as `n <= 8` little-endian limbs and `m != 0`.
#[inline(never)]
pub(crate) fn rem_wide(x: &[u64; 8], n: usize, m: U256) -> U256 {
    let mut w = Knuth64 {
        u: [0; 9],
        v: m.0,
        q: [0; 8],
        un: 0,
        vn: 0,
    };
    w.u[..8].copy_from_slice(x);
    let un = limb_len(&w.u, n);
    let vn = limb_len(&w.v, 4);
    let u = &w.u;
    if vn == 1 {
        let d = w.v[0] as u128;
        let mut rem = 0u128;
        let mut i = un;
        while i > 0 {
            i -= 1;
            rem = ((rem << 64) | u[i] as u128) % d;
        }
        return U256::from_u64(rem as u64);
    }
    if un < vn {
        let mut r = [0u64; 4];
        r[..un].copy_from_slice(&u[..un]);
        return U256(r);
    }
    w.un = un;
    w.vn = vn;
    knuth64(&mut w);
    let mut r = [0u64; 4];
    r[..vn].copy_from_slice(&w.u[..vn]);
    U256(r)
}
