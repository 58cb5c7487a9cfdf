//! Bulk byte copies: the `sol_memcpy_` syscall on SBF, `copy_from_slice` natively.
//!
//! On SBF `memcpy` is compiler-builtins' software loop, about half a compute unit per byte;
//! the syscall costs max(10, n / 250) CU, so copying contract code (kilobytes) through it
//! saves thousands of CU per call.

/// Copies `src` into `dst`; both must have the same length.
#[inline]
pub fn copy_bytes(dst: &mut [u8], src: &[u8]) {
    assert_eq!(dst.len(), src.len(), "copy_bytes: length mismatch");
    #[cfg(target_os = "solana")]
    {
        if src.len() >= 64 {
            // SAFETY: both slices are valid for `len` bytes and cannot overlap (one is
            // borrowed mutably).
            unsafe {
                solana_define_syscall::definitions::sol_memcpy_(
                    dst.as_mut_ptr(),
                    src.as_ptr(),
                    src.len() as u64,
                )
            };
            return;
        }
    }
    dst.copy_from_slice(src);
}

#[cfg(test)]
mod tests {
    use super::copy_bytes;

    #[test]
    fn copies_every_byte() {
        let src: [u8; 100] = core::array::from_fn(|i| i as u8);
        let mut dst = [0u8; 100];
        copy_bytes(&mut dst, &src);
        assert_eq!(dst, src);
    }
}
