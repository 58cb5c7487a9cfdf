//! Native emulation over the program's accounts in LiteSVM, as the proxy does before it sends a
//! transaction (`sealevm_sdk::emulate` over the SVM's accounts): the accounts and slots to
//! declare (with which are written) and the size of code a deployment will store; with an
//! unsigned call it answers `eth_call`.

use litesvm::LiteSVM;
use sealevm_evm::{BlockEnv, CfgEnv, Env, GrowVec, StateError, TxEnv, TxKind};
use sealevm_primitives::{Address as EthAddress, B256, U256};
use sealevm_sdk::chain::{BASE_FEE, BLOCK_GAS_LIMIT, SPEC};
use sealevm_sdk::client;
use sealevm_sdk::emulate::{self as sdk_emulate, ProgramAccounts, ProgramState};
use solana_address::Address;

pub use sealevm_sdk::emulate::Emulated;

/// The program's accounts in the SVM.
pub struct SvmAccounts<'a>(pub &'a LiteSVM);

impl ProgramAccounts for SvmAccounts<'_> {
    fn program_account(&mut self, address: &Address) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self
            .0
            .get_account(address)
            .filter(|a| a.owner == client::program_id())
            .map(|a| a.data))
    }
}

/// The Clock's slot and Unix timestamp.
pub fn clock(svm: &LiteSVM) -> (u64, u64) {
    let id = Address::new_from_array(sdk_emulate::CLOCK_SYSVAR_ID);
    let data = svm.get_account(&id).map(|a| a.data).unwrap_or_default();
    sdk_emulate::clock_of(&data)
}

/// The program's environment for `tx` (see `docs/program.md`).
pub fn environment(svm: &LiteSVM, chain_id: u64, coinbase: EthAddress, tx: TxEnv) -> Env {
    let (number, timestamp) = clock(svm);
    let env = Env {
        cfg: CfgEnv::new(chain_id, SPEC),
        block: BlockEnv {
            number: 0,
            coinbase,
            timestamp: 0,
            gas_limit: BLOCK_GAS_LIMIT,
            basefee: BASE_FEE,
            prevrandao: B256::ZERO,
            difficulty: U256::ZERO,
            blob_basefee: U256::ONE,
        },
        tx,
    };
    sdk_emulate::program_env(&env, number, timestamp, coinbase)
}

/// Runs `env` natively over the SVM's state (nothing is written).
pub fn emulate(svm: &LiteSVM, env: &Env) -> Emulated {
    let mut state = ProgramState {
        accounts: SvmAccounts(svm),
    };
    sdk_emulate::emulate(&mut state, env).unwrap_or_else(|e| panic!("emulation: {e:?}"))
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
