//! The program's instructions: a one-byte discriminator followed by the fields of the variant.

use crate::error::SealevmError;
use alloc::vec::Vec;
use sealevm_primitives::Address;

/// Discriminator of [`SealevmInstruction::Initialize`].
pub const INITIALIZE: u8 = 0;
/// Discriminator of [`SealevmInstruction::Deposit`].
pub const DEPOSIT: u8 = 1;
/// Discriminator of [`SealevmInstruction::Execute`].
pub const EXECUTE: u8 = 2;

/// The instructions of the sealevm program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealevmInstruction<'a> {
    /// Creates the config and the vault. Can run once.
    ///
    /// Data: `[0] chain_id: u64 LE`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` payer of the two new accounts
    /// 1. `[writable]` config PDA `["config"]`
    /// 2. `[writable]` vault PDA `["vault"]`
    /// 3. `[]` system program
    Initialize {
        /// EIP-155 chain id of the EVM.
        chain_id: u64,
    },
    /// Moves lamports from the depositor into the vault and credits `lamports * 10^9` wei to
    /// the EVM account of `address`, creating that account (paid by the depositor) if missing.
    ///
    /// Data: `[1] address: [u8; 20] lamports: u64 LE`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` depositor
    /// 1. `[writable]` vault PDA
    /// 2. `[writable]` EVM account PDA `["account", address]`
    /// 3. `[]` system program
    Deposit {
        /// The credited Ethereum address.
        address: Address,
        /// Lamports moved into the vault.
        lamports: u64,
    },
    /// Executes a signed Ethereum transaction (legacy/EIP-155, EIP-2930 or EIP-1559). The gas
    /// fee (gas used x effective gas price) is credited to the operator's gas account; the
    /// receipt is returned as return data and logged (see [`crate::receipt`]).
    ///
    /// Data: `[2] rlp: the signed transaction as sent to eth_sendRawTransaction`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` operator: pays for accounts the transaction creates
    /// 1. `[]` config PDA
    /// 2. `[]` system program
    /// 3. `[writable]` the operator's gas account: an EVM account credited with the fee; its
    ///    address is the block's COINBASE
    /// 4. .. `[]` or `[writable]` every EVM account and storage slot PDA the transaction reads
    ///    (read-only) or writes (writable), existing or to be created
    Execute {
        /// The signed transaction bytes.
        tx: &'a [u8],
    },
}

impl<'a> SealevmInstruction<'a> {
    /// Decodes instruction data.
    pub fn unpack(data: &'a [u8]) -> Result<Self, SealevmError> {
        let (&tag, rest) = data
            .split_first()
            .ok_or(SealevmError::InvalidInstructionData)?;
        match tag {
            INITIALIZE => {
                let chain_id: [u8; 8] = rest
                    .try_into()
                    .map_err(|_| SealevmError::InvalidInstructionData)?;
                Ok(Self::Initialize {
                    chain_id: u64::from_le_bytes(chain_id),
                })
            }
            DEPOSIT => {
                if rest.len() != 28 {
                    return Err(SealevmError::InvalidInstructionData);
                }
                let mut lamports = [0u8; 8];
                lamports.copy_from_slice(&rest[20..28]);
                Ok(Self::Deposit {
                    address: Address::from_slice(&rest[..20]),
                    lamports: u64::from_le_bytes(lamports),
                })
            }
            EXECUTE => Ok(Self::Execute { tx: rest }),
            _ => Err(SealevmError::InvalidInstructionData),
        }
    }

    /// Encodes instruction data.
    pub fn pack(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Self::Initialize { chain_id } => {
                out.push(INITIALIZE);
                out.extend_from_slice(&chain_id.to_le_bytes());
            }
            Self::Deposit { address, lamports } => {
                out.push(DEPOSIT);
                out.extend_from_slice(address.as_bytes());
                out.extend_from_slice(&lamports.to_le_bytes());
            }
            Self::Execute { tx } => {
                out.push(EXECUTE);
                out.extend_from_slice(tx);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_unpack_round_trip() {
        let tx = [0xf8u8, 0x01, 0x02];
        let all = [
            SealevmInstruction::Initialize { chain_id: 245_022 },
            SealevmInstruction::Deposit {
                address: Address::from([9; 20]),
                lamports: u64::MAX,
            },
            SealevmInstruction::Execute { tx: &tx },
        ];
        for ix in all {
            let data = ix.pack();
            assert_eq!(SealevmInstruction::unpack(&data), Ok(ix));
        }
        assert!(SealevmInstruction::unpack(&[]).is_err());
        assert!(SealevmInstruction::unpack(&[INITIALIZE, 1]).is_err());
        assert!(SealevmInstruction::unpack(&[DEPOSIT; 20]).is_err());
        assert!(SealevmInstruction::unpack(&[99]).is_err());
    }
}
