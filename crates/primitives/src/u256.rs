//! The 256-bit word and its operations that need no multiplication or division
//! (the same code on SBF and natively: only 64-bit adds, compares and shifts).

// The EVM method names `div`, `rem`, `shl`, `shr` are deliberate; the `core::ops` traits
// are not implemented so that they cannot be confused.
#![allow(clippy::should_implement_trait)]

use core::cmp::Ordering;
use core::fmt;
use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not};

#[cfg(target_os = "solana")]
use crate::portable as arith;
#[cfg(not(target_os = "solana"))]
use crate::wide as arith;

/// 256-bit unsigned integer, little-endian u64 limbs (`limbs[0]` least significant).
///
/// Signed operations (`sdiv`, `smod`, `sar`, `slt`, ...) read it as two's complement.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct U256(pub [u64; 4]);

impl U256 {
    /// 0.
    pub const ZERO: U256 = U256([0; 4]);
    /// 1.
    pub const ONE: U256 = U256([1, 0, 0, 0]);
    /// 2^256 - 1 (also -1 in two's complement).
    pub const MAX: U256 = U256([u64::MAX; 4]);
    /// 2^255, the most negative signed value.
    pub const SIGN_BIT: U256 = U256([0, 0, 0, 1 << 63]);

    /// From a `u64`.
    #[inline(always)]
    pub const fn from_u64(v: u64) -> U256 {
        U256([v, 0, 0, 0])
    }

    /// From little-endian limbs.
    #[inline(always)]
    pub const fn from_limbs(l: [u64; 4]) -> U256 {
        U256(l)
    }

    /// The little-endian limbs.
    #[inline(always)]
    pub const fn as_limbs(&self) -> &[u64; 4] {
        &self.0
    }

    /// From 32 big-endian bytes.
    #[inline]
    pub fn from_be_bytes(b: [u8; 32]) -> U256 {
        let mut l = [0u64; 4];
        let mut i = 0;
        while i < 4 {
            let o = 24 - 8 * i;
            l[i] = u64::from_be_bytes([
                b[o],
                b[o + 1],
                b[o + 2],
                b[o + 3],
                b[o + 4],
                b[o + 5],
                b[o + 6],
                b[o + 7],
            ]);
            i += 1;
        }
        U256(l)
    }

