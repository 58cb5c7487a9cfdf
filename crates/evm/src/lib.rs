//! The sealevm EVM: a `#![no_std]` interpreter that runs inside the Solana program (SBF) and
//! natively in the proxy's emulator, so both execute transactions with the same code.
//!
//! Entry point: [`transact`] over a [`Journal`] wrapping any [`State`] backend, then
//! [`Journal::finalize`] for the [`StateChanges`] and [`Journal::access_record`] for the
//! accounts and slots the transaction touched.
#![no_std]

extern crate alloc;

mod bytecode;
mod env;
pub mod gas;
mod interpreter;
mod journal;
pub mod memory_state;
pub mod opcode;
mod result;
mod state;
mod transact;
mod vec;

pub use bytecode::Bytecode;
pub use env::{AccessListItem, BlockEnv, CfgEnv, Env, TxEnv, TxKind};
pub use interpreter::{create2_address, create_address};
pub use journal::Journal;
pub use result::{
    AccessRecord, AccountChange, ExecError, HaltReason, InvalidTx, Log, Outcome, StateChanges,
    Status,
};
pub use sealevm_primitives::{keccak256, Address, SpecId, B256, KECCAK_EMPTY, U256};
pub use state::{AccountInfo, State, StateError};
pub use transact::{intrinsic_gas, transact};
pub use vec::GrowVec;
