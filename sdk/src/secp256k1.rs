//! The instruction data of Solana's native secp256k1 precompile
//! ([`crate::id::SECP256K1_PROGRAM_ID`]), as its verifier (agave `precompiles/src/secp256k1.rs`)
//! reads it, for the `ExecuteVerified` route: the precompile recovers the signer of
//! keccak256(message) and fails the whole Solana transaction unless it is the given Ethereum
//! address; the program then only checks, through the Instructions sysvar, that the instruction
//! verified *this* transaction's signature and signing preimage.
//!
//! Layout: `num_signatures: u8`, then `num_signatures` offset records of 11 bytes each
//! ([`Offsets`]: `signature_offset: u16 LE, signature_instruction_index: u8,
//! eth_address_offset: u16 LE, eth_address_instruction_index: u8, message_data_offset: u16 LE,
//! message_data_size: u16 LE, message_instruction_index: u8`), then the bytes the offsets point
//! at. The signature is 64 bytes `r || s` followed by the recovery id (0 or 1); the address is
//! 20 bytes; the message is hashed with keccak256 by the precompile, so for an Ethereum
//! transaction it is the signing *preimage* (whose keccak is the signing hash).
//!
//! Instruction indexes are absolute positions in the Solana transaction (the secp256k1
//! precompile has no "this instruction" marker such as the `u16::MAX` of the ed25519 and
//! secp256r1 precompiles): the program requires all three to equal the precompile
//! instruction's own index, so that every byte it compares lives in that instruction.

use crate::error::SealevmError;
use alloc::vec::Vec;

/// Bytes of one offsets record.
pub const OFFSETS_LEN: usize = 11;
/// Bytes of `r || s`.
pub const SIGNATURE_LEN: usize = 64;
/// Bytes of an Ethereum address.
pub const ETH_ADDRESS_LEN: usize = 20;
/// Where [`instruction_data`] puts the signature (after the count and one record).
pub const DATA_START: usize = 1 + OFFSETS_LEN;

/// One offsets record of the precompile's instruction data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offsets {
    /// Offset of the 64-byte signature and its recovery-id byte.
    pub signature_offset: u16,
    /// Instruction holding the signature.
    pub signature_instruction_index: u8,
    /// Offset of the 20-byte Ethereum address.
    pub eth_address_offset: u16,
    /// Instruction holding the address.
    pub eth_address_instruction_index: u8,
    /// Offset of the message.
    pub message_data_offset: u16,
    /// Length of the message.
    pub message_data_size: u16,
    /// Instruction holding the message.
    pub message_instruction_index: u8,
}

impl Offsets {
    /// Reads a record from its 11 bytes.
    pub fn read(b: &[u8; OFFSETS_LEN]) -> Self {
        Self {
            signature_offset: u16::from_le_bytes([b[0], b[1]]),
            signature_instruction_index: b[2],
            eth_address_offset: u16::from_le_bytes([b[3], b[4]]),
            eth_address_instruction_index: b[5],
            message_data_offset: u16::from_le_bytes([b[6], b[7]]),
            message_data_size: u16::from_le_bytes([b[8], b[9]]),
            message_instruction_index: b[10],
        }
    }

    /// The record's 11 bytes.
    pub fn to_bytes(&self) -> [u8; OFFSETS_LEN] {
        let mut b = [0u8; OFFSETS_LEN];
        b[0..2].copy_from_slice(&self.signature_offset.to_le_bytes());
        b[2] = self.signature_instruction_index;
        b[3..5].copy_from_slice(&self.eth_address_offset.to_le_bytes());
        b[5] = self.eth_address_instruction_index;
        b[6..8].copy_from_slice(&self.message_data_offset.to_le_bytes());
        b[8..10].copy_from_slice(&self.message_data_size.to_le_bytes());
        b[10] = self.message_instruction_index;
        b
    }
}

/// What one precompile instruction verified: `eth_address` signed keccak256(`message`) with
/// `signature` and `recovery_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified<'a> {
    /// `r || s`.
    pub signature: &'a [u8],
    /// The recovery id byte following the signature.
    pub recovery_id: u8,
    /// The signer.
    pub eth_address: &'a [u8],
    /// The signed message (hashed with keccak256 by the precompile).
    pub message: &'a [u8],
}

/// `len` bytes at `offset` of `data`.
fn slice(data: &[u8], offset: u16, len: usize) -> Result<&[u8], SealevmError> {
    let start = offset as usize;
    let end = start
        .checked_add(len)
        .ok_or(SealevmError::InvalidPrecompileData)?;
    data.get(start..end)
        .ok_or(SealevmError::InvalidPrecompileData)
}