    /// The 32 big-endian bytes.
    #[inline]
    pub fn to_be_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        self.write_be_bytes(&mut out);
        out
    }

    /// Writes the 32 big-endian bytes into `out`.
    #[inline]
    pub fn write_be_bytes(&self, out: &mut [u8; 32]) {
        let mut i = 0;
        while i < 4 {
            let b = self.0[3 - i].to_be_bytes();
            let mut k = 0;
            while k < 8 {
                out[8 * i + k] = b[k];
                k += 1;
            }
            i += 1;
        }
    }

    /// From big-endian bytes: up to 32 bytes are left-padded with zeros; of a longer slice
    /// only the last 32 bytes are used.
    #[inline]
    pub fn from_be_slice(b: &[u8]) -> U256 {
        // A whole word (stored balances, slot keys and values) loads as four limbs; the byte
        // loop below costs about five compute units per byte on SBF.
        if let Ok(word) = <&[u8; 32]>::try_from(b) {
            return U256::from_be_bytes(*word);
        }
        let b = if b.len() > 32 { &b[b.len() - 32..] } else { b };
        let mut buf = [0u8; 32];
        let start = 32 - b.len();
        for (d, s) in buf[start..].iter_mut().zip(b) {
            *d = *s;
        }
        U256::from_be_bytes(buf)
    }

    /// From 32 little-endian bytes.
    #[inline]
    pub fn from_le_bytes(b: [u8; 32]) -> U256 {
        let mut rev = b;
        rev.reverse();
        U256::from_be_bytes(rev)
    }

    /// The 32 little-endian bytes.
    #[inline]
    pub fn to_le_bytes(&self) -> [u8; 32] {
        let mut b = self.to_be_bytes();
        b.reverse();
        b
    }

    /// Whether the value is 0.
    #[inline(always)]
    pub fn is_zero(&self) -> bool {
        (self.0[0] | self.0[1] | self.0[2] | self.0[3]) == 0
    }

    /// The low 64 bits.
    #[inline(always)]
    pub fn low_u64(&self) -> u64 {
        self.0[0]
    }

    /// Whether the value fits in a `u64`.
    #[inline(always)]
    pub fn fits_u64(&self) -> bool {
        (self.0[1] | self.0[2] | self.0[3]) == 0
    }

    /// The value as `u64`, or `None` if it is larger than `u64::MAX`.
    #[inline(always)]
    pub fn to_u64(&self) -> Option<u64> {
        if self.fits_u64() {
            Some(self.0[0])
        } else {
            None
        }
    }

    /// The value as `usize`, saturating at `usize::MAX`.
    #[inline(always)]
    pub fn as_usize_saturated(&self) -> usize {
        if self.fits_u64() && self.0[0] <= usize::MAX as u64 {
            self.0[0] as usize
        } else {
            usize::MAX
        }
    }

    /// The value as `u64`, saturating at `u64::MAX`.
    #[inline(always)]
    pub fn as_u64_saturated(&self) -> u64 {
        if self.fits_u64() {
            self.0[0]
        } else {
            u64::MAX
        }
    }

    /// Number of leading zero bits (256 for 0).
    #[inline]
    pub fn leading_zeros(&self) -> u32 {
        if self.0[3] != 0 {
            clz64(self.0[3])
        } else if self.0[2] != 0 {
            64 + clz64(self.0[2])
        } else if self.0[1] != 0 {
            128 + clz64(self.0[1])
        } else {
            192 + clz64(self.0[0])
        }
    }

    /// Number of significant bits (0 for 0).
    #[inline]
    pub fn bit_len(&self) -> u32 {
        256 - self.leading_zeros()
    }

    /// Number of significant bytes (0 for 0).
    #[inline]
    pub fn byte_len(&self) -> u32 {
        self.bit_len().div_ceil(8)
    }

    /// Bit `i` (0 = least significant); false for `i >= 256`.
    #[inline]
    pub fn bit(&self, i: usize) -> bool {
        i < 256 && (self.0[i / 64] >> (i % 64)) & 1 == 1
    }

    /// `self + b` and whether it overflowed.
    #[inline(always)]
    pub fn overflowing_add(self, b: U256) -> (U256, bool) {
        let a = &self.0;
        let b = &b.0;
        let (r0, c0) = a[0].overflowing_add(b[0]);
        let (t1, c1a) = a[1].overflowing_add(b[1]);
        let (r1, c1b) = t1.overflowing_add(c0 as u64);
        let c1 = c1a | c1b;
        let (t2, c2a) = a[2].overflowing_add(b[2]);
        let (r2, c2b) = t2.overflowing_add(c1 as u64);
        let c2 = c2a | c2b;
        let (t3, c3a) = a[3].overflowing_add(b[3]);
        let (r3, c3b) = t3.overflowing_add(c2 as u64);
        (U256([r0, r1, r2, r3]), c3a | c3b)
    }

    /// `self - b` and whether it borrowed (`self < b`).
    #[inline(always)]
    pub fn overflowing_sub(self, b: U256) -> (U256, bool) {
        let a = &self.0;
        let b = &b.0;
        let (r0, c0) = a[0].overflowing_sub(b[0]);
        let (t1, c1a) = a[1].overflowing_sub(b[1]);
        let (r1, c1b) = t1.overflowing_sub(c0 as u64);
        let c1 = c1a | c1b;
        let (t2, c2a) = a[2].overflowing_sub(b[2]);
        let (r2, c2b) = t2.overflowing_sub(c1 as u64);
        let c2 = c2a | c2b;
        let (t3, c3a) = a[3].overflowing_sub(b[3]);
        let (r3, c3b) = t3.overflowing_sub(c2 as u64);
        (U256([r0, r1, r2, r3]), c3a | c3b)
    }

    /// `self + b` modulo 2^256 (ADD).
    #[inline(always)]
    pub fn wrapping_add(self, b: U256) -> U256 {
        self.overflowing_add(b).0
    }

    /// `self - b` modulo 2^256 (SUB).
    #[inline(always)]
    pub fn wrapping_sub(self, b: U256) -> U256 {
        self.overflowing_sub(b).0
    }

    /// `self * b` modulo 2^256 (MUL).
    #[inline(always)]
    pub fn wrapping_mul(self, b: U256) -> U256 {
        arith::mul(self, b)
    }

    /// `self + b`, or `None` on overflow.
    #[inline(always)]
    pub fn checked_add(self, b: U256) -> Option<U256> {
        match self.overflowing_add(b) {
            (r, false) => Some(r),
            _ => None,
        }
    }

    /// `self - b`, or `None` if `self < b`.
    #[inline(always)]
    pub fn checked_sub(self, b: U256) -> Option<U256> {
        match self.overflowing_sub(b) {
            (r, false) => Some(r),
            _ => None,
        }
    }

    /// `self * b`, or `None` on overflow.
    #[inline]
    pub fn checked_mul(self, b: U256) -> Option<U256> {
        arith::checked_mul(self, b)
    }

    /// `self + b`, saturating at `MAX`.
    #[inline(always)]
    pub fn saturating_add(self, b: U256) -> U256 {
        self.checked_add(b).unwrap_or(U256::MAX)
    }

    /// `self - b`, saturating at 0.
    #[inline(always)]
    pub fn saturating_sub(self, b: U256) -> U256 {
        self.checked_sub(b).unwrap_or(U256::ZERO)
    }

    /// `-self` modulo 2^256 (two's complement negation).
    #[inline(always)]
    pub fn wrapping_neg(self) -> U256 {
        U256::ZERO.wrapping_sub(self)
    }

    /// Whether the sign bit (bit 255) is set.
    #[inline(always)]
    pub fn is_negative(&self) -> bool {
        (self.0[3] as i64) < 0
    }

    /// The absolute value in two's complement (`MIN` stays `MIN`).
    #[inline(always)]
    pub fn abs_signed(self) -> U256 {
        if self.is_negative() {
            self.wrapping_neg()
        } else {
            self
        }
    }

    /// DIV: `self / b`, 0 if `b == 0`.
    #[inline]
    pub fn div(self, b: U256) -> U256 {
        arith::div(self, b)
    }

    /// MOD: `self % b`, 0 if `b == 0`.
    #[inline]
    pub fn rem(self, b: U256) -> U256 {
        arith::rem(self, b)
    }

    /// SDIV: signed division rounding toward zero, 0 if `b == 0`, `MIN / -1 = MIN`.
    #[inline]
    pub fn sdiv(self, b: U256) -> U256 {
        arith::sdiv(self, b)
    }

    /// SMOD: signed remainder with the sign of the dividend, 0 if `b == 0`.
    #[inline]
    pub fn smod(self, b: U256) -> U256 {
        arith::smod(self, b)
    }

    /// ADDMOD: `(self + b) % m` without intermediate overflow, 0 if `m == 0`.
    #[inline]
    pub fn add_mod(self, b: U256, m: U256) -> U256 {
        arith::add_mod(self, b, m)
    }

    /// MULMOD: `(self * b) % m` on the full 512-bit product, 0 if `m == 0`.
    #[inline]
    pub fn mul_mod(self, b: U256, m: U256) -> U256 {
        arith::mul_mod(self, b, m)
    }

    /// EXP: `self ^ e` modulo 2^256.
    #[inline]
    pub fn pow(self, e: U256) -> U256 {
        arith::pow(self, e)
    }

    /// `(self / b, self % b)`; `(0, 0)` if `b == 0`.
    #[inline]
    pub fn div_rem(self, b: U256) -> (U256, U256) {
        arith::div_rem(self, b)
    }

    /// SIGNEXTEND: extends the sign of byte `byte_index` (0 = least significant) of `self`;
    /// `self` unchanged if `byte_index >= 31`.
    #[inline]
    pub fn sign_extend(self, byte_index: U256) -> U256 {
        if !byte_index.fits_u64() || byte_index.0[0] >= 31 {
            return self;
        }
        let b = byte_index.0[0] as u32; // 0..=30
                                        // Move the sign bit (bit 8b + 7) to the top of its limb and shift back arithmetically.
        let up = 63 - ((b * 8 + 7) & 63);
        let a = self.0;
        let ext = |x: u64| (((x << up) as i64) >> up) as u64;
        let fill = |x: u64| ((x as i64) >> 63) as u64;
        match b / 8 {
            0 => {
                let l = ext(a[0]);
                let f = fill(l);
                U256([l, f, f, f])
            }
            1 => {
                let l = ext(a[1]);
                let f = fill(l);
                U256([a[0], l, f, f])
            }
            2 => {
                let l = ext(a[2]);
                let f = fill(l);
                U256([a[0], a[1], l, f])
            }
            _ => U256([a[0], a[1], a[2], ext(a[3])]),
        }
    }

    /// BYTE: byte `index` of `self` counted from the most significant (0 for `index >= 32`).
    #[inline]
    pub fn byte(self, index: U256) -> U256 {
        if !index.fits_u64() || index.0[0] >= 32 {
            return U256::ZERO;
        }
        let i = index.0[0] as usize; // 0..32
        let limb = 3 - i / 8;
        let shift = (7 - (i % 8)) * 8;
        U256::from_u64((self.0[limb & 3] >> shift) & 0xff)
    }

    /// SHL: `self << shift`, 0 if `shift >= 256`.
    #[inline]
    pub fn shl(self, shift: U256) -> U256 {
        if !shift.fits_u64() || shift.0[0] >= 256 {
            return U256::ZERO;
        }
        self.shl_u32(shift.0[0] as u32)
    }

    /// SHR: `self >> shift` (logical), 0 if `shift >= 256`.
    #[inline]
    pub fn shr(self, shift: U256) -> U256 {
        if !shift.fits_u64() || shift.0[0] >= 256 {
            return U256::ZERO;
        }
        self.shr_u32(shift.0[0] as u32)
    }

    /// SAR: arithmetic `self >> shift`; for `shift >= 256` 0 or `MAX` by the sign.
    #[inline]
    pub fn sar(self, shift: U256) -> U256 {
        let negative = self.is_negative();
        if !shift.fits_u64() || shift.0[0] >= 256 {
            return if negative { U256::MAX } else { U256::ZERO };
        }
        self.sar_u32(shift.0[0] as u32)
    }

    /// `self << s` (0 for `s >= 256`).
    #[inline(always)]
    pub fn shl_u32(self, s: u32) -> U256 {
        arith::shl_u32(self, s)
    }

    /// Logical `self >> s` (0 for `s >= 256`).
    #[inline(always)]
    pub fn shr_u32(self, s: u32) -> U256 {
        arith::shr_u32(self, s)
    }

    /// Arithmetic `self >> s` (0 or `MAX` by the sign for `s >= 256`).
    #[inline(always)]
    pub fn sar_u32(self, s: u32) -> U256 {
        arith::sar_u32(self, s)
    }

    /// SLT: signed `self < b`.
    #[inline(always)]
    pub fn slt(&self, b: &U256) -> bool {
        let x = self.0[3] ^ (1 << 63);
        let y = b.0[3] ^ (1 << 63);
        if x != y {
            return x < y;
        }
        lt_low3(&self.0, &b.0)
    }

    /// SGT: signed `self > b`.
    #[inline(always)]
    pub fn sgt(&self, b: &U256) -> bool {
        b.slt(self)
    }

    /// Unsigned `self < b` (LT).
    #[inline(always)]
    pub fn lt(&self, b: &U256) -> bool {
        let (_, borrow) = self.overflowing_sub(*b);
        borrow
    }

    /// Unsigned `self > b` (GT).
    #[inline(always)]
    pub fn gt(&self, b: &U256) -> bool {
        b.lt(self)
    }

    /// Signed comparison (two's complement).
    #[inline]
    pub fn signed_cmp(&self, b: &U256) -> Ordering {
        if self == b {
            Ordering::Equal
        } else if self.slt(b) {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }

    // Native only: text parsing is not needed on chain (and an `sret` tail call
    // here trips the SBF backend's "aggregate returns are not supported").
    #[cfg(not(target_os = "solana"))]
    /// Parses hex digits (with or without `0x`, at most 64 digits, no other characters;
    /// an empty string or bare `0x` is 0).
    pub fn from_hex(s: &str) -> Option<U256> {
        let s = s
            .strip_prefix("0x")
            .or_else(|| s.strip_prefix("0X"))
            .unwrap_or(s);
        let b = s.as_bytes();
        if b.len() > 64 {
            return None;
        }
        let mut r = [0u64; 4];
        for (k, &c) in b.iter().rev().enumerate() {
            let v = crate::address::hex_val(c)? as u64;
            r[k / 16] |= v << ((k % 16) * 4);
        }
        Some(U256(r))
    }

    // Native only: text parsing is not needed on chain (and an `sret` tail call
    // here trips the SBF backend's "aggregate returns are not supported").
    #[cfg(not(target_os = "solana"))]
    /// Parses a decimal number (digits only, value must fit in 256 bits).
    pub fn from_dec(s: &str) -> Option<U256> {
        let b = s.as_bytes();
        if b.is_empty() {
            return None;
        }
        let mut r = U256::ZERO;
        let ten = U256::from_u64(10);
        for &c in b {
            if !c.is_ascii_digit() {
                return None;
            }
            r = r
                .checked_mul(ten)?
                .checked_add(U256::from_u64((c - b'0') as u64))?;
        }
        Some(r)
    }

    // Native only: text parsing is not needed on chain (and an `sret` tail call
    // here trips the SBF backend's "aggregate returns are not supported").
    #[cfg(not(target_os = "solana"))]
    /// Parses `0x`-prefixed hex or plain decimal.
    pub fn from_str_prefixed(s: &str) -> Option<U256> {
        if s.starts_with("0x") || s.starts_with("0X") {
            U256::from_hex(s)
        } else {
            U256::from_dec(s)
        }
    }
}

