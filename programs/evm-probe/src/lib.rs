//! `sealevm-evm-probe`: a tiny Solana program that proves the SBF build pipeline.
//!
//! Instruction data is any byte string. The program copies it onto the heap
//! (past the default 32 KiB, so the caller must request a larger heap frame),
//! hashes it with the `sol_keccak256` syscall and returns the 32-byte digest
//! through `sol_set_return_data`.
//!
//! Build it with `scripts/build-sbf.sh`; the LiteSVM tests live in the
//! `sealevm-tests` crate. Natively this crate only exposes its constants, so
//! `cargo check --workspace` works without the SBF toolchain.
#![cfg_attr(target_os = "solana", no_std)]

#[cfg(target_os = "solana")]
mod program;

/// Heap frame (bytes) the probe expects the transaction to request with
/// `ComputeBudgetInstruction::request_heap_frame`: the 256 KiB maximum.
pub const HEAP_FRAME_BYTES: u32 = 256 * 1024;

/// Bytes the probe reserves on the heap before copying its input, so that the
/// copy lands beyond the runtime's default 32 KiB heap. With a smaller heap
/// frame the program fails with an access violation: the tests use this to
/// prove the heap frame request reaches the program.
pub const HEAP_BALLAST_BYTES: usize = 64 * 1024;