/// Reads the data of the precompile instruction at position `own_index` of the transaction:
/// exactly one signature, all of whose parts lie in this same instruction (every instruction
/// index field equals `own_index`) and within its data.
pub fn parse(data: &[u8], own_index: u8) -> Result<Verified<'_>, SealevmError> {
    let (&count, rest) = data
        .split_first()
        .ok_or(SealevmError::InvalidPrecompileData)?;
    let record = rest
        .first_chunk::<OFFSETS_LEN>()
        .ok_or(SealevmError::InvalidPrecompileData)?;
    if count != 1 {
        return Err(SealevmError::InvalidPrecompileData);
    }
    let o = Offsets::read(record);
    if o.signature_instruction_index != own_index
        || o.eth_address_instruction_index != own_index
        || o.message_instruction_index != own_index
    {
        return Err(SealevmError::InvalidPrecompileData);
    }
    let signature = slice(data, o.signature_offset, SIGNATURE_LEN + 1)?;
    Ok(Verified {
        signature: &signature[..SIGNATURE_LEN],
        recovery_id: signature[SIGNATURE_LEN],
        eth_address: slice(data, o.eth_address_offset, ETH_ADDRESS_LEN)?,
        message: slice(data, o.message_data_offset, o.message_data_size as usize)?,
    })
}

/// The data of a precompile instruction at position `own_index` verifying that `eth_address`
/// signed keccak256(`message`): count 1, one record, signature and recovery id, address,
/// message, every index pointing at the instruction itself. Fails when `message` does not fit
/// the 16-bit offsets.
pub fn instruction_data(
    signature: &[u8; SIGNATURE_LEN],
    recovery_id: u8,
    eth_address: &[u8; ETH_ADDRESS_LEN],
    message: &[u8],
    own_index: u8,
) -> Result<Vec<u8>, SealevmError> {
    let address_at = DATA_START + SIGNATURE_LEN + 1;
    let message_at = address_at + ETH_ADDRESS_LEN;
    let size = u16::try_from(message.len()).map_err(|_| SealevmError::InvalidPrecompileData)?;
    let offsets = Offsets {
        signature_offset: DATA_START as u16,
        signature_instruction_index: own_index,
        eth_address_offset: address_at as u16,
        eth_address_instruction_index: own_index,
        message_data_offset: message_at as u16,
        message_data_size: size,
        message_instruction_index: own_index,
    };
    let mut data = Vec::with_capacity(message_at + message.len());
    data.push(1);
    data.extend_from_slice(&offsets.to_bytes());
    data.extend_from_slice(signature);
    data.push(recovery_id);
    data.extend_from_slice(eth_address);
    data.extend_from_slice(message);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(own_index: u8) -> Vec<u8> {
        instruction_data(&[7; 64], 1, &[9; 20], b"preimage", own_index).expect("fits")
    }

    #[test]
    fn round_trip() {
        let data = sample(3);
        let v = parse(&data, 3).expect("parses");
        assert_eq!(v.signature, &[7u8; 64][..]);
        assert_eq!(v.recovery_id, 1);
        assert_eq!(v.eth_address, &[9u8; 20][..]);
        assert_eq!(v.message, b"preimage");
        let o = Offsets::read(data[1..12].try_into().expect("11 bytes"));
        assert_eq!(Offsets::read(&o.to_bytes()), o);
    }

    #[test]
    fn refuses_other_shapes() {
        let data = sample(3);
        // Parsed as if it were at another index: it points at another instruction.
        assert_eq!(parse(&data, 2), Err(SealevmError::InvalidPrecompileData));
        // Each index field on its own.
        for field in [3usize, 6, 11] {
            let mut bad = data.clone();
            bad[field] = 0;
            assert_eq!(parse(&bad, 3), Err(SealevmError::InvalidPrecompileData));
        }
        // Not exactly one signature.
        for count in [0u8, 2] {
            let mut bad = data.clone();
            bad[0] = count;
            assert_eq!(parse(&bad, 3), Err(SealevmError::InvalidPrecompileData));
        }
        // Message running past the end, offsets past the end, truncated data.
        let mut bad = data.clone();
        bad[9] = 9;
        assert_eq!(parse(&bad, 3), Err(SealevmError::InvalidPrecompileData));
        let mut bad = data.clone();
        bad[1..3].copy_from_slice(&u16::MAX.to_le_bytes());
        assert_eq!(parse(&bad, 3), Err(SealevmError::InvalidPrecompileData));
        assert_eq!(
            parse(&data[..60], 3),
            Err(SealevmError::InvalidPrecompileData)
        );
        assert_eq!(parse(&[], 3), Err(SealevmError::InvalidPrecompileData));
        assert_eq!(parse(&[1], 3), Err(SealevmError::InvalidPrecompileData));
    }
}
