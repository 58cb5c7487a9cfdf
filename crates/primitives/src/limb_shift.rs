//! Sub-limb shifts shared by both arithmetic back ends (no 128-bit operation).

/// The four limbs of `a` shifted left by `s % 64` bits (with the carries between them).
/// `(x >> 1) >> (63 - bits)` is `x >> (64 - bits)`, and 0 for `bits == 0`.
#[inline(always)]
pub(crate) fn shl_bits(a: &[u64; 4], s: u32) -> [u64; 4] {
    let bits = s & 63;
    let inv = 63 - bits;
    [
        a[0] << bits,
        (a[1] << bits) | ((a[0] >> 1) >> inv),
        (a[2] << bits) | ((a[1] >> 1) >> inv),
        (a[3] << bits) | ((a[2] >> 1) >> inv),
    ]
}

/// The four limbs of `a` shifted right by `s % 64` bits; the top limb shifted
/// arithmetically if `arith`.
#[inline(always)]
pub(crate) fn shr_bits(a: &[u64; 4], s: u32, arith: bool) -> [u64; 4] {
    let bits = s & 63;
    let inv = 63 - bits;
    let top = if arith {
        ((a[3] as i64) >> bits) as u64
    } else {
        a[3] >> bits
    };
    [
        (a[0] >> bits) | ((a[1] << 1) << inv),
        (a[1] >> bits) | ((a[2] << 1) << inv),
        (a[2] >> bits) | ((a[3] << 1) << inv),
        top,
    ]
}
