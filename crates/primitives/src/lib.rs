//! sealevm primitives: the `no_std` 256-bit arithmetic and basic types of sealevm.
//!
//! The 256-bit word [`U256`] has two arithmetic back ends with identical semantics:
//! - [`portable`]: no 128-bit integer anywhere (32-bit partial products, Knuth division on
//!   32-bit digits with 64-bit intermediates); used on SBF (`target_os = "solana"`), where
//!   128-bit multiply/shift/divide become libcalls that fail.
//! - `wide`: uses `u128`; used natively (not compiled on SBF).
//!
//! Both are compiled and tested natively against a reference implementation.
#![no_std]

#[macro_use]
mod knuth;
#[macro_use]
mod derived;

mod address;
mod keccak;
mod mul64;
mod spec;
mod u256;

pub mod portable;
#[cfg(not(target_os = "solana"))]
pub mod wide;

pub use address::{Address, B256};
pub use keccak::{keccak256, keccak256_concat, KECCAK_EMPTY};
pub use mul64::{checked_mul_u64, checked_mul_u64_portable, saturating_mul_u64};
pub use spec::SpecId;
pub use u256::U256;
