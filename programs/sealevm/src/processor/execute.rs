//! `Execute`: runs a signed Ethereum transaction.

use super::holder::require_holder;
use crate::accounts::{
    read_config, read_evm_account, require_len, require_signer, require_system_program,
    require_vault, require_writable,
};
use crate::evm_state::{find_account, DeclaredState, Uncreated};
use crate::write_back::Target;
use crate::{error, introspection, syscalls};
use pinocchio::error::ProgramError;
use pinocchio::{AccountView, Address, ProgramResult};
use sealevm_evm::{
    transact, BlockEnv, CfgEnv, Env, ExecError, GrowVec, Journal, Outcome, StateChanges, TxEnv,
    TxKind, U256,
};
use sealevm_primitives::{Address as EthAddress, B256};
use sealevm_sdk::chain::{BASE_FEE, BLOCK_GAS_LIMIT, SPEC, WITHDRAW_ADDRESS};
use sealevm_sdk::id::INSTRUCTIONS_SYSVAR_ID;
use sealevm_sdk::state::{AccountHeader, Config, Holder};
use sealevm_sdk::tx::{self, sender_from_public_key};
use sealevm_sdk::units::{lamports_to_wei, wei_to_lamports};
use sealevm_sdk::{receipt, SealevmError};

/// Index of the first account the EVM sees (the gas account, then the declared ones) in
/// `Execute`.
const FIRST_EVM_ACCOUNT: usize = 3;

/// Decodes and verifies `raw`, executes it over the declared accounts, writes the changes,
/// pays the fee to the operator's gas account and returns the receipt. Accounts: operator,
/// config, system program, gas account, declared EVM / storage accounts.
#[inline(always)]
pub fn process_execute(
    program_id: &Address,
    accounts: &mut [AccountView],
    raw: &[u8],
) -> ProgramResult {
    execute_with(program_id, accounts, raw, None)
}

/// `ExecuteVerified`: `Execute` whose signature the secp256k1 precompile instruction at
/// `precompile_index` verified (see [`crate::introspection::verified_sender`]). Accounts: the
/// Instructions sysvar, then those of [`process_execute`].
#[inline(always)]
pub fn process_execute_verified(
    program_id: &Address,
    accounts: &mut [AccountView],
    precompile_index: u8,
    raw: &[u8],
) -> ProgramResult {
    require_len(accounts, FIRST_EVM_ACCOUNT + 2)?;
    let (sysvar, rest) = accounts.split_at_mut(1);
    let sysvar = &sysvar[0];
    if sysvar.address().as_ref() != INSTRUCTIONS_SYSVAR_ID {
        return Err(error(SealevmError::InvalidInstructionsSysvar));
    }
    let precompile = Precompile {
        sysvar,
        index: precompile_index,
    };
    execute_with(program_id, rest, raw, Some(&precompile))
}

/// `Execute` over `accounts` (operator, config, system program, gas account, declared), the
/// signature checked by the syscall or, with `precompile`, by introspection.
#[inline(always)]
fn execute_with(
    program_id: &Address,
    accounts: &mut [AccountView],
    raw: &[u8],
    precompile: Option<&Precompile<'_>>,
) -> ProgramResult {
    require_len(accounts, FIRST_EVM_ACCOUNT + 1)?;
    let (head, declared) = accounts.split_at_mut(FIRST_EVM_ACCOUNT);
    let call = Call {
        program_id,
        head,
        raw,
        withdraw_to: None,
        precompile,
    };
    execute_tx(&call, declared).map(|_| ())
}

/// `Execute` of the transaction stored in a holder bound to the operator. Accounts: holder,
/// then those of [`process_execute`].
#[inline(always)]
pub fn process_execute_from_holder(
    program_id: &Address,
    accounts: &mut [AccountView],
) -> ProgramResult {
    require_len(accounts, FIRST_EVM_ACCOUNT + 2)?;
    let (holder, rest) = accounts.split_at_mut(1);
    require_holder(program_id, &holder[0], &rest[0])?;
    let data = holder[0].try_borrow()?;
    let payload = &data[Holder::LEN..];
    let len = tx::raw_len(payload).map_err(error)?;
    let raw = payload
        .get(..len)
        .ok_or(error(SealevmError::HolderOutOfBounds))?;
    process_execute(program_id, rest, raw)
}

