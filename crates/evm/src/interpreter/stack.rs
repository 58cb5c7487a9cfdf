//! Stack access and the PUSH/DUP/SWAP/POP opcodes.

use super::{Exit, Machine, Op, STACK_LIMIT};
use crate::result::HaltReason;
use crate::state::State;
use alloc::vec::Vec;
use sealevm_primitives::U256;

impl<S: State> Machine<'_, S> {
    /// Halts unless the frame holds at least `n` words. Every `pop`/`top` is preceded by it.
    #[inline(always)]
    pub(crate) fn require(&self, n: usize) -> Op {
        if self.frame.sp - self.frame.stack_base < n {
            return Err(Exit::Halt(HaltReason::StackUnderflow));
        }
        Ok(())
    }

    /// Removes the top word. Callers check the depth with [`Machine::require`] first.
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> U256 {
        self.frame.sp -= 1;
        debug_assert!(self.frame.sp >= self.frame.stack_base);
        // SAFETY: sp never exceeds the arena length (push grows the arena first), and callers
        // checked with `require` that this frame holds the word.
        unsafe { *self.stack.get_unchecked(self.frame.sp) }
    }

    /// The top word, in place. Callers check the depth first.
    #[inline(always)]
    pub(crate) fn top(&mut self) -> &mut U256 {
        debug_assert!(self.frame.sp > self.frame.stack_base);
        // SAFETY: as in `pop`.
        unsafe { self.stack.get_unchecked_mut(self.frame.sp - 1) }
    }

    /// Pushes a word, halting past 1024 words in this frame.
    #[inline(always)]
    pub(crate) fn push(&mut self, value: U256) -> Op {
        if self.frame.sp - self.frame.stack_base >= STACK_LIMIT {
            return Err(Exit::Halt(HaltReason::StackOverflow));
        }
        if self.frame.sp == self.stack.len() {
            self.grow_stack();
        }
        // SAFETY: sp < arena length after the check above.
        unsafe { *self.stack.get_unchecked_mut(self.frame.sp) = value };
        self.frame.sp += 1;
        Ok(())
    }

    /// Doubles the stack arena (or allocates its first [`super::INITIAL_STACK_WORDS`]).
    #[cold]
    #[inline(never)]
    pub(super) fn grow_stack(&mut self) {
        let mut bigger = zeroed_words((self.stack.len() * 2).max(super::INITIAL_STACK_WORDS));
        bigger[..self.stack.len()].copy_from_slice(&self.stack);
        self.stack = bigger;
    }

    pub(crate) fn op_pop(&mut self) -> Op {
        self.charge(2)?;
        self.require(1)?;
        self.frame.sp -= 1;
        Ok(())
    }

    pub(crate) fn op_push0(&mut self) -> Op {
        if self.env.cfg.spec < sealevm_primitives::SpecId::Shanghai {
            return Err(Exit::Halt(HaltReason::InvalidOpcode));
        }
        self.charge(2)?;
        self.push(U256::ZERO)
    }

    /// PUSH1..PUSH32: reads the immediate bytes after the opcode (code is zero-padded).
    #[inline(always)]
    pub(crate) fn op_push(&mut self, opcode: u8, code: &[u8]) -> Op {
        self.charge(3)?;
        let n = (opcode - crate::opcode::PUSH1) as usize + 1;
        let start = self.frame.pc;
        debug_assert!(start + n <= code.len());
        // SAFETY: the code carries 33 zero bytes of padding, so the immediate of a PUSH that
        // starts inside the code is in bounds.
        let immediate = unsafe { code.get_unchecked(start..start + n) };
        self.frame.pc += n;
        self.push(push_value(immediate))
    }

    pub(crate) fn op_dup(&mut self, n: usize) -> Op {
        self.charge(3)?;
        self.require(n)?;
        // SAFETY: `require` proved sp - n is a word of this frame, below the arena length.
        let value = unsafe { *self.stack.get_unchecked(self.frame.sp - n) };
        self.push(value)
    }

    pub(crate) fn op_swap(&mut self, n: usize) -> Op {
        self.charge(3)?;
        self.require(n + 1)?;
        let top = self.frame.sp - 1;
        // SAFETY: `require` proved both words belong to this frame, below the arena length.
        unsafe {
            let base = self.stack.as_mut_ptr();
            core::ptr::swap(base.add(top), base.add(top - n));
        }
        Ok(())
    }
}

/// `n` zero words from `alloc_zeroed`: on SBF the bump allocator hands out memory the runtime
/// already zeroed, where `vec![U256::ZERO; n]` would store every word (U256 is not one of the
/// types `vec!` knows to allocate zeroed).
fn zeroed_words(n: usize) -> Vec<U256> {
    // n <= 2 * STACK_LIMIT * CALL_DEPTH_LIMIT words, so the size needs no checked multiply
    // (u64::checked_mul is a 128-bit libcall on SBF).
    let size = n << 5;
    let Ok(layout) = core::alloc::Layout::from_size_align(size, core::mem::align_of::<U256>())
    else {
        alloc::alloc::handle_alloc_error(core::alloc::Layout::new::<U256>())
    };
    // SAFETY: the layout has a non-zero size (n >= INITIAL_STACK_WORDS).
    let ptr = unsafe { alloc::alloc::alloc_zeroed(layout) } as *mut U256;
    if ptr.is_null() {
        alloc::alloc::handle_alloc_error(layout)
    }
    // SAFETY: allocated by the global allocator with the layout of `[U256; n]`; all-zero
    // bytes are a valid U256, so all `n` elements are initialized.
    unsafe { Vec::from_raw_parts(ptr, n, n) }
}

/// The word a PUSH pushes: its immediate bytes, big-endian. Up to eight bytes are folded
/// into one limb without the general byte-slice conversion (most pushes are short).
#[inline(always)]
pub(crate) fn push_value(immediate: &[u8]) -> U256 {
    if immediate.len() <= 8 {
        let mut v = 0u64;
        for b in immediate {
            v = (v << 8) | *b as u64;
        }
        U256::from_u64(v)
    } else {
        U256::from_be_slice(immediate)
    }
}
