//! sealevm primitives: the `no_std` 256-bit arithmetic and basic types of sealevm.
//!
//! The 256-bit word [`U256`] has two arithmetic back ends with identical semantics:
//! - [`portable`]: no 128-bit integer anywhere (32-bit partial products, Knuth division on
//!   32-bit digits with 64-bit intermediates); used on SBF (`target_os = "solana"`), where
//!   128-bit multiply/shift/divide become libcalls that fail.
//! - `wide`: uses `u128`; used natively (not compiled on SBF).
//!
//! Both are compiled and tested natively against a reference implementation
//! (`tests/prop.rs`, ruint); `benches/native.rs` compares the native path with ruint.
//!
//! ## Cost on SBF
//! Measured in LiteSVM (compute units per operation, beyond loading the operands and
//! storing the result): ADD 29, SUB 34, LT/GT/SLT 2, EQ 11, ISZERO 6, AND 4, BYTE 18,
//! SHL 27, SHR 25, SAR 33, SIGNEXTEND 13, MUL 45 (64x64 bits) / 149 (256x64) / 335
//! (256x256), DIV 23 (64/64) / 110 (256/32) / 406 (256/64) / 912 (256/128), ADDMOD 121
//! (reduced operands), MULMOD ~3300 (254-bit modulus), EXP 10^18 191, keccak256 of 64
//! bytes 153.
//!
//! ## SBF code-generation hazards met here (nightly LLVM 22 + sbpf-linker 0.1.9)
//! - At most five arguments, all in registers ("stack arguments are not supported"):
//!   non-inlined functions take work areas by reference.
//! - Functions returning aggregates through `sret` are rejected ("aggregate returns are
//!   not supported") unless LTO internalizes them (the SBF profile has fat LTO).
//! - LLVM recognizes some "multiply-high from 32-bit halves" sequences and turns them back
//!   into a 128-bit multiply (`__multi3`, a link error); see `portable::mul_wide_u64`.
#![no_std]

#[macro_use]
mod knuth;
#[macro_use]
mod derived;

mod address;
mod bytes;
pub mod cu_trace;
mod keccak;
mod limb_shift;
mod mul64;
mod spec;
mod u256;

pub mod portable;
#[cfg(not(target_os = "solana"))]
pub mod wide;

pub use address::{Address, B256};
pub use bytes::copy_bytes;
pub use keccak::{keccak256, keccak256_concat, KECCAK_EMPTY};
pub use mul64::{checked_mul_u64, checked_mul_u64_portable, saturating_mul_u64};
pub use spec::SpecId;
pub use u256::U256;
