//! Memory expansion and the opcodes that move bytes: M*, *COPY, KECCAK256, RETURNDATA*.

use super::{Exit, Machine, Op};
use crate::gas;
use crate::result::HaltReason;
use crate::state::State;
use sealevm_primitives::{keccak256, SpecId, U256};

/// Memory never grows past 4 GiB: pricing it would exceed any block gas limit long before.
const MAX_MEMORY_END: u64 = u32::MAX as u64;

const OUT_OF_GAS: Exit = Exit::Halt(HaltReason::OutOfGas);

/// Copies `src[src_offset..]` into `dst`, filling what lies past the end of `src` with zeros.
pub(crate) fn copy_padded(dst: &mut [u8], src: &[u8], src_offset: usize) {
    let available = src.len().saturating_sub(src_offset);
    let n = available.min(dst.len());
    if n > 0 {
        dst[..n].copy_from_slice(&src[src_offset..src_offset + n]);
    }
    dst[n..].fill(0);
}

/// A length operand as a byte count below 4 GiB, or out of gas.
#[inline]
pub(crate) fn length(len: U256) -> Result<u64, Exit> {
    match len.to_u64() {
        Some(l) if l <= MAX_MEMORY_END => Ok(l),
        _ => Err(OUT_OF_GAS),
    }
}

