//! Wire format of the probe's instruction data and return data.
//!
//! Instruction data:
//! - `[OP_KECCAK] ++ bytes`
//! - `[OP_RUN] ++ gas_limit (u64 LE) ++ code_len (u32 LE) ++ code ++ calldata`
//!
//! Return data of `OP_RUN` (at most [`MAX_RETURN_DATA`] bytes):
//! `status (u8) ++ halt reason (u8, 0 unless halted) ++ gas_used (u64 LE)
//!  ++ output_len (u32 LE, before truncation) ++ output (truncated to fit)`.

use alloc::vec::Vec;

/// Operation byte: keccak-256 of the rest of the instruction data.
pub const OP_KECCAK: u8 = 0;
/// Operation byte: run EVM bytecode.
pub const OP_RUN: u8 = 1;

/// The runtime's limit on return data.
pub const MAX_RETURN_DATA: usize = 1024;
/// Bytes of the `OP_RUN` return data before the output.
pub const RUN_HEADER_LEN: usize = 1 + 1 + 8 + 4;

const STATUS_SUCCESS: u8 = 0;
const STATUS_REVERT: u8 = 1;
const STATUS_HALT: u8 = 2;

/// A decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request<'a> {
    /// Hash these bytes.
    Keccak(&'a [u8]),
    /// Run `code` with `calldata` and `gas_limit`.
    Run {
        /// Transaction gas limit (intrinsic gas included).
        gas_limit: u64,
        /// The contract's bytecode.
        code: &'a [u8],
        /// Calldata of the call.
        calldata: &'a [u8],
    },
}

/// How an EVM run ended, as returned by the probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// STOP/RETURN.
    Success,
    /// REVERT.
    Revert,
    /// Exceptional halt, with `sealevm_evm::HaltReason as u8`.
    Halt(u8),
}

/// The result of an EVM run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// How execution ended.
    pub status: RunStatus,
    /// Gas charged (intrinsic gas included, refunds subtracted).
    pub gas_used: u64,
    /// Length of the full output, before any truncation.
    pub output_len: u32,
    /// Return or revert data (truncated to fit in [`MAX_RETURN_DATA`] when encoded).
    pub output: Vec<u8>,
}

/// Instruction data for [`Request::Keccak`].
pub fn encode_keccak(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + bytes.len());
    out.push(OP_KECCAK);
    out.extend_from_slice(bytes);
    out
}

/// Instruction data for [`Request::Run`]; `None` if the code is longer than `u32::MAX`.
pub fn encode_run(gas_limit: u64, code: &[u8], calldata: &[u8]) -> Option<Vec<u8>> {
    let code_len = u32::try_from(code.len()).ok()?;
    let mut out = Vec::with_capacity(1 + 8 + 4 + code.len() + calldata.len());
    out.push(OP_RUN);
    out.extend_from_slice(&gas_limit.to_le_bytes());
    out.extend_from_slice(&code_len.to_le_bytes());
    out.extend_from_slice(code);
    out.extend_from_slice(calldata);
    Some(out)
}

/// Decodes instruction data; `None` when it is malformed.
pub fn decode_request(data: &[u8]) -> Option<Request<'_>> {
    let (&op, rest) = data.split_first()?;
    match op {
        OP_KECCAK => Some(Request::Keccak(rest)),
        OP_RUN => {
            let (gas, rest) = split_array::<8>(rest)?;
            let (len, rest) = split_array::<4>(rest)?;
            let code_len = usize::try_from(u32::from_le_bytes(len)).ok()?;
            if code_len > rest.len() {
                return None;
            }
            let (code, calldata) = rest.split_at(code_len);
            Some(Request::Run {
                gas_limit: u64::from_le_bytes(gas),
                code,
                calldata,
            })
        }
        _ => None,
    }
}

/// Return data for a [`RunResult`], its output truncated to fit [`MAX_RETURN_DATA`].
pub fn encode_result(result: &RunResult) -> Vec<u8> {
    let (status, halt) = match result.status {
        RunStatus::Success => (STATUS_SUCCESS, 0),
        RunStatus::Revert => (STATUS_REVERT, 0),
        RunStatus::Halt(reason) => (STATUS_HALT, reason),
    };
    let kept = result.output.len().min(MAX_RETURN_DATA - RUN_HEADER_LEN);
    let mut out = Vec::with_capacity(RUN_HEADER_LEN + kept);
    out.push(status);
    out.push(halt);
    out.extend_from_slice(&result.gas_used.to_le_bytes());
    out.extend_from_slice(&result.output_len.to_le_bytes());
    out.extend_from_slice(&result.output[..kept]);
    out
}

/// Decodes return data produced by [`encode_result`]; `None` when it is malformed.
pub fn decode_result(data: &[u8]) -> Option<RunResult> {
    let (status, rest) = split_array::<1>(data)?;
    let (halt, rest) = split_array::<1>(rest)?;
    let (gas, rest) = split_array::<8>(rest)?;
    let (len, output) = split_array::<4>(rest)?;
    let status = match (status[0], halt[0]) {
        (STATUS_SUCCESS, 0) => RunStatus::Success,
        (STATUS_REVERT, 0) => RunStatus::Revert,
        (STATUS_HALT, reason) => RunStatus::Halt(reason),
        _ => return None,
    };
    Some(RunResult {
        status,
        gas_used: u64::from_le_bytes(gas),
        output_len: u32::from_le_bytes(len),
        output: output.to_vec(),
    })
}

/// Splits `N` leading bytes off `data`.
fn split_array<const N: usize>(data: &[u8]) -> Option<([u8; N], &[u8])> {
    if data.len() < N {
        return None;
    }
    let (head, tail) = data.split_at(N);
    let mut array = [0u8; N];
    array.copy_from_slice(head);
    Some((array, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_request_round_trips() {
        let data = encode_run(77, &[0x60, 0x01], &[9, 9, 9]).expect("small code");
        assert_eq!(
            decode_request(&data),
            Some(Request::Run {
                gas_limit: 77,
                code: &[0x60, 0x01],
                calldata: &[9, 9, 9],
            })
        );
        assert_eq!(decode_request(&data[..data.len() - 4]), None);
        assert_eq!(decode_request(&[7]), None);
        assert_eq!(
            decode_request(&encode_keccak(b"x")),
            Some(Request::Keccak(b"x"))
        );
    }

    #[test]
    fn result_round_trips_and_truncates() {
        let result = RunResult {
            status: RunStatus::Halt(3),
            gas_used: 21_005,
            output_len: 2000,
            output: alloc::vec![0xab; 2000],
        };
        let encoded = encode_result(&result);
        assert_eq!(encoded.len(), MAX_RETURN_DATA);
        let decoded = decode_result(&encoded).expect("well formed");
        assert_eq!(decoded.status, RunStatus::Halt(3));
        assert_eq!(decoded.gas_used, 21_005);
        assert_eq!(decoded.output_len, 2000);
        assert_eq!(
            decoded.output,
            result.output[..MAX_RETURN_DATA - RUN_HEADER_LEN]
        );
    }
}
