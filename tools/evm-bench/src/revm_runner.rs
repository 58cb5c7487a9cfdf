//! Driving revm (Cancun, mainnet rules) over an in-memory [`CacheDB`], committing after every
//! transaction.

use crate::model::{
    AccountSnapshot, AccountSpec, BlockSpec, Execution, LogEntry, StatusClass, TxSpec,
    WorldSnapshot, CHAIN_ID,
};
use revm::context::result::{ExecutionResult, Output};
use revm::context::transaction::{AccessList, AccessListItem};
use revm::context::{BlockEnv, Context, TxEnv};
use revm::context_interface::block::BlobExcessGasAndPrice;
use revm::database::{AccountState, CacheDB, EmptyDB};
use revm::handler::MainnetContext;
use revm::primitives::hardfork::SpecId;
use revm::primitives::{Bytes, TxKind};
use revm::state::{AccountInfo, Bytecode};
use revm::{ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm};

/// revm's in-memory database.
pub type Db = CacheDB<EmptyDB>;
/// The mainnet context over [`Db`].
pub type Ctx = MainnetContext<Db>;

/// The fork every comparison runs under.
pub const SPEC: SpecId = SpecId::CANCUN;

/// A world held by revm.
pub struct RevmChain {
    evm: MainnetEvm<Ctx>,
}

impl RevmChain {
    /// A world holding `accounts`, executing in `block`.
    pub fn new(accounts: &[AccountSpec], block: &BlockSpec) -> Self {
        Self {
            evm: context(accounts, block).build_mainnet(),
        }
    }

    /// The transaction for `tx`, built once so that timing loops measure only execution.
    pub fn prepare(&self, tx: &TxSpec) -> TxEnv {
        tx_env(tx)
    }

    /// Executes a prepared transaction and commits its changes; `Err` for a rejected one.
    pub fn execute_prepared(&mut self, tx: TxEnv) -> Result<ExecutionResult, String> {
        self.evm.transact_commit(tx).map_err(|e| format!("{e:?}"))
    }

    /// Executes `tx` and commits its changes.
    pub fn execute(&mut self, tx: &TxSpec) -> Result<Execution, String> {
        self.execute_prepared(tx_env(tx)).map(|r| execution(&r))
    }

    /// Every existing account.
    pub fn snapshot(&self) -> WorldSnapshot {
        snapshot(&self.evm.ctx.journaled_state.database)
    }
}

/// A mainnet Cancun context over a fresh database holding `accounts`.
pub fn context(accounts: &[AccountSpec], block: &BlockSpec) -> Ctx {
    let mut db = Db::default();
    for a in accounts {
        // Legacy analysis even for code starting 0xEF01 (a Cancun pre-state has no EIP-7702
        // delegations; `new_raw` would try to parse one and panic).
        let code = if a.code.is_empty() {
            Bytecode::default()
        } else {
            Bytecode::new_legacy(Bytes::copy_from_slice(&a.code))
        };
        let info = AccountInfo::default()
            .with_balance(word(a.balance))
            .with_nonce(a.nonce)
            .with_code(code);
        db.insert_account_info(address(a.address), info);
        for (key, value) in &a.storage {
            if !value.is_zero() {
                // Inserting into a known account cannot fail.
                let _ = db.insert_account_storage(address(a.address), word(*key), word(*value));
            }
        }
    }
    Context::mainnet()
        .modify_cfg_chained(|cfg| {
            cfg.set_spec_and_mainnet_gas_params(SPEC);
            cfg.chain_id = CHAIN_ID;
        })
        .with_block(block_env(block))
        .with_db(db)
}

/// Every existing account of a committed database.
pub fn snapshot(db: &Db) -> WorldSnapshot {
    let mut world = WorldSnapshot::default();
    for (addr, account) in db.cache.accounts.iter() {
        if account.account_state == AccountState::NotExisting {
            continue;
        }
        let Some(info) = account.info() else { continue };
        let code = match &info.code {
            Some(code) if !code.is_empty() => code.original_bytes().to_vec(),
            _ => db
                .cache
                .contracts
                .get(&info.code_hash)
                .map(|c| c.original_bytes().to_vec())
                .unwrap_or_default(),
        };
        world.accounts.insert(
            sealevm_evm::Address(addr.0 .0),
            AccountSnapshot {
                balance: ours(info.balance),
                nonce: info.nonce,
                code,
                storage: account
                    .storage
                    .iter()
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(k, v)| (ours(*k), ours(*v)))
                    .collect(),
            },
        );
    }
    world
}