/// `Withdraw`: runs the signed transfer to [`WITHDRAW_ADDRESS`], burns its value and moves
/// `value / 10^9` lamports from the vault to the destination named in its data. Accounts:
/// operator, config, system program, vault, destination, gas account, declared accounts.
#[inline(always)]
pub fn process_withdraw(
    program_id: &Address,
    accounts: &mut [AccountView],
    raw: &[u8],
) -> ProgramResult {
    require_len(accounts, FIRST_EVM_ACCOUNT + 3)?;
    let (head, rest) = accounts.split_at_mut(FIRST_EVM_ACCOUNT);
    let (payout, declared) = rest.split_at_mut(2);
    let [vault, destination] = payout else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_vault(program_id, vault)?;
    require_writable(destination)?;
    let call = Call {
        program_id,
        head,
        raw,
        withdraw_to: Some(destination.address().as_array()),
        precompile: None,
    };
    let burned = execute_tx(&call, declared)?;
    let (lamports, rest) = wei_to_lamports(burned).ok_or(error(SealevmError::InvalidWithdrawal))?;
    if !rest.is_zero() {
        return Err(error(SealevmError::InvalidWithdrawal));
    }
    if lamports == 0 {
        return Ok(());
    }
    let floor = syscalls::rent_exempt_minimum(vault.data_len())?;
    let left = vault
        .lamports()
        .checked_sub(lamports)
        .filter(|left| *left >= floor)
        .ok_or(error(SealevmError::InsufficientVault))?;
    let credited = destination
        .lamports()
        .checked_add(lamports)
        .ok_or(error(SealevmError::ArithmeticOverflow))?;
    vault.set_lamports(left);
    destination.set_lamports(credited);
    Ok(())
}

/// One transaction to run (bundled: at most five register arguments on BPF).
struct Call<'a> {
    program_id: &'a Address,
    /// Operator, config, system program.
    head: &'a [AccountView],
    /// The signed transaction.
    raw: &'a [u8],
    /// For a withdrawal, the destination the transaction's data must name.
    withdraw_to: Option<&'a [u8; 32]>,
    /// Where the secp256k1 precompile verified the signature (`ExecuteVerified`); `None`
    /// recovers the sender with the syscall.
    precompile: Option<&'a Precompile<'a>>,
}

/// The Instructions sysvar (key checked) and the index of the precompile instruction.
struct Precompile<'a> {
    sysvar: &'a AccountView,
    index: u8,
}

/// Checks the head accounts, verifies and runs the transaction, writes its changes, pays the
/// fee and emits the receipt. `declared[0]` is the gas account. Returns the wei burned by a
/// withdrawal (zero otherwise).
#[inline(never)]
fn execute_tx(call: &Call<'_>, declared: &mut [AccountView]) -> Result<U256, ProgramError> {
    let program_id = call.program_id;
    mark(10);
    let [operator, config, system, ..] = call.head else {
        return Err(error(SealevmError::NotEnoughAccounts));
    };
    require_signer(operator)?;
    let config = read_config(program_id, config)?;
    require_system_program(system)?;
    let gas_account = declared
        .first()
        .ok_or(error(SealevmError::NotEnoughAccounts))?;
    let coinbase = read_evm_account(program_id, gas_account)?
        .ok_or(error(SealevmError::InvalidGasAccount))?
        .address;
    require_writable(gas_account)?;

    mark(11);
    let tx = verify(call.raw, call.precompile)?;
    mark(12);
    check_withdrawal(&tx, call.withdraw_to)?;
    let env = environment(&config, coinbase, tx)?;
    mark(13);
    let mut state = DeclaredState::new(program_id, declared);
    if call.withdraw_to.is_some() {
        state = state.withdrawing();
    }
    let executed = run(state, &env)?;
    mark(14);
    let mut target = Target {
        program_id,
        payer: operator,
        declared,
        uncreated: &executed.uncreated,
        sink: call.withdraw_to.map(|_| WITHDRAW_ADDRESS),
        rent_lamports: 0,
    };
    let burned = target.apply(&executed.changes)?;
    let rent_lamports = target.rent_lamports;
    mark(15);
    let outcome = executed.outcome;

    let price = env.tx.effective_gas_price(env.block.basefee);
    let fee = price.wrapping_mul(U256::from_u64(outcome.gas_used));
    let paid = if rent_lamports == 0 {
        fee
    } else {
        let charge = RentCharge {
            program_id,
            sender: &env.tx.caller,
            lamports: rent_lamports,
        };
        fee.checked_add(charge_rent(&charge, declared)?)
            .ok_or(error(SealevmError::ArithmeticOverflow))?
    };
    credit(&mut declared[0], paid)?;
    mark(16);

    let full = receipt::encode(&outcome, &price, false);
    mark(17);
    if full.len() <= receipt::MAX_RETURN_DATA {
        syscalls::set_return_data(&full);
    } else {
        // Only a receipt too large for the return data is logged (sol_log_data costs
        // about 550 CU for an ERC-20 transfer's receipt).
        syscalls::log_data(&[b"receipt", &full]);
        syscalls::set_return_data(&receipt::encode(&outcome, &price, true));
    }
    mark(19);
    // As in `run`: nothing to free, so skip walking these on the way out.
    core::mem::forget(executed.changes);
    core::mem::forget(outcome);
    core::mem::forget(env);
    Ok(burned)
}

