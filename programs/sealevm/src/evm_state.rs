//! [`State`] over the accounts a transaction declared.
//!
//! Existing accounts are recognised by what they store (program owner + tag + identity), which
//! is as firm as their address because the program creates each kind only at its PDA, and much
//! cheaper than deriving the address. Only for an account or slot that does not exist yet is
//! the PDA derived, to find the declared (uncreated) account it will be created at; the bump is
//! remembered for the creation. Anything else answers `Unavailable`, which aborts the
//! transaction with [`sealevm_sdk::SealevmError::UndeclaredAccount`] /
//! [`sealevm_sdk::SealevmError::UndeclaredStorage`].

use crate::accounts::is_uncreated;
use crate::syscalls;
use alloc::rc::Rc;
use pinocchio::{AccountView, Address};
use sealevm_evm::{AccountInfo, Bytecode, GrowVec, State, StateError};
use sealevm_primitives::{Address as EthAddress, B256, U256};
use sealevm_sdk::chain::WITHDRAW_ADDRESS;
use sealevm_sdk::id::{ACCOUNT_SEED, STORAGE_SEED};
use sealevm_sdk::state::{AccountHeader, StorageSlot};
use sealevm_sdk::SealevmError;

/// A declared account that does not exist yet, found by deriving its PDA.
#[derive(Clone, Copy, Debug)]
pub struct Uncreated {
    /// Index into the declared accounts.
    pub index: usize,
    /// PDA bump.
    pub bump: u8,
    /// The EVM address.
    pub address: EthAddress,
    /// The slot key, for a storage slot.
    pub key: Option<U256>,
}

/// The declared accounts seen as EVM state.
pub struct DeclaredState<'a> {
    program_id: &'a Address,
    accounts: &'a [AccountView],
    /// Accounts and slots that do not exist yet, with the declared account to create them at.
    pub uncreated: GrowVec<Uncreated>,
    /// During a withdrawal, [`WITHDRAW_ADDRESS`]: an account that starts empty, is never
    /// stored, and whose final balance is burned.
    sink: Option<EthAddress>,
}

/// `StateError::Corrupt` with the program's error code.
fn corrupt() -> StateError {
    StateError::Corrupt(SealevmError::CorruptAccount.code())
}

/// Index of the EVM account of `address` among `accounts`, recognised by owner, tag and
/// stored address.
pub fn find_account(
    program_id: &Address,
    accounts: &[AccountView],
    address: &EthAddress,
) -> Option<usize> {
    accounts.iter().position(|a| {
        a.owned_by(program_id)
            && a.try_borrow()
                .is_ok_and(|d| AccountHeader::address_of(&d) == Some(address.as_bytes()))
    })
}

/// Index of the storage slot (`address`, `key`) among `accounts`.
pub fn find_slot(
    program_id: &Address,
    accounts: &[AccountView],
    address: &EthAddress,
    key: &U256,
) -> Option<usize> {
    let mut identity = [0u8; 52];
    identity[..20].copy_from_slice(address.as_bytes());
    key.write_be_bytes((&mut identity[20..]).try_into().ok()?);
    accounts.iter().position(|a| {
        a.owned_by(program_id)
            && a.try_borrow()
                .is_ok_and(|d| StorageSlot::identity_of(&d) == Some(&identity))
    })
}

impl<'a> DeclaredState<'a> {
    /// State over `accounts` (the gas account and every declared EVM / storage account).
    pub fn new(program_id: &'a Address, accounts: &'a [AccountView]) -> Self {
        Self {
            program_id,
            accounts,
            uncreated: GrowVec::new(),
            sink: None,
        }
    }

    /// The same state for a withdrawal: [`WITHDRAW_ADDRESS`] reads as absent without being
    /// declared.
    pub fn withdrawing(mut self) -> Self {
        self.sink = Some(WITHDRAW_ADDRESS);
        self
    }

