//! Jumps and the program counter.

use super::{Exit, Machine, Op};
use crate::result::HaltReason;
use crate::state::State;
use sealevm_primitives::U256;

impl<S: State> Machine<'_, S> {
    #[inline(always)]
    fn jump_to(&mut self, dest: U256) -> Op {
        match dest.to_u64() {
            Some(d) if self.frame.code.is_valid_jump(d as usize) => {
                self.frame.pc = d as usize;
                Ok(())
            }
            _ => Err(Exit::Halt(HaltReason::InvalidJump)),
        }
    }

    pub(crate) fn op_jump(&mut self) -> Op {
        self.charge(8)?;
        self.require(1)?;
        let dest = self.pop();
        self.jump_to(dest)
    }

    pub(crate) fn op_jumpi(&mut self) -> Op {
        self.charge(10)?;
        self.require(2)?;
        let (dest, condition) = (self.pop(), self.pop());
        if condition.is_zero() {
            return Ok(());
        }
        self.jump_to(dest)
    }

    pub(crate) fn op_pc(&mut self) -> Op {
        self.charge(2)?;
        self.push(U256::from_u64(self.frame.pc as u64 - 1))
    }

    pub(crate) fn op_gas(&mut self) -> Op {
        self.charge(2)?;
        self.push(U256::from_u64(self.frame.gas))
    }
}
