//! Biased random EVM programs for differential testing.
//!
//! A program is a sequence of *snippets*: each pushes the operands an opcode needs (values
//! biased towards edge cases, small memory offsets, a few storage keys and the addresses of
//! the world) and then runs it, so most programs keep a valid stack and get far before they
//! stop. Snippets cover arithmetic, bitwise and comparison opcodes, memory, storage,
//! transient storage, environment queries, the four CALL kinds with small gas, CREATE and
//! CREATE2 of generated initcode, LOG0..LOG4, forward jumps, bounded loops, and
//! RETURN/REVERT/STOP/SELFDESTRUCT/INVALID.

use crate::rng::Rng;
use sealevm_evm::opcode as op;
use sealevm_evm::{Address, U256};

/// Addresses and block values a generated program may refer to.
#[derive(Clone, Debug)]
pub struct Targets {
    /// Accounts holding generated code.
    pub contracts: Vec<Address>,
    /// Externally owned accounts (some empty).
    pub eoas: Vec<Address>,
    /// Addresses that hold nothing.
    pub empty: Vec<Address>,
    /// Precompiles to call (0x01..=0x09; the KZG point evaluation is left out).
    pub precompiles: Vec<Address>,
    /// NUMBER of the block the programs run in (for BLOCKHASH arguments).
    pub block_number: u64,
}

impl Targets {
    fn any(&self, rng: &mut Rng) -> Address {
        match rng.weighted(&[50, 15, 15, 20]) {
            0 => rng.pick(&self.contracts),
            1 => rng.pick(&self.eoas),
            2 => rng.pick(&self.empty),
            _ => rng.pick(&self.precompiles),
        }
    }
}

/// One element of a program before jump targets are resolved.
#[derive(Clone, Debug)]
enum Item {
    Op(u8),
    /// PUSHn with its immediate bytes.
    Push(Vec<u8>),
    /// PUSH2 of a label's position.
    PushLabel(usize),
    /// A JUMPDEST that labels its position.
    Label(usize),
}

/// An assembler with forward and backward labels.
#[derive(Clone, Debug, Default)]
pub struct Asm {
    items: Vec<Item>,
    labels: usize,
}

impl Asm {
    /// A fresh label to place with [`Asm::label`] and push with [`Asm::push_label`].
    pub fn new_label(&mut self) -> usize {
        self.labels += 1;
        self.labels - 1
    }

    /// Appends an opcode (or any raw byte).
    pub fn op(&mut self, opcode: u8) {
        self.items.push(Item::Op(opcode));
    }

    /// Pushes `value` with the shortest PUSH (PUSH0 for zero).
    pub fn push(&mut self, value: U256) {
        let bytes = value.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        self.items.push(Item::Push(bytes[skip..].to_vec()));
    }

    /// Pushes a small number.
    pub fn push_u64(&mut self, value: u64) {
        self.push(U256::from_u64(value));
    }

    /// Pushes the position of `label`.
    pub fn push_label(&mut self, label: usize) {
        self.items.push(Item::PushLabel(label));
    }

    /// Places `label` here (a JUMPDEST).
    pub fn label(&mut self, label: usize) {
        self.items.push(Item::Label(label));
    }

    /// The bytecode, with every label resolved (unplaced labels point at 0).
    pub fn assemble(&self) -> Vec<u8> {
        let mut positions = vec![0usize; self.labels];
        let mut pc = 0;
        for item in &self.items {
            match item {
                Item::Op(_) | Item::Label(_) => {
                    if let Item::Label(l) = item {
                        positions[*l] = pc;
                    }
                    pc += 1;
                }
                Item::Push(bytes) => pc += 1 + bytes.len(),
                Item::PushLabel(_) => pc += 3,
            }
        }
        let mut code = Vec::with_capacity(pc);
        for item in &self.items {
            match item {
                Item::Op(o) => code.push(*o),
                Item::Label(_) => code.push(op::JUMPDEST),
                Item::Push(bytes) if bytes.is_empty() => code.push(op::PUSH0),
                Item::Push(bytes) => {
                    code.push(op::PUSH1 + bytes.len() as u8 - 1);
                    code.extend_from_slice(bytes);
                }
                Item::PushLabel(l) => {
                    let p = positions[*l] as u16;
                    code.extend_from_slice(&[op::PUSH2, (p >> 8) as u8, p as u8]);
                }
            }
        }
        code
    }
}

