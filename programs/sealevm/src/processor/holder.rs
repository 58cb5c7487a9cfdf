//! The holder: a buffer bound to one operator for transactions larger than a Solana packet.
//! `HolderCreate` tags a fresh account, `HolderWrite` fills it, `ExecuteFromHolder` (in
//! [`super::execute`]) runs it, `HolderClose` refunds its rent to the operator.

use crate::accounts::{require_len, require_signer, require_writable};
use crate::error;
use pinocchio::error::ProgramError;
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_sdk::state::Holder;
use sealevm_sdk::SealevmError;

/// Checks that `holder` is a holder of this program bound to `operator` (which signed).
pub(crate) fn require_holder(
    program_id: &Address,
    holder: &AccountView,
    operator: &AccountView,
) -> Result<(), ProgramError> {
    require_signer(operator)?;
    if !holder.owned_by(program_id) {
        return Err(error(SealevmError::InvalidHolder));
    }
    let data = holder.try_borrow()?;
    match Holder::operator_of(&data) {
        Some(bound) if bound == operator.address().as_array() => Ok(()),
        _ => Err(error(SealevmError::InvalidHolder)),
    }
}

/// Binds a fresh holder (owned by the program, all zero, signer) to the operator.
/// Accounts: operator, holder.
#[inline(always)]
pub fn process_holder_create(program_id: &Address, accounts: &mut [AccountView]) -> ProgramResult {
    require_len(accounts, 2)?;
    let [operator, holder, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_signer(operator)?;
    require_signer(holder)?;
    require_writable(holder)?;
    if !holder.owned_by(program_id) {
        return Err(error(SealevmError::InvalidHolder));
    }
    let mut data = holder.try_borrow_mut()?;
    let fresh = data.len() >= Holder::LEN && data[..Holder::LEN].iter().all(|b| *b == 0);
    if !fresh {
        return Err(error(SealevmError::InvalidHolder));
    }
    Holder::write(operator.address().as_array(), &mut data)
        .ok_or(error(SealevmError::InvalidHolder))
}

/// Copies `chunk` into the holder's payload at `offset`. Accounts: operator, holder.
#[inline(always)]
pub fn process_holder_write(
    program_id: &Address,
    accounts: &mut [AccountView],
    offset: u32,
    chunk: &[u8],
) -> ProgramResult {
    require_len(accounts, 2)?;
    let [operator, holder, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_holder(program_id, holder, operator)?;
    require_writable(holder)?;
    let start = Holder::LEN
        .checked_add(offset as usize)
        .ok_or(error(SealevmError::HolderOutOfBounds))?;
    let end = start
        .checked_add(chunk.len())
        .ok_or(error(SealevmError::HolderOutOfBounds))?;
    let mut data = holder.try_borrow_mut()?;
    data.get_mut(start..end)
        .ok_or(error(SealevmError::HolderOutOfBounds))?
        .copy_from_slice(chunk);
    Ok(())
}

/// Closes the holder and refunds every lamport to the operator. Accounts: operator, holder.
#[inline(always)]
pub fn process_holder_close(program_id: &Address, accounts: &mut [AccountView]) -> ProgramResult {
    require_len(accounts, 2)?;
    let [operator, holder, ..] = accounts else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_holder(program_id, holder, operator)?;
    require_writable(operator)?;
    require_writable(holder)?;
    let refunded = operator
        .lamports()
        .checked_add(holder.lamports())
        .ok_or(error(SealevmError::ArithmeticOverflow))?;
    operator.set_lamports(refunded);
    holder.set_lamports(0);
    holder.close()
}
