//! The binary receipt of an `Execute` instruction.
//!
//! The program sets the receipt as the instruction's return data when it fits in 1,024 bytes;
//! otherwise the return data carries a truncated copy (flag [`FLAG_TRUNCATED`]: no logs,
//! output cut) and the full receipt is logged with `sol_log_data(["receipt", bytes])`.
//!
//! Layout (integers little-endian):
//!
//! | size | field |
//! |---|---|
//! | 1 | status: [`STATUS_REVERT`], [`STATUS_SUCCESS`] or [`STATUS_HALT`] |
//! | 1 | halt reason (`sealevm_evm::HaltReason` as u8; 0 unless halted) |
//! | 1 | flags ([`FLAG_TRUNCATED`]) |
//! | 8 | gas used (after refunds) |
//! | 32 | effective gas price in wei (U256 BE): the fee is gas used x price |
//! | 1 | 1 if a contract was created, else 0 |
//! | 0 or 20 | the created address |
//! | 4 + n | output (return or revert data) |
//! | 4 | log count, then per log: address (20), topic count (1), topics (32 each), data (4 + n) |

use alloc::vec::Vec;
use sealevm_evm::{Outcome, Status};
use sealevm_primitives::U256;

/// Receipt status: reverted or halted without changes.
pub const STATUS_REVERT: u8 = 0;
/// Receipt status: success.
pub const STATUS_SUCCESS: u8 = 1;
/// Receipt status: exceptional halt (the halt reason byte says which).
pub const STATUS_HALT: u8 = 2;
/// Flag: logs dropped and output truncated to fit the return data.
pub const FLAG_TRUNCATED: u8 = 1;
/// Largest return data a Solana program may set.
pub const MAX_RETURN_DATA: usize = 1024;

/// Length of the fixed part before the created address.
#[cfg(not(target_os = "solana"))]
const FIXED: usize = 1 + 1 + 1 + 8 + 32 + 1;

/// An upper bound of the receipt's length (exact unless `truncated` cuts the output).
fn encoded_len(outcome: &Outcome, truncated: bool) -> usize {
    let created = if outcome.created_address.is_some() {
        20
    } else {
        0
    };
    let head = 1 + 1 + 1 + 8 + 32 + 1 + created + 4 + outcome.output.len() + 4;
    if truncated {
        return head;
    }
    outcome.logs.iter().fold(head, |len, log| {
        len + 20 + 1 + 32 * log.topics.len() + 4 + log.data.len()
    })
}

fn put_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

/// Encodes the receipt of `outcome` paid at `price` wei per gas; with `truncated`, logs are
/// left out and the output cut so that the whole fits [`MAX_RETURN_DATA`].
pub fn encode(outcome: &Outcome, price: &U256, truncated: bool) -> Vec<u8> {
    // Sized up front: growing the vector on the way reallocates and copies it several times,
    // which costs more than the encoding itself on SBF.
    let mut out = Vec::with_capacity(encoded_len(outcome, truncated));
    let (status, halt) = match outcome.status {
        Status::Success => (STATUS_SUCCESS, 0),
        Status::Revert => (STATUS_REVERT, 0),
        Status::Halt(reason) => (STATUS_HALT, reason as u8),
    };
    out.push(status);
    out.push(halt);
    out.push(if truncated { FLAG_TRUNCATED } else { 0 });
    out.extend_from_slice(&outcome.gas_used.to_le_bytes());
    out.extend_from_slice(&price.to_be_bytes());
    match &outcome.created_address {
        Some(address) => {
            out.push(1);
            out.extend_from_slice(address.as_bytes());
        }
        None => out.push(0),
    }
    let output = if truncated {
        let room = MAX_RETURN_DATA.saturating_sub(out.len() + 8);
        &outcome.output[..outcome.output.len().min(room)]
    } else {
        &outcome.output[..]
    };
    put_u32(&mut out, output.len());
    out.extend_from_slice(output);
    if truncated {
        put_u32(&mut out, 0);
        return out;
    }
    put_u32(&mut out, outcome.logs.len());
    for log in outcome.logs.iter() {
        out.extend_from_slice(log.address.as_bytes());
        out.push(log.topics.len() as u8);
        for topic in log.topics.iter() {
            out.extend_from_slice(topic.as_bytes());
        }
        put_u32(&mut out, log.data.len());
        out.extend_from_slice(&log.data);
    }
    out
}