/// A word with only its lowest `bits` bits random.
fn random_bits(rng: &mut Rng, bits: u32) -> U256 {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let low = 64 * i as u32;
        if bits > low {
            let n = (bits - low).min(64);
            let r = rng.next_u64();
            *limb = if n == 64 { r } else { r & ((1u64 << n) - 1) };
        }
    }
    U256(limbs)
}

fn pow2(bit: u32) -> U256 {
    let mut limbs = [0u64; 4];
    limbs[(bit / 64) as usize] = 1u64 << (bit % 64);
    U256(limbs)
}

/// Binary opcodes taking two operands (the first pushed last).
const BINARY: [u8; 21] = [
    op::ADD,
    op::MUL,
    op::SUB,
    op::DIV,
    op::SDIV,
    op::MOD,
    op::SMOD,
    op::EXP,
    op::SIGNEXTEND,
    op::LT,
    op::GT,
    op::SLT,
    op::SGT,
    op::EQ,
    op::AND,
    op::OR,
    op::XOR,
    op::BYTE,
    op::SHL,
    op::SHR,
    op::SAR,
];

/// Opcodes that take no operand and push one word.
const NULLARY_ENV: [u8; 20] = [
    op::ADDRESS,
    op::ORIGIN,
    op::CALLER,
    op::CALLVALUE,
    op::CALLDATASIZE,
    op::CODESIZE,
    op::GASPRICE,
    op::RETURNDATASIZE,
    op::COINBASE,
    op::TIMESTAMP,
    op::NUMBER,
    op::PREVRANDAO,
    op::GASLIMIT,
    op::CHAINID,
    op::SELFBALANCE,
    op::BASEFEE,
    op::BLOBBASEFEE,
    op::GAS,
    op::PC,
    op::MSIZE,
];

/// Bytes that are not Cancun opcodes (CLZ, 0x1e, only exists from Osaka on).
const UNDEFINED: [u8; 12] = [
    0x0c, 0x0f, 0x1e, 0x21, 0x2f, 0x4b, 0x4f, 0x5c, 0xa5, 0xef, 0xf6, 0xfb,
];

/// Generates one program; `nesting` bounds how deep CREATE initcode may nest.
pub struct ProgramGen<'a> {
    rng: &'a mut Rng,
    targets: &'a Targets,
    asm: Asm,
    /// Words the generator believes are on the stack.
    depth: usize,
    nesting: u32,
}

impl<'a> ProgramGen<'a> {
    /// A generator drawing from `rng`.
    pub fn new(rng: &'a mut Rng, targets: &'a Targets, nesting: u32) -> Self {
        Self {
            rng,
            targets,
            asm: Asm::default(),
            depth: 0,
            nesting,
        }
    }

    /// A program of up to `max_snippets` snippets ending in a random terminator.
    pub fn program(rng: &mut Rng, targets: &Targets, nesting: u32, max_snippets: u64) -> Vec<u8> {
        let mut g = ProgramGen::new(rng, targets, nesting);
        let n = g.rng.range(1, max_snippets);
        for _ in 0..n {
            g.snippet();
        }
        if g.rng.chance(60) {
            g.flush_stack();
        }
        g.terminator();
        g.asm.assemble()
    }

    /// Stores the words left on the stack (up to eight) in slots 0x100.., so that the values
    /// computed along the way show up in the state that is compared.
    fn flush_stack(&mut self) {
        for i in 0..self.depth.min(8) {
            self.asm.push_u64(0x100 + i as u64);
            self.asm.op(op::SSTORE);
        }
        self.depth = self.depth.saturating_sub(8);
    }

    fn push(&mut self, v: U256) {
        self.asm.push(v);
        self.depth += 1;
    }

    fn push_u64(&mut self, v: u64) {
        self.push(U256::from_u64(v));
    }

    /// Runs `opcode` after pushing `args` (listed top of stack first), leaving `results` words.
    fn apply(&mut self, opcode: u8, args: &[U256], results: usize) {
        for a in args.iter().rev() {
            self.push(*a);
        }
        self.asm.op(opcode);
        self.depth = self.depth.saturating_sub(args.len()) + results;
    }