/// The engine-neutral form of a result.
pub fn execution(r: &ExecutionResult) -> Execution {
    let gas_used = r.tx_gas_used();
    match r {
        ExecutionResult::Success { logs, output, .. } => {
            let (bytes, created) = match output {
                Output::Call(b) => (b.to_vec(), None),
                Output::Create(b, a) => (b.to_vec(), a.map(|a| sealevm_evm::Address(a.0 .0))),
            };
            Execution {
                status: StatusClass::Success,
                detail: String::new(),
                gas_used,
                output: bytes,
                logs: logs
                    .iter()
                    .map(|l| LogEntry {
                        address: sealevm_evm::Address(l.address.0 .0),
                        topics: l
                            .data
                            .topics()
                            .iter()
                            .map(|t| sealevm_evm::B256(t.0))
                            .collect(),
                        data: l.data.data.to_vec(),
                    })
                    .collect(),
                created,
            }
        }
        ExecutionResult::Revert { output, .. } => Execution {
            status: StatusClass::Revert,
            detail: String::new(),
            gas_used,
            output: output.to_vec(),
            logs: Vec::new(),
            created: None,
        },
        ExecutionResult::Halt { reason, .. } => Execution {
            status: StatusClass::Halt,
            detail: format!("{reason:?}"),
            gas_used,
            output: Vec::new(),
            logs: Vec::new(),
            created: None,
        },
    }
}

/// revm's form of one of our addresses.
pub fn address(a: sealevm_evm::Address) -> revm::primitives::Address {
    revm::primitives::Address::from(a.0)
}

/// revm's form of one of our words.
pub fn word(w: sealevm_evm::U256) -> revm::primitives::U256 {
    revm::primitives::U256::from_be_bytes(w.to_be_bytes())
}

/// Our form of one of revm's words.
pub fn ours(w: revm::primitives::U256) -> sealevm_evm::U256 {
    sealevm_evm::U256::from_be_bytes(w.to_be_bytes())
}

fn block_env(b: &BlockSpec) -> BlockEnv {
    BlockEnv {
        number: revm::primitives::U256::from(b.number),
        timestamp: revm::primitives::U256::from(b.timestamp),
        beneficiary: address(b.coinbase),
        gas_limit: b.gas_limit,
        basefee: b.basefee,
        difficulty: revm::primitives::U256::ZERO,
        prevrandao: Some(revm::primitives::B256::from(b.prevrandao.0)),
        blob_excess_gas_and_price: Some(BlobExcessGasAndPrice::new(
            0,
            revm::primitives::eip4844::BLOB_BASE_FEE_UPDATE_FRACTION_CANCUN,
        )),
        ..Default::default()
    }
}

/// revm's form of a transaction.
pub fn tx_env(tx: &TxSpec) -> TxEnv {
    let access_list: Vec<AccessListItem> = tx
        .access_list
        .iter()
        .map(|(a, keys)| AccessListItem {
            address: address(*a),
            storage_keys: keys
                .iter()
                .map(|k| revm::primitives::B256::from(k.to_be_bytes()))
                .collect(),
        })
        .collect();
    let tx_type = match (tx.priority_fee, tx.access_list.is_empty()) {
        (Some(_), _) => 2,
        (None, false) => 1,
        (None, true) => 0,
    };
    TxEnv::builder()
        .tx_type(Some(tx_type))
        .caller(address(tx.caller))
        .gas_limit(tx.gas_limit)
        .gas_price(tx.gas_price)
        .gas_priority_fee(tx.priority_fee)
        .kind(match tx.to {
            Some(to) => TxKind::Call(address(to)),
            None => TxKind::Create,
        })
        .value(word(tx.value))
        .data(Bytes::copy_from_slice(&tx.data))
        .nonce(tx.nonce)
        .chain_id(Some(CHAIN_ID))
        .access_list(AccessList(access_list))
        .build_fill()
}
