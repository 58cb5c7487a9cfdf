//! The interpreter loop: the hot opcodes on locals, everything else through [`Machine::step`].
//!
//! On SBF every load and store is a compute unit, and a handler that reads `pc`, `gas` and the
//! stack pointer through `self.frame` pays for them on every instruction. This loop keeps them
//! in locals (registers, where LLVM can) and runs the opcodes that make up most executed
//! instructions — PUSH, DUP, SWAP, POP, JUMP, JUMPI, JUMPDEST and the one-word arithmetic,
//! comparison and bitwise operations — right here. Any other opcode writes the locals back to
//! the frame, runs its handler and reloads them: the handlers stay the single definition of
//! every opcode's semantics, and the fast path here must match them exactly (same gas, same
//! checks in the same order: gas first, then stack). The differential tests against revm and
//! the state tests hold both to that.

use super::{Exit, Machine, STACK_LIMIT};
use crate::opcode as op;
use crate::result::HaltReason;
use crate::state::State;
use sealevm_primitives::cu_trace;
use sealevm_primitives::{SpecId, U256};

impl<S: State> Machine<'_, S> {
    /// Runs the current frame until it stops or needs a sub-call.
    pub(crate) fn run_frame(&mut self) -> Exit {
        let code = self.frame.code.clone();
        let bytes = code.padded();
        let push0_valid = self.env.cfg.spec >= SpecId::Shanghai;
        // The next code byte as a pointer (one register, no base + index per instruction);
        // `pc` is recomputed from it only when the frame is written back.
        let code_start = bytes.as_ptr();
        // SAFETY: the frame's pc lies inside the padded code.
        let mut ip: *const u8 = unsafe { code_start.add(self.frame.pc) };
        let mut gas = self.frame.gas;
        // Stack words as raw pointers into the arena: `sp` is the next free word, `base` the
        // frame's first, `push_limit` the first word a push may not write without the cold
        // path (the arena's end or the 1024-word limit, whichever is lower).
        let mut base: *mut U256;
        let mut sp: *mut U256;
        let mut push_limit: *mut U256;

        // Reloads the stack pointers from the frame (the arena may have moved).
        macro_rules! load_stack {
            () => {{
                let arena = self.stack.as_mut_ptr();
                let limit = self.stack.len().min(self.frame.stack_base + STACK_LIMIT);
                // SAFETY: stack_base <= sp <= limit <= arena length.
                unsafe {
                    base = arena.add(self.frame.stack_base);
                    sp = arena.add(self.frame.sp);
                    push_limit = arena.add(limit);
                }
            }};
        }
        // Words on this frame's stack.
        macro_rules! depth {
            () => {
                // SAFETY: both point into the same arena, sp >= base.
                unsafe { sp.offset_from(base) as usize }
            };
        }
        // True when the frame holds at least `$n` words: a byte-distance compare (no shift).
        macro_rules! holds {
            ($n:expr) => {
                (sp as usize) - (base as usize) >= ($n) * core::mem::size_of::<U256>()
            };
        }
        // The frame's pc (the offset of `ip` in the code).
        macro_rules! pc {
            () => {
                // SAFETY: both point into the padded code, ip >= code_start.
                unsafe { ip.offset_from(code_start) as usize }
            };
        }
        // Writes the locals back to the frame.
        macro_rules! store {
            () => {{
                self.frame.pc = pc!();
                self.frame.gas = gas;
                self.frame.sp = self.frame.stack_base + depth!();
            }};
        }
        macro_rules! halt {
            ($reason:expr) => {{
                store!();
                return Exit::Halt($reason);
            }};
        }
        macro_rules! charge {
            ($cost:expr) => {{
                if gas < $cost {
                    halt!(HaltReason::OutOfGas);
                }
                gas -= $cost;
            }};
        }
        macro_rules! require {
            ($n:expr) => {{
                if !holds!($n) {
                    halt!(HaltReason::StackUnderflow);
                }
            }};
        }
        // The word `$i` below the top (0 = top). Callers checked the depth.
        macro_rules! word {
            ($i:expr) => {
                // SAFETY: `require!` proved the frame holds the word.
                unsafe { &mut *sp.sub($i + 1) }
            };
        }
        // Makes room for one more word: afterwards `sp < push_limit`.
        macro_rules! room {
            () => {{
                if sp == push_limit {
                    if depth!() >= STACK_LIMIT {
                        halt!(HaltReason::StackOverflow);
                    }
                    store!();
                    self.grow_stack();
                    load_stack!();
                }
            }};
        }
        // Pushes a word; `room!()` must have run since the last push.
        macro_rules! push_unchecked {
            ($value:expr) => {{
                // SAFETY: sp < push_limit <= arena length (`room!`).
                unsafe {
                    sp.write($value);
                    sp = sp.add(1);
                }
            }};
        }
        macro_rules! binary {
            ($cost:expr, |$a:ident, $b:ident| $body:expr) => {{
                charge!($cost);
                require!(2);
                let $a = *word!(0);
                // SAFETY: depth >= 2.
                sp = unsafe { sp.sub(1) };
                let slot = word!(0);
                let $b = *slot;
                *slot = $body;
            }};
        }
        macro_rules! unary {
            ($cost:expr, |$a:ident| $body:expr) => {{
                charge!($cost);
                require!(1);
                let slot = word!(0);
                let $a = *slot;
                *slot = $body;
            }};
        }
        // Jumps to `$dest` and runs the JUMPDEST there at once (every valid destination is
        // one): its gas is charged here and `ip` moves past it, which saves a dispatch per
        // taken jump. Running out of gas on it halts exactly as the JUMPDEST would.
        macro_rules! jump {
            ($dest:expr) => {{
                match $dest.to_u64() {
                    Some(d) if code.is_valid_jump(d as usize) => {
                        // SAFETY: a valid destination lies inside the code.
                        ip = unsafe { code_start.add(d as usize + 1) };
                        charge!(1);
                    }
                    _ => halt!(HaltReason::InvalidJump),
                }
            }};
        }

        // Runs the opcode through its handler (see the module docs).
        macro_rules! slow {
            ($opcode:expr) => {{
                store!();
                let result = self.step($opcode, bytes);
                // SAFETY: the handler left pc inside the padded code.
                ip = unsafe { code_start.add(self.frame.pc) };
                gas = self.frame.gas;
                load_stack!();
                if let Err(exit) = result {
                    return exit;
                }
            }};
        }
        // A nullary opcode pushing `$value` for `$cost` gas.
        // `Some(word $i)` if the frame holds at least `$n` words.
        macro_rules! word_if {
            ($n:expr, $i:expr) => {
                if holds!($n) {
                    Some(*word!($i))
                } else {
                    None
                }
            };
        }
        macro_rules! push_value {
            ($cost:expr, $value:expr) => {{
                charge!($cost);
                room!();
                push_unchecked!($value);
            }};
        }

        load_stack!();
        loop {
            // SAFETY: ip never passes the 33 padding bytes: it moves by at most 33 from a
            // position inside the code, and jumps are checked against the code length.
            let opcode = unsafe { *ip };
            cu_trace::mark(cu_trace::TAG_OPCODE, opcode as u64, pc!() as u64);
            // SAFETY: as above.
            ip = unsafe { ip.add(1) };
            // PUSH, DUP and SWAP (half of all executed instructions) are told apart by range
            // first: a `match` over every hot opcode compiles to a compare tree (SBF has no
            // jump tables) that reached DUP and SWAP only after about ten compares.
            if opcode >= op::PUSH1 {
                if opcode == op::PUSH1 {
                    charge!(3);
                    room!();
                    // SAFETY: the code carries 33 zero bytes of padding after its end.
                    let value = unsafe { *ip } as u64;
                    // SAFETY: as above.
                    ip = unsafe { ip.add(1) };
                    push_unchecked!(U256::from_u64(value));
                } else if opcode == op::PUSH2 {
                    charge!(3);
                    room!();
                    // SAFETY: as for PUSH1.
                    let (hi, lo, next) = unsafe { (*ip, *ip.add(1), *ip.add(2)) };
                    let value = U256::from_u64(((hi as u64) << 8) | lo as u64);
                    // SAFETY: as for PUSH1.
                    ip = unsafe { ip.add(2) };
                    // PUSH2 JUMP / PUSH2 JUMPI (how Solidity jumps to its tags): the pair at
                    // once, with the same gas and checks as one after the other.
                    if next == op::JUMP {
                        charge!(8);
                        // SAFETY: as for PUSH1.
                        ip = unsafe { ip.add(1) };
                        jump!(value);
                        continue;
                    }
                    if next == op::JUMPI && holds!(1) {
                        charge!(10);
                        // SAFETY: as for PUSH1.
                        ip = unsafe { ip.add(1) };
                        let condition_is_zero = word!(0).is_zero();
                        // SAFETY: depth >= 1.
                        sp = unsafe { sp.sub(1) };
                        if !condition_is_zero {
                            jump!(value);
                        }
                        continue;
                    }
                    push_unchecked!(value);
                } else {
                    // DUP1..DUP16 give 0..15, SWAP1..SWAP16 16..31 (one subtraction for both).
                    let n = opcode.wrapping_sub(op::DUP1) as usize;
                    if n < 16 {
                        // DUP(n + 1): copies the word n + 1 below the free slot.
                        charge!(3);
                        let offset = (n + 1) * core::mem::size_of::<U256>();
                        if (sp as usize) - (base as usize) < offset {
                            halt!(HaltReason::StackUnderflow);
                        }
                        room!();
                        // SAFETY: the source is a word of this frame (checked above), the
                        // destination is free room in the arena (`room!`); no overlap.
                        unsafe {
                            let source = (sp as *const u8).sub(offset) as *const U256;
                            core::ptr::copy_nonoverlapping(source, sp, 1);
                            sp = sp.add(1);
                        }
                    } else if n < 32 {
                        // SWAP(n - 15): exchanges the top with the word n - 15 below it.
                        charge!(3);
                        let offset = (n - 14) * core::mem::size_of::<U256>();
                        if (sp as usize) - (base as usize) < offset {
                            halt!(HaltReason::StackUnderflow);
                        }
                        // Limb by limb, in registers (a word-sized swap goes through the stack).
                        // SAFETY: both words belong to this frame (checked above).
                        unsafe {
                            let top = sp.sub(1) as *mut u64;
                            let other = (sp as *mut u8).sub(offset) as *mut u64;
                            for i in 0..4 {
                                let (a, b) = (top.add(i).read(), other.add(i).read());
                                top.add(i).write(b);
                                other.add(i).write(a);
                            }
                        }
                    } else if opcode <= op::PUSH32 {
                        charge!(3);
                        room!();
                        let n = (opcode - op::PUSH1) as usize + 1;
                        // SAFETY: the code carries 33 zero bytes of padding, so the immediate
                        // of a PUSH that starts inside the code is in bounds.
                        let immediate = unsafe { core::slice::from_raw_parts(ip, n) };
                        let value = super::stack::push_value(immediate);
                        // SAFETY: as above.
                        ip = unsafe { ip.add(n) };
                        push_unchecked!(value);
                    } else {
                        slow!(opcode);
                    }
                }
                continue;
            }
            match opcode {
                op::POP => {
                    charge!(2);
                    require!(1);
                    // SAFETY: depth >= 1.
                    sp = unsafe { sp.sub(1) };
                }
                op::PUSH0 if push0_valid => {
                    charge!(2);
                    room!();
                    push_unchecked!(U256::ZERO);
                }
                op::JUMPDEST => charge!(1),
                op::JUMP => {
                    charge!(8);
                    require!(1);
                    let dest = *word!(0);
                    // SAFETY: depth >= 1.
                    sp = unsafe { sp.sub(1) };
                    jump!(dest);
                }
                op::JUMPI => {
                    charge!(10);
                    require!(2);
                    let dest = *word!(0);
                    let condition_is_zero = word!(1).is_zero();
                    // SAFETY: depth >= 2.
                    sp = unsafe { sp.sub(2) };
                    if !condition_is_zero {
                        jump!(dest);
                    }
                }
                op::ADD => binary!(3, |a, b| a.wrapping_add(b)),
                op::SUB => binary!(3, |a, b| a.wrapping_sub(b)),
                op::MUL => binary!(5, |a, b| a.wrapping_mul(b)),
                op::LT => binary!(3, |a, b| U256::from(a < b)),
                op::GT => binary!(3, |a, b| U256::from(a > b)),
                op::SLT => binary!(3, |a, b| U256::from(a.slt(&b))),
                op::SGT => binary!(3, |a, b| U256::from(a.sgt(&b))),
                op::EQ => binary!(3, |a, b| U256::from(a == b)),
                op::AND => binary!(3, |a, b| a & b),
                op::OR => binary!(3, |a, b| a | b),
                op::XOR => binary!(3, |a, b| a ^ b),
                op::SHL => binary!(3, |a, b| b.shl(a)),
                op::SHR => binary!(3, |a, b| b.shr(a)),
                op::ISZERO => unary!(3, |a| U256::from(a.is_zero())),
                op::NOT => unary!(3, |a| !a),
                op::STOP => {
                    store!();
                    return Exit::Stop;
                }
                op::MLOAD => match self.aligned_word(word_if!(1, 0)) {
                    Some(at) => {
                        charge!(3);
                        // SAFETY: `aligned_word` checked the 32 bytes are inside memory and
                        // 8-byte aligned.
                        *word!(0) = unsafe { read_word_be(at) };
                    }
                    None => slow!(opcode),
                },
                op::MSTORE => match self.aligned_word(word_if!(2, 0)) {
                    Some(at) => {
                        charge!(3);
                        let value = *word!(1);
                        // SAFETY: depth >= 2.
                        sp = unsafe { sp.sub(2) };
                        // SAFETY: as for MLOAD.
                        unsafe { write_word_be(at, &value) };
                    }
                    None => slow!(opcode),
                },
                op::CALLDATALOAD if holds!(1) => {
                    charge!(3);
                    let slot = word!(0);
                    *slot = calldata_word(&self.frame.input, slot);
                }
                op::CALLVALUE => push_value!(2, self.frame.value),
                op::CALLER => push_value!(2, self.frame.caller.to_word()),
                op::CALLDATASIZE => {
                    push_value!(2, U256::from_u64(self.frame.input.len() as u64))
                }
                _ => slow!(opcode),
            }
        }
    }
}

