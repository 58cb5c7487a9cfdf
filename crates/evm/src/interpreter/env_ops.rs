//! Opcodes that read the transaction, block and frame environment.

use super::{Exit, Machine, Op};
use crate::result::HaltReason;
use crate::state::State;
use sealevm_primitives::{SpecId, U256};

/// A nullary opcode pushing a word computed from the machine.
macro_rules! push_value {
    ($name:ident, $cost:expr, |$m:ident| $value:expr) => {
        pub(crate) fn $name(&mut self) -> Op {
            self.charge($cost)?;
            let $m = &*self;
            let value = $value;
            self.push(value)
        }
    };
}

impl<S: State> Machine<'_, S> {
    push_value!(op_address, 2, |m| m.frame.address.to_word());
    push_value!(op_origin, 2, |m| m.env.tx.caller.to_word());
    push_value!(op_caller, 2, |m| m.frame.caller.to_word());
    push_value!(op_callvalue, 2, |m| m.frame.value);
    push_value!(op_calldatasize, 2, |m| U256::from_u64(
        m.frame.input.len() as u64
    ));
    push_value!(
        op_codesize,
        2,
        |m| U256::from_u64(m.frame.code.len() as u64)
    );
    push_value!(op_gasprice, 2, |m| m
        .env
        .tx
        .effective_gas_price(m.env.block.basefee));
    push_value!(op_returndatasize, 2, |m| U256::from_u64(
        m.frame.return_data.len() as u64
    ));
    push_value!(op_coinbase, 2, |m| m.env.block.coinbase.to_word());
    push_value!(op_timestamp, 2, |m| U256::from_u64(m.env.block.timestamp));
    push_value!(op_number, 2, |m| U256::from_u64(m.env.block.number));
    push_value!(op_gaslimit, 2, |m| U256::from_u64(m.env.block.gas_limit));
    push_value!(op_chainid, 2, |m| U256::from_u64(m.env.cfg.chain_id));
    push_value!(op_basefee, 2, |m| m.env.block.basefee);

    pub(crate) fn op_prevrandao(&mut self) -> Op {
        self.charge(2)?;
        let value = if self.env.cfg.spec >= SpecId::Merge {
            self.env.block.prevrandao.to_word()
        } else {
            self.env.block.difficulty
        };
        self.push(value)
    }

    /// BLOBHASH: no transaction here carries blobs, so every index reads zero.
    pub(crate) fn op_blobhash(&mut self) -> Op {
        self.cancun_only()?;
        self.charge(3)?;
        self.require(1)?;
        *self.top() = U256::ZERO;
        Ok(())
    }

    pub(crate) fn op_blobbasefee(&mut self) -> Op {
        self.cancun_only()?;
        self.charge(2)?;
        self.push(self.env.block.blob_basefee)
    }

    pub(crate) fn cancun_only(&self) -> Op {
        if self.env.cfg.spec < SpecId::Cancun {
            return Err(Exit::Halt(HaltReason::InvalidOpcode));
        }
        Ok(())
    }
}
