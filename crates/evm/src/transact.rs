//! Transaction-level rules: validation, intrinsic gas, fee payment, refunds and coinbase reward.

use crate::env::{Env, TxKind};
use crate::gas;
use crate::interpreter::{CallInputs, CallKind, CreateInputs, FrameStart, FrameStatus, Machine};
use crate::journal::Journal;
use crate::result::{ExecError, InvalidTx, Outcome, Status};
use crate::state::State;
use alloc::vec::Vec;
use sealevm_primitives::{SpecId, U256};

/// The number of zero bytes in `data`, eight at a time (a byte-by-byte count is several
/// compute units per calldata byte on SBF).
fn zero_bytes(data: &[u8]) -> u64 {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let mut chunks = data.chunks_exact(8);
    let mut nonzero = 0u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bit 0 of each byte: set when the byte has any bit set.
        let mut t = w | (w >> 4);
        t |= t >> 2;
        t |= t >> 1;
        t &= LOW;
        // The sum of the eight 0/1 bytes lands in the top byte (no carries: at most 8).
        nonzero += t.wrapping_mul(LOW) >> 56;
    }
    let rest = chunks.remainder();
    nonzero += rest.iter().filter(|b| **b != 0).count() as u64;
    data.len() as u64 - nonzero
}

/// Gas a transaction costs before any code runs.
pub fn intrinsic_gas(env: &Env) -> u64 {
    let tx = &env.tx;
    let spec = env.cfg.spec;
    let zeros = zero_bytes(&tx.data);
    let nonzeros = tx.data.len() as u64 - zeros;
    let data_len = tx.data.len() as u64;
    if data_len >= 1 << 32 {
        return u64::MAX;
    }
    let mut total = gas::TX_BASE
        + gas::mul_small(gas::TX_DATA_ZERO, zeros)
        + gas::mul_small(gas::TX_DATA_NONZERO, nonzeros);
    if tx.kind == TxKind::Create {
        if spec >= SpecId::Homestead {
            total += gas::CREATE;
        }
        if spec >= SpecId::Shanghai {
            total += gas::per_word(gas::INITCODE_WORD, data_len);
        }
    }
    for item in tx.access_list.iter() {
        total += gas::ACCESS_LIST_ADDRESS
            + gas::mul_small(gas::ACCESS_LIST_KEY, item.storage_keys.len() as u64);
    }
    total
}

/// `value * gas` or `None` on 256-bit overflow.
fn mul_gas(value: U256, gas: u64) -> Option<U256> {
    if gas == 0 || value.is_zero() {
        return Some(U256::ZERO);
    }
    let product = value.wrapping_mul(U256::from_u64(gas));
    // Below 2^192 times a 64-bit gas cannot reach 2^256: skip the 256-bit division (hundreds
    // of compute units on SBF) that checks the rare large prices.
    if value.0[3] == 0 || product.div(U256::from_u64(gas)) == value {
        Some(product)
    } else {
        None
    }
}

/// Checks everything that makes a transaction invalid without changing state.
fn validate<S: State>(journal: &mut Journal<S>, env: &Env) -> Result<u64, ExecError> {
    let (tx, cfg, block) = (&env.tx, &env.cfg, &env.block);
    if tx.chain_id.is_some_and(|id| id != cfg.chain_id) {
        return Err(InvalidTx::WrongChainId.into());
    }
    if let Some(tip) = tx.gas_priority_fee {
        if tip > tx.gas_price {
            return Err(InvalidTx::PriorityFeeAboveMaxFee.into());
        }
    }
    if cfg.spec >= SpecId::London && tx.gas_price < block.basefee {
        return Err(InvalidTx::FeeBelowBaseFee.into());
    }
    if tx.gas_limit > block.gas_limit {
        return Err(InvalidTx::GasLimitAboveBlock.into());
    }
    if cfg.spec >= SpecId::Shanghai
        && tx.kind == TxKind::Create
        && tx.data.len() > cfg.max_initcode_size
    {
        return Err(InvalidTx::InitcodeTooLarge.into());
    }
    let intrinsic = intrinsic_gas(env);
    if intrinsic > tx.gas_limit {
        return Err(InvalidTx::IntrinsicGasTooLow.into());
    }
    let sender = journal.load(&tx.caller)?;
    if sender.info.has_code() {
        return Err(InvalidTx::SenderHasCode.into());
    }
    if sender.info.nonce == u64::MAX {
        return Err(InvalidTx::NonceOverflow.into());
    }
    if tx.nonce < sender.info.nonce {
        return Err(InvalidTx::NonceTooLow.into());
    }
    if tx.nonce > sender.info.nonce {
        return Err(InvalidTx::NonceTooHigh.into());
    }
    let max_cost = mul_gas(tx.gas_price, tx.gas_limit)
        .and_then(|fee| fee.checked_add(tx.value))
        .ok_or(InvalidTx::InsufficientFunds)?;
    if sender.info.balance < max_cost {
        return Err(InvalidTx::InsufficientFunds.into());
    }
    Ok(intrinsic)
}