impl<S: State> Machine<'_, S> {
    /// The address of the memory word at `offset` if it lies inside the frame's memory and is
    /// 8-byte aligned (the fast path of MLOAD/MSTORE); `None` sends the opcode to its handler,
    /// which also expands memory and reports errors.
    #[inline(always)]
    fn aligned_word(&mut self, offset: Option<U256>) -> Option<*mut u64> {
        let offset = offset?;
        if offset.0[1] | offset.0[2] | offset.0[3] != 0 {
            return None;
        }
        let offset = offset.0[0];
        let size = (self.memory.len() - self.frame.mem_base) as u64;
        if offset >= size || size - offset < 32 {
            return None;
        }
        // SAFETY: mem_base + offset + 32 <= memory length (checked above).
        let at = unsafe {
            self.memory
                .as_mut_ptr()
                .add(self.frame.mem_base + offset as usize)
        };
        (at as usize & 7 == 0).then_some(at as *mut u64)
    }
}

/// Reads a big-endian word from 32 aligned bytes.
///
/// # Safety
/// `at` must point to 32 readable bytes, 8-byte aligned.
#[inline(always)]
unsafe fn read_word_be(at: *const u64) -> U256 {
    // SAFETY: the caller's contract.
    unsafe {
        U256([
            u64::from_be(at.add(3).read()),
            u64::from_be(at.add(2).read()),
            u64::from_be(at.add(1).read()),
            u64::from_be(at.read()),
        ])
    }
}

