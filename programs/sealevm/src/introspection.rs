//! Instruction introspection: reads another instruction of the running Solana transaction
//! from the Instructions sysvar's data, and the check of `ExecuteVerified` that the secp256k1
//! precompile verified this Ethereum transaction's signature.
//!
//! Sysvar layout (written by the runtime): `count: u16 LE`, `count` offsets (`u16 LE`, from the
//! start of the data) of the serialized instructions, then each instruction as
//! `num_accounts: u16 LE`, `num_accounts` x (flags `u8`, address `[u8; 32]`),
//! `program_id: [u8; 32]`, `data_len: u16 LE`, `data`; the last two bytes hold the index of the
//! instruction being executed.

use sealevm_primitives::{keccak256, Address as EthAddress};
use sealevm_sdk::id::SECP256K1_PROGRAM_ID;
use sealevm_sdk::tx::SignedTx;
use sealevm_sdk::{secp256k1, SealevmError};

/// A serialized account meta: flags byte and address.
const ACCOUNT_META_LEN: usize = 33;

/// The little-endian `u16` at `at`.
fn u16_at(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]) as usize)
}

/// One instruction of the transaction, as the sysvar holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Introspected<'a> {
    /// The program it calls.
    pub program_id: &'a [u8],
    /// Its data.
    pub data: &'a [u8],
}

/// The instruction at position `index` of the transaction whose Instructions sysvar data is
/// `sysvar`. [`SealevmError::MissingPrecompile`] when there is none, or when it is the
/// instruction being executed; [`SealevmError::InvalidInstructionsSysvar`] when the data is
/// malformed.
pub fn instruction_at(sysvar: &[u8], index: u8) -> Result<Introspected<'_>, SealevmError> {
    let malformed = SealevmError::InvalidInstructionsSysvar;
    let count = u16_at(sysvar, 0).ok_or(malformed)?;
    let current = sysvar
        .len()
        .checked_sub(2)
        .and_then(|at| u16_at(sysvar, at))
        .ok_or(malformed)?;
    let index = index as usize;
    if index >= count || index == current {
        return Err(SealevmError::MissingPrecompile);
    }
    let start = u16_at(sysvar, 2 + 2 * index).ok_or(malformed)?;
    let accounts = u16_at(sysvar, start).ok_or(malformed)?;
    let program_at = start + 2 + accounts * ACCOUNT_META_LEN;
    let program_id = sysvar.get(program_at..program_at + 32).ok_or(malformed)?;
    let data_len = u16_at(sysvar, program_at + 32).ok_or(malformed)?;
    let data_at = program_at + 34;
    let data = sysvar.get(data_at..data_at + data_len).ok_or(malformed)?;
    Ok(Introspected { program_id, data })
}

