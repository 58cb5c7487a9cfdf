//! eth_call state overrides (geth's third parameter): per account a balance, a nonce, code and
//! either all of its storage (`state`) or some slots (`stateDiff`), seen by one simulation only.
//!
//! [`Overrides`] is the checked form of alloy's [`StateOverride`]; [`OverriddenState`] wraps any
//! EVM [`State`] and answers overridden fields first. It only reads: nothing is ever written.

use crate::convert::{evm_address, evm_u256};
use alloy::primitives::U256 as AU256;
use alloy::rpc::types::state::StateOverride;
use sealevm_evm::KECCAK_EMPTY;
use sealevm_evm::{keccak256, AccountInfo, Address, Bytecode, State, StateError, B256, U256};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Why a state override set was refused (JSON-RPC -32602).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OverrideError {
    /// An account sets both `state` and `stateDiff`.
    #[error("account {0} has both 'state' and 'stateDiff'")]
    StateAndStateDiff(alloy::primitives::Address),
    /// `movePrecompileToAddress` is not supported.
    #[error("account {0}: movePrecompileToAddress is not supported")]
    MovePrecompile(alloy::primitives::Address),
}

/// The storage part of an account override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageOverride {
    /// `state`: the account's whole storage; unlisted slots read zero.
    Replace(BTreeMap<U256, U256>),
    /// `stateDiff`: these slots; the others keep their value.
    Diff(BTreeMap<U256, U256>),
}

/// The override of one account. `None` fields keep the real value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountOverride {
    /// Balance in wei.
    pub balance: Option<U256>,
    /// Nonce.
    pub nonce: Option<u64>,
    /// Code (its hash becomes the account's code hash).
    pub code: Option<Vec<u8>>,
    /// Storage.
    pub storage: Option<StorageOverride>,
}

/// A checked state override set, by EVM address. The default (empty) overrides nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides(pub BTreeMap<Address, AccountOverride>);

impl Overrides {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The overridden nonce of `address`, if any.
    pub fn nonce(&self, address: &Address) -> Option<u64> {
        self.0.get(address).and_then(|o| o.nonce)
    }
}

fn slots(
    map: &alloy::primitives::map::B256HashMap<alloy::primitives::B256>,
) -> BTreeMap<U256, U256> {
    map.iter()
        .map(|(k, v)| {
            (
                evm_u256(AU256::from_be_bytes(k.0)),
                evm_u256(AU256::from_be_bytes(v.0)),
            )
        })
        .collect()
}

impl TryFrom<&StateOverride> for Overrides {
    type Error = OverrideError;

    fn try_from(set: &StateOverride) -> Result<Self, OverrideError> {
        let mut out = BTreeMap::new();
        for (address, o) in set {
            if o.move_precompile_to.is_some() {
                return Err(OverrideError::MovePrecompile(*address));
            }
            let storage = match (&o.state, &o.state_diff) {
                (Some(_), Some(_)) => return Err(OverrideError::StateAndStateDiff(*address)),
                (Some(all), None) => Some(StorageOverride::Replace(slots(all))),
                (None, Some(diff)) => Some(StorageOverride::Diff(slots(diff))),
                (None, None) => None,
            };
            out.insert(
                evm_address(*address),
                AccountOverride {
                    balance: o.balance.map(evm_u256),
                    nonce: o.nonce,
                    code: o.code.as_ref().map(|c| c.to_vec()),
                    storage,
                },
            );
        }
        Ok(Self(out))
    }
}

/// An EVM [`State`] with overrides on top: overridden fields first, then `inner`.
pub struct OverriddenState<'a, S> {
    inner: S,
    overrides: &'a Overrides,
}

impl<'a, S: State> OverriddenState<'a, S> {
    /// `inner` as `overrides` change it.
    pub fn new(inner: S, overrides: &'a Overrides) -> Self {
        Self { inner, overrides }
    }
}