/// Writes a word as 32 big-endian bytes.
///
/// # Safety
/// `at` must point to 32 writable bytes, 8-byte aligned.
#[inline(always)]
unsafe fn write_word_be(at: *mut u64, value: &U256) {
    // SAFETY: the caller's contract.
    unsafe {
        at.write(value.0[3].to_be());
        at.add(1).write(value.0[2].to_be());
        at.add(2).write(value.0[1].to_be());
        at.add(3).write(value.0[0].to_be());
    }
}

/// CALLDATALOAD: the 32 bytes of `input` at `offset`, zero-padded past its end.
#[inline(always)]
fn calldata_word(input: &[u8], offset: &U256) -> U256 {
    let start = offset.as_usize_saturated();
    match input.get(start..).and_then(|rest| rest.get(..32)) {
        Some(bytes) => {
            let mut limbs = [0u64; 4];
            for (i, chunk) in bytes.chunks_exact(8).enumerate() {
                let mut limb = 0u64;
                for b in chunk {
                    limb = (limb << 8) | *b as u64;
                }
                limbs[3 - i] = limb;
            }
            U256(limbs)
        }
        None => {
            let mut word = [0u8; 32];
            super::memory::copy_padded(&mut word, input, start);
            U256::from_be_bytes(word)
        }
    }
}
