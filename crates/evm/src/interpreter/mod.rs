//! The interpreter: a heap-allocated stack of call frames driven by one loop.
//!
//! No EVM call recurses on the native stack: a CALL or CREATE suspends the current [`Frame`]
//! onto `parents` (a heap vector) and the same loop continues with the child, so a 1024-deep
//! call chain needs no more native stack than a single call (SBF frames are 4 KiB).
//! Opcode handlers live in small files grouped by category and are dispatched by a `match`
//! (static dispatch only: the SBF linker cannot relocate tables of function pointers).

mod arith;
mod bitwise;
mod calls;
mod control;
mod env_ops;
mod frame;
mod host;
mod memory;
mod run;
mod stack;

pub use calls::{create2_address, create_address};
pub(crate) use frame::{
    CallInputs, CallKind, CreateInputs, Frame, FrameKind, FrameResult, FrameStart, FrameStatus,
};

use crate::env::Env;
use crate::journal::Journal;
use crate::opcode as op;
use crate::result::HaltReason;
use crate::state::{State, StateError};
use crate::vec::GrowVec;
use alloc::vec::Vec;
use sealevm_primitives::U256;

/// Stack words per frame (Yellow Paper).
pub(crate) const STACK_LIMIT: usize = 1024;
/// Deepest call nesting.
pub(crate) const CALL_DEPTH_LIMIT: u32 = 1024;
/// Size of the stack arena (words) when the first frame pushes; it doubles from there.
pub(crate) const INITIAL_STACK_WORDS: usize = 64;

/// Why the current frame's loop stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// STOP, SELFDESTRUCT or running off the end: success, no output.
    Stop,
    /// RETURN: success with `Machine::output`.
    Return,
    /// REVERT with `Machine::output`.
    Revert,
    /// Exceptional halt.
    Halt(HaltReason),
    /// A message call is waiting in `Machine::pending_call`.
    Call,
    /// A creation is waiting in `Machine::pending_create`.
    Create,
    /// The backend failed; the error is in `Machine::fatal`. Aborts the transaction.
    Fatal,
}

/// Result type of opcode handlers: `Err` leaves the loop.
pub(crate) type Op = Result<(), Exit>;

/// The EVM for one transaction: journaled state, environment, stack arena, memory and frames.
pub(crate) struct Machine<'a, S: State> {
    pub(crate) journal: &'a mut Journal<S>,
    pub(crate) env: &'a Env,
    /// One stack arena for all frames: a child's stack starts where its parent's ends.
    pub(crate) stack: Vec<U256>,
    /// One memory buffer for all frames: a child's memory starts where its parent's ends.
    pub(crate) memory: Vec<u8>,
    /// The running frame.
    pub(crate) frame: Frame,
    /// Suspended callers, innermost last.
    pub(crate) parents: GrowVec<Frame>,
    pub(crate) pending_call: Option<CallInputs>,
    pub(crate) pending_create: Option<CreateInputs>,
    /// RETURN/REVERT data of the frame that just stopped.
    pub(crate) output: Vec<u8>,
    pub(crate) fatal: Option<StateError>,
    /// `frame` is a real frame (false before the first frame starts and after the last ends).
    pub(crate) running: bool,
}

/// Marks a handler's state error as fatal: `state!(m, expr)` yields the value or leaves the loop.
macro_rules! state {
    ($m:expr, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(err) => {
                $m.fatal = Some(err);
                return Err($crate::interpreter::Exit::Fatal);
            }
        }
    };
}
pub(crate) use state;

impl<'a, S: State> Machine<'a, S> {
    pub(crate) fn new(journal: &'a mut Journal<S>, env: &'a Env) -> Self {
        Self {
            journal,
            env,
            // Allocated on the first push: a transfer to an account without code never needs it.
            stack: Vec::new(),
            memory: Vec::new(),
            frame: Frame::placeholder(),
            parents: GrowVec::new(),
            pending_call: None,
            pending_create: None,
            output: Vec::new(),
            fatal: None,
            running: false,
        }
    }

    /// Charges `cost` gas or halts with out-of-gas.
    #[inline(always)]
    pub(crate) fn charge(&mut self, cost: u64) -> Op {
        if self.frame.gas < cost {
            return Err(Exit::Halt(HaltReason::OutOfGas));
        }
        self.frame.gas -= cost;
        Ok(())
    }

    /// Halts a state-changing opcode inside a static call.
    #[inline(always)]
    pub(crate) fn require_non_static(&self) -> Op {
        if self.frame.is_static {
            return Err(Exit::Halt(HaltReason::StateChangeInStatic));
        }
        Ok(())
    }

