//! Account checks shared by the processors. Every account is checked before use: owner,
//! identity (tag and stored identity, or derived address at creation), writability, signer.

use crate::error;
use pinocchio::error::ProgramError;
use pinocchio::{AccountView, Address};
use sealevm_sdk::id::SYSTEM_PROGRAM_ID;
use sealevm_sdk::state::{AccountHeader, Config, TAG_VAULT};
use sealevm_sdk::SealevmError;

/// Fails with [`SealevmError::NotEnoughAccounts`] unless `accounts` has `n` entries.
pub fn require_len(accounts: &[AccountView], n: usize) -> Result<(), ProgramError> {
    if accounts.len() < n {
        return Err(error(SealevmError::NotEnoughAccounts));
    }
    Ok(())
}

/// The account signed the transaction.
pub fn require_signer(account: &AccountView) -> Result<(), ProgramError> {
    if !account.is_signer() {
        return Err(error(SealevmError::MissingSigner));
    }
    Ok(())
}

/// The account is writable.
pub fn require_writable(account: &AccountView) -> Result<(), ProgramError> {
    if !account.is_writable() {
        return Err(error(SealevmError::NotWritable));
    }
    Ok(())
}

/// The account is the system program.
pub fn require_system_program(account: &AccountView) -> Result<(), ProgramError> {
    if account.address().as_ref() != SYSTEM_PROGRAM_ID {
        return Err(error(SealevmError::InvalidSystemProgram));
    }
    Ok(())
}

/// The initialized config: owned by the program and tagged as config (the program creates
/// that tag only at the config PDA).
pub fn read_config(program_id: &Address, account: &AccountView) -> Result<Config, ProgramError> {
    if !account.owned_by(program_id) {
        return Err(error(SealevmError::InvalidConfig));
    }
    let data = account.try_borrow()?;
    Config::read(&data).ok_or(error(SealevmError::InvalidConfig))
}

/// The vault: owned by the program, tagged as vault, writable.
pub fn require_vault(program_id: &Address, account: &AccountView) -> Result<(), ProgramError> {
    let tagged = account.owned_by(program_id) && {
        let data = account.try_borrow()?;
        data.first() == Some(&TAG_VAULT)
    };
    if !tagged {
        return Err(error(SealevmError::InvalidVault));
    }
    require_writable(account)
}

/// The header of an EVM account owned by the program, or `None` when the account is not one.
pub fn read_evm_account(
    program_id: &Address,
    account: &AccountView,
) -> Result<Option<AccountHeader>, ProgramError> {
    if !account.owned_by(program_id) {
        return Ok(None);
    }
    let data = account.try_borrow()?;
    Ok(AccountHeader::read(&data))
}

/// An account not created yet: owned by the system program and without data (it may hold
/// lamports someone sent to its address).
pub fn is_uncreated(account: &AccountView) -> bool {
    account.owner().as_ref() == SYSTEM_PROGRAM_ID && account.data_len() == 0
}
