//! Call frames and the inputs and results that pass between them.

use crate::bytecode::Bytecode;
use crate::journal::Checkpoint;
use crate::result::HaltReason;
use alloc::rc::Rc;
use alloc::vec::Vec;
use sealevm_primitives::{Address, U256};

/// The four message-call opcodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallKind {
    Call,
    CallCode,
    DelegateCall,
    StaticCall,
}

/// How a finished frame hands its result to its parent.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FrameKind {
    /// A message call: output goes to the parent's memory at `ret_offset`, at most `ret_len` bytes.
    Call { ret_offset: usize, ret_len: usize },
    /// A creation of `address`.
    Create { address: Address },
}

/// A running or suspended call frame.
pub(crate) struct Frame {
    pub(crate) code: Rc<Bytecode>,
    pub(crate) pc: usize,
    /// Gas left.
    pub(crate) gas: u64,
    /// Refund counter of this frame (merged into the parent on success).
    pub(crate) refund: i64,
    /// First stack word of this frame in the arena.
    pub(crate) stack_base: usize,
    /// Next free stack word (absolute index in the arena).
    pub(crate) sp: usize,
    /// First byte of this frame's memory in the shared buffer.
    pub(crate) mem_base: usize,
    /// Output of the last sub-call (RETURNDATASIZE/RETURNDATACOPY).
    pub(crate) return_data: Vec<u8>,
    /// Account whose storage and balance this frame acts on (ADDRESS).
    pub(crate) address: Address,
    /// CALLER.
    pub(crate) caller: Address,
    /// CALLVALUE.
    pub(crate) value: U256,
    /// Calldata.
    pub(crate) input: Vec<u8>,
    pub(crate) is_static: bool,
    pub(crate) depth: u32,
    pub(crate) checkpoint: Checkpoint,
    pub(crate) kind: FrameKind,
}

impl Frame {
    /// An inert frame occupying `Machine::frame` before the first call starts.
    pub(crate) fn placeholder() -> Self {
        Frame {
            code: Rc::new(Bytecode::default()),
            pc: 0,
            gas: 0,
            refund: 0,
            stack_base: 0,
            sp: 0,
            mem_base: 0,
            return_data: Vec::new(),
            address: Address::ZERO,
            caller: Address::ZERO,
            value: U256::ZERO,
            input: Vec::new(),
            is_static: false,
            depth: 0,
            checkpoint: Checkpoint::ZERO,
            kind: FrameKind::Call {
                ret_offset: 0,
                ret_len: 0,
            },
        }
    }
}

/// A message call about to start.
#[derive(Debug)]
pub(crate) struct CallInputs {
    pub(crate) kind: CallKind,
    /// Account whose code runs.
    pub(crate) code_address: Address,
    /// ADDRESS of the new frame.
    pub(crate) target: Address,
    pub(crate) caller: Address,
    /// CALLVALUE of the new frame.
    pub(crate) value: U256,
    pub(crate) input: Vec<u8>,
    /// Gas given to the callee (stipend included).
    pub(crate) gas: u64,
    pub(crate) is_static: bool,
    pub(crate) depth: u32,
    pub(crate) ret_offset: usize,
    pub(crate) ret_len: usize,
}

/// A creation about to start.
#[derive(Debug)]
pub(crate) struct CreateInputs {
    pub(crate) caller: Address,
    pub(crate) value: U256,
    pub(crate) init_code: Vec<u8>,
    pub(crate) gas: u64,
    /// CREATE2 salt; `None` for CREATE.
    pub(crate) salt: Option<U256>,
    pub(crate) depth: u32,
    /// Top-level creation: the sender's nonce was already bumped by the transaction and the
    /// address derives from this nonce.
    pub(crate) tx_nonce: Option<u64>,
}

/// The first frame of a transaction.
pub(crate) enum FrameStart {
    Call(CallInputs),
    Create(CreateInputs),
}

/// How a frame ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrameStatus {
    Success,
    Revert,
    Halt(HaltReason),
}

/// A finished frame's result, handed to its parent (or to the transaction).
#[derive(Debug)]
pub(crate) struct FrameResult {
    pub(crate) status: FrameStatus,
    pub(crate) gas_left: u64,
    pub(crate) refund: i64,
    pub(crate) output: Vec<u8>,
    pub(crate) kind: FrameKind,
}
