//! Contract code with its jump-destination analysis.

use alloc::vec;
use alloc::vec::Vec;
use sealevm_primitives::{copy_bytes, keccak256, B256, KECCAK_EMPTY};

use crate::opcode;

/// Zero bytes appended after the code so PUSH32 at the very end and the implicit STOP past the
/// end read valid memory without bounds checks in the interpreter loop.
const PADDING: usize = 33;

/// Code plus a bitmap of valid JUMPDEST positions.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bytecode {
    padded: Vec<u8>,
    len: usize,
    jumpdests: Vec<u8>,
}

impl Bytecode {
    /// Analyses `code` (one pass marking JUMPDESTs outside PUSH data).
    pub fn new(code: &[u8]) -> Self {
        Self {
            padded: padded_copy(code),
            len: code.len(),
            jumpdests: analyse(code),
        }
    }

    /// Rebuilds a bytecode from code and a bitmap computed earlier by [`Bytecode::jumpdest_bitmap`]
    /// (the on-chain program stores it at deployment so calls skip the analysis). The bitmap
    /// must have `code.len() / 8 + 1` bytes; a wrong one is rejected with `None`.
    pub fn from_parts(code: &[u8], jumpdests: &[u8]) -> Option<Self> {
        if jumpdests.len() != code.len() / 8 + 1 {
            return None;
        }
        let mut bitmap = vec![0u8; jumpdests.len()];
        copy_bytes(&mut bitmap, jumpdests);
        Some(Self {
            padded: padded_copy(code),
            len: code.len(),
            jumpdests: bitmap,
        })
    }

    /// The code bytes.
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        &self.padded[..self.len]
    }

    /// The code followed by zero padding (at least 33 bytes).
    #[inline(always)]
    pub(crate) fn padded(&self) -> &[u8] {
        &self.padded
    }

    /// Code length in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for an account without code.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The JUMPDEST bitmap (bit `i % 8` of byte `i / 8` is set when position `i` is a JUMPDEST).
    pub fn jumpdest_bitmap(&self) -> &[u8] {
        &self.jumpdests
    }

    /// True when `dest` is a JUMPDEST outside PUSH data.
    #[inline(always)]
    pub fn is_valid_jump(&self, dest: usize) -> bool {
        dest < self.len && (self.jumpdests[dest >> 3] >> (dest & 7)) & 1 == 1
    }

    /// keccak256 of the code.
    pub fn hash(&self) -> B256 {
        if self.len == 0 {
            KECCAK_EMPTY
        } else {
            keccak256(self.bytes())
        }
    }
}

/// `code` followed by [`PADDING`] zero bytes (copied with the syscall on SBF).
fn padded_copy(code: &[u8]) -> Vec<u8> {
    let mut padded = vec![0u8; code.len() + PADDING];
    copy_bytes(&mut padded[..code.len()], code);
    padded
}

fn analyse(code: &[u8]) -> Vec<u8> {
    let mut bitmap = vec![0u8; code.len() / 8 + 1];
    let mut i = 0;
    while i < code.len() {
        let op = code[i];
        if op == opcode::JUMPDEST {
            bitmap[i >> 3] |= 1 << (i & 7);
            i += 1;
        } else if (opcode::PUSH1..=opcode::PUSH32).contains(&op) {
            i += (op - opcode::PUSH1) as usize + 2;
        } else {
            i += 1;
        }
    }
    bitmap
}

#[cfg(test)]
mod tests {
    use super::Bytecode;

    #[test]
    fn jumpdest_inside_push_data_is_invalid() {
        // PUSH2 0x5b5b JUMPDEST
        let code = Bytecode::new(&[0x61, 0x5b, 0x5b, 0x5b]);
        assert!(!code.is_valid_jump(1));
        assert!(!code.is_valid_jump(2));
        assert!(code.is_valid_jump(3));
        assert!(!code.is_valid_jump(4));
        let again = Bytecode::from_parts(code.bytes(), code.jumpdest_bitmap()).expect("bitmap");
        assert_eq!(again, code);
        assert!(Bytecode::from_parts(code.bytes(), &[]).is_none());
    }
}
