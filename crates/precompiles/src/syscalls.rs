//! The Solana syscalls used on SBF (`target_os = "solana"`), declared by `solana-define-syscall`
//! (static syscalls when the build sets `target_feature = "static-syscalls"`).

use solana_define_syscall::definitions as sys;

/// `sol_alt_bn128_group_op` operation: G1 addition, big-endian (EIP-197) encoding.
pub(crate) const ALT_BN128_G1_ADD_BE: u64 = 0;
/// `sol_alt_bn128_group_op` operation: G1 scalar multiplication, big-endian encoding.
pub(crate) const ALT_BN128_G1_MUL_BE: u64 = 2;
/// `sol_alt_bn128_group_op` operation: pairing check, big-endian encoding.
pub(crate) const ALT_BN128_PAIRING_BE: u64 = 3;

/// SHA-256 of `data` (`sol_sha256`).
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let parts: [&[u8]; 1] = [data];
    // SAFETY: the syscall reads `parts` as an array of (pointer, length) pairs, which is the
    // layout of `&[u8]`, and writes 32 bytes to `out`.
    unsafe {
        sys::sol_sha256(parts.as_ptr() as *const u8, 1, out.as_mut_ptr());
    }
    out
}

/// Recovers the 64-byte uncompressed public key (x || y) from a prehashed message, a recovery
/// id (0 or 1) and a 64-byte r || s signature (`sol_secp256k1_recover`); `None` if invalid.
pub(crate) fn secp256k1_recover(hash: &[u8; 32], recid: u8, sig: &[u8; 64]) -> Option<[u8; 64]> {
    let mut out = [0u8; 64];
    // SAFETY: the syscall reads 32 bytes of hash, 64 of signature and writes 64 to `out`.
    let rc = unsafe {
        sys::sol_secp256k1_recover(hash.as_ptr(), recid as u64, sig.as_ptr(), out.as_mut_ptr())
    };
    if rc == 0 {
        Some(out)
    } else {
        None
    }
}

/// Runs `sol_alt_bn128_group_op` with `op` on `input`, writing `out.len()` bytes to `out`.
/// Returns `false` if the syscall rejected the input (invalid point or field element).
pub(crate) fn alt_bn128(op: u64, input: &[u8], out: &mut [u8]) -> bool {
    // SAFETY: the syscall reads `input.len()` bytes of `input` and writes the operation's fixed
    // output size (64 bytes for add/mul, 32 for pairing) to `out`, which callers size exactly.
    let rc = unsafe {
        sys::sol_alt_bn128_group_op(op, input.as_ptr(), input.len() as u64, out.as_mut_ptr())
    };
    rc == 0
}