/// A CU-trace mark between the steps of `execute_tx` (10 onwards; see
/// `sealevm_primitives::cu_trace`, compiled out without `--cfg sealevm_cu_trace`).
#[inline(always)]
fn mark(step: u64) {
    sealevm_primitives::cu_trace::mark(sealevm_primitives::cu_trace::TAG_TX, step, 0);
}

/// A withdrawal must send a whole number of lamports to [`WITHDRAW_ADDRESS`] with the
/// destination as its data; any other transaction must not go to that address.
fn check_withdrawal(tx: &TxEnv, withdraw_to: Option<&[u8; 32]>) -> Result<(), ProgramError> {
    let to_sink = tx.kind == TxKind::Call(WITHDRAW_ADDRESS);
    let valid = match withdraw_to {
        None => !to_sink,
        Some(destination) => {
            to_sink
                && tx.data.as_slice() == destination.as_slice()
                && wei_to_lamports(tx.value).is_some_and(|(_, rest)| rest.is_zero())
        }
    };
    if valid {
        Ok(())
    } else {
        Err(error(SealevmError::InvalidWithdrawal))
    }
}

/// What [`run`] hands back.
struct Executed {
    outcome: Outcome,
    changes: StateChanges,
    uncreated: GrowVec<Uncreated>,
}

/// Decodes `raw` and finds its sender: recovered with the syscall, or the address the
/// secp256k1 precompile instruction verified.
#[inline(always)]
fn verify(raw: &[u8], precompile: Option<&Precompile<'_>>) -> Result<TxEnv, ProgramError> {
    let signed = tx::decode_without_hash(raw).map_err(error)?;
    let caller = match precompile {
        Some(p) => {
            let sysvar = p.sysvar.try_borrow()?;
            introspection::verified_sender(&sysvar, p.index, &signed).map_err(error)?
        }
        None => {
            let public_key = syscalls::secp256k1_recover(
                signed.signing_hash.as_bytes(),
                signed.recovery_id,
                &signed.signature,
            )
            .ok_or(error(SealevmError::InvalidSignature))?;
            sender_from_public_key(&public_key)
        }
    };
    let mut tx = signed.tx;
    tx.caller = caller;
    Ok(tx)
}

/// The EVM environment: chain id from the config, NUMBER and TIMESTAMP from the Clock,
/// COINBASE = the operator's gas account.
#[inline(always)]
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
    mark(20);
    let changes = journal.finalize();
    mark(21);
    let uncreated = core::mem::take(&mut journal.backend().uncreated);
    // The bump allocator never frees: dropping the journal would only walk its maps.
    core::mem::forget(journal);
    Ok(Executed {
        outcome,
        changes,
        uncreated,
    })
}

/// What [`charge_rent`] takes from whom (bundled: at most five register arguments on BPF).
struct RentCharge<'a> {
    program_id: &'a Address,
    sender: &'a EthAddress,
    lamports: u64,
}

/// Takes the rent of the accounts the transaction created (`lamports`, paid by the operator)
/// from the sender's balance, in wei; returns the wei taken, which the operator's gas account
/// receives with the fee. Wei only moves between EVM accounts, so value stays conserved.
#[inline(never)]
fn charge_rent(
    charge: &RentCharge<'_>,
    declared: &mut [AccountView],
) -> Result<U256, ProgramError> {
    let RentCharge {
        program_id,
        sender,
        lamports,
    } = *charge;
    let wei = lamports_to_wei(lamports);
    // The sender's nonce was bumped, so its account is declared and writable.
    let index =
        find_account(program_id, declared, sender).ok_or(error(SealevmError::UndeclaredAccount))?;
    let account = &mut declared[index];
    require_writable(account)?;
    let mut data = account.try_borrow_mut()?;
    let header = AccountHeader::read(&data).ok_or(error(SealevmError::CorruptAccount))?;
    let balance = header
        .balance
        .checked_sub(wei)
        .ok_or(error(SealevmError::InsufficientFundsForRent))?;
    AccountHeader { balance, ..header }
        .write(&mut data)
        .ok_or(error(SealevmError::CorruptAccount))?;
    Ok(wei)
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
