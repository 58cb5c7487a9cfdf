//! An in-memory [`State`] backend: the reference backend for tests, the state-test runner, the
//! SBF probe program and benchmarks.

use crate::bytecode::Bytecode;
use crate::result::StateChanges;
use crate::state::{AccountInfo, State, StateError};
use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use sealevm_primitives::{keccak256, Address, B256, U256};

/// One account held in memory.
#[derive(Clone, Debug, Default)]
pub struct MemoryAccount {
    /// Balance, nonce and code hash.
    pub info: AccountInfo,
    /// Code (empty for externally owned accounts).
    pub code: Rc<Bytecode>,
    /// Non-zero storage slots.
    pub storage: BTreeMap<U256, U256>,
}

/// Accounts and block hashes in ordered maps.
#[derive(Clone, Debug, Default)]
pub struct MemoryState {
    /// All existing accounts.
    pub accounts: BTreeMap<Address, MemoryAccount>,
    /// Known block hashes by number; unknown numbers hash to keccak256 of the number's
    /// decimal string, as in ethereum/tests.
    pub block_hashes: BTreeMap<u64, B256>,
}

impl MemoryState {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts (or replaces) an account with the given balance, nonce, code and storage.
    pub fn insert(
        &mut self,
        address: Address,
        balance: U256,
        nonce: u64,
        code: &[u8],
        storage: impl IntoIterator<Item = (U256, U256)>,
    ) {
        let code = Rc::new(Bytecode::new(code));
        let info = AccountInfo {
            balance,
            nonce,
            code_hash: code.hash(),
        };
        let storage = storage.into_iter().filter(|(_, v)| !v.is_zero()).collect();
        self.accounts.insert(
            address,
            MemoryAccount {
                info,
                code,
                storage,
            },
        );
    }

    /// Applies the changes of one transaction.
    pub fn apply(&mut self, changes: &StateChanges) {
        for change in changes.accounts.iter() {
            if change.deleted {
                self.accounts.remove(&change.address);
                continue;
            }
            let account = self.accounts.entry(change.address).or_default();
            if change.created {
                account.storage.clear();
            }
            account.info = change.info;
            if let Some(code) = &change.new_code {
                account.code = code.clone();
            }
            for (key, value) in change.storage.iter() {
                if value.is_zero() {
                    account.storage.remove(key);
                } else {
                    account.storage.insert(*key, *value);
                }
            }
        }
    }
}

impl State for MemoryState {
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError> {
        Ok(self.accounts.get(address).map(|a| a.info))
    }

    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        Ok(self
            .accounts
            .get(address)
            .map(|a| a.code.clone())
            .unwrap_or_default())
    }

    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError> {
        Ok(self
            .accounts
            .get(address)
            .and_then(|a| a.storage.get(index).copied())
            .unwrap_or(U256::ZERO))
    }

    fn has_storage(&mut self, address: &Address) -> Result<bool, StateError> {
        Ok(self
            .accounts
            .get(address)
            .is_some_and(|a| !a.storage.is_empty()))
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, StateError> {
        if let Some(hash) = self.block_hashes.get(&number) {
            return Ok(*hash);
        }
        let mut digits = [0u8; 20];
        let mut n = number;
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Ok(keccak256(&digits[i..]))
    }
}