impl<S: State> State for OverriddenState<'_, S> {
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError> {
        let found = self.inner.account(address)?;
        let Some(o) = self.overrides.0.get(address) else {
            return Ok(found);
        };
        // An overridden account exists, so its (overridden) storage is read.
        let mut info = found.unwrap_or_default();
        if let Some(balance) = o.balance {
            info.balance = balance;
        }
        if let Some(nonce) = o.nonce {
            info.nonce = nonce;
        }
        if let Some(code) = &o.code {
            info.code_hash = if code.is_empty() {
                KECCAK_EMPTY
            } else {
                keccak256(code)
            };
        }
        Ok(Some(info))
    }

    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        match self.overrides.0.get(address).and_then(|o| o.code.as_ref()) {
            Some(code) => Ok(Rc::new(Bytecode::new(code))),
            None => self.inner.code(address),
        }
    }

    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError> {
        match self
            .overrides
            .0
            .get(address)
            .and_then(|o| o.storage.as_ref())
        {
            Some(StorageOverride::Replace(all)) => {
                Ok(all.get(index).copied().unwrap_or(U256::ZERO))
            }
            Some(StorageOverride::Diff(diff)) => match diff.get(index) {
                Some(value) => Ok(*value),
                None => self.inner.storage(address, index),
            },
            None => self.inner.storage(address, index),
        }
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, StateError> {
        self.inner.block_hash(number)
    }

    fn has_storage(&mut self, address: &Address) -> Result<bool, StateError> {
        match self
            .overrides
            .0
            .get(address)
            .and_then(|o| o.storage.as_ref())
        {
            Some(StorageOverride::Replace(all)) => Ok(all.values().any(|v| !v.is_zero())),
            Some(StorageOverride::Diff(diff)) if diff.values().any(|v| !v.is_zero()) => Ok(true),
            _ => self.inner.has_storage(address),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{Address as AAddress, B256 as AB256};
    use alloy::rpc::types::state::AccountOverride as AOverride;
    use sealevm_evm::memory_state::MemoryState;

    fn word(n: u64) -> U256 {
        U256::from_u64(n)
    }

    fn state() -> (MemoryState, Address) {
        let a = Address([7; 20]);
        let mut s = MemoryState::new();
        s.insert(
            a,
            word(5),
            1,
            &[0x00],
            [(word(1), word(10)), (word(2), word(20))],
        );
        (s, a)
    }

    fn one(a: Address, o: AccountOverride) -> Overrides {
        Overrides(BTreeMap::from([(a, o)]))
    }

    #[test]
    fn empty_overrides_read_through() {
        let (mut s, a) = state();
        let none = Overrides::default();
        let mut o = OverriddenState::new(&mut s, &none);
        assert_eq!(o.account(&a).unwrap().unwrap().balance, word(5));
        assert_eq!(o.storage(&a, &word(2)).unwrap(), word(20));
        assert!(o.account(&Address([9; 20])).unwrap().is_none());
    }

    #[test]
    fn fields_and_code() {
        let (mut s, a) = state();
        let code = vec![0x60, 0x2a, 0x00];
        let ov = one(
            a,
            AccountOverride {
                balance: Some(word(99)),
                code: Some(code.clone()),
                ..Default::default()
            },
        );
        let mut o = OverriddenState::new(&mut s, &ov);
        let info = o.account(&a).unwrap().unwrap();
        assert_eq!((info.balance, info.nonce), (word(99), 1));
        assert_eq!(info.code_hash, keccak256(&code));
        assert_eq!(o.code(&a).unwrap().bytes(), &code[..]);
        // An override creates a missing account.
        let fresh = Address([8; 20]);
        let ov = one(
            fresh,
            AccountOverride {
                nonce: Some(3),
                ..Default::default()
            },
        );
        let mut o = OverriddenState::new(&mut s, &ov);
        assert_eq!(o.account(&fresh).unwrap().unwrap().nonce, 3);
    }

    #[test]
    fn state_replaces_and_state_diff_patches() {
        let (mut s, a) = state();
        let slots = BTreeMap::from([(word(1), word(11))]);
        let replace = one(
            a,
            AccountOverride {
                storage: Some(StorageOverride::Replace(slots.clone())),
                ..Default::default()
            },
        );
        let mut o = OverriddenState::new(&mut s, &replace);
        assert_eq!(o.storage(&a, &word(1)).unwrap(), word(11));
        assert_eq!(o.storage(&a, &word(2)).unwrap(), U256::ZERO);
        let diff = one(
            a,
            AccountOverride {
                storage: Some(StorageOverride::Diff(slots)),
                ..Default::default()
            },
        );
        let mut o = OverriddenState::new(&mut s, &diff);
        assert_eq!(o.storage(&a, &word(1)).unwrap(), word(11));
        assert_eq!(o.storage(&a, &word(2)).unwrap(), word(20));
        // The real state is untouched.
        assert_eq!(s.storage(&a, &word(1)).unwrap(), word(10));
    }

    #[test]
    fn both_state_and_state_diff_are_refused() {
        let address = AAddress::repeat_byte(1);
        let slots = [(AB256::ZERO, AB256::ZERO)].into_iter().collect();
        let mut set = StateOverride::default();
        set.insert(
            address,
            AOverride {
                state: Some(slots),
                state_diff: Some(Default::default()),
                ..Default::default()
            },
        );
        assert_eq!(
            Overrides::try_from(&set),
            Err(OverrideError::StateAndStateDiff(address))
        );
        set.get_mut(&address).unwrap().state_diff = None;
        let ok = Overrides::try_from(&set).unwrap();
        assert!(matches!(
            ok.0[&evm_address(address)].storage,
            Some(StorageOverride::Replace(ref m)) if m.len() == 1
        ));
    }
}
