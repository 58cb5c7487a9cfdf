//! The shared interface of the sealevm on-chain program, in the shape of SPL Token's interface
//! crate: everything the program and its clients (the proxy, tests) must agree on.
//!
//! - [`id`]: the program id and the PDA seeds; [`chain`]: fork, block gas limit, base fee.
//! - [`instruction`]: the instruction enum, its wire format and the accounts each variant takes.
//! - [`state`]: the byte layouts of the program's accounts.
//! - [`error`]: the numbered error codes (`ProgramError::Custom(code)`).
//! - [`rlp`] and [`tx`]: `no_std` decoding of signed Ethereum transactions and their signing
//!   hash (shared by the program and the proxy).
//! - [`secp256k1`]: the data of Solana's secp256k1 precompile instruction (the
//!   `ExecuteVerified` route, which spares the program the `secp256k1_recover` syscall).
//! - [`receipt`]: the binary receipt the program returns after an `Execute`.
//! - [`units`]: lamport / wei conversion (1 lamport = 10^9 wei).
//! - `client` (feature `client`, native only): PDA derivation and instruction builders;
//!   `emulate`: the EVM core over the program's accounts, which tells a client what to declare.
//!
//! The design is described in `docs/program.md`.
#![no_std]

extern crate alloc;
#[cfg(feature = "client")]
extern crate std;

pub mod chain;
pub mod error;
pub mod id;
pub mod instruction;
pub mod receipt;
pub mod rlp;
pub mod secp256k1;
pub mod state;
pub mod tx;
pub mod units;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod emulate;
#[cfg(feature = "client")]
mod pda_cache;

pub use error::SealevmError;
pub use id::PROGRAM_ID;
pub use instruction::SealevmInstruction;