impl<S: State> Machine<'_, S> {
    /// Expands memory to cover `[offset, offset + len)`, charging for it, and returns the
    /// region as frame-relative `(offset, len)`. A zero length touches nothing.
    #[inline]
    pub(crate) fn memory_region(
        &mut self,
        offset: U256,
        len: U256,
    ) -> Result<(usize, usize), Exit> {
        if len.is_zero() {
            return Ok((0, 0));
        }
        let len = length(len)?;
        let offset = offset.to_u64().ok_or(OUT_OF_GAS)?;
        let end = offset.checked_add(len).ok_or(OUT_OF_GAS)?;
        if end > MAX_MEMORY_END {
            return Err(OUT_OF_GAS);
        }
        self.expand_memory(end)?;
        Ok((offset as usize, len as usize))
    }

    /// `memory_region(offset, 32)` with a fast path for a word already inside memory, the
    /// common case of MLOAD/MSTORE (Solidity's free-memory pointer at 0x40).
    #[inline(always)]
    fn word_region(&mut self, offset: U256) -> Result<usize, Exit> {
        let current = (self.memory.len() - self.frame.mem_base) as u64;
        match offset.to_u64() {
            Some(o) if o < current && current - o >= 32 => Ok(o as usize),
            _ => self
                .memory_region(offset, U256::from_u64(32))
                .map(|(o, _)| o),
        }
    }

    #[inline]
    fn expand_memory(&mut self, end: u64) -> Op {
        let current = (self.memory.len() - self.frame.mem_base) as u64;
        if end <= current {
            return Ok(());
        }
        let new_words = gas::words(end);
        let cost = gas::memory_cost(new_words) - gas::memory_cost(current / 32);
        self.charge(cost)?;
        self.memory
            .resize(self.frame.mem_base + (new_words as usize) * 32, 0);
        Ok(())
    }

    /// The frame's memory from `offset` (frame-relative) for `len` bytes; must be expanded.
    #[inline(always)]
    fn mem(&mut self, offset: usize, len: usize) -> &mut [u8] {
        let start = self.frame.mem_base + offset;
        &mut self.memory[start..start + len]
    }

    pub(crate) fn op_mload(&mut self) -> Op {
        self.charge(3)?;
        self.require(1)?;
        let offset = *self.top();
        let offset = self.word_region(offset)?;
        let mut word = [0u8; 32];
        word.copy_from_slice(self.mem(offset, 32));
        *self.top() = U256::from_be_bytes(word);
        Ok(())
    }

    pub(crate) fn op_mstore(&mut self) -> Op {
        self.charge(3)?;
        self.require(2)?;
        let (offset, value) = (self.pop(), self.pop());
        let offset = self.word_region(offset)?;
        self.mem(offset, 32).copy_from_slice(&value.to_be_bytes());
        Ok(())
    }

    pub(crate) fn op_mstore8(&mut self) -> Op {
        self.charge(3)?;
        self.require(2)?;
        let (offset, value) = (self.pop(), self.pop());
        let (offset, _) = self.memory_region(offset, U256::ONE)?;
        self.mem(offset, 1)[0] = value.low_u64() as u8;
        Ok(())
    }

    pub(crate) fn op_msize(&mut self) -> Op {
        self.charge(2)?;
        let size = self.memory.len() - self.frame.mem_base;
        self.push(U256::from_u64(size as u64))
    }

    pub(crate) fn op_mcopy(&mut self) -> Op {
        if self.env.cfg.spec < SpecId::Cancun {
            return Err(Exit::Halt(HaltReason::InvalidOpcode));
        }
        self.require(3)?;
        let (dst, src, len) = (self.pop(), self.pop(), self.pop());
        let n = length(len)?;
        self.charge(3 + gas::per_word(gas::COPY_WORD, n))?;
        if n == 0 {
            return Ok(());
        }
        let (dst, _) = self.memory_region(dst, len)?;
        let (src, _) = self.memory_region(src, len)?;
        let base = self.frame.mem_base;
        self.memory
            .copy_within(base + src..base + src + n as usize, base + dst);
        Ok(())
    }

    pub(crate) fn op_keccak256(&mut self) -> Op {
        self.require(2)?;
        let (offset, len) = (self.pop(), self.pop());
        let n = length(len)?;
        self.charge(30 + gas::per_word(gas::KECCAK_WORD, n))?;
        let (offset, len) = self.memory_region(offset, len)?;
        let hash = keccak256(self.mem(offset, len));
        self.push(hash.to_word())
    }

    /// Pops `(memory offset, source offset, length)`, charges a copy and expands memory.
    /// Returns frame-relative memory offset, saturated source offset and length.
    fn copy_operands(&mut self) -> Result<(usize, usize, usize), Exit> {
        self.require(3)?;
        let (mem_offset, src_offset, len) = (self.pop(), self.pop(), self.pop());
        let n = length(len)?;
        self.charge(3 + gas::per_word(gas::COPY_WORD, n))?;
        let (mem_offset, len) = self.memory_region(mem_offset, len)?;
        Ok((mem_offset, src_offset.as_usize_saturated(), len))
    }

    pub(crate) fn op_calldatacopy(&mut self) -> Op {
        let (mem_offset, src_offset, len) = self.copy_operands()?;
        let start = self.frame.mem_base + mem_offset;
        copy_padded(
            &mut self.memory[start..start + len],
            &self.frame.input,
            src_offset,
        );
        Ok(())
    }

    pub(crate) fn op_codecopy(&mut self) -> Op {
        let (mem_offset, src_offset, len) = self.copy_operands()?;
        let start = self.frame.mem_base + mem_offset;
        copy_padded(
            &mut self.memory[start..start + len],
            self.frame.code.bytes(),
            src_offset,
        );
        Ok(())
    }

    pub(crate) fn op_returndatacopy(&mut self) -> Op {
        self.require(3)?;
        let (mem_offset, src_offset, len) = (self.pop(), self.pop(), self.pop());
        let n = length(len)?;
        self.charge(3 + gas::per_word(gas::COPY_WORD, n))?;
        let available = self.frame.return_data.len() as u64;
        let in_bounds = src_offset
            .to_u64()
            .and_then(|o| o.checked_add(n))
            .is_some_and(|end| end <= available);
        if !in_bounds {
            return Err(Exit::Halt(HaltReason::ReturnDataOutOfBounds));
        }
        let (mem_offset, len) = self.memory_region(mem_offset, len)?;
        let src = src_offset.low_u64() as usize;
        let start = self.frame.mem_base + mem_offset;
        self.memory[start..start + len].copy_from_slice(&self.frame.return_data[src..src + len]);
        Ok(())
    }

    pub(crate) fn op_calldataload(&mut self) -> Op {
        self.charge(3)?;
        self.require(1)?;
        let offset = self.top().as_usize_saturated();
        let mut word = [0u8; 32];
        copy_padded(&mut word, &self.frame.input, offset);
        *self.top() = U256::from_be_bytes(word);
        Ok(())
    }
}
