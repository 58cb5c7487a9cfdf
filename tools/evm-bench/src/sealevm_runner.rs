//! Driving sealevm-evm: a [`MemoryState`] that every transaction runs against through a fresh
//! [`Journal`] (as the on-chain program does), with the changes applied after each one.

use crate::model::{
    AccountSnapshot, AccountSpec, BlockSpec, Execution, LogEntry, StatusClass, TxSpec,
    WorldSnapshot, CHAIN_ID,
};
use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{
    transact, AccessListItem, BlockEnv, CfgEnv, Env, GrowVec, Journal, Outcome, SpecId, Status,
    TxEnv, TxKind, U256,
};

/// The fork every comparison runs under.
pub const SPEC: SpecId = SpecId::Cancun;

/// A world held by sealevm-evm.
pub struct SealevmChain {
    state: MemoryState,
    cfg: CfgEnv,
    block: BlockEnv,
}

impl SealevmChain {
    /// A world holding `accounts`, executing in `block`.
    pub fn new(accounts: &[AccountSpec], block: &BlockSpec) -> Self {
        let mut state = MemoryState::new();
        for a in accounts {
            state.insert(
                a.address,
                a.balance,
                a.nonce,
                &a.code,
                a.storage.iter().copied(),
            );
        }
        Self {
            state,
            cfg: CfgEnv::new(CHAIN_ID, SPEC),
            block: block_env(block),
        }
    }

    /// The environment for `tx`, built once so that timing loops measure only execution.
    pub fn prepare(&self, tx: &TxSpec) -> Env {
        Env {
            cfg: self.cfg.clone(),
            block: self.block.clone(),
            tx: tx_env(tx),
        }
    }

    /// Executes a prepared transaction and commits its changes. `Err` describes a rejected
    /// (invalid) transaction or a backend failure; the state is then unchanged.
    pub fn execute_prepared(&mut self, env: &Env) -> Result<Outcome, String> {
        let mut journal = Journal::new(&mut self.state, SPEC);
        let outcome = transact(&mut journal, env).map_err(|e| format!("{e:?}"))?;
        let changes = journal.finalize();
        drop(journal);
        self.state.apply(&changes);
        Ok(outcome)
    }

    /// Executes `tx` and commits its changes.
    pub fn execute(&mut self, tx: &TxSpec) -> Result<Execution, String> {
        let env = self.prepare(tx);
        self.execute_prepared(&env).map(|o| execution(&o))
    }

    /// Every existing account.
    pub fn snapshot(&self) -> WorldSnapshot {
        let mut world = WorldSnapshot::default();
        for (address, account) in self.state.accounts.iter() {
            world.accounts.insert(
                *address,
                AccountSnapshot {
                    balance: account.info.balance,
                    nonce: account.info.nonce,
                    code: account.code.bytes().to_vec(),
                    storage: account
                        .storage
                        .iter()
                        .filter(|(_, v)| !v.is_zero())
                        .map(|(k, v)| (*k, *v))
                        .collect(),
                },
            );
        }
        world
    }
}

/// The engine-neutral form of an outcome.
pub fn execution(o: &Outcome) -> Execution {
    let (status, detail) = match &o.status {
        Status::Success => (StatusClass::Success, String::new()),
        Status::Revert => (StatusClass::Revert, String::new()),
        Status::Halt(reason) => (StatusClass::Halt, format!("{reason:?}")),
    };
    Execution {
        status,
        detail,
        gas_used: o.gas_used,
        output: o.output.clone(),
        logs: o
            .logs
            .iter()
            .map(|l| LogEntry {
                address: l.address,
                topics: l.topics.to_vec(),
                data: l.data.clone(),
            })
            .collect(),
        created: o.created_address,
    }
}

fn block_env(b: &BlockSpec) -> BlockEnv {
    BlockEnv {
        number: b.number,
        coinbase: b.coinbase,
        timestamp: b.timestamp,
        gas_limit: b.gas_limit,
        basefee: U256::from_u64(b.basefee),
        prevrandao: b.prevrandao,
        difficulty: U256::ZERO,
        blob_basefee: U256::from_u64(1),
    }
}

fn u128_word(v: u128) -> U256 {
    U256([v as u64, (v >> 64) as u64, 0, 0])
}

fn tx_env(tx: &TxSpec) -> TxEnv {
    let mut access_list = GrowVec::new();
    for (address, keys) in &tx.access_list {
        let mut storage_keys = GrowVec::new();
        for key in keys {
            storage_keys.push(*key);
        }
        access_list.push(AccessListItem {
            address: *address,
            storage_keys,
        });
    }
    TxEnv {
        caller: tx.caller,
        gas_limit: tx.gas_limit,
        gas_price: u128_word(tx.gas_price),
        gas_priority_fee: tx.priority_fee.map(u128_word),
        kind: match tx.to {
            Some(to) => TxKind::Call(to),
            None => TxKind::Create,
        },
        value: tx.value,
        data: tx.data.clone(),
        nonce: tx.nonce,
        chain_id: Some(CHAIN_ID),
        access_list,
    }
}
