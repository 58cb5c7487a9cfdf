//! `sealevm-evm-probe`: a tiny Solana program that proves the SBF build pipeline and runs the
//! sealevm EVM on-chain.
//!
//! The first byte of the instruction data selects the operation (see [`codec`]):
//! - [`codec::OP_KECCAK`]: hash the rest with the `sol_keccak256` syscall, after reserving
//!   [`HEAP_BALLAST_BYTES`] of heap (so the transaction must request a larger heap frame);
//!   the return data is the 32-byte digest.
//! - [`codec::OP_RUN`]: execute EVM bytecode with calldata against an in-memory state
//!   ([`run::execute`]); the return data is an encoded [`codec::RunResult`].
//!
//! Build it with `scripts/build-sbf.sh`; the LiteSVM tests live in the `sealevm-tests` crate.
//! [`codec`] and [`run`] build natively too, so the tests encode requests and compute the
//! expected results with the very same code.
#![cfg_attr(target_os = "solana", no_std)]

extern crate alloc;

pub mod codec;
#[cfg(target_os = "solana")]
mod program;
pub mod run;

/// Heap frame (bytes) the probe expects the transaction to request with
/// `ComputeBudgetInstruction::request_heap_frame`: the 256 KiB maximum.
pub const HEAP_FRAME_BYTES: u32 = 256 * 1024;

/// Bytes the keccak operation reserves on the heap before copying its input, so that the copy
/// lands beyond the runtime's default 32 KiB heap. With a smaller heap frame the program fails
/// with an access violation: the tests use this to prove the heap frame request is honoured.
pub const HEAP_BALLAST_BYTES: usize = 64 * 1024;