/// Executes one transaction against `journal`. On `Ok` the changes stay in the journal (take
/// them with [`Journal::finalize`]); on `Err(Invalid)` nothing changed; on
/// `Err(StateUnavailable)` the journal is half-written and must be discarded.
pub fn transact<S: State>(journal: &mut Journal<S>, env: &Env) -> Result<Outcome, ExecError> {
    sealevm_primitives::cu_trace::calibrate();
    mark_tx(0);
    let intrinsic = validate(journal, env)?;
    let (tx, cfg, block) = (&env.tx, &env.cfg, &env.block);
    let spec = cfg.spec;
    let price = tx.effective_gas_price(block.basefee);
    // Buy the gas and use the nonce; neither is undone by a failing execution.
    let prepaid = mul_gas(price, tx.gas_limit).ok_or(InvalidTx::FeeOverflow)?;
    let balance = journal.entry(&tx.caller).info.balance;
    journal.set_balance(&tx.caller, balance.wrapping_sub(prepaid));
    journal.bump_nonce(&tx.caller);
    journal.prewarm_account(&tx.caller)?;
    if let TxKind::Call(to) = tx.kind {
        journal.prewarm_account(&to)?;
    }
    if spec >= SpecId::Shanghai && cfg.coinbase_reward {
        journal.prewarm_account(&block.coinbase)?;
    }
    for item in tx.access_list.iter() {
        journal.prewarm_account(&item.address)?;
        for key in item.storage_keys.iter() {
            journal.prewarm_slot(&item.address, *key)?;
        }
    }
    let gas = tx.gas_limit - intrinsic;
    let start = match tx.kind {
        TxKind::Call(to) => FrameStart::Call(CallInputs {
            kind: CallKind::Call,
            code_address: to,
            target: to,
            caller: tx.caller,
            value: tx.value,
            input: tx.data.clone(),
            gas,
            is_static: false,
            depth: 0,
            ret_offset: 0,
            ret_len: 0,
        }),
        TxKind::Create => FrameStart::Create(CreateInputs {
            caller: tx.caller,
            value: tx.value,
            init_code: tx.data.clone(),
            gas,
            salt: None,
            depth: 0,
            tx_nonce: Some(tx.nonce),
        }),
    };
    mark_tx(1);
    let mut machine = Machine::new(journal, env);
    let result = machine.execute(start)?;
    drop(machine);
    mark_tx(2);

    let gas_used = tx.gas_limit - result.gas_left;
    let refund = if result.status == FrameStatus::Success {
        result.refund.max(0) as u64
    } else {
        0
    };
    let refund = refund.min(gas::max_refund(spec, gas_used));
    let charged = gas_used - refund;
    // Return unused gas, then pay the coinbase its tip.
    let returned = U256::from_u64(result.gas_left + refund);
    let balance = journal.entry(&tx.caller).info.balance;
    journal.set_balance(
        &tx.caller,
        balance.wrapping_add(price.wrapping_mul(returned)),
    );
    if cfg.coinbase_reward {
        let tip = if spec >= SpecId::London {
            price.wrapping_sub(block.basefee)
        } else {
            price
        };
        journal.load(&block.coinbase)?;
        let coinbase_balance = journal.entry(&block.coinbase).info.balance;
        let reward = tip.wrapping_mul(U256::from_u64(charged));
        journal.set_balance(&block.coinbase, coinbase_balance.wrapping_add(reward));
        journal.touch(&block.coinbase);
    }
    let (status, created_address) = match (result.status, result.kind) {
        (FrameStatus::Success, crate::interpreter::FrameKind::Create { address }) => {
            (Status::Success, Some(address))
        }
        (FrameStatus::Success, _) => (Status::Success, None),
        (FrameStatus::Revert, _) => (Status::Revert, None),
        (FrameStatus::Halt(reason), _) => (Status::Halt(reason), None),
    };
    let logs = journal.take_logs();
    let logs = if status == Status::Success {
        logs
    } else {
        Default::default()
    };
    mark_tx(3);
    Ok(Outcome {
        status,
        gas_used: charged,
        gas_refunded: refund,
        output: if result.output.is_empty() {
            Vec::new()
        } else {
            result.output
        },
        logs,
        created_address,
    })
}

/// A CU-trace mark at a transaction boundary (see `sealevm_primitives::cu_trace`): 0 start,
/// 1 execution begins, 2 execution ends, 3 settlement done.
#[inline(always)]
fn mark_tx(boundary: u64) {
    sealevm_primitives::cu_trace::mark(sealevm_primitives::cu_trace::TAG_TX, boundary, 0);
}

#[cfg(test)]
mod tests {
    use super::zero_bytes;

    #[test]
    fn zero_bytes_counts_like_a_byte_loop() {
        let mut data = alloc::vec::Vec::new();
        for len in 0..40u32 {
            assert_eq!(
                zero_bytes(&data),
                data.iter().filter(|b| **b == 0).count() as u64,
                "{data:?}"
            );
            // Zeros, single bits in every position and full bytes, in a fixed pattern.
            data.push(match len % 5 {
                0 => 0,
                1 => 1 << (len % 8),
                2 => 0xff,
                3 => 0,
                _ => 0x80,
            });
        }
    }
}
