//! One `process_<instruction>` per [`SealevmInstruction`] variant.

mod allocate;
mod deposit;
mod execute;
mod holder;
mod initialize;

pub use allocate::process_allocate_account;
pub use deposit::process_deposit;
pub use execute::{
    process_execute, process_execute_from_holder, process_execute_verified, process_withdraw,
};
pub use holder::{process_holder_close, process_holder_create, process_holder_write};
pub use initialize::process_initialize;

use crate::error;
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_sdk::SealevmInstruction;

/// Decodes the instruction and runs its processor.
#[inline(always)]
pub fn process(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    match SealevmInstruction::unpack(data).map_err(error)? {
        SealevmInstruction::Initialize { chain_id } => {
            process_initialize(program_id, accounts, chain_id)
        }
        SealevmInstruction::Deposit { address, lamports } => {
            process_deposit(program_id, accounts, &address, lamports)
        }
        SealevmInstruction::Execute { tx } => process_execute(program_id, accounts, tx),
        SealevmInstruction::HolderCreate => process_holder_create(program_id, accounts),
        SealevmInstruction::HolderWrite { offset, chunk } => {
            process_holder_write(program_id, accounts, offset, chunk)
        }
        SealevmInstruction::ExecuteFromHolder => process_execute_from_holder(program_id, accounts),
        SealevmInstruction::HolderClose => process_holder_close(program_id, accounts),
        SealevmInstruction::AllocateAccount { address, space } => {
            process_allocate_account(program_id, accounts, &address, space)
        }
        SealevmInstruction::Withdraw { tx } => process_withdraw(program_id, accounts, tx),
        SealevmInstruction::ExecuteVerified {
            precompile_index,
            tx,
        } => process_execute_verified(program_id, accounts, precompile_index, tx),
    }
}
