//! The boundary between the RPC node and whatever executes transactions.
//!
//! A [`Chain`] owns the EVM world state. The node never touches state directly: it asks a
//! chain to read accounts, to simulate an [`Env`] (eth_call, eth_estimateGas) or to commit a
//! signed transaction. Implementations:
//!
//! - [`memory::MemoryChain`]: the sealevm EVM core over an in-process [`MemoryState`]
//!   (development chain; works today).
//! - [`svm::SvmChain`] (feature `embedded`): the sealevm program in an embedded LiteSVM; the
//!   same EVM core emulates over the program's accounts to learn the account list, then the
//!   sdk's instructions submit the signed transaction and the program's receipt is the result.
//! - [`remote::RemoteChain`] (feature `remote`): the same over a Solana cluster's JSON-RPC.
//!
//! Chains are used through generics (static dispatch) and run on their own thread behind a
//! [`worker::ChainHandle`], so they need not be `Send` (the EVM's bytecode is `Rc`-shared).
//! A handle may also have [`lanes::Lanes`]: more chains of the same kind (remote mode: one
//! per operator key) that run different senders' transactions side by side.
//!
//! [`MemoryState`]: sealevm_evm::memory_state::MemoryState

pub mod lanes;
#[cfg(feature = "solana")]
pub mod lookup_tables;
pub mod memory;
pub mod overrides;
#[cfg(feature = "solana")]
pub mod packet;
#[cfg(feature = "remote")]
pub mod remote;
#[cfg(feature = "solana")]
pub mod route;
pub mod snapshots;
#[cfg(feature = "solana")]
pub mod submit;
#[cfg(feature = "embedded")]
pub mod svm;
pub mod worker;

use overrides::Overrides;
use sealevm_evm::{Address, Env, ExecError, Outcome, B256, U256};

/// An account as the RPC layer sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountView {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Deployed code (empty for externally owned accounts).
    pub code: Vec<u8>,
}

/// Why a chain could not answer.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// The EVM rejected or could not run the transaction.
    #[error("execution failed: {0:?}")]
    Exec(ExecError),
    /// The backend failed (I/O, Solana transaction error, ...).
    #[error("chain backend: {0}")]
    Backend(String),
    /// The chain's worker thread is gone.
    #[error("chain worker stopped")]
    WorkerStopped,
    /// The program refused the transaction: the sender cannot pay the rent of the accounts
    /// it creates (`SealevmError::InsufficientFundsForRent`); nothing changed.
    #[error("insufficient funds for the rent of the accounts the transaction creates")]
    InsufficientFundsForRent,
    /// The Solana transaction carrying it would lock more accounts (EVM accounts and storage
    /// slots it touches, plus the program's own) than the cluster allows; nothing was sent.
    #[error(
        "the transaction needs {needed} Solana accounts, more than the {limit} one Solana \
         transaction may lock"
    )]
    TooManyAccounts {
        /// Distinct accounts of the Solana transaction.
        needed: usize,
        /// The cluster's account-lock limit.
        limit: usize,
    },
}

impl From<ExecError> for ChainError {
    fn from(e: ExecError) -> Self {
        ChainError::Exec(e)
    }
}

/// World state plus an executor. All methods run on the chain's worker thread.
pub trait Chain: 'static {
    /// The account at `address` (default view when it does not exist).
    fn account(&mut self, address: &Address) -> Result<AccountView, ChainError>;
    /// Storage slot `slot` of `address`.
    fn storage(&mut self, address: &Address, slot: &U256) -> Result<U256, ChainError>;
    /// Executes `env` against the current state as `overrides` change it (eth_call's state
    /// override set, through [`overrides::OverriddenState`]) and drops every change.
    fn simulate(&mut self, env: &Env, overrides: &Overrides) -> Result<Outcome, ChainError>;
    /// Executes the signed transaction `raw` (already decoded into `env.tx`) and keeps its
    /// changes. An invalid transaction returns `Err` and changes nothing.
    fn commit(&mut self, raw: &[u8], env: &Env) -> Result<Outcome, ChainError>;
    /// Refuses `env` when the chain could not carry it: on Solana, when it touches more
    /// accounts than one transaction may lock ([`ChainError::TooManyAccounts`]).
    /// eth_estimateGas asks this before a transaction is signed; `commit` checks it anyway.
    fn check_account_limit(&mut self, env: &Env) -> Result<(), ChainError> {
        let _ = env;
        Ok(())
    }
    /// Records the hash of a block so BLOCKHASH sees it.
    fn record_block_hash(&mut self, number: u64, hash: B256);
    /// Saves the current state (evm_snapshot) and returns its id; ids increase.
    fn snapshot(&mut self) -> Result<u64, ChainError> {
        Err(ChainError::Backend(
            "this chain cannot take snapshots".into(),
        ))
    }
    /// Restores the state saved as `id` and forgets it and every later snapshot
    /// (evm_revert); `false` when `id` is unknown.
    fn revert(&mut self, id: u64) -> Result<bool, ChainError> {
        let _ = id;
        Err(ChainError::Backend(
            "this chain cannot revert to snapshots".into(),
        ))
    }
    /// Whether the chain keeps its state across node restarts (a Solana cluster): the node
    /// then does not replay its index into it. In-process chains start fresh (the default).
    fn keeps_state(&self) -> bool {
        false
    }
}