    /// Runs one opcode through its handler, with the frame's pc, gas and stack pointer in
    /// `self.frame`: the slow path of [`Machine::run_frame`] (see `run.rs`). Not inlined, so
    /// that the hot loop stays small enough for LLVM to keep its locals in registers.
    #[inline(never)]
    fn step(&mut self, opcode: u8, code: &[u8]) -> Op {
        match opcode {
            op::STOP => Err(Exit::Stop),
            op::ADD => self.op_add(),
            op::MUL => self.op_mul(),
            op::SUB => self.op_sub(),
            op::DIV => self.op_div(),
            op::SDIV => self.op_sdiv(),
            op::MOD => self.op_mod(),
            op::SMOD => self.op_smod(),
            op::ADDMOD => self.op_addmod(),
            op::MULMOD => self.op_mulmod(),
            op::EXP => self.op_exp(),
            op::SIGNEXTEND => self.op_signextend(),
            op::LT => self.op_lt(),
            op::GT => self.op_gt(),
            op::SLT => self.op_slt(),
            op::SGT => self.op_sgt(),
            op::EQ => self.op_eq(),
            op::ISZERO => self.op_iszero(),
            op::AND => self.op_and(),
            op::OR => self.op_or(),
            op::XOR => self.op_xor(),
            op::NOT => self.op_not(),
            op::BYTE => self.op_byte(),
            op::SHL => self.op_shl(),
            op::SHR => self.op_shr(),
            op::SAR => self.op_sar(),
            op::CLZ => self.op_clz(),
            op::KECCAK256 => self.op_keccak256(),
            op::ADDRESS => self.op_address(),
            op::BALANCE => self.op_balance(),
            op::ORIGIN => self.op_origin(),
            op::CALLER => self.op_caller(),
            op::CALLVALUE => self.op_callvalue(),
            op::CALLDATALOAD => self.op_calldataload(),
            op::CALLDATASIZE => self.op_calldatasize(),
            op::CALLDATACOPY => self.op_calldatacopy(),
            op::CODESIZE => self.op_codesize(),
            op::CODECOPY => self.op_codecopy(),
            op::GASPRICE => self.op_gasprice(),
            op::EXTCODESIZE => self.op_extcodesize(),
            op::EXTCODECOPY => self.op_extcodecopy(),
            op::RETURNDATASIZE => self.op_returndatasize(),
            op::RETURNDATACOPY => self.op_returndatacopy(),
            op::EXTCODEHASH => self.op_extcodehash(),
            op::BLOCKHASH => self.op_blockhash(),
            op::COINBASE => self.op_coinbase(),
            op::TIMESTAMP => self.op_timestamp(),
            op::NUMBER => self.op_number(),
            op::PREVRANDAO => self.op_prevrandao(),
            op::GASLIMIT => self.op_gaslimit(),
            op::CHAINID => self.op_chainid(),
            op::SELFBALANCE => self.op_selfbalance(),
            op::BASEFEE => self.op_basefee(),
            op::BLOBHASH => self.op_blobhash(),
            op::BLOBBASEFEE => self.op_blobbasefee(),
            op::POP => self.op_pop(),
            op::MLOAD => self.op_mload(),
            op::MSTORE => self.op_mstore(),
            op::MSTORE8 => self.op_mstore8(),
            op::SLOAD => self.op_sload(),
            op::SSTORE => self.op_sstore(),
            op::JUMP => self.op_jump(),
            op::JUMPI => self.op_jumpi(),
            op::PC => self.op_pc(),
            op::MSIZE => self.op_msize(),
            op::GAS => self.op_gas(),
            op::JUMPDEST => self.charge(1),
            op::TLOAD => self.op_tload(),
            op::TSTORE => self.op_tstore(),
            op::MCOPY => self.op_mcopy(),
            op::PUSH0 => self.op_push0(),
            op::PUSH1..=op::PUSH32 => self.op_push(opcode, code),
            op::DUP1..=op::DUP16 => self.op_dup((opcode - op::DUP1 + 1) as usize),
            op::SWAP1..=op::SWAP16 => self.op_swap((opcode - op::SWAP1 + 1) as usize),
            op::LOG0..=op::LOG4 => self.op_log((opcode - op::LOG0) as usize),
            op::CREATE => self.op_create(false),
            op::CALL => self.op_call(CallKind::Call),
            op::CALLCODE => self.op_call(CallKind::CallCode),
            op::RETURN => self.op_return(false),
            op::DELEGATECALL => self.op_call(CallKind::DelegateCall),
            op::CREATE2 => self.op_create(true),
            op::STATICCALL => self.op_call(CallKind::StaticCall),
            op::REVERT => self.op_return(true),
            op::SELFDESTRUCT => self.op_selfdestruct(),
            _ => Err(Exit::Halt(HaltReason::InvalidOpcode)),
        }
    }

    /// Runs `first` and every frame it spawns to completion.
    pub(crate) fn execute(&mut self, first: FrameStart) -> Result<FrameResult, StateError> {
        let mut started = match first {
            FrameStart::Call(inputs) => self.start_call(inputs),
            FrameStart::Create(inputs) => self.start_create(inputs),
        };
        loop {
            let result = match started? {
                Some(done) => done,
                None => match self.run_frame() {
                    Exit::Call => {
                        let Some(inputs) = self.pending_call.take() else {
                            unreachable_pending()
                        };
                        started = self.start_call(inputs);
                        continue;
                    }
                    Exit::Create => {
                        let Some(inputs) = self.pending_create.take() else {
                            unreachable_pending()
                        };
                        started = self.start_create(inputs);
                        continue;
                    }
                    Exit::Fatal => return Err(self.fatal.take().unwrap_or(StateError::Corrupt(0))),
                    other => self.finish_frame(other),
                },
            };
            if !self.running {
                return Ok(result);
            }
            self.deliver(result);
            started = Ok(None);
        }
    }
}

#[cold]
fn unreachable_pending() -> ! {
    panic!("interpreter: sub-call exit without pending inputs")
}
