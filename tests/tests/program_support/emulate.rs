//! Native emulation over the program's accounts in LiteSVM, as the proxy does before it sends a
//! transaction: `sealevm-evm` runs natively over the EVM accounts and slots fetched from the
//! SVM, which gives the accounts and slots to declare (with which are written) and the size of
//! code a deployment will store; with an unsigned call it answers `eth_call`.

use litesvm::LiteSVM;
use sealevm_evm::{
    transact, AccountInfo, BlockEnv, Bytecode, CfgEnv, Env, GrowVec, Journal, Outcome, State,
    StateError, TxEnv, TxKind,
};
use sealevm_primitives::{Address as EthAddress, B256, U256};
use sealevm_sdk::chain::{BASE_FEE, BLOCK_GAS_LIMIT, SPEC};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::state::{AccountHeader, StorageSlot};
use solana_address::Address;
use std::rc::Rc;
use std::str::FromStr;

/// EVM state read from the SVM's accounts.
pub struct SvmState<'a> {
    /// The SVM.
    pub svm: &'a LiteSVM,
}

impl SvmState<'_> {
    fn data(&self, address: &Address) -> Option<Vec<u8>> {
        self.svm
            .get_account(address)
            .filter(|a| a.owner == client::program_id())
            .map(|a| a.data)
    }
}

impl State for SvmState<'_> {
    fn account(&mut self, address: &EthAddress) -> Result<Option<AccountInfo>, StateError> {
        let Some(data) = self.data(&client::account_address(address).0) else {
            return Ok(None);
        };
        let h = AccountHeader::read(&data).ok_or(StateError::Corrupt(16))?;
        Ok(Some(AccountInfo {
            balance: h.balance,
            nonce: h.nonce,
            code_hash: h.code_hash,
        }))
    }

    fn code(&mut self, address: &EthAddress) -> Result<Rc<Bytecode>, StateError> {
        let Some(data) = self.data(&client::account_address(address).0) else {
            return Ok(Rc::new(Bytecode::default()));
        };
        let (code, _) = AccountHeader::code_of(&data).ok_or(StateError::Corrupt(16))?;
        Ok(Rc::new(Bytecode::new(code)))
    }

    fn storage(&mut self, address: &EthAddress, index: &U256) -> Result<U256, StateError> {
        Ok(self
            .data(&client::storage_address(address, index).0)
            .and_then(|d| StorageSlot::read(&d))
            .map_or(U256::ZERO, |s| s.value))
    }

    fn block_hash(&mut self, _number: u64) -> Result<B256, StateError> {
        Ok(B256::ZERO)
    }
}

/// What an emulated transaction did.
pub struct Emulated {
    /// The outcome.
    pub outcome: Outcome,
    /// Every account and slot to declare (the gas account excluded), writable when written.
    pub touched: Vec<Touched>,
    /// Created contracts with their code lengths (for `AllocateAccount`).
    pub deployed: Vec<(EthAddress, usize)>,
}

/// The Clock's slot and Unix timestamp (read from the sysvar account: slot, epoch start
/// timestamp, epoch, leader schedule epoch, unix timestamp; all 8 bytes LE).
pub fn clock(svm: &LiteSVM) -> (u64, u64) {
    let id = Address::from_str("SysvarC1ock11111111111111111111111111111111").expect("id");
    let data = svm.get_account(&id).map(|a| a.data).unwrap_or_default();
    let word = |at: usize| {
        data.get(at..at + 8)
            .map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    };
    (word(0), word(32))
}

/// The program's environment for `tx` (see `docs/program.md`).
pub fn environment(svm: &LiteSVM, chain_id: u64, coinbase: EthAddress, tx: TxEnv) -> Env {
    let (number, timestamp) = clock(svm);
    let mut cfg = CfgEnv::new(chain_id, SPEC);
    cfg.coinbase_reward = false;
    Env {
        cfg,
        block: BlockEnv {
            number,
            coinbase,
            timestamp,
            gas_limit: BLOCK_GAS_LIMIT,
            basefee: BASE_FEE,
            prevrandao: B256::ZERO,
            difficulty: U256::ZERO,
            blob_basefee: U256::ONE,
        },
        tx,
    }
}

/// Runs `env` natively over the SVM's state (nothing is written).
pub fn emulate(svm: &LiteSVM, env: &Env) -> Emulated {
    let mut journal = Journal::new(SvmState { svm }, SPEC);
    let outcome = transact(&mut journal, env).unwrap_or_else(|e| panic!("emulation: {e:?}"));
    let record = journal.access_record();
    let changes = journal.finalize();
    let coinbase = env.block.coinbase;
    // Writable only when the bytes change: the program writes nothing else, and an account
    // only read (a token contract, the sender's unchanged slots) can then be shared by
    // parallel transactions.
    let mut state = SvmState { svm };
    let mut touched = Vec::new();
    for (address, _) in record.accounts.iter() {
        if *address == coinbase {
            continue;
        }
        let before = state.account(address).ok().flatten();
        let written = changes.accounts.iter().any(|c| {
            c.address == *address
                && (c.new_code.is_some()
                    || match (&before, c.deleted) {
                        (Some(b), false) => b.balance != c.info.balance || b.nonce != c.info.nonce,
                        (Some(b), true) => !b.balance.is_zero() || b.nonce != 0,
                        (None, deleted) => !deleted,
                    })
        });
        touched.push(Touched::Account(*address, written));
    }
    for (address, key, _) in record.storage.iter() {
        let before = state.storage(address, key).unwrap_or(U256::ZERO);
        let written = changes.accounts.iter().any(|c| {
            c.address == *address && c.storage.iter().any(|(k, v)| k == key && *v != before)
        });
        touched.push(Touched::Storage(*address, *key, written));
    }
    let deployed = changes
        .accounts
        .iter()
        .filter_map(|c| c.new_code.as_ref().map(|code| (c.address, code.len())))
        .collect();
    Emulated {
        outcome,
        touched,
        deployed,
    }
}

/// An unsigned transaction from `caller` (gas price 0) for [`emulate`]: `eth_call`.
pub fn call_tx(caller: EthAddress, to: EthAddress, data: Vec<u8>) -> TxEnv {
    TxEnv {
        caller,
        gas_limit: 10_000_000,
        gas_price: U256::ZERO,
        gas_priority_fee: None,
        kind: TxKind::Call(to),
        value: U256::ZERO,
        data,
        nonce: 0,
        chain_id: None,
        access_list: GrowVec::new(),
    }
}