    /// A value biased towards edge cases.
    fn value(&mut self) -> U256 {
        match self.rng.weighted(&[30, 10, 15, 10, 20, 15]) {
            0 => U256::from_u64(self.rng.below(34)),
            1 => U256::from_u64(self.rng.below(301)),
            2 => {
                let specials = [
                    U256::ZERO,
                    U256::from_u64(1),
                    U256::from_u64(2),
                    U256::from_u64(31),
                    U256::from_u64(32),
                    U256::from_u64(255),
                    U256::from_u64(256),
                    U256::MAX,
                    U256::MAX.wrapping_sub(U256::from_u64(1)),
                    pow2(255),
                    pow2(255).wrapping_sub(U256::from_u64(1)),
                    pow2(64),
                    pow2(64).wrapping_sub(U256::from_u64(1)),
                    pow2(128),
                    pow2(160),
                ];
                self.rng.pick(&specials)
            }
            3 => self.targets.any(self.rng).to_word(),
            4 => random_bits(self.rng, 256),
            _ => {
                let bits = self.rng.below(257) as u32;
                random_bits(self.rng, bits)
            }
        }
    }

    /// A memory offset: mostly small, sometimes expensive, rarely absurd.
    fn offset(&mut self) -> U256 {
        match self.rng.weighted(&[60, 25, 12, 2, 1]) {
            0 => U256::from_u64(32 * self.rng.below(9)),
            1 => U256::from_u64(self.rng.below(300)),
            2 => U256::from_u64(self.rng.below(4096)),
            3 => U256::from_u64(self.rng.range(1 << 15, 1 << 20)),
            _ => self.rng.pick(&[
                pow2(32),
                pow2(40),
                pow2(64).wrapping_sub(U256::from_u64(1)),
                U256::MAX,
            ]),
        }
    }

    /// A memory length: mostly small, sometimes zero, rarely absurd.
    fn length(&mut self) -> U256 {
        match self.rng.weighted(&[15, 57, 22, 5, 1]) {
            0 => U256::ZERO,
            1 => U256::from_u64(self.rng.range(1, 64)),
            2 => U256::from_u64(self.rng.range(65, 600)),
            3 => U256::from_u64(self.rng.range(600, 5000)),
            _ => self.rng.pick(&[
                pow2(32),
                pow2(64).wrapping_sub(U256::from_u64(1)),
                U256::MAX,
            ]),
        }
    }

    /// A storage key: a handful of slots get most of the traffic.
    fn key(&mut self) -> U256 {
        match self.rng.weighted(&[70, 20, 10]) {
            0 => U256::from_u64(self.rng.below(5)),
            1 => U256::from_u64(self.rng.below(16)),
            _ => self.value(),
        }
    }

    /// A value to store: zero and small values often (they drive SSTORE gas and refunds).
    fn stored_value(&mut self) -> U256 {
        match self.rng.weighted(&[30, 20, 20, 30]) {
            0 => U256::ZERO,
            1 => U256::from_u64(1),
            2 => U256::from_u64(self.rng.range(2, 100)),
            _ => self.value(),
        }
    }

