//! Keccak-256: the `sol_keccak256` syscall on SBF, `tiny-keccak` natively.

use crate::B256;

/// `keccak256(&[])`.
pub const KECCAK_EMPTY: B256 = B256([
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
    0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
]);

/// Keccak-256 of `data`.
#[inline]
pub fn keccak256(data: &[u8]) -> B256 {
    keccak256_concat(&[data])
}

/// Keccak-256 of the concatenation of `parts` (without copying them together).
pub fn keccak256_concat(parts: &[&[u8]]) -> B256 {
    let mut out = [0u8; 32];
    #[cfg(target_os = "solana")]
    {
        // The syscall takes an array of (ptr, len) pairs, which is the layout of `&[u8]`.
        // SAFETY: `parts` is a valid slice of byte slices and `out` has room for 32 bytes.
        unsafe {
            solana_define_syscall::definitions::sol_keccak256(
                parts.as_ptr() as *const u8,
                parts.len() as u64,
                out.as_mut_ptr(),
            );
        }
    }
    #[cfg(not(target_os = "solana"))]
    {
        use tiny_keccak::Hasher;
        let mut h = tiny_keccak::Keccak::v256();
        for p in parts {
            h.update(p);
        }
        h.finalize(&mut out);
    }
    B256(out)
}
