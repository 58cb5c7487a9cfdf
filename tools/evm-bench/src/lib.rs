//! Runs the same transactions through sealevm-evm and through revm, the reference EVM.
//!
//! revm is only an oracle here: the `evm-bench` binary times both engines on the same
//! workloads, and the differential tests in `tests/tests/differential.rs` compare their
//! results on the Solidity fixtures and on random programs ([`program`], [`case`]).
//! Nothing in this crate runs on-chain.
//!
//! Both engines are driven through one engine-neutral description of a world
//! ([`model::AccountSpec`]), a block ([`model::BlockSpec`]) and transactions
//! ([`model::TxSpec`]); their results come back as [`model::Execution`] and
//! [`model::WorldSnapshot`], which compare field by field.

pub mod abi;
pub mod case;
#[cfg(feature = "sbf")]
pub mod cu_profile;
pub mod fixtures;
pub mod model;
pub mod precompile_input;
pub mod program;
pub mod revm_runner;
pub mod rng;
#[cfg(feature = "sbf")]
pub mod sbf_cu;
pub mod sealevm_runner;
pub mod steps;
pub mod workloads;

pub use model::{AccountSpec, BlockSpec, Execution, StatusClass, TxSpec, WorldSnapshot};
pub use revm_runner::RevmChain;
pub use sealevm_runner::SealevmChain;