/// Checks that the instruction at `index` is the secp256k1 precompile verifying `signed`
/// (exactly one signature, all parts inside that instruction, the transaction's `r || s` and
/// recovery id, message = its signing preimage) and returns the address the precompile
/// checked: the sender. The runtime fails the whole Solana transaction when a precompile
/// instruction does not verify, so reaching this code means that address signed the message.
pub fn verified_sender(
    sysvar: &[u8],
    index: u8,
    signed: &SignedTx,
) -> Result<EthAddress, SealevmError> {
    let ix = instruction_at(sysvar, index)?;
    if ix.program_id != SECP256K1_PROGRAM_ID.as_slice() {
        return Err(SealevmError::WrongPrecompileProgram);
    }
    let verified = secp256k1::parse(ix.data, index)?;
    let same = verified.signature == signed.signature.as_slice()
        && verified.recovery_id == signed.recovery_id
        && keccak256(verified.message) == signed.signing_hash;
    if !same {
        return Err(SealevmError::PrecompileMismatch);
    }
    Ok(EthAddress::from_slice(verified.eth_address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Sysvar data of `(program_id, accounts, data)` instructions, executing `current`.
    fn sysvar(instructions: &[([u8; 32], usize, Vec<u8>)], current: u16) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(instructions.len() as u16).to_le_bytes());
        out.resize(2 + 2 * instructions.len(), 0);
        for (i, (program, accounts, data)) in instructions.iter().enumerate() {
            let start = out.len() as u16;
            out[2 + 2 * i..4 + 2 * i].copy_from_slice(&start.to_le_bytes());
            out.extend_from_slice(&(*accounts as u16).to_le_bytes());
            for a in 0..*accounts {
                out.push(1);
                out.extend_from_slice(&[a as u8; 32]);
            }
            out.extend_from_slice(program);
            out.extend_from_slice(&(data.len() as u16).to_le_bytes());
            out.extend_from_slice(data);
        }
        out.extend_from_slice(&current.to_le_bytes());
        out
    }

    #[test]
    fn finds_instructions_and_refuses_bad_indexes() {
        let data = sysvar(
            &[
                ([1; 32], 0, alloc::vec![5, 6]),
                ([2; 32], 3, alloc::vec![7]),
            ],
            1,
        );
        let first = instruction_at(&data, 0).expect("first");
        assert_eq!(first.program_id, &[1u8; 32][..]);
        assert_eq!(first.data, &[5u8, 6][..]);
        // The current instruction and one past the end are not precompiles.
        assert_eq!(
            instruction_at(&data, 1),
            Err(SealevmError::MissingPrecompile)
        );
        assert_eq!(
            instruction_at(&data, 2),
            Err(SealevmError::MissingPrecompile)
        );
        // Truncated data.
        assert_eq!(
            instruction_at(&data[..9], 0),
            Err(SealevmError::InvalidInstructionsSysvar)
        );
        assert_eq!(
            instruction_at(&[], 0),
            Err(SealevmError::InvalidInstructionsSysvar)
        );
    }

    /// A transaction decoded from the EIP-155 example, and its precompile data at index 0.
    fn example() -> (SignedTx, Vec<u8>) {
        let raw: Vec<u8> = (0..EIP155.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&EIP155[i..i + 2], 16).expect("hex"))
            .collect();
        let signed = sealevm_sdk::tx::decode(&raw).expect("decodes");
        let preimage = sealevm_sdk::tx::signing_preimage(&raw).expect("preimage");
        let data = secp256k1::instruction_data(
            &signed.signature,
            signed.recovery_id,
            &[0x9d; 20],
            &preimage,
            0,
        )
        .expect("fits");
        (signed, data)
    }

    const EIP155: &str = "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    #[test]
    fn the_sender_is_the_verified_address() {
        let (signed, data) = example();
        let tx = sysvar(
            &[
                (SECP256K1_PROGRAM_ID, 0, data.clone()),
                ([3; 32], 4, Vec::new()),
            ],
            1,
        );
        assert_eq!(
            verified_sender(&tx, 0, &signed),
            Ok(EthAddress::from([0x9d; 20]))
        );
        // Another program at that index.
        let forged = sysvar(&[([7; 32], 0, data.clone()), ([3; 32], 4, Vec::new())], 1);
        assert_eq!(
            verified_sender(&forged, 0, &signed),
            Err(SealevmError::WrongPrecompileProgram)
        );
        // Another message (a different preimage), another signature, another recovery id.
        let message_at = secp256k1::DATA_START + 85;
        let recovery_at = secp256k1::DATA_START + 64;
        for at in [
            message_at,
            message_at + 5,
            secp256k1::DATA_START,
            recovery_at,
        ] {
            let mut other = data.clone();
            other[at] ^= 1;
            let tx = sysvar(
                &[(SECP256K1_PROGRAM_ID, 0, other), ([3; 32], 4, Vec::new())],
                1,
            );
            assert_eq!(
                verified_sender(&tx, 0, &signed),
                Err(SealevmError::PrecompileMismatch),
                "byte {at}"
            );
        }
        // Pointing at an instruction that is not there.
        assert_eq!(
            verified_sender(&tx, 5, &signed),
            Err(SealevmError::MissingPrecompile)
        );
    }
}
