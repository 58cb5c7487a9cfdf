//! `AllocateAccount`: room for a contract's code before its deployment.
//!
//! One instruction may grow an account by 10 KiB (Solana's `MAX_PERMITTED_DATA_INCREASE`), so
//! a deployment cannot create an account for more than ~9 KB of code by itself. The client
//! (which emulated the deployment and knows the address and the code length) first sends a few
//! `AllocateAccount`s: the first creates the account at its PDA as an *empty* EVM account (no
//! nonce, balance or code: the EVM treats it as absent), each next one grows it by up to 10 KiB.
//! The deployment then writes the code into it (`write_back`).

use crate::accounts::{
    is_uncreated, read_evm_account, require_len, require_signer, require_system_program,
    require_writable,
};
use crate::system::{create_pda, top_up, NewPda};
use crate::{error, syscalls};
use pinocchio::{AccountView, Address, ProgramResult, Resize};
use sealevm_primitives::{Address as EthAddress, KECCAK_EMPTY, U256};
use sealevm_sdk::id::ACCOUNT_SEED;
use sealevm_sdk::state::AccountHeader;
use sealevm_sdk::SealevmError;

/// How much one instruction may grow an account.
pub(crate) const MAX_GROWTH: usize = 10 * 1024;

/// Largest EVM account data: the header, 24 KiB of code (EIP-170) and its bitmap.
pub(crate) const MAX_ACCOUNT_SPACE: usize = AccountHeader::data_len(24 * 1024);

/// Creates the empty EVM account of `address` or grows it (without code) towards `space`.
/// Accounts: operator, EVM account, system program.
#[inline(always)]
pub fn process_allocate_account(
    program_id: &Address,
    accounts: &mut [AccountView],
    address: &EthAddress,
    space: u32,
) -> ProgramResult {
    require_len(accounts, 3)?;
    let [operator, account, system, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_signer(operator)?;
    require_writable(account)?;
    require_system_program(system)?;
    let space = space as usize;
    if space > MAX_ACCOUNT_SPACE {
        return Err(error(SealevmError::AccountTooLarge));
    }
    match read_evm_account(program_id, account)? {
        Some(header) if header.address == *address => {
            if header.code_len != 0 {
                return Err(error(SealevmError::CodeOnExistingAccount));
            }
            let current = account.data_len();
            let target = space.min(current.saturating_add(MAX_GROWTH));
            if target > current {
                top_up(operator, account, target)?;
                account.resize(target)?;
            }
            Ok(())
        }
        Some(_) => Err(error(SealevmError::InvalidEvmAccount)),
        None if account.owned_by(program_id) => Err(error(SealevmError::InvalidEvmAccount)),
        None => {
            let (pda, bump) =
                syscalls::find_program_address(&[ACCOUNT_SEED, address.as_bytes()], program_id)
                    .ok_or(error(SealevmError::InvalidPda))?;
            if account.address() != &pda || !is_uncreated(account) {
                return Err(error(SealevmError::InvalidPda));
            }
            let new = NewPda {
                seeds: &[ACCOUNT_SEED, address.as_bytes(), &[bump]],
                space: space.clamp(AccountHeader::LEN, MAX_GROWTH),
                owner: program_id,
            };
            create_pda(operator, account, &new)?;
            AccountHeader {
                bump,
                address: *address,
                nonce: 0,
                balance: U256::ZERO,
                code_hash: KECCAK_EMPTY,
                code_len: 0,
            }
            .write(&mut account.try_borrow_mut()?)
            .ok_or(error(SealevmError::CorruptAccount))
        }
    }
}