/// Leading zeros of a `u64` (64 for 0). SBF has no count-leading-zeros instruction:
/// there a binary search and a byte table beat LLVM's popcount expansion.
#[inline(always)]
pub(crate) fn clz64(x: u64) -> u32 {
    #[cfg(target_os = "solana")]
    {
        crate::portable::clz64(x)
    }
    #[cfg(not(target_os = "solana"))]
    {
        x.leading_zeros()
    }
}

/// Unsigned `a < b` on the low three limbs (the top limbs being equal).
#[inline(always)]
fn lt_low3(a: &[u64; 4], b: &[u64; 4]) -> bool {
    if a[2] != b[2] {
        return a[2] < b[2];
    }
    if a[1] != b[1] {
        return a[1] < b[1];
    }
    a[0] < b[0]
}

impl Ord for U256 {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        let mut i = 4;
        while i > 0 {
            i -= 1;
            if self.0[i] != other.0[i] {
                return if self.0[i] < other.0[i] {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for U256 {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

macro_rules! bitop {
    ($tr:ident, $m:ident, $tra:ident, $ma:ident, $op:tt) => {
        impl $tr for U256 {
            type Output = U256;
            #[inline(always)]
            fn $m(self, b: U256) -> U256 {
                U256([
                    self.0[0] $op b.0[0],
                    self.0[1] $op b.0[1],
                    self.0[2] $op b.0[2],
                    self.0[3] $op b.0[3],
                ])
            }
        }
        impl $tra for U256 {
            #[inline(always)]
            fn $ma(&mut self, b: U256) {
                *self = $tr::$m(*self, b);
            }
        }
    };
}
bitop!(BitAnd, bitand, BitAndAssign, bitand_assign, &);
bitop!(BitOr, bitor, BitOrAssign, bitor_assign, |);
bitop!(BitXor, bitxor, BitXorAssign, bitxor_assign, ^);

impl Not for U256 {
    type Output = U256;
    #[inline(always)]
    fn not(self) -> U256 {
        U256([!self.0[0], !self.0[1], !self.0[2], !self.0[3]])
    }
}

impl From<u64> for U256 {
    #[inline(always)]
    fn from(v: u64) -> U256 {
        U256::from_u64(v)
    }
}

impl From<u32> for U256 {
    #[inline(always)]
    fn from(v: u32) -> U256 {
        U256::from_u64(v as u64)
    }
}

impl From<u16> for U256 {
    #[inline(always)]
    fn from(v: u16) -> U256 {
        U256::from_u64(v as u64)
    }
}

impl From<u8> for U256 {
    #[inline(always)]
    fn from(v: u8) -> U256 {
        U256::from_u64(v as u64)
    }
}

impl From<usize> for U256 {
    #[inline(always)]
    fn from(v: usize) -> U256 {
        U256::from_u64(v as u64)
    }
}

impl From<bool> for U256 {
    #[inline(always)]
    fn from(v: bool) -> U256 {
        U256::from_u64(v as u64)
    }
}

impl From<[u8; 32]> for U256 {
    #[inline]
    fn from(b: [u8; 32]) -> U256 {
        U256::from_be_bytes(b)
    }
}

impl fmt::Debug for U256 {
    /// `0x` and the minimal lower-case hex digits (`0x0` for zero).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::LowerHex::fmt(self, f)
    }
}

impl fmt::LowerHex for U256 {
    /// `0x` and the minimal lower-case hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut buf = [0u8; 66];
        buf[0] = b'0';
        buf[1] = b'x';
        let digits = (self.bit_len().div_ceil(4)).max(1) as usize;
        for k in 0..digits {
            let v = (self.0[k / 16] >> ((k % 16) * 4)) & 15;
            buf[2 + digits - 1 - k] = HEX[v as usize];
        }
        f.write_str(core::str::from_utf8(&buf[..2 + digits]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Display for U256 {
    /// Decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // 78 decimal digits at most.
        let mut buf = [0u8; 80];
        let mut pos = buf.len();
        let mut v = *self;
        const TEN19: u64 = 10_000_000_000_000_000_000;
        loop {
            let (q, r) = v.div_rem(U256::from_u64(TEN19));
            let mut chunk = r.0[0];
            let last = q.is_zero();
            let mut n = 0;
            while (last && (chunk != 0 || n == 0)) || (!last && n < 19) {
                pos -= 1;
                buf[pos] = b'0' + (chunk % 10) as u8;
                chunk /= 10;
                n += 1;
            }
            if last {
                break;
            }
            v = q;
        }
        f.write_str(core::str::from_utf8(&buf[pos..]).map_err(|_| fmt::Error)?)
    }
}
