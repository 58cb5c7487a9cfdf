//! CALL*, CREATE*, RETURN, REVERT, SELFDESTRUCT and the hand-over between frames.

use super::frame::FrameStatus;
use super::{
    state, CallInputs, CallKind, CreateInputs, Exit, Frame, FrameKind, FrameResult, Machine, Op,
    CALL_DEPTH_LIMIT,
};
use crate::bytecode::Bytecode;
use crate::gas;
use crate::result::HaltReason;
use crate::state::{State, StateError};
use alloc::rc::Rc;
use alloc::vec::Vec;
use sealevm_precompiles::PrecompileError;
use sealevm_primitives::{keccak256, Address, SpecId, U256};

/// Address of a contract created with CREATE: keccak256(rlp([sender, nonce]))[12..].
pub fn create_address(sender: &Address, nonce: u64) -> Address {
    let mut buf = [0u8; 1 + 21 + 9];
    let nonce_bytes = nonce.to_be_bytes();
    let skip = nonce_bytes.iter().take_while(|b| **b == 0).count();
    let nonce_len = 8 - skip;
    let mut n = 1;
    buf[n] = 0x80 + 20;
    buf[n + 1..n + 21].copy_from_slice(&sender.0);
    n += 21;
    if nonce == 0 {
        buf[n] = 0x80;
        n += 1;
    } else if nonce < 0x80 {
        buf[n] = nonce as u8;
        n += 1;
    } else {
        buf[n] = 0x80 + nonce_len as u8;
        buf[n + 1..n + 1 + nonce_len].copy_from_slice(&nonce_bytes[skip..]);
        n += 1 + nonce_len;
    }
    buf[0] = 0xc0 + (n - 1) as u8;
    let hash = keccak256(&buf[..n]);
    Address::from_slice(&hash.0[12..])
}

/// Address of a contract created with CREATE2 (EIP-1014).
pub fn create2_address(sender: &Address, salt: U256, init_code_hash: &[u8; 32]) -> Address {
    let mut buf = [0u8; 85];
    buf[0] = 0xff;
    buf[1..21].copy_from_slice(&sender.0);
    buf[21..53].copy_from_slice(&salt.to_be_bytes());
    buf[53..85].copy_from_slice(init_code_hash);
    let hash = keccak256(&buf);
    Address::from_slice(&hash.0[12..])
}

/// A frame that ended at once without running code (account without code, empty initcode).
fn succeeded(gas_left: u64, kind: FrameKind) -> FrameResult {
    FrameResult {
        status: FrameStatus::Success,
        gas_left,
        refund: 0,
        output: Vec::new(),
        kind,
    }
}

fn failed(gas_left: u64, kind: FrameKind) -> FrameResult {
    FrameResult {
        status: FrameStatus::Revert,
        gas_left,
        refund: 0,
        output: Vec::new(),
        kind,
    }
}

fn halted(reason: HaltReason, kind: FrameKind) -> FrameResult {
    FrameResult {
        status: FrameStatus::Halt(reason),
        gas_left: 0,
        refund: 0,
        output: Vec::new(),
        kind,
    }
}