#[cfg(not(target_os = "solana"))]
pub use decode::{decode, Receipt, ReceiptLog};

#[cfg(not(target_os = "solana"))]
mod decode {
    use super::FIXED;
    use alloc::vec::Vec;
    use sealevm_primitives::{Address, B256, U256};

    /// One log of a decoded receipt.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ReceiptLog {
        /// Emitting contract.
        pub address: Address,
        /// Topics.
        pub topics: Vec<B256>,
        /// Data.
        pub data: Vec<u8>,
    }

    /// A decoded receipt (native clients only).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Receipt {
        /// `STATUS_*`.
        pub status: u8,
        /// Halt reason byte.
        pub halt_reason: u8,
        /// `FLAG_*` bits.
        pub flags: u8,
        /// Gas used after refunds.
        pub gas_used: u64,
        /// Effective gas price in wei.
        pub gas_price: U256,
        /// The created contract.
        pub created_address: Option<Address>,
        /// Return or revert data.
        pub output: Vec<u8>,
        /// Logs.
        pub logs: Vec<ReceiptLog>,
    }

    struct Reader<'a>(&'a [u8]);

    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            if self.0.len() < n {
                return None;
            }
            let (head, tail) = self.0.split_at(n);
            self.0 = tail;
            Some(head)
        }
        fn u32(&mut self) -> Option<usize> {
            let b = self.take(4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        }
    }

    /// Decodes a receipt; `None` if it is malformed.
    pub fn decode(bytes: &[u8]) -> Option<Receipt> {
        let mut r = Reader(bytes);
        let fixed = r.take(FIXED)?;
        let mut gas = [0u8; 8];
        gas.copy_from_slice(&fixed[3..11]);
        let gas_price = U256::from_be_slice(&fixed[11..43]);
        let created_address = match fixed[43] {
            0 => None,
            1 => Some(Address::from_slice(r.take(20)?)),
            _ => return None,
        };
        let n = r.u32()?;
        let output = r.take(n)?.to_vec();
        let count = r.u32()?;
        let mut logs = Vec::new();
        for _ in 0..count {
            let address = Address::from_slice(r.take(20)?);
            let topics_n = r.take(1)?[0] as usize;
            let mut topics = Vec::new();
            for _ in 0..topics_n {
                topics.push(B256::from_slice(r.take(32)?));
            }
            let n = r.u32()?;
            let data = r.take(n)?.to_vec();
            logs.push(ReceiptLog {
                address,
                topics,
                data,
            });
        }
        if !r.0.is_empty() {
            return None;
        }
        Some(Receipt {
            status: fixed[0],
            halt_reason: fixed[1],
            flags: fixed[2],
            gas_used: u64::from_le_bytes(gas),
            gas_price,
            created_address,
            output,
            logs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use sealevm_evm::{GrowVec, Log};
    use sealevm_primitives::{Address, B256};

    #[test]
    fn receipt_round_trip() {
        let mut logs = GrowVec::new();
        let mut topics = GrowVec::new();
        topics.push(B256::from([3; 32]));
        logs.push(Log {
            address: Address::from([1; 20]),
            topics,
            data: vec![9, 9],
        });
        let outcome = Outcome {
            status: Status::Success,
            gas_used: 21_000,
            gas_refunded: 0,
            output: vec![1, 2, 3],
            logs,
            created_address: Some(Address::from([2; 20])),
        };
        let price = U256::from_u64(7);
        let receipt = decode(&encode(&outcome, &price, false)).expect("decodes");
        assert_eq!(receipt.status, STATUS_SUCCESS);
        assert_eq!(receipt.gas_used, 21_000);
        assert_eq!(receipt.gas_price, price);
        assert_eq!(receipt.created_address, Some(Address::from([2; 20])));
        assert_eq!(receipt.output, vec![1, 2, 3]);
        assert_eq!(receipt.logs.len(), 1);
        assert_eq!(receipt.logs[0].data, vec![9, 9]);
        let short = decode(&encode(&outcome, &price, true)).expect("decodes");
        assert_eq!(short.flags, FLAG_TRUNCATED);
        assert!(short.logs.is_empty());
    }
}