    fn is_sink(&self, address: &EthAddress) -> bool {
        self.sink.as_ref() == Some(address)
    }

    fn known_uncreated(&self, address: &EthAddress, key: Option<&U256>) -> bool {
        self.uncreated
            .iter()
            .any(|u| u.address == *address && u.key.as_ref() == key)
    }

    /// Derives the PDA of `seeds` and records the declared uncreated account at it.
    fn find_uncreated(&mut self, seeds: &[&[u8]], address: &EthAddress, key: Option<U256>) -> bool {
        let Some((pda, bump)) = syscalls::find_program_address(seeds, self.program_id) else {
            return false;
        };
        let Some(index) = self
            .accounts
            .iter()
            .position(|a| a.address() == &pda && is_uncreated(a))
        else {
            return false;
        };
        self.uncreated.push(Uncreated {
            index,
            bump,
            address: *address,
            key,
        });
        true
    }

    fn header(&self, address: &EthAddress) -> Result<Option<(usize, AccountHeader)>, StateError> {
        let Some(index) = find_account(self.program_id, self.accounts, address) else {
            return Ok(None);
        };
        let data = self.accounts[index].try_borrow().map_err(|_| corrupt())?;
        let header = AccountHeader::read(&data).ok_or_else(corrupt)?;
        Ok(Some((index, header)))
    }
}

impl State for DeclaredState<'_> {
    fn account(&mut self, address: &EthAddress) -> Result<Option<AccountInfo>, StateError> {
        if self.is_sink(address) {
            return Ok(None);
        }
        if let Some((_, h)) = self.header(address)? {
            return Ok(Some(AccountInfo {
                balance: h.balance,
                nonce: h.nonce,
                code_hash: h.code_hash,
            }));
        }
        if self.known_uncreated(address, None)
            || self.find_uncreated(&[ACCOUNT_SEED, address.as_bytes()], address, None)
        {
            return Ok(None);
        }
        syscalls::log_hex(b"sealevm: undeclared account ", address.as_bytes());
        Err(StateError::Unavailable(*address))
    }

    fn code(&mut self, address: &EthAddress) -> Result<Rc<Bytecode>, StateError> {
        if self.is_sink(address) {
            return Ok(Rc::new(Bytecode::default()));
        }
        let Some((index, _)) = self.header(address)? else {
            return Ok(Rc::new(Bytecode::default()));
        };
        let data = self.accounts[index].try_borrow().map_err(|_| corrupt())?;
        let (code, bitmap) = AccountHeader::code_of(&data).ok_or_else(corrupt)?;
        if code.is_empty() {
            return Ok(Rc::new(Bytecode::default()));
        }
        let bytecode = Bytecode::from_parts(code, bitmap).ok_or_else(corrupt)?;
        Ok(Rc::new(bytecode))
    }

    fn storage(&mut self, address: &EthAddress, index: &U256) -> Result<U256, StateError> {
        if self.is_sink(address) {
            return Ok(U256::ZERO);
        }
        if let Some(i) = find_slot(self.program_id, self.accounts, address, index) {
            let data = self.accounts[i].try_borrow().map_err(|_| corrupt())?;
            return Ok(StorageSlot::read(&data).ok_or_else(corrupt)?.value);
        }
        let key = index.to_be_bytes();
        if self.known_uncreated(address, Some(index))
            || self.find_uncreated(
                &[STORAGE_SEED, address.as_bytes(), &key],
                address,
                Some(*index),
            )
        {
            return Ok(U256::ZERO);
        }
        syscalls::log_hex(b"sealevm: undeclared slot ", address.as_bytes());
        syscalls::log_hex(b"sealevm: undeclared slot key ", &key);
        Err(StateError::StorageUnavailable(*address, *index))
    }

    fn block_hash(&mut self, _number: u64) -> Result<B256, StateError> {
        // Solana slots have no Ethereum block hashes; BLOCKHASH returns zero (documented).
        Ok(B256::ZERO)
    }
}
