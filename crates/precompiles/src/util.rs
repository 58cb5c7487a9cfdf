//! Small helpers shared by the precompiles: gas arithmetic that is safe on SBF and input padding.

use sealevm_primitives::saturating_mul_u64;

/// Number of 32-byte words needed to hold `len` bytes (rounded up).
#[inline]
pub(crate) fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}

/// `base + per_word * words(len)`, saturating at `u64::MAX`.
#[inline]
pub(crate) fn linear_cost(len: usize, base: u64, per_word: u64) -> u64 {
    base.saturating_add(saturating_mul_u64(words(len), per_word))
}

/// Copies `input[offset..offset + N]` into an array, filling what lies past the input with zeros.
#[inline]
pub(crate) fn padded<const N: usize>(input: &[u8], offset: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if offset < input.len() {
        let avail = &input[offset..];
        let n = if avail.len() < N { avail.len() } else { N };
        out[..n].copy_from_slice(&avail[..n]);
    }
    out
}

/// `input[offset..offset + len]` as far as it lies inside `input` (possibly empty): the bytes
/// past the end are implicitly zero and are left to the caller.
#[inline]
pub(crate) fn available(input: &[u8], offset: usize, len: usize) -> &[u8] {
    if offset >= input.len() {
        return &[];
    }
    let end = match offset.checked_add(len) {
        Some(end) if end < input.len() => end,
        _ => input.len(),
    };
    &input[offset..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_up() {
        assert_eq!(words(0), 0);
        assert_eq!(words(1), 1);
        assert_eq!(words(32), 1);
        assert_eq!(words(33), 2);
    }

    #[test]
    fn padding() {
        assert_eq!(padded::<4>(&[1, 2], 0), [1, 2, 0, 0]);
        assert_eq!(padded::<2>(&[1, 2, 3], 1), [2, 3]);
        assert_eq!(padded::<2>(&[1, 2, 3], 7), [0, 0]);
        assert_eq!(available(&[1, 2, 3], 1, 5), &[2, 3]);
        assert_eq!(available(&[1, 2, 3], 3, 5), &[] as &[u8]);
        assert_eq!(available(&[1, 2, 3], 0, usize::MAX), &[1, 2, 3]);
    }
}
