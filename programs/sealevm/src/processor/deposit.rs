//! `Deposit`: lamports into the vault, wei onto an EVM account.

use crate::accounts::{
    is_uncreated, read_evm_account, require_len, require_signer, require_system_program,
    require_vault, require_writable,
};
use crate::system::{create_pda, transfer, NewPda};
use crate::{error, syscalls};
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_primitives::{Address as EthAddress, KECCAK_EMPTY, U256};
use sealevm_sdk::id::ACCOUNT_SEED;
use sealevm_sdk::state::AccountHeader;
use sealevm_sdk::units::lamports_to_wei;
use sealevm_sdk::SealevmError;

/// Moves `lamports` from the depositor to the vault and credits `lamports * 10^9` wei to the
/// EVM account of `address`, creating it if missing. Accounts: depositor, vault, EVM account,
/// system program.
#[inline(always)]
pub fn process_deposit(
    program_id: &Address,
    accounts: &mut [AccountView],
    address: &EthAddress,
    lamports: u64,
) -> ProgramResult {
    require_len(accounts, 4)?;
    let [depositor, vault, account, system, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_signer(depositor)?;
    require_vault(program_id, vault)?;
    require_system_program(system)?;
    require_writable(account)?;
    let header = match read_evm_account(program_id, account)? {
        Some(header) if header.address == *address => header,
        Some(_) => return Err(error(SealevmError::InvalidEvmAccount)),
        None if account.owned_by(program_id) => return Err(error(SealevmError::InvalidEvmAccount)),
        None => {
            let (pda, bump) =
                syscalls::find_program_address(&[ACCOUNT_SEED, address.as_bytes()], program_id)
                    .ok_or(error(SealevmError::InvalidPda))?;
            if account.address() != &pda || !is_uncreated(account) {
                return Err(error(SealevmError::InvalidPda));
            }
            let new = NewPda {
                seeds: &[ACCOUNT_SEED, address.as_bytes(), &[bump]],
                space: AccountHeader::LEN,
                owner: program_id,
            };
            create_pda(depositor, account, &new)?;
            AccountHeader {
                bump,
                address: *address,
                nonce: 0,
                balance: U256::ZERO,
                code_hash: KECCAK_EMPTY,
                code_len: 0,
            }
        }
    };
    if lamports > 0 {
        transfer(depositor, vault, lamports)?;
    }
    let balance = header
        .balance
        .checked_add(lamports_to_wei(lamports))
        .ok_or(error(SealevmError::ArithmeticOverflow))?;
    AccountHeader { balance, ..header }
        .write(&mut account.try_borrow_mut()?)
        .ok_or(error(SealevmError::CorruptAccount))
}
