//! Writes a transaction's [`StateChanges`] into the declared accounts.
//!
//! Runs only after the EVM finished, so a failing transaction writes nothing. Existing
//! accounts are written only when their bytes change (an account the EVM merely read, or
//! "wrote" with the same value, may be passed read-only); accounts and slots that do not exist
//! yet are created at their PDA, paid by the operator, and their rent is added up in
//! [`Target::rent_lamports`] for the sender to pay. Slots set to zero keep their account
//! (value zero) for now.
//!
//! Code goes into a new account (at most [`MAX_CREATED_ACCOUNT`] bytes) or into an existing
//! account without code or nonce (made beforehand by `AllocateAccount`, or pre-funded), grown
//! here by up to 10 KiB if it lacks room. During a withdrawal the withdrawal address is never
//! written: its final balance is what [`Target::apply`] returns, to be burned.

use crate::accounts::{is_uncreated, require_writable};
use crate::error;
use crate::evm_state::{find_account, find_slot, Uncreated};
use crate::syscalls;
use crate::system::{create_pda, top_up, NewPda};
use pinocchio::error::ProgramError;
use pinocchio::{AccountView, Address, Resize};
use sealevm_evm::{AccountChange, StateChanges};
use sealevm_primitives::{Address as EthAddress, KECCAK_EMPTY, U256};
use sealevm_sdk::id::{ACCOUNT_SEED, STORAGE_SEED};
use sealevm_sdk::state::{AccountHeader, StorageSlot};
use sealevm_sdk::SealevmError;

/// Largest account the program creates in one instruction (a CPI may grow an account by at
/// most 10 KiB).
pub const MAX_CREATED_ACCOUNT: usize = 10 * 1024;

/// What [`Target::uncreated`] looks for (bundled: at most five register arguments on BPF).
struct Lookup<'a> {
    address: &'a EthAddress,
    key: Option<&'a U256>,
    seeds: &'a [&'a [u8]],
}

/// Where changes are written: the program, the operator paying for new accounts and the
/// declared accounts (index 0 is the gas account).
pub struct Target<'a> {
    /// This program's id.
    pub program_id: &'a Address,
    /// Pays rent for created accounts.
    pub payer: &'a AccountView,
    /// The gas account followed by the declared EVM / storage accounts.
    pub declared: &'a mut [AccountView],
    /// Uncreated accounts found while executing.
    pub uncreated: &'a [Uncreated],
    /// During a withdrawal, the withdrawal address (not written; its balance is burned).
    pub sink: Option<EthAddress>,
    /// Rent-exempt minimums, in lamports, of the accounts this transaction created or gave
    /// code (start at zero; [`Target::apply`] adds them up). The sender is charged this.
    pub rent_lamports: u64,
}

