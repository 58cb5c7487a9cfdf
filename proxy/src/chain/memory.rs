//! [`MemoryChain`]: the sealevm EVM core over an in-process [`MemoryState`].

use super::overrides::{OverriddenState, Overrides};
use super::snapshots::Snapshots;
use super::{AccountView, Chain, ChainError};
use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{transact, Address, Env, Journal, Outcome, State, B256, U256};

/// An in-process chain: state in memory, executed by the same EVM core the program runs.
#[derive(Debug, Default)]
pub struct MemoryChain {
    state: MemoryState,
    snapshots: Snapshots<MemoryState>,
}

impl MemoryChain {
    /// A chain whose genesis state holds `balances`.
    pub fn new(balances: impl IntoIterator<Item = (Address, U256)>) -> Self {
        let mut state = MemoryState::new();
        for (address, balance) in balances {
            state.insert(address, balance, 0, &[], []);
        }
        Self {
            state,
            snapshots: Snapshots::default(),
        }
    }
}

impl Chain for MemoryChain {
    fn account(&mut self, address: &Address) -> Result<AccountView, ChainError> {
        Ok(self
            .state
            .accounts
            .get(address)
            .map(|a| AccountView {
                balance: a.info.balance,
                nonce: a.info.nonce,
                code: a.code.bytes().to_vec(),
            })
            .unwrap_or_default())
    }

    fn storage(&mut self, address: &Address, slot: &U256) -> Result<U256, ChainError> {
        self.state
            .storage(address, slot)
            .map_err(|e| ChainError::Backend(format!("memory state: {e:?}")))
    }

    fn simulate(&mut self, env: &Env, overrides: &Overrides) -> Result<Outcome, ChainError> {
        let state = OverriddenState::new(&mut self.state, overrides);
        Ok(transact(&mut Journal::new(state, env.cfg.spec), env)?)
    }

    fn commit(&mut self, _raw: &[u8], env: &Env) -> Result<Outcome, ChainError> {
        let mut journal = Journal::new(&mut self.state, env.cfg.spec);
        let outcome = transact(&mut journal, env)?;
        let changes = journal.finalize();
        drop(journal);
        self.state.apply(&changes);
        Ok(outcome)
    }

    fn record_block_hash(&mut self, number: u64, hash: B256) {
        self.state.block_hashes.insert(number, hash);
    }

    fn snapshot(&mut self) -> Result<u64, ChainError> {
        Ok(self.snapshots.save(self.state.clone()))
    }

    fn revert(&mut self, id: u64) -> Result<bool, ChainError> {
        match self.snapshots.take(id) {
            Some(state) => {
                self.state = state;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
