//! Arithmetic opcodes.

use super::{Machine, Op};
use crate::gas;
use crate::state::State;

/// Binary operation on the two top words: `a` is the top, the result replaces `b`.
macro_rules! binary {
    ($name:ident, $cost:expr, |$a:ident, $b:ident| $body:expr) => {
        pub(crate) fn $name(&mut self) -> Op {
            self.charge($cost)?;
            self.require(2)?;
            let $a = self.pop();
            let slot = self.top();
            let $b = *slot;
            *slot = $body;
            Ok(())
        }
    };
}
pub(super) use binary;

impl<S: State> Machine<'_, S> {
    binary!(op_add, 3, |a, b| a.wrapping_add(b));
    binary!(op_mul, 5, |a, b| a.wrapping_mul(b));
    binary!(op_sub, 3, |a, b| a.wrapping_sub(b));
    binary!(op_div, 5, |a, b| a.div(b));
    binary!(op_sdiv, 5, |a, b| a.sdiv(b));
    binary!(op_mod, 5, |a, b| a.rem(b));
    binary!(op_smod, 5, |a, b| a.smod(b));
    binary!(op_signextend, 5, |a, b| b.sign_extend(a));

    pub(crate) fn op_addmod(&mut self) -> Op {
        self.charge(8)?;
        self.require(3)?;
        let (a, b) = (self.pop(), self.pop());
        let n = self.top();
        *n = a.add_mod(b, *n);
        Ok(())
    }

    pub(crate) fn op_mulmod(&mut self) -> Op {
        self.charge(8)?;
        self.require(3)?;
        let (a, b) = (self.pop(), self.pop());
        let n = self.top();
        *n = a.mul_mod(b, *n);
        Ok(())
    }

    pub(crate) fn op_exp(&mut self) -> Op {
        self.require(2)?;
        let base = self.pop();
        let exponent = *self.top();
        self.charge(10 + gas::mul_small(gas::EXP_BYTE, exponent.byte_len() as u64))?;
        *self.top() = base.pow(exponent);
        Ok(())
    }
}
