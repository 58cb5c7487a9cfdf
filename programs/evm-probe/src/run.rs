//! The EVM run behind [`crate::codec::OP_RUN`]: one call from a fixed sender to a contract
//! holding the given code, in an in-memory state, with Cancun rules and a zero gas price.
//! Natively this is the reference the on-chain results are compared against.

use crate::codec::{RunResult, RunStatus};
use alloc::vec::Vec;
use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{
    transact, Address, BlockEnv, CfgEnv, Env, ExecError, GrowVec, Journal, SpecId, Status, TxEnv,
    TxKind, U256,
};

/// The caller of every run.
pub const SENDER: Address = Address([0x11; 20]);
/// The address holding the code being run.
pub const CONTRACT: Address = Address([0x22; 20]);
/// EIP-155 chain id of the run.
pub const CHAIN_ID: u64 = 1;
/// Hard fork whose rules apply.
pub const SPEC: SpecId = SpecId::Cancun;

/// Block gas limit (raised to the transaction's when that is larger).
const BLOCK_GAS_LIMIT: u64 = 30_000_000;

/// The environment of a run: a call to [`CONTRACT`] at gas price zero (so the sender needs no
/// balance) on block 1.
pub fn env(gas_limit: u64, calldata: &[u8]) -> Env {
    let mut cfg = CfgEnv::new(CHAIN_ID, SPEC);
    cfg.coinbase_reward = false;
    Env {
        cfg,
        block: BlockEnv {
            number: 1,
            timestamp: 1,
            gas_limit: gas_limit.max(BLOCK_GAS_LIMIT),
            blob_basefee: U256::ONE,
            ..Default::default()
        },
        tx: TxEnv {
            caller: SENDER,
            gas_limit,
            gas_price: U256::ZERO,
            gas_priority_fee: None,
            kind: TxKind::Call(CONTRACT),
            value: U256::ZERO,
            data: Vec::from(calldata),
            nonce: 0,
            chain_id: Some(CHAIN_ID),
            access_list: GrowVec::new(),
        },
    }
}

/// Runs `code` at [`CONTRACT`] with `calldata` from [`SENDER`]. Always inlined: with the
/// result pointer it takes six arguments, one more than an SBF call can pass.
#[inline(always)]
pub fn execute(gas_limit: u64, code: &[u8], calldata: &[u8]) -> Result<RunResult, ExecError> {
    let mut state = MemoryState::new();
    state.insert(SENDER, U256::ZERO, 0, &[], []);
    state.insert(CONTRACT, U256::ZERO, 1, code, []);
    let mut journal = Journal::new(state, SPEC);
    let outcome = transact(&mut journal, &env(gas_limit, calldata))?;
    let status = match outcome.status {
        Status::Success => RunStatus::Success,
        Status::Revert => RunStatus::Revert,
        Status::Halt(reason) => RunStatus::Halt(reason as u8),
    };
    Ok(RunResult {
        status,
        gas_used: outcome.gas_used,
        output_len: u32::try_from(outcome.output.len()).unwrap_or(u32::MAX),
        output: outcome.output,
    })
}
