//! Comparison and bitwise opcodes.

use super::arith::binary;
use super::{Machine, Op};
use crate::state::State;
use sealevm_primitives::{SpecId, U256};

impl<S: State> Machine<'_, S> {
    binary!(op_lt, 3, |a, b| U256::from(a < b));
    binary!(op_gt, 3, |a, b| U256::from(a > b));
    binary!(op_slt, 3, |a, b| U256::from(a.slt(&b)));
    binary!(op_sgt, 3, |a, b| U256::from(a.sgt(&b)));
    binary!(op_eq, 3, |a, b| U256::from(a == b));
    binary!(op_and, 3, |a, b| a & b);
    binary!(op_or, 3, |a, b| a | b);
    binary!(op_xor, 3, |a, b| a ^ b);
    binary!(op_byte, 3, |a, b| b.byte(a));
    binary!(op_shl, 3, |a, b| b.shl(a));
    binary!(op_shr, 3, |a, b| b.shr(a));
    binary!(op_sar, 3, |a, b| b.sar(a));

    pub(crate) fn op_iszero(&mut self) -> Op {
        self.charge(3)?;
        self.require(1)?;
        let top = self.top();
        *top = U256::from(top.is_zero());
        Ok(())
    }

    pub(crate) fn op_not(&mut self) -> Op {
        self.charge(3)?;
        self.require(1)?;
        let top = self.top();
        *top = !*top;
        Ok(())
    }

    /// CLZ (EIP-7939, Osaka): count of leading zero bits.
    pub(crate) fn op_clz(&mut self) -> Op {
        if self.env.cfg.spec < SpecId::Osaka {
            return Err(super::Exit::Halt(crate::result::HaltReason::InvalidOpcode));
        }
        self.charge(5)?;
        self.require(1)?;
        let top = self.top();
        *top = U256::from_u64(top.leading_zeros() as u64);
        Ok(())
    }
}