    /// Stores, drops or keeps the word on top of the stack.
    fn use_result(&mut self) {
        match self.rng.weighted(&[35, 20, 20, 25]) {
            0 => {
                let offset = U256::from_u64(32 * self.rng.below(8));
                self.apply(op::MSTORE, &[offset], 0);
                // MSTORE took the result too.
                self.depth = self.depth.saturating_sub(1);
            }
            1 => {
                let key = self.key();
                self.apply(op::SSTORE, &[key], 0);
                self.depth = self.depth.saturating_sub(1);
            }
            2 => {
                self.asm.op(op::POP);
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// One random snippet.
    pub fn snippet(&mut self) {
        let create_weight = if self.nesting > 0 { 4 } else { 0 };
        match self
            .rng
            .weighted(&[20, 12, 12, 5, 10, 10, create_weight, 5, 6, 8, 1, 1])
        {
            0 => self.arith(),
            1 => self.memory(),
            2 => self.storage(),
            3 => self.transient(),
            4 => self.env(),
            5 => self.call(),
            6 => self.create(),
            7 => self.log(),
            8 => self.control(),
            9 => self.stack(),
            10 => self.terminator(),
            _ => self.junk(),
        }
    }

    fn arith(&mut self) {
        match self.rng.weighted(&[70, 12, 18]) {
            0 => {
                let opcode = self.rng.pick(&BINARY);
                let a = self.value();
                if self.depth >= 1 && self.rng.chance(25) {
                    // Combine with a word already on the stack.
                    self.apply(opcode, &[a], 1);
                    self.depth = self.depth.saturating_sub(1);
                } else {
                    let b = self.value();
                    self.apply(opcode, &[a, b], 1);
                }
            }
            1 => {
                let opcode = self.rng.pick(&[op::ADDMOD, op::MULMOD]);
                let (a, b, m) = (self.value(), self.value(), self.value());
                self.apply(opcode, &[a, b, m], 1);
            }
            _ => {
                let opcode = self.rng.pick(&[op::ISZERO, op::NOT]);
                let a = self.value();
                self.apply(opcode, &[a], 1);
            }
        }
        self.use_result();
    }

    fn memory(&mut self) {
        match self.rng.weighted(&[25, 10, 15, 10, 10, 8, 8, 8, 5, 3]) {
            0 => {
                let (off, v) = (self.offset(), self.value());
                self.apply(op::MSTORE, &[off, v], 0);
            }
            1 => {
                let (off, v) = (self.offset(), self.value());
                self.apply(op::MSTORE8, &[off, v], 0);
            }
            2 => {
                let off = self.offset();
                self.apply(op::MLOAD, &[off], 1);
                self.use_result();
            }
            3 => {
                let (dst, src, len) = (self.offset(), self.offset(), self.length());
                self.apply(op::MCOPY, &[dst, src, len], 0);
            }
            4 => {
                let (off, len) = (self.offset(), self.length());
                self.apply(op::KECCAK256, &[off, len], 1);
                self.use_result();
            }
            5 => {
                let (dst, off, len) = (self.offset(), self.offset(), self.length());
                self.apply(op::CALLDATACOPY, &[dst, off, len], 0);
            }
            6 => {
                let (dst, off, len) = (self.offset(), self.offset(), self.length());
                self.apply(op::CODECOPY, &[dst, off, len], 0);
            }
            7 => {
                let dst = self.offset();
                if self.rng.chance(70) {
                    // The whole return data: always in bounds.
                    self.asm.op(op::RETURNDATASIZE);
                    self.depth += 1;
                    self.apply(op::RETURNDATACOPY, &[dst, U256::ZERO], 0);
                    self.depth = self.depth.saturating_sub(1);
                } else {
                    let off = U256::from_u64(self.rng.below(9));
                    let len = U256::from_u64(self.rng.below(41));
                    self.apply(op::RETURNDATACOPY, &[dst, off, len], 0);
                }
            }
            8 => {
                let address = self.targets.any(self.rng).to_word();
                let (dst, off, len) = (self.offset(), self.offset(), self.length());
                self.apply(op::EXTCODECOPY, &[address, dst, off, len], 0);
            }
            _ => {
                self.apply(op::MSIZE, &[], 1);
                self.use_result();
            }
        }
    }

    fn storage(&mut self) {
        match self.rng.weighted(&[45, 30, 25]) {
            0 => {
                let (key, v) = (self.key(), self.stored_value());
                self.apply(op::SSTORE, &[key, v], 0);
            }
            1 => {
                let key = self.key();
                self.apply(op::SLOAD, &[key], 1);
                self.use_result();
            }
            _ => {
                // Increment a slot: SLOAD, ADD 1, SSTORE.
                let key = self.key();
                self.apply(op::SLOAD, &[key], 1);
                self.apply(op::ADD, &[U256::from_u64(1)], 1);
                self.depth = self.depth.saturating_sub(1);
                self.apply(op::SSTORE, &[key], 0);
                self.depth = self.depth.saturating_sub(1);
            }
        }
    }

    fn transient(&mut self) {
        if self.rng.chance(50) {
            let (key, v) = (self.key(), self.stored_value());
            self.apply(op::TSTORE, &[key, v], 0);
        } else {
            let key = self.key();
            self.apply(op::TLOAD, &[key], 1);
            self.use_result();
        }
    }

    fn env(&mut self) {
        if self.rng.chance(55) {
            let opcode = self.rng.pick(&NULLARY_ENV);
            self.apply(opcode, &[], 1);
        } else {
            match self.rng.weighted(&[20, 15, 15, 20, 20, 10]) {
                0 => {
                    let a = self.targets.any(self.rng).to_word();
                    self.apply(op::BALANCE, &[a], 1);
                }
                1 => {
                    let a = self.targets.any(self.rng).to_word();
                    self.apply(op::EXTCODESIZE, &[a], 1);
                }
                2 => {
                    let a = self.targets.any(self.rng).to_word();
                    self.apply(op::EXTCODEHASH, &[a], 1);
                }
                3 => {
                    let off = if self.rng.chance(80) {
                        U256::from_u64(self.rng.below(101))
                    } else {
                        self.value()
                    };
                    self.apply(op::CALLDATALOAD, &[off], 1);
                }
                4 => {
                    let n = self.targets.block_number;
                    let number = match self.rng.weighted(&[30, 15, 15, 15, 10, 15]) {
                        0 => U256::from_u64(n - 1 - self.rng.below(5)),
                        1 => U256::from_u64(n - 256),
                        2 => U256::from_u64(n - 257),
                        3 => U256::from_u64(n),
                        4 => U256::from_u64(n + 1),
                        _ => self.value(),
                    };
                    self.apply(op::BLOCKHASH, &[number], 1);
                }
                _ => {
                    let index = U256::from_u64(self.rng.below(3));
                    self.apply(op::BLOBHASH, &[index], 1);
                }
            }
        }
        self.use_result();
    }

    fn call(&mut self) {
        let kind = self.rng.pick(&[
            op::CALL,
            op::CALL,
            op::CALL,
            op::CALL,
            op::STATICCALL,
            op::STATICCALL,
            op::DELEGATECALL,
            op::DELEGATECALL,
            op::CALLCODE,
        ]);
        let mut structured = None;
        let target = match self.rng.weighted(&[55, 15, 10, 10, 10]) {
            0 => self.rng.pick(&self.targets.contracts).to_word(),
            1 => {
                let address = self.rng.pick(&self.targets.precompiles);
                if self.rng.chance(60) {
                    structured = crate::precompile_input::input(self.rng, address.0[19]);
                }
                address.to_word()
            }
            2 => self.rng.pick(&self.targets.eoas).to_word(),
            3 => self.rng.pick(&self.targets.empty).to_word(),
            _ => self.value(),
        };
        let (args_off, args_len) = match &structured {
            Some(input) => {
                let base = 32 * self.rng.below(4);
                self.store_bytes(base, input);
                (U256::from_u64(base), U256::from_u64(input.len() as u64))
            }
            None => (self.offset(), U256::from_u64(self.rng.below(101))),
        };
        let with_value = kind == op::CALL || kind == op::CALLCODE;
        let value = match self.rng.weighted(&[70, 25, 5]) {
            0 => U256::ZERO,
            1 => U256::from_u64(self.rng.range(1, 1000)),
            _ => pow2(100),
        };
        let (ret_off, ret_len) = (self.offset(), U256::from_u64(self.rng.below(65)));
        let mut args = Vec::with_capacity(6);
        args.push(target);
        if with_value {
            args.push(value);
        }
        args.extend_from_slice(&[args_off, args_len, ret_off, ret_len]);
        for a in args.iter().rev() {
            self.push(*a);
        }
        match self.rng.weighted(&[35, 40, 10, 5, 10]) {
            0 => {
                let g = self.rng.below(5000);
                self.push_u64(g)
            }
            1 => {
                let g = self.rng.below(100_000);
                self.push_u64(g)
            }
            2 => {
                self.asm.op(op::GAS);
                self.depth += 1;
            }
            3 => self.push(U256::MAX),
            _ => self.push_u64(0),
        }
        self.asm.op(kind);
        self.depth = self.depth.saturating_sub(args.len() + 1) + 1;
        if self.rng.chance(30) {
            self.apply(op::RETURNDATASIZE, &[], 1);
            self.use_result();
        }
        self.use_result();
    }

    fn create(&mut self) {
        let init = initcode(self.rng, self.targets, self.nesting - 1);
        let base = 32 * self.rng.below(4);
        self.store_bytes(base, &init);
        let value = match self.rng.weighted(&[70, 25, 5]) {
            0 => U256::ZERO,
            1 => U256::from_u64(self.rng.range(1, 1000)),
            _ => pow2(100),
        };
        let len = if self.rng.chance(3) {
            // Initcode over the EIP-3860 limit.
            U256::from_u64(49_153)
        } else {
            U256::from_u64(init.len() as u64)
        };
        let off = U256::from_u64(base);
        if self.rng.chance(50) {
            self.apply(op::CREATE, &[value, off, len], 1);
        } else {
            let salt = if self.rng.chance(70) {
                U256::from_u64(self.rng.below(3))
            } else {
                self.value()
            };
            self.apply(op::CREATE2, &[value, off, len, salt], 1);
        }
        if self.rng.chance(30) {
            self.asm.op(op::DUP1);
            self.asm.op(op::EXTCODESIZE);
            self.depth += 1;
            self.use_result();
        }
        self.use_result();
    }

    /// MSTOREs `bytes` at memory offset `base` (the last word zero-padded).
    fn store_bytes(&mut self, base: u64, bytes: &[u8]) {
        for (i, chunk) in bytes.chunks(32).enumerate() {
            let mut word = [0u8; 32];
            word[..chunk.len()].copy_from_slice(chunk);
            let off = U256::from_u64(base + 32 * i as u64);
            self.apply(op::MSTORE, &[off, U256::from_be_bytes(word)], 0);
        }
    }

    fn log(&mut self) {
        let topics = self.rng.below(5) as usize;
        let mut args = vec![self.offset(), self.length()];
        for _ in 0..topics {
            args.push(self.value());
        }
        self.apply(op::LOG0 + topics as u8, &args, 0);
    }

    fn control(&mut self) {
        match self.rng.weighted(&[35, 25, 25, 5, 10]) {
            0 => {
                // Jump over a snippet or two.
                let label = self.asm.new_label();
                self.asm.push_label(label);
                self.asm.op(op::JUMP);
                let depth = self.depth;
                for _ in 0..self.rng.range(1, 2) {
                    self.snippet();
                }
                self.depth = depth;
                self.asm.label(label);
            }
            1 => {
                // Conditionally skip a snippet.
                let label = self.asm.new_label();
                let cond = match self.rng.weighted(&[40, 30, 30]) {
                    0 => U256::from_u64(self.rng.below(2)),
                    1 => self.value(),
                    _ => {
                        self.apply(op::GAS, &[], 1);
                        let threshold = U256::from_u64(self.rng.below(200_000));
                        self.apply(op::GT, &[threshold], 1);
                        self.depth = self.depth.saturating_sub(1);
                        self.asm.push_label(label);
                        self.asm.op(op::JUMPI);
                        self.depth = self.depth.saturating_sub(1);
                        let depth = self.depth;
                        self.snippet();
                        self.depth = depth.min(self.depth);
                        self.asm.label(label);
                        return;
                    }
                };
                self.push(cond);
                self.asm.push_label(label);
                self.asm.op(op::JUMPI);
                self.depth = self.depth.saturating_sub(1);
                let depth = self.depth;
                self.snippet();
                self.depth = depth.min(self.depth);
                self.asm.label(label);
            }
            2 => {
                // A loop of at most `n` rounds, counted in transient storage.
                let label = self.asm.new_label();
                let counter = U256::from_u64(0x1000 + label as u64);
                let n = self.rng.range(1, 8);
                self.asm.label(label);
                // The body runs several times: it must not consume words from before the loop.
                let depth = self.depth;
                self.depth = 0;
                for _ in 0..self.rng.range(1, 3) {
                    self.snippet();
                }
                self.asm.push_u64(1);
                self.asm.push(counter);
                self.asm.op(op::TLOAD);
                self.asm.op(op::ADD);
                self.asm.op(op::DUP1);
                self.asm.push(counter);
                self.asm.op(op::TSTORE);
                self.asm.push_u64(n);
                self.asm.op(op::GT);
                self.asm.push_label(label);
                self.asm.op(op::JUMPI);
                self.depth = depth;
            }
            3 => {
                // A jump that is most likely invalid.
                let dest = U256::from_u64(self.rng.below(64));
                self.apply(op::JUMP, &[dest], 0);
            }
            _ => {
                self.asm.op(op::JUMPDEST);
                self.apply(op::PC, &[], 1);
                self.use_result();
            }
        }
    }

    fn stack(&mut self) {
        // Mostly within the words the generator knows about; rarely deeper (underflow).
        let reckless = self.rng.chance(3);
        while self.depth < 2 && !reckless {
            let v = self.value();
            self.push(v);
        }
        match self.rng.weighted(&[40, 40, 20]) {
            0 => {
                let max = if reckless {
                    16
                } else {
                    self.depth.clamp(1, 16) as u64
                };
                let n = self.rng.range(1, max);
                self.asm.op(op::DUP1 + n as u8 - 1);
                self.depth += 1;
            }
            1 => {
                let max = if reckless {
                    16
                } else {
                    (self.depth - 1).clamp(1, 16) as u64
                };
                let n = self.rng.range(1, max);
                self.asm.op(op::SWAP1 + n as u8 - 1);
            }
            _ => {
                self.asm.op(op::POP);
                self.depth = self.depth.saturating_sub(1);
            }
        }
    }

    fn junk(&mut self) {
        if self.rng.chance(50) {
            self.asm.op(self.rng.pick(&UNDEFINED));
        } else {
            self.asm.op(self.rng.next_u64() as u8);
        }
    }

    /// Ends the program (or, in the middle, ends it early).
    pub fn terminator(&mut self) {
        match self.rng.weighted(&[35, 15, 15, 10, 15, 5, 5]) {
            0 => {
                let off = U256::from_u64(32 * self.rng.below(4));
                let len = U256::from_u64(self.rng.below(97));
                self.apply(op::RETURN, &[off, len], 0);
            }
            1 => {
                let off = U256::from_u64(32 * self.rng.below(4));
                let len = U256::from_u64(self.rng.below(65));
                self.apply(op::REVERT, &[off, len], 0);
            }
            2 => self.asm.op(op::STOP),
            3 => {
                let beneficiary = self.targets.any(self.rng).to_word();
                self.apply(op::SELFDESTRUCT, &[beneficiary], 0);
            }
            4 => {}
            5 => self.asm.op(op::INVALID),
            _ => {
                let (off, len) = (self.offset(), self.length());
                self.apply(op::RETURN, &[off, len], 0);
            }
        }
    }
}

/// Initcode: usually a constructor that deploys a generated runtime program, sometimes one
/// that reverts, deploys code starting with 0xEF, deploys too much code, or is empty.
pub fn initcode(rng: &mut Rng, targets: &Targets, nesting: u32) -> Vec<u8> {
    match rng.weighted(&[70, 8, 8, 5, 4, 5]) {
        0 => {
            let runtime = ProgramGen::program(rng, targets, nesting, 10);
            let mut g = ProgramGen::new(rng, targets, nesting);
            for _ in 0..g.rng.below(4) {
                g.snippet();
            }
            let mut code = g.asm.assemble();
            // CODECOPY the runtime (appended after this tail) to memory 0 and RETURN it.
            let start = code.len() + 13;
            let len = runtime.len() as u16;
            code.extend_from_slice(&[op::PUSH2, (len >> 8) as u8, len as u8]);
            code.extend_from_slice(&[op::PUSH2, (start >> 8) as u8, start as u8]);
            code.extend_from_slice(&[op::PUSH0, op::CODECOPY]);
            code.extend_from_slice(&[op::PUSH2, (len >> 8) as u8, len as u8]);
            code.extend_from_slice(&[op::PUSH0, op::RETURN]);
            code.extend_from_slice(&runtime);
            code
        }
        1 => {
            let mut asm = Asm::default();
            asm.push_u64(rng.below(40));
            asm.push_u64(0);
            asm.op(op::REVERT);
            asm.assemble()
        }
        2 => ProgramGen::program(rng, targets, nesting, 6),
        3 => {
            // Deploys code starting with 0xEF (rejected since London, EIP-3541).
            let mut asm = Asm::default();
            asm.push_u64(0xef);
            asm.push_u64(0);
            asm.op(op::MSTORE8);
            asm.push_u64(rng.range(1, 3));
            asm.push_u64(0);
            asm.op(op::RETURN);
            asm.assemble()
        }
        4 => {
            // Deploys 24,577 bytes: one over the EIP-170 limit.
            let mut asm = Asm::default();
            asm.push_u64(0x6001);
            asm.push_u64(0);
            asm.op(op::RETURN);
            asm.assemble()
        }
        _ => Vec::new(),
    }
}

/// Opcode mnemonic (`0x..` for bytes that are not Cancun opcodes).
pub fn mnemonic(byte: u8) -> String {
    let name = match byte {
        op::STOP => "STOP",
        op::ADD => "ADD",
        op::MUL => "MUL",
        op::SUB => "SUB",
        op::DIV => "DIV",
        op::SDIV => "SDIV",
        op::MOD => "MOD",
        op::SMOD => "SMOD",
        op::ADDMOD => "ADDMOD",
        op::MULMOD => "MULMOD",
        op::EXP => "EXP",
        op::SIGNEXTEND => "SIGNEXTEND",
        op::LT => "LT",
        op::GT => "GT",
        op::SLT => "SLT",
        op::SGT => "SGT",
        op::EQ => "EQ",
        op::ISZERO => "ISZERO",
        op::AND => "AND",
        op::OR => "OR",
        op::XOR => "XOR",
        op::NOT => "NOT",
        op::BYTE => "BYTE",
        op::SHL => "SHL",
        op::SHR => "SHR",
        op::SAR => "SAR",
        op::KECCAK256 => "KECCAK256",
        op::ADDRESS => "ADDRESS",
        op::BALANCE => "BALANCE",
        op::ORIGIN => "ORIGIN",
        op::CALLER => "CALLER",
        op::CALLVALUE => "CALLVALUE",
        op::CALLDATALOAD => "CALLDATALOAD",
        op::CALLDATASIZE => "CALLDATASIZE",
        op::CALLDATACOPY => "CALLDATACOPY",
        op::CODESIZE => "CODESIZE",
        op::CODECOPY => "CODECOPY",
        op::GASPRICE => "GASPRICE",
        op::EXTCODESIZE => "EXTCODESIZE",
        op::EXTCODECOPY => "EXTCODECOPY",
        op::RETURNDATASIZE => "RETURNDATASIZE",
        op::RETURNDATACOPY => "RETURNDATACOPY",
        op::EXTCODEHASH => "EXTCODEHASH",
        op::BLOCKHASH => "BLOCKHASH",
        op::COINBASE => "COINBASE",
        op::TIMESTAMP => "TIMESTAMP",
        op::NUMBER => "NUMBER",
        op::PREVRANDAO => "PREVRANDAO",
        op::GASLIMIT => "GASLIMIT",
        op::CHAINID => "CHAINID",
        op::SELFBALANCE => "SELFBALANCE",
        op::BASEFEE => "BASEFEE",
        op::BLOBHASH => "BLOBHASH",
        op::BLOBBASEFEE => "BLOBBASEFEE",
        op::POP => "POP",
        op::MLOAD => "MLOAD",
        op::MSTORE => "MSTORE",
        op::MSTORE8 => "MSTORE8",
        op::SLOAD => "SLOAD",
        op::SSTORE => "SSTORE",
        op::JUMP => "JUMP",
        op::JUMPI => "JUMPI",
        op::PC => "PC",
        op::MSIZE => "MSIZE",
        op::GAS => "GAS",
        op::JUMPDEST => "JUMPDEST",
        op::TLOAD => "TLOAD",
        op::TSTORE => "TSTORE",
        op::MCOPY => "MCOPY",
        op::PUSH0 => "PUSH0",
        op::CREATE => "CREATE",
        op::CALL => "CALL",
        op::CALLCODE => "CALLCODE",
        op::RETURN => "RETURN",
        op::DELEGATECALL => "DELEGATECALL",
        op::CREATE2 => "CREATE2",
        op::STATICCALL => "STATICCALL",
        op::REVERT => "REVERT",
        op::INVALID => "INVALID",
        op::SELFDESTRUCT => "SELFDESTRUCT",
        op::PUSH1..=op::PUSH32 => return format!("PUSH{}", byte - op::PUSH1 + 1),
        op::DUP1..=op::DUP16 => return format!("DUP{}", byte - op::DUP1 + 1),
        op::SWAP1..=op::SWAP16 => return format!("SWAP{}", byte - op::SWAP1 + 1),
        op::LOG0..=op::LOG4 => return format!("LOG{}", byte - op::LOG0),
        _ => return format!("0x{byte:02x}"),
    };
    name.to_string()
}

/// A one-line disassembly: `[pc] MNEMONIC [0ximmediate]`, space separated.
pub fn disassemble(code: &[u8]) -> String {
    let mut parts = Vec::new();
    let mut pc = 0;
    while pc < code.len() {
        let byte = code[pc];
        let mut text = format!("[{pc}]{}", mnemonic(byte));
        if (op::PUSH1..=op::PUSH32).contains(&byte) {
            let n = (byte - op::PUSH1 + 1) as usize;
            let end = (pc + 1 + n).min(code.len());
            text.push_str(&format!(" 0x{}", crate::model::hex(&code[pc + 1..end])));
            pc = end;
        } else {
            pc += 1;
        }
        parts.push(text);
    }
    parts.join(" ")
}
