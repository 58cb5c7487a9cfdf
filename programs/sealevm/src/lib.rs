//! `sealevm-program`: an EVM inside a Solana program.
//!
//! The interface (instructions, account layouts, errors, receipts) lives in `sealevm-sdk`;
//! this crate is the entrypoint and one `process_<instruction>` function per instruction:
//!
//! - [`processor::initialize`]: creates the config and the vault.
//! - [`processor::deposit`]: lamports into the vault, wei onto an EVM account.
//! - [`processor::execute`]: decodes and verifies a signed Ethereum transaction, runs it with
//!   `sealevm-evm` over the declared accounts ([`evm_state`]), writes the changes back
//!   ([`write_back`]) and pays the operator; `ExecuteVerified` takes the sender the secp256k1
//!   precompile verified in the same Solana transaction ([`introspection`]) instead of
//!   recovering it with the syscall.
//!
//! Built for SBF by `scripts/build-sbf.sh`; natively the crate compiles with stubbed syscalls
//! so the workspace checks, lints and unit-tests it. See `docs/program.md`.
#![cfg_attr(target_os = "solana", no_std)]

extern crate alloc;

pub mod accounts;
pub mod evm_state;
pub mod introspection;
pub mod processor;
pub mod syscalls;
pub mod system;
pub mod write_back;

#[cfg(all(target_os = "solana", not(feature = "no-entrypoint")))]
mod entrypoint;

use pinocchio::error::ProgramError;
use sealevm_sdk::SealevmError;

/// The program error of a [`SealevmError`] (`ProgramError::Custom(code)`).
pub fn error(e: SealevmError) -> ProgramError {
    ProgramError::Custom(e.code())
}
