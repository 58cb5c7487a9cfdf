//! `Initialize`: creates the config and the vault PDAs.

use crate::accounts::{is_uncreated, require_len, require_signer, require_system_program};
use crate::system::{create_pda, NewPda};
use crate::{error, syscalls};
use core::hint::black_box;
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_sdk::id::{CONFIG_SEED, VAULT_SEED};
use sealevm_sdk::state::{Config, Vault, TAG_VAULT};
use sealevm_sdk::SealevmError;

/// Creates the config (with `chain_id`) and the vault. Accounts: payer, config, vault,
/// system program.
#[inline(always)]
pub fn process_initialize(
    program_id: &Address,
    accounts: &mut [AccountView],
    chain_id: u64,
) -> ProgramResult {
    require_len(accounts, 4)?;
    let [payer, config, vault, system, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_signer(payer)?;
    require_system_program(system)?;
    if config.owned_by(program_id) {
        return Err(error(SealevmError::AlreadyInitialized));
    }
    // Seed arrays made only of constants would be promoted to read-only data, where this
    // toolchain leaves pointers unrelocated: build them at run time.
    let (config_seed, vault_seed) = (black_box(CONFIG_SEED), black_box(VAULT_SEED));
    let (config_pda, config_bump) = syscalls::find_program_address(&[config_seed], program_id)
        .ok_or(error(SealevmError::InvalidPda))?;
    if config.address() != &config_pda || !is_uncreated(config) {
        return Err(error(SealevmError::InvalidConfig));
    }
    let (vault_pda, vault_bump) = syscalls::find_program_address(&[vault_seed], program_id)
        .ok_or(error(SealevmError::InvalidPda))?;
    if vault.address() != &vault_pda || !is_uncreated(vault) {
        return Err(error(SealevmError::InvalidVault));
    }
    let new = NewPda {
        seeds: &[CONFIG_SEED, &[config_bump]],
        space: Config::LEN,
        owner: program_id,
    };
    create_pda(payer, config, &new)?;
    let new = NewPda {
        seeds: &[VAULT_SEED, &[vault_bump]],
        space: Vault::LEN,
        owner: program_id,
    };
    create_pda(payer, vault, &new)?;
    Config {
        bump: config_bump,
        chain_id,
    }
    .write(&mut config.try_borrow_mut()?)
    .ok_or(error(SealevmError::InvalidConfig))?;
    let mut data = vault.try_borrow_mut()?;
    data[0] = TAG_VAULT;
    data[1] = vault_bump;
    Ok(())
}
