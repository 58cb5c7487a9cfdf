//! `Execute`: runs a signed Ethereum transaction.

use crate::accounts::{
    read_config, read_evm_account, require_len, require_signer, require_system_program,
    require_writable,
};
use crate::evm_state::{DeclaredState, Uncreated};
use crate::write_back::Target;
use crate::{error, syscalls};
use pinocchio::error::ProgramError;
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_evm::{
    transact, BlockEnv, CfgEnv, Env, ExecError, GrowVec, Journal, Outcome, StateChanges, TxEnv,
    U256,
};
use sealevm_primitives::{Address as EthAddress, B256};
use sealevm_sdk::chain::{BASE_FEE, BLOCK_GAS_LIMIT, SPEC};
use sealevm_sdk::state::{AccountHeader, Config};
use sealevm_sdk::tx::{self, sender_from_public_key};
use sealevm_sdk::{receipt, SealevmError};

/// Index of the first account the EVM sees (the gas account, then the declared ones).
const FIRST_EVM_ACCOUNT: usize = 3;

/// Decodes and verifies `raw`, executes it over the declared accounts, writes the changes,
/// pays the fee to the operator's gas account and returns the receipt. Accounts: operator,
/// config, system program, gas account, declared EVM / storage accounts.
///
/// Inlined: six register arguments (with the result pointer) are more than BPF passes.
#[inline(always)]
pub fn process_execute(
    program_id: &Address,
    accounts: &mut [AccountView],
    raw: &[u8],
) -> ProgramResult {
    require_len(accounts, FIRST_EVM_ACCOUNT + 1)?;
    require_signer(&accounts[0])?;
    let config = read_config(program_id, &accounts[1])?;
    require_system_program(&accounts[2])?;
    let gas_account = &accounts[FIRST_EVM_ACCOUNT];
    let coinbase = read_evm_account(program_id, gas_account)?
        .ok_or(error(SealevmError::InvalidGasAccount))?
        .address;
    require_writable(gas_account)?;

    let tx = verify(raw)?;
    let env = environment(&config, coinbase, tx)?;
    let (declared_head, declared) = accounts.split_at_mut(FIRST_EVM_ACCOUNT);
    let executed = run(DeclaredState::new(program_id, declared), &env)?;
    Target {
        program_id,
        payer: &declared_head[0],
        declared,
        uncreated: &executed.uncreated,
    }
    .apply(&executed.changes)?;
    let outcome = executed.outcome;

    let price = env.tx.effective_gas_price(env.block.basefee);
    let fee = price.wrapping_mul(U256::from_u64(outcome.gas_used));
    credit(&mut declared[0], fee)?;

    let full = receipt::encode(&outcome, &price, false);
    syscalls::log_data(&[b"receipt", &full]);
    if full.len() <= receipt::MAX_RETURN_DATA {
        syscalls::set_return_data(&full);
    } else {
        syscalls::set_return_data(&receipt::encode(&outcome, &price, true));
    }
    Ok(())
}

/// What [`run`] hands back.
struct Executed {
    outcome: Outcome,
    changes: StateChanges,
    uncreated: GrowVec<Uncreated>,
}

/// Decodes `raw` and recovers its sender.
#[inline(never)]
fn verify(raw: &[u8]) -> Result<TxEnv, ProgramError> {
    let signed = tx::decode(raw).map_err(error)?;
    let public_key = syscalls::secp256k1_recover(
        signed.signing_hash.as_bytes(),
        signed.recovery_id,
        &signed.signature,
    )
    .ok_or(error(SealevmError::InvalidSignature))?;
    let mut tx = signed.tx;
    tx.caller = sender_from_public_key(&public_key);
    Ok(tx)
}

/// The EVM environment: chain id from the config, NUMBER and TIMESTAMP from the Clock,
/// COINBASE = the operator's gas account.
#[inline(never)]
fn environment(config: &Config, coinbase: EthAddress, tx: TxEnv) -> Result<Env, ProgramError> {
    let (slot, timestamp) = syscalls::clock()?;
    let mut cfg = CfgEnv::new(config.chain_id, SPEC);
    cfg.coinbase_reward = false;
    Ok(Env {
        cfg,
        block: BlockEnv {
            number: slot,
            coinbase,
            timestamp: u64::try_from(timestamp).unwrap_or(0),
            gas_limit: BLOCK_GAS_LIMIT,
            basefee: BASE_FEE,
            prevrandao: B256::ZERO,
            difficulty: U256::ZERO,
            blob_basefee: U256::ONE,
        },
        tx,
    })
}

/// Executes the transaction; nothing is written yet.
#[inline(never)]
fn run(state: DeclaredState<'_>, env: &Env) -> Result<Executed, ProgramError> {
    let mut journal = Journal::new(state, SPEC);
    let outcome = match transact(&mut journal, env) {
        Ok(outcome) => outcome,
        Err(ExecError::Invalid(invalid)) => return Err(error(invalid.into())),
        Err(ExecError::StateUnavailable(e)) => return Err(error(e.into())),
    };
    let changes = journal.finalize();
    let uncreated = journal.into_backend().uncreated;
    Ok(Executed {
        outcome,
        changes,
        uncreated,
    })
}

/// Adds `wei` to the balance of the gas account (checked writable before execution).
fn credit(gas_account: &mut AccountView, wei: U256) -> Result<(), ProgramError> {
    let mut data = gas_account.try_borrow_mut()?;
    let header = AccountHeader::read(&data).ok_or(error(SealevmError::InvalidGasAccount))?;
    let balance = header
        .balance
        .checked_add(wei)
        .ok_or(error(SealevmError::ArithmeticOverflow))?;
    AccountHeader { balance, ..header }
        .write(&mut data)
        .ok_or(error(SealevmError::CorruptAccount))
}
