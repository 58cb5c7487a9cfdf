//! 64-bit multiplication helpers that are safe on SBF (no `__multi3`).

/// `a * b`, or `None` on overflow.
///
/// On SBF this goes through 32-bit halves (`u64::checked_mul` needs a 128-bit multiply
/// libcall there); natively it is `u64::checked_mul`.
#[inline]
pub fn checked_mul_u64(a: u64, b: u64) -> Option<u64> {
    #[cfg(target_os = "solana")]
    {
        checked_mul_u64_portable(a, b)
    }
    #[cfg(not(target_os = "solana"))]
    {
        a.checked_mul(b)
    }
}

/// `a * b`, saturating at `u64::MAX`.
#[inline]
pub fn saturating_mul_u64(a: u64, b: u64) -> u64 {
    checked_mul_u64(a, b).unwrap_or(u64::MAX)
}

/// The 32-bit-halves implementation of [`checked_mul_u64`] (used on SBF, tested natively).
#[inline]
pub fn checked_mul_u64_portable(a: u64, b: u64) -> Option<u64> {
    const M: u64 = 0xffff_ffff;
    let (ah, al) = (a >> 32, a & M);
    let (bh, bl) = (b >> 32, b & M);
    if ah != 0 && bh != 0 {
        return None;
    }
    // At most one of the cross products is non-zero; each is < 2^64.
    let cross = ah.wrapping_mul(bl) | al.wrapping_mul(bh);
    if cross > M {
        return None;
    }
    let low = al.wrapping_mul(bl);
    let (r, overflow) = low.overflowing_add(cross << 32);
    if overflow {
        None
    } else {
        Some(r)
    }
}
