//! The state interface the EVM reads through.
//!
//! The on-chain program implements [`State`] over the Solana accounts a transaction declared; the
//! proxy implements it over accounts fetched from a cluster. A backend that was not given an
//! account answers [`StateError::Unavailable`], which aborts the whole transaction with
//! [`crate::ExecError::StateUnavailable`] instead of a wrong result.

use crate::bytecode::Bytecode;
use alloc::rc::Rc;
use sealevm_primitives::{Address, B256, KECCAK_EMPTY, U256};

/// What the backend knows about an existing account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    /// Balance in wei.
    pub balance: U256,
    /// Transaction / creation count.
    pub nonce: u64,
    /// keccak256 of the code ([`KECCAK_EMPTY`] when there is none).
    pub code_hash: B256,
}

impl AccountInfo {
    /// An account with a balance and nothing else.
    pub fn with_balance(balance: U256) -> Self {
        Self {
            balance,
            nonce: 0,
            code_hash: KECCAK_EMPTY,
        }
    }

    /// EIP-161 emptiness: no code, zero nonce, zero balance.
    pub fn is_empty(&self) -> bool {
        self.balance.is_zero() && self.nonce == 0 && self.code_hash == KECCAK_EMPTY
    }

    /// True when the account carries code.
    pub fn has_code(&self) -> bool {
        self.code_hash != KECCAK_EMPTY && self.code_hash != B256::ZERO
    }
}

impl Default for AccountInfo {
    fn default() -> Self {
        Self::with_balance(U256::ZERO)
    }
}

/// Why a backend could not answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateError {
    /// The backend was not given this account (on-chain: it was not declared in the transaction).
    Unavailable(Address),
    /// The backend was not given the account holding this storage slot.
    StorageUnavailable(Address, U256),
    /// The backend holds the account but its data is malformed; the code is backend-specific.
    Corrupt(u32),
}

/// Read access to world state. Writes are collected by the EVM and returned as a
/// [`crate::StateChanges`] for the backend to apply.
pub trait State {
    /// The account at `address`, or `None` when it does not exist.
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError>;
    /// The code of `address` (empty when it has none).
    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError>;
    /// Storage slot `index` of `address` (zero when unset).
    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError>;
    /// Hash of block `number`; only asked for the 256 most recent blocks.
    fn block_hash(&mut self, number: u64) -> Result<B256, StateError>;
    /// True when `address` holds any non-zero storage slot. Creating a contract there is a
    /// collision (EIP-7610). Backends that cannot hold such accounts keep the default.
    fn has_storage(&mut self, _address: &Address) -> Result<bool, StateError> {
        Ok(false)
    }
}

impl<S: State + ?Sized> State for &mut S {
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError> {
        (**self).account(address)
    }
    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        (**self).code(address)
    }
    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError> {
        (**self).storage(address, index)
    }
    fn block_hash(&mut self, number: u64) -> Result<B256, StateError> {
        (**self).block_hash(number)
    }
    fn has_storage(&mut self, address: &Address) -> Result<bool, StateError> {
        (**self).has_storage(address)
    }
}
