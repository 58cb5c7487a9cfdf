//! On-chain part of the probe: entrypoint, allocator, panic handler and the
//! instruction processor. Compiled only for `target_os = "solana"`.

extern crate alloc;

use alloc::vec::Vec;
use pinocchio::{syscalls, AccountView, Address, ProgramResult};

pinocchio::program_entrypoint!(process_instruction);
// A bump allocator over the whole 256 KiB heap region; the runtime enforces the
// heap frame the transaction actually requested.
pinocchio::default_allocator!();
pinocchio::nostd_panic_handler!();

/// Hashes `data` (copied onto the heap, past [`crate::HEAP_BALLAST_BYTES`]) with
/// keccak-256 and returns the digest as the instruction's return data.
fn process_instruction(
    _program_id: &Address,
    _accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    // The bump allocator never frees, so this reservation pushes the next
    // allocation past the default 32 KiB heap (alloc_zeroed writes nothing).
    let ballast = alloc::vec![0u8; crate::HEAP_BALLAST_BYTES];
    let mut copy = Vec::new();
    copy.extend_from_slice(data);

    let digest = keccak256(&copy);
    // SAFETY: the pointer and length describe a live 32-byte array.
    unsafe { syscalls::sol_set_return_data(digest.as_ptr(), digest.len() as u64) };
    drop(ballast);
    Ok(())
}

/// Keccak-256 of one byte slice through the `sol_keccak256` syscall.
fn keccak256(bytes: &[u8]) -> [u8; 32] {
    // The syscall takes an array of (pointer, length) pairs, i.e. of slices.
    let parts: [&[u8]; 1] = [bytes];
    let mut digest = [0u8; 32];
    // SAFETY: `parts` holds one valid slice and `digest` has room for 32 bytes.
    unsafe {
        syscalls::sol_keccak256(
            parts.as_ptr() as *const u8,
            parts.len() as u64,
            digest.as_mut_ptr(),
        )
    };
    digest
}