impl Target<'_> {
    /// Applies every change; returns the wei that reached the withdrawal address (zero
    /// outside withdrawals).
    pub fn apply(&mut self, changes: &StateChanges) -> Result<U256, ProgramError> {
        let mut burned = U256::ZERO;
        for change in changes.accounts.iter() {
            if self.sink.as_ref() == Some(&change.address) {
                if !change.deleted {
                    burned = change.info.balance;
                }
                continue;
            }
            self.apply_account(change)?;
            if change.deleted {
                continue;
            }
            for (key, value) in change.storage.iter() {
                self.apply_slot(&change.address, key, value)?;
            }
        }
        Ok(burned)
    }

    /// The declared uncreated account at the PDA of `seeds`, with its bump: from the lookups
    /// made while executing, else derived now (slots written by a constructor were never read).
    fn uncreated(&self, lookup: &Lookup<'_>) -> Result<(usize, u8), ProgramError> {
        let Lookup {
            address,
            key,
            seeds,
        } = *lookup;
        if let Some(u) = self
            .uncreated
            .iter()
            .find(|u| u.address == *address && u.key.as_ref() == key)
        {
            return Ok((u.index, u.bump));
        }
        let undeclared = if key.is_some() {
            SealevmError::UndeclaredStorage
        } else {
            SealevmError::UndeclaredAccount
        };
        let (pda, bump) =
            syscalls::find_program_address(seeds, self.program_id).ok_or(error(undeclared))?;
        let index = self
            .declared
            .iter()
            .position(|a| a.address() == &pda && is_uncreated(a))
            .ok_or(error(undeclared))?;
        Ok((index, bump))
    }

    fn apply_account(&mut self, change: &AccountChange) -> Result<(), ProgramError> {
        if let Some(index) = find_account(self.program_id, self.declared, &change.address) {
            let old = {
                let data = self.declared[index].try_borrow()?;
                AccountHeader::read(&data).ok_or(error(SealevmError::CorruptAccount))?
            };
            if change.new_code.is_some() && !change.deleted {
                return self.deploy_into(index, &old, change);
            }
            let account = &mut self.declared[index];
            let mut new = old;
            if change.deleted {
                new.nonce = 0;
                new.balance = U256::ZERO;
                new.code_hash = KECCAK_EMPTY;
                new.code_len = 0;
            } else {
                new.nonce = change.info.nonce;
                new.balance = change.info.balance;
            }
            if new != old {
                require_writable(account)?;
                let mut data = account.try_borrow_mut()?;
                new.write(&mut data)
                    .ok_or(error(SealevmError::CorruptAccount))?;
            }
            return Ok(());
        }
        if change.deleted {
            // Created and destroyed (or touched while empty) in this transaction: nothing to keep.
            return Ok(());
        }
        let (index, bump) = self.uncreated(&Lookup {
            address: &change.address,
            key: None,
            seeds: &[ACCOUNT_SEED, change.address.as_bytes()],
        })?;
        let code = change.new_code.as_deref();
        let code_len = code.map_or(0, |c| c.len());
        let space = AccountHeader::data_len(code_len);
        if space > MAX_CREATED_ACCOUNT {
            return Err(error(SealevmError::AccountTooLarge));
        }
        let target = &self.declared[index];
        require_writable(target)?;
        let bump_seed = [bump];
        let new = NewPda {
            seeds: &[ACCOUNT_SEED, change.address.as_bytes(), &bump_seed],
            space,
            owner: self.program_id,
        };
        let rent = create_pda(self.payer, target, &new)?;
        self.add_rent(rent)?;
        let header = AccountHeader {
            bump,
            address: change.address,
            nonce: change.info.nonce,
            balance: change.info.balance,
            code_hash: change.info.code_hash,
            code_len: code_len as u32,
        };
        let account = &mut self.declared[index];
        let mut data = account.try_borrow_mut()?;
        header
            .write(&mut data)
            .ok_or(error(SealevmError::CorruptAccount))?;
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            let end = AccountHeader::LEN + code_len;
            data[AccountHeader::LEN..end].copy_from_slice(code.bytes());
            data[end..space].copy_from_slice(code.jumpdest_bitmap());
        }
        Ok(())
    }

    /// Writes the header and `code` of a contract deployed at an existing account without
    /// code or nonce (`old`), growing it by up to 10 KiB (rent from the payer) if needed.
    fn deploy_into(
        &mut self,
        index: usize,
        old: &AccountHeader,
        change: &AccountChange,
    ) -> Result<(), ProgramError> {
        let Some(code) = change.new_code.as_deref() else {
            return Ok(());
        };
        if old.code_len != 0 || old.nonce != 0 {
            return Err(error(SealevmError::CodeOnExistingAccount));
        }
        let space = AccountHeader::data_len(code.len());
        let account = &mut self.declared[index];
        require_writable(account)?;
        let current = account.data_len();
        if space > current {
            if space - current > MAX_CREATED_ACCOUNT {
                return Err(error(SealevmError::AccountTooLarge));
            }
            top_up(self.payer, account, space)?;
            account.resize(space)?;
        }
        // The account was made (AllocateAccount) or grown at the operator's expense.
        self.add_rent(syscalls::rent_exempt_minimum(space)?)?;
        let account = &mut self.declared[index];
        let header = AccountHeader {
            nonce: change.info.nonce,
            balance: change.info.balance,
            code_hash: change.info.code_hash,
            code_len: code.len() as u32,
            ..*old
        };
        let mut data = account.try_borrow_mut()?;
        header
            .write(&mut data)
            .ok_or(error(SealevmError::CorruptAccount))?;
        if !code.is_empty() {
            let end = AccountHeader::LEN + code.len();
            data[AccountHeader::LEN..end].copy_from_slice(code.bytes());
            data[end..space].copy_from_slice(code.jumpdest_bitmap());
        }
        Ok(())
    }

    fn add_rent(&mut self, lamports: u64) -> Result<(), ProgramError> {
        self.rent_lamports = self
            .rent_lamports
            .checked_add(lamports)
            .ok_or(error(SealevmError::ArithmeticOverflow))?;
        Ok(())
    }

    fn apply_slot(
        &mut self,
        address: &EthAddress,
        key: &U256,
        value: &U256,
    ) -> Result<(), ProgramError> {
        if let Some(index) = find_slot(self.program_id, self.declared, address, key) {
            let account = &mut self.declared[index];
            let old = {
                let data = account.try_borrow()?;
                StorageSlot::read(&data).ok_or(error(SealevmError::CorruptAccount))?
            };
            if old.value != *value {
                require_writable(account)?;
                let slot = StorageSlot {
                    value: *value,
                    ..old
                };
                let mut data = account.try_borrow_mut()?;
                slot.write(&mut data)
                    .ok_or(error(SealevmError::CorruptAccount))?;
            }
            return Ok(());
        }
        if value.is_zero() {
            return Ok(());
        }
        let key_bytes = key.to_be_bytes();
        let (index, bump) = self.uncreated(&Lookup {
            address,
            key: Some(key),
            seeds: &[STORAGE_SEED, address.as_bytes(), &key_bytes],
        })?;
        let target = &self.declared[index];
        require_writable(target)?;
        let bump_seed = [bump];
        let new = NewPda {
            seeds: &[STORAGE_SEED, address.as_bytes(), &key_bytes, &bump_seed],
            space: StorageSlot::LEN,
            owner: self.program_id,
        };
        let rent = create_pda(self.payer, target, &new)?;
        self.add_rent(rent)?;
        let slot = StorageSlot {
            bump,
            address: *address,
            key: *key,
            value: *value,
        };
        let mut data = self.declared[index].try_borrow_mut()?;
        slot.write(&mut data)
            .ok_or(error(SealevmError::CorruptAccount))?;
        Ok(())
    }
}
