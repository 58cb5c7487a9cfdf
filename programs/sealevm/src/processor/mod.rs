//! One `process_<instruction>` per [`SealevmInstruction`] variant.

mod deposit;
mod execute;
mod initialize;

pub use deposit::process_deposit;
pub use execute::process_execute;
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
    }
}
