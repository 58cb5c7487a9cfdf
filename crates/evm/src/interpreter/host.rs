//! Opcodes that read or write accounts, storage and logs through the journal.

use super::memory::{copy_padded, length};
use super::{state, Exit, Machine, Op};
use crate::gas;
use crate::result::Log;
use crate::state::State;
use crate::vec::GrowVec;
use sealevm_primitives::{Address, B256, U256};

impl<S: State> Machine<'_, S> {
    /// Warms `address`, charging the EIP-2929 access cost.
    fn access_account(&mut self, address: &Address) -> Op {
        let cold = state!(self, self.journal.warm_account(address));
        self.charge(if cold {
            gas::COLD_ACCOUNT_ACCESS
        } else {
            gas::WARM_ACCESS
        })
    }

    pub(crate) fn op_balance(&mut self) -> Op {
        self.require(1)?;
        let address = Address::from_word(*self.top());
        self.access_account(&address)?;
        *self.top() = self.journal.entry(&address).info.balance;
        Ok(())
    }

    pub(crate) fn op_selfbalance(&mut self) -> Op {
        self.charge(5)?;
        let balance = self.journal.entry(&self.frame.address).info.balance;
        self.push(balance)
    }

    pub(crate) fn op_extcodesize(&mut self) -> Op {
        self.require(1)?;
        let address = Address::from_word(*self.top());
        self.access_account(&address)?;
        let code = state!(self, self.journal.code(&address));
        *self.top() = U256::from_u64(code.len() as u64);
        Ok(())
    }

    pub(crate) fn op_extcodehash(&mut self) -> Op {
        self.require(1)?;
        let address = Address::from_word(*self.top());
        self.access_account(&address)?;
        let e = self.journal.entry(&address);
        *self.top() = if e.info.is_empty() {
            U256::ZERO
        } else {
            e.info.code_hash.to_word()
        };
        Ok(())
    }

    pub(crate) fn op_extcodecopy(&mut self) -> Op {
        self.require(4)?;
        let address = Address::from_word(self.pop());
        let (mem_offset, src_offset, len) = (self.pop(), self.pop(), self.pop());
        let n = length(len)?;
        self.charge(gas::per_word(gas::COPY_WORD, n))?;
        self.access_account(&address)?;
        let (mem_offset, len) = self.memory_region(mem_offset, len)?;
        if len == 0 {
            return Ok(());
        }
        let code = state!(self, self.journal.code(&address));
        let start = self.frame.mem_base + mem_offset;
        copy_padded(
            &mut self.memory[start..start + len],
            code.bytes(),
            src_offset.as_usize_saturated(),
        );
        Ok(())
    }

    pub(crate) fn op_blockhash(&mut self) -> Op {
        self.charge(20)?;
        self.require(1)?;
        let current = self.env.block.number;
        let hash = match self.top().to_u64() {
            Some(n) if n < current && current - n <= 256 => {
                state!(self, self.journal.backend().block_hash(n)).to_word()
            }
            _ => U256::ZERO,
        };
        *self.top() = hash;
        Ok(())
    }

    pub(crate) fn op_sload(&mut self) -> Op {
        self.require(1)?;
        let key = *self.top();
        let address = self.frame.address;
        let (value, cold) = state!(self, self.journal.sload(&address, key));
        self.charge(if cold {
            gas::COLD_SLOAD
        } else {
            gas::WARM_ACCESS
        })?;
        *self.top() = value;
        Ok(())
    }

    pub(crate) fn op_sstore(&mut self) -> Op {
        self.require_non_static()?;
        self.require(2)?;
        let (key, value) = (self.pop(), self.pop());
        if self.frame.gas <= gas::SSTORE_SENTRY {
            return Err(Exit::Halt(crate::result::HaltReason::OutOfGas));
        }
        let address = self.frame.address;
        let r = state!(self, self.journal.sstore(&address, key, value));
        self.charge(gas::sstore_cost(&r))?;
        self.frame.refund += gas::sstore_refund(&r);
        Ok(())
    }

    pub(crate) fn op_tload(&mut self) -> Op {
        self.cancun_only()?;
        self.charge(gas::WARM_ACCESS)?;
        self.require(1)?;
        let key = *self.top();
        *self.top() = self.journal.tload(&self.frame.address, key);
        Ok(())
    }

    pub(crate) fn op_tstore(&mut self) -> Op {
        self.cancun_only()?;
        self.require_non_static()?;
        self.charge(gas::WARM_ACCESS)?;
        self.require(2)?;
        let (key, value) = (self.pop(), self.pop());
        let address = self.frame.address;
        self.journal.tstore(&address, key, value);
        Ok(())
    }

    pub(crate) fn op_log(&mut self, topics: usize) -> Op {
        self.require_non_static()?;
        self.require(2 + topics)?;
        let (offset, len) = (self.pop(), self.pop());
        let n = length(len)?;
        self.charge(gas::LOG + gas::LOG_TOPIC * topics as u64 + gas::mul_small(gas::LOG_DATA, n))?;
        let (offset, len) = self.memory_region(offset, len)?;
        let mut log_topics = GrowVec::with_capacity(topics);
        for _ in 0..topics {
            log_topics.push(B256::from_word(self.pop()));
        }
        let start = self.frame.mem_base + offset;
        let data = self.memory[start..start + len].to_vec();
        self.journal.log(Log {
            address: self.frame.address,
            topics: log_topics,
            data,
        });
        Ok(())
    }
}