impl<S: State> Machine<'_, S> {
    /// Makes `child` the running frame, suspending the current one.
    fn enter(&mut self, child: Frame) {
        if self.running {
            let parent = core::mem::replace(&mut self.frame, child);
            self.parents.push(parent);
        } else {
            self.frame = child;
            self.running = true;
        }
    }

    fn child_frame(&self, code: Rc<Bytecode>, gas: u64, kind: FrameKind) -> Frame {
        let mut f = Frame::placeholder();
        f.code = code;
        f.gas = gas;
        f.stack_base = if self.running { self.frame.sp } else { 0 };
        f.sp = f.stack_base;
        f.mem_base = self.memory.len();
        f.kind = kind;
        f.checkpoint = self.journal.checkpoint();
        f
    }

    /// Starts a message call: `Ok(None)` when a frame now runs, `Ok(Some(result))` when the
    /// call finished at once (failure checks, precompile, account without code).
    pub(crate) fn start_call(&mut self, c: CallInputs) -> Result<Option<FrameResult>, StateError> {
        let kind = FrameKind::Call {
            ret_offset: c.ret_offset,
            ret_len: c.ret_len,
        };
        if c.depth > CALL_DEPTH_LIMIT {
            return Ok(Some(failed(c.gas, kind)));
        }
        let moves_value = matches!(c.kind, CallKind::Call | CallKind::CallCode);
        if moves_value && !c.value.is_zero() && self.journal.entry(&c.caller).info.balance < c.value
        {
            return Ok(Some(failed(c.gas, kind)));
        }
        let checkpoint = self.journal.checkpoint();
        match c.kind {
            CallKind::Call | CallKind::StaticCall => {
                self.journal.transfer(&c.caller, &c.target, c.value);
            }
            CallKind::CallCode => {
                self.journal.transfer(&c.caller, &c.caller, c.value);
            }
            CallKind::DelegateCall => {}
        }
        let spec = self.env.cfg.spec;
        if sealevm_precompiles::is_precompile(&c.code_address.0, spec) {
            let result = match sealevm_precompiles::run(&c.code_address.0, &c.input, c.gas, spec) {
                Ok(out) => FrameResult {
                    status: FrameStatus::Success,
                    gas_left: c.gas.saturating_sub(out.gas_used),
                    refund: 0,
                    output: out.output,
                    kind,
                },
                Err(e) => {
                    self.journal.revert_to(checkpoint);
                    let reason = match e {
                        PrecompileError::OutOfGas => HaltReason::OutOfGas,
                        PrecompileError::Unsupported => HaltReason::PrecompileUnsupported,
                        _ => HaltReason::PrecompileFailure,
                    };
                    halted(reason, kind)
                }
            };
            return Ok(Some(result));
        }
        let code = self.journal.code(&c.code_address)?;
        if code.is_empty() {
            return Ok(Some(succeeded(c.gas, kind)));
        }
        let mut f = self.child_frame(code, c.gas, kind);
        f.checkpoint = checkpoint;
        f.address = c.target;
        f.caller = c.caller;
        f.value = c.value;
        f.input = c.input;
        f.is_static = c.is_static;
        f.depth = c.depth;
        self.enter(f);
        Ok(None)
    }

    /// Starts a creation, like [`Machine::start_call`].
    pub(crate) fn start_create(
        &mut self,
        c: CreateInputs,
    ) -> Result<Option<FrameResult>, StateError> {
        let no_address = FrameKind::Create {
            address: Address::ZERO,
        };
        if c.depth > CALL_DEPTH_LIMIT || self.journal.entry(&c.caller).info.balance < c.value {
            return Ok(Some(failed(c.gas, no_address)));
        }
        let nonce = match c.tx_nonce {
            Some(n) => n,
            None => match self.journal.bump_nonce(&c.caller) {
                Some(old) => old,
                None => return Ok(Some(failed(c.gas, no_address))),
            },
        };
        let address = match c.salt {
            None => create_address(&c.caller, nonce),
            Some(salt) => create2_address(&c.caller, salt, &keccak256(&c.init_code).0),
        };
        self.journal.warm_account(&address)?;
        let kind = FrameKind::Create { address };
        let checkpoint = self.journal.checkpoint();
        if !self.journal.create_account(&address)? {
            self.journal.revert_to(checkpoint);
            return Ok(Some(halted(HaltReason::CreateCollision, kind)));
        }
        self.journal.transfer(&c.caller, &address, c.value);
        let mut f = self.child_frame(Rc::new(Bytecode::new(&c.init_code)), c.gas, kind);
        f.checkpoint = checkpoint;
        f.address = address;
        f.caller = c.caller;
        f.value = c.value;
        f.depth = c.depth;
        if f.code.is_empty() {
            return Ok(Some(succeeded(c.gas, kind)));
        }
        self.enter(f);
        Ok(None)
    }

    /// Ends the running frame: deploys created code, reverts on failure, frees its memory and
    /// resumes its parent (if any).
    pub(crate) fn finish_frame(&mut self, exit: Exit) -> FrameResult {
        let (mut status, mut output) = match exit {
            Exit::Return => (FrameStatus::Success, core::mem::take(&mut self.output)),
            Exit::Revert => (FrameStatus::Revert, core::mem::take(&mut self.output)),
            Exit::Halt(reason) => (FrameStatus::Halt(reason), Vec::new()),
            _ => (FrameStatus::Success, Vec::new()),
        };
        let mut gas_left = self.frame.gas;
        if let (FrameStatus::Success, FrameKind::Create { address }) = (status, self.frame.kind) {
            match self.deposit_code(&address, &output, gas_left) {
                Ok(left) => gas_left = left,
                Err(reason) => status = FrameStatus::Halt(reason),
            }
        }
        if let FrameStatus::Halt(_) = status {
            gas_left = 0;
            output = Vec::new();
        }
        if status != FrameStatus::Success {
            self.journal.revert_to(self.frame.checkpoint);
        }
        let result = FrameResult {
            status,
            gas_left,
            refund: self.frame.refund,
            output,
            kind: self.frame.kind,
        };
        self.memory.truncate(self.frame.mem_base);
        match self.parents.pop() {
            Some(parent) => self.frame = parent,
            None => self.running = false,
        }
        result
    }

    /// Checks and stores the code a creation returned; returns the gas left after paying for it.
    fn deposit_code(
        &mut self,
        address: &Address,
        code: &[u8],
        gas: u64,
    ) -> Result<u64, HaltReason> {
        let spec = self.env.cfg.spec;
        if spec >= SpecId::SpuriousDragon && code.len() > self.env.cfg.max_code_size {
            return Err(HaltReason::CodeSizeLimit);
        }
        if spec >= SpecId::London && code.first() == Some(&0xEF) {
            return Err(HaltReason::InvalidCodePrefix);
        }
        let cost = gas::mul_small(gas::CODE_DEPOSIT, code.len() as u64);
        let Some(left) = gas.checked_sub(cost) else {
            return Err(HaltReason::OutOfGas);
        };
        self.journal.set_code(address, Bytecode::new(code));
        Ok(left)
    }

    /// Hands a finished child's result to the running (parent) frame.
    pub(crate) fn deliver(&mut self, r: FrameResult) {
        match r.status {
            FrameStatus::Success => {
                self.frame.gas += r.gas_left;
                self.frame.refund += r.refund;
            }
            FrameStatus::Revert => self.frame.gas += r.gas_left,
            FrameStatus::Halt(_) => {}
        }
        let success = r.status == FrameStatus::Success;
        let word = match r.kind {
            FrameKind::Call {
                ret_offset,
                ret_len,
            } => {
                let n = ret_len.min(r.output.len());
                if n > 0 {
                    let start = self.frame.mem_base + ret_offset;
                    self.memory[start..start + n].copy_from_slice(&r.output[..n]);
                }
                self.frame.return_data = r.output;
                U256::from(success)
            }
            FrameKind::Create { address } => {
                self.frame.return_data = if r.status == FrameStatus::Revert {
                    r.output
                } else {
                    Vec::new()
                };
                if success {
                    address.to_word()
                } else {
                    U256::ZERO
                }
            }
        };
        // The call popped at least three words, so there is room.
        self.stack[self.frame.sp] = word;
        self.frame.sp += 1;
    }

    pub(crate) fn op_call(&mut self, kind: CallKind) -> Op {
        let has_value = matches!(kind, CallKind::Call | CallKind::CallCode);
        self.require(if has_value { 7 } else { 6 })?;
        let gas_requested = self.pop();
        let to = Address::from_word(self.pop());
        let value = if has_value { self.pop() } else { U256::ZERO };
        let (in_offset, in_len) = (self.pop(), self.pop());
        let (out_offset, out_len) = (self.pop(), self.pop());
        if kind == CallKind::Call && self.frame.is_static && !value.is_zero() {
            return Err(Exit::Halt(HaltReason::StateChangeInStatic));
        }
        let (in_offset, in_len) = self.memory_region(in_offset, in_len)?;
        let (ret_offset, ret_len) = self.memory_region(out_offset, out_len)?;
        let cold = state!(self, self.journal.warm_account(&to));
        let mut cost = if cold {
            gas::COLD_ACCOUNT_ACCESS
        } else {
            gas::WARM_ACCESS
        };
        if has_value && !value.is_zero() {
            cost += gas::CALL_VALUE;
            if kind == CallKind::Call {
                let e = self.journal.entry(&to);
                let dead = if self.env.cfg.spec >= SpecId::SpuriousDragon {
                    e.info.is_empty()
                } else {
                    !e.exists
                };
                if dead {
                    cost += gas::NEW_ACCOUNT;
                }
            }
        }
        self.charge(cost)?;
        let available = gas::all_but_one_64th(self.frame.gas);
        let limit = gas_requested
            .to_u64()
            .map_or(available, |g| g.min(available));
        self.charge(limit)?;
        let stipend = if has_value && !value.is_zero() {
            gas::CALL_STIPEND
        } else {
            0
        };
        let base = self.frame.mem_base + in_offset;
        let input = self.memory[base..base + in_len].to_vec();
        let f = &self.frame;
        let (target, caller, call_value) = match kind {
            CallKind::Call | CallKind::StaticCall => (to, f.address, value),
            CallKind::CallCode => (f.address, f.address, value),
            CallKind::DelegateCall => (f.address, f.caller, f.value),
        };
        self.pending_call = Some(CallInputs {
            kind,
            code_address: to,
            target,
            caller,
            value: call_value,
            input,
            gas: limit + stipend,
            is_static: f.is_static || kind == CallKind::StaticCall,
            depth: f.depth + 1,
            ret_offset,
            ret_len,
        });
        Err(Exit::Call)
    }

    pub(crate) fn op_create(&mut self, is_create2: bool) -> Op {
        self.require_non_static()?;
        self.require(if is_create2 { 4 } else { 3 })?;
        let value = self.pop();
        let (offset, len) = (self.pop(), self.pop());
        let salt = if is_create2 { Some(self.pop()) } else { None };
        let spec = self.env.cfg.spec;
        if spec >= SpecId::Shanghai
            && len
                .to_u64()
                .is_none_or(|l| l > self.env.cfg.max_initcode_size as u64)
        {
            return Err(Exit::Halt(HaltReason::InitcodeSizeLimit));
        }
        let (offset, len) = self.memory_region(offset, len)?;
        let mut cost = gas::CREATE;
        if spec >= SpecId::Shanghai {
            cost += gas::per_word(gas::INITCODE_WORD, len as u64);
        }
        if is_create2 {
            cost += gas::per_word(gas::KECCAK_WORD, len as u64);
        }
        self.charge(cost)?;
        let base = self.frame.mem_base + offset;
        let init_code = self.memory[base..base + len].to_vec();
        let child_gas = gas::all_but_one_64th(self.frame.gas);
        self.charge(child_gas)?;
        self.pending_create = Some(CreateInputs {
            caller: self.frame.address,
            value,
            init_code,
            gas: child_gas,
            salt,
            depth: self.frame.depth + 1,
            tx_nonce: None,
        });
        Err(Exit::Create)
    }

    pub(crate) fn op_return(&mut self, revert: bool) -> Op {
        self.require(2)?;
        let (offset, len) = (self.pop(), self.pop());
        let (offset, len) = self.memory_region(offset, len)?;
        let base = self.frame.mem_base + offset;
        self.output = self.memory[base..base + len].to_vec();
        Err(if revert { Exit::Revert } else { Exit::Return })
    }

    pub(crate) fn op_selfdestruct(&mut self) -> Op {
        self.require_non_static()?;
        self.require(1)?;
        let target = Address::from_word(self.pop());
        let cold = state!(self, self.journal.warm_account(&target));
        let mut cost = gas::SELFDESTRUCT;
        if cold {
            cost += gas::COLD_ACCOUNT_ACCESS;
        }
        let address = self.frame.address;
        let balance = self.journal.entry(&address).info.balance;
        let t = self.journal.entry(&target);
        if !balance.is_zero() && t.info.is_empty() {
            cost += gas::NEW_ACCOUNT;
        }
        self.charge(cost)?;
        self.journal.selfdestruct(&address, &target);
        Err(Exit::Stop)
    }
}
