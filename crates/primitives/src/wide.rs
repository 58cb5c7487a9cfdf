//! The native back end: 64-bit digits with `u128` intermediates (not compiled on SBF).

use crate::limb_shift::{shl_bits, shr_bits};
use crate::U256;

division_ops!();
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

/// `a * b` or `None` on overflow.
#[inline(always)]
fn mul64_checked(a: u64, b: u64) -> Option<u64> {
    a.checked_mul(b)
}

/// Leading zeros of a `u64`.
#[inline(always)]
pub(crate) fn clz64(x: u64) -> u32 {
    x.leading_zeros()
}

/// Full 64x64 -> 128-bit product as `(lo, hi)`.
#[inline(always)]
fn mul_wide_u64(a: u64, b: u64) -> (u64, u64) {
    let p = (a as u128) * (b as u128);
    (p as u64, (p >> 64) as u64)
}

/// 2-by-1 division by a normalized divisor with a precomputed reciprocal
/// (Möller and Granlund 2011, algorithm 4).
#[derive(Clone, Copy)]
struct Div2by1 {
    d: u64,
    v: u64,
}

impl Div2by1 {
    /// `d` must have its top bit set.
    #[inline(always)]
    fn new(d: u64) -> Self {
        Div2by1 {
            d,
            v: reciprocal(d),
        }
    }

    /// `(u1:u0) / d` and the remainder, for `u1 < d`.
    #[inline(always)]
    fn div(&self, u1: u64, u0: u64) -> (u64, u64) {
        let q = (self.v as u128) * (u1 as u128);
        let q = q.wrapping_add(((u1 as u128) << 64) | (u0 as u128));
        let mut q1 = ((q >> 64) as u64).wrapping_add(1);
        let q0 = q as u64;
        let mut r = u0.wrapping_sub(q1.wrapping_mul(self.d));
        if r > q0 {
            q1 = q1.wrapping_sub(1);
            r = r.wrapping_add(self.d);
        }
        if r >= self.d {
            q1 = q1.wrapping_add(1);
            r -= self.d;
        }
        (q1, r)
    }
}

/// `floor((2^128 - 1) / d) - 2^64` for a normalized `d`: one hardware 128-by-64 division
/// of `(!d : 2^64 - 1)` by `d` on x86-64 (its quotient fits: `!d < d`), a `u128`
/// division elsewhere.
#[inline(always)]
fn reciprocal(d: u64) -> u64 {
    #[cfg(target_arch = "x86_64")]
    {
        let q: u64;
        // SAFETY: `div` divides rdx:rax by `d`; `d` has its top bit set, so it is not
        // zero and `rdx = !d < d`, hence the quotient fits in 64 bits (no #DE).
        unsafe {
            core::arch::asm!(
                "div {d}",
                d = in(reg) d,
                inout("rax") u64::MAX => q,
                inout("rdx") !d => _,
                options(pure, nomem, nostack),
            );
        }
        q
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        (u128::MAX / (d as u128)) as u64
    }
}

/// Division by a non-zero 64-bit divisor.
#[inline(always)]
fn div_rem_short(a: U256, d: u64) -> (U256, U256) {
    div_rem_u64(a, d)
}

/// `if c { x } else { y }` as a conditional move (shift amounts are hard to predict).
#[inline(always)]
fn sel(c: bool, x: u64, y: u64) -> u64 {
    core::hint::select_unpredictable(c, x, y)
}

/// Moves limbs up by `k & 3` places (filling with `f`), then everything to `f` if `big`:
/// two conditional-move stages.
#[inline(always)]
fn limb_shift_up(r: [u64; 4], k: u32, big: bool) -> U256 {
    let (c1, c2) = (k & 1 != 0, k & 2 != 0);
    let t = [
        sel(c1, 0, r[0]),
        sel(c1, r[0], r[1]),
        sel(c1, r[1], r[2]),
        sel(c1, r[2], r[3]),
    ];
    U256([
        sel(c2 | big, 0, t[0]),
        sel(c2 | big, 0, t[1]),
        sel(big, 0, sel(c2, t[0], t[2])),
        sel(big, 0, sel(c2, t[1], t[3])),
    ])
}

/// Moves limbs down by `k & 3` places (filling with `f`), then everything to `f` if `big`.
#[inline(always)]
fn limb_shift_down(r: [u64; 4], k: u32, big: bool, f: u64) -> U256 {
    let (c1, c2) = (k & 1 != 0, k & 2 != 0);
    let t = [
        sel(c1, r[1], r[0]),
        sel(c1, r[2], r[1]),
        sel(c1, r[3], r[2]),
        sel(c1, f, r[3]),
    ];
    U256([
        sel(big, f, sel(c2, t[2], t[0])),
        sel(big, f, sel(c2, t[3], t[1])),
        sel(c2 | big, f, t[2]),
        sel(c2 | big, f, t[3]),
    ])
}

/// SHL by `s` bits (0 for `s >= 256`), branch-free.
#[inline]
pub fn shl_u32(a: U256, s: u32) -> U256 {
    limb_shift_up(shl_bits(&a.0, s), s >> 6, s >= 256)
}

/// Logical SHR by `s` bits (0 for `s >= 256`), branch-free.
#[inline]
pub fn shr_u32(a: U256, s: u32) -> U256 {
    limb_shift_down(shr_bits(&a.0, s, false), s >> 6, s >= 256, 0)
}

/// SAR by `s` bits (all sign bits for `s >= 256`), branch-free.
#[inline]
pub fn sar_u32(a: U256, s: u32) -> U256 {
    let f = ((a.0[3] as i64) >> 63) as u64;
    limb_shift_down(shr_bits(&a.0, s, true), s >> 6, s >= 256, f)
}
