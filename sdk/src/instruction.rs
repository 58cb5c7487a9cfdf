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
/// Discriminator of [`SealevmInstruction::HolderCreate`].
pub const HOLDER_CREATE: u8 = 3;
/// Discriminator of [`SealevmInstruction::HolderWrite`].
pub const HOLDER_WRITE: u8 = 4;
/// Discriminator of [`SealevmInstruction::ExecuteFromHolder`].
pub const EXECUTE_FROM_HOLDER: u8 = 5;
/// Discriminator of [`SealevmInstruction::HolderClose`].
pub const HOLDER_CLOSE: u8 = 6;
/// Discriminator of [`SealevmInstruction::AllocateAccount`].
pub const ALLOCATE_ACCOUNT: u8 = 7;
/// Discriminator of [`SealevmInstruction::Withdraw`].
pub const WITHDRAW: u8 = 8;
/// Discriminator of [`SealevmInstruction::ExecuteVerified`].
pub const EXECUTE_VERIFIED: u8 = 9;

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
    /// Binds a fresh holder account to the operator. The holder is created just before, in the
    /// same Solana transaction, by the system program's `CreateAccount` (any size up to 10 MiB,
    /// owner = this program, all data zero); it must sign, so nobody else's account can be
    /// claimed.
    ///
    /// Data: `[3]`.
    ///
    /// Accounts:
    /// 0. `[signer]` operator: the only account allowed to write, execute and close the holder
    /// 1. `[writable, signer]` holder
    HolderCreate,
    /// Copies `chunk` into the holder at byte `offset` of its payload (after the header).
    ///
    /// Data: `[4] offset: u32 LE, chunk`.
    ///
    /// Accounts:
    /// 0. `[signer]` operator the holder is bound to
    /// 1. `[writable]` holder
    HolderWrite {
        /// Byte offset in the payload.
        offset: u32,
        /// The bytes to copy.
        chunk: &'a [u8],
    },
    /// `Execute` of the signed transaction stored at the start of the holder's payload (its
    /// length is read from its RLP header). Accounts: the holder, then exactly the accounts of
    /// `Execute`.
    ///
    /// Data: `[5]`.
    ///
    /// Accounts:
    /// 0. `[]` holder bound to the operator
    /// 1. .. as `Execute` (operator, config, system program, gas account, declared accounts)
    ExecuteFromHolder,
    /// Closes the holder: every lamport goes back to the operator.
    ///
    /// Data: `[6]`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` operator the holder is bound to
    /// 1. `[writable]` holder
    HolderClose,
    /// Makes room for code before a deployment: creates the EVM account of `address` as an
    /// empty account (no nonce, balance or code, which the EVM treats as absent) or grows an
    /// existing one without code, by at most 10 KiB per instruction, towards `space` bytes of
    /// data (rent paid by the operator). Several of these in one Solana transaction reach the
    /// size of a 24 KiB contract (`AccountHeader::data_len`).
    ///
    /// Data: `[7] address: [u8; 20] space: u32 LE`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` operator (pays rent)
    /// 1. `[writable]` EVM account PDA `["account", address]`
    /// 2. `[]` system program
    AllocateAccount {
        /// The Ethereum address.
        address: Address,
        /// Target data length in bytes.
        space: u32,
    },
    /// Withdraws wei back to a Solana account: `tx` is a signed Ethereum transaction that sends
    /// `value` (a whole number of lamports, in wei) to [`crate::chain::WITHDRAW_ADDRESS`] with
    /// the 32-byte destination Solana address as its data. It runs like `Execute` (nonce, gas,
    /// fee to the operator); the value is burned and `value / 10^9` lamports move from the
    /// vault to the destination.
    ///
    /// Data: `[8] rlp`.
    ///
    /// Accounts:
    /// 0. `[writable, signer]` operator
    /// 1. `[]` config PDA
    /// 2. `[]` system program
    /// 3. `[writable]` vault PDA
    /// 4. `[writable]` destination (the address in the transaction's data)
    /// 5. `[writable]` the operator's gas account
    /// 6. .. the sender's EVM account (writable) and anything else the EVM reads
    Withdraw {
        /// The signed transaction bytes.
        tx: &'a [u8],
    },
    /// `Execute` whose signature was verified by Solana's secp256k1 precompile in the same
    /// Solana transaction instead of the `secp256k1_recover` syscall (about 25,000 CU less;
    /// the block cost model charges the precompile 6,690 per signature instead). The
    /// instruction at `precompile_index` must be a secp256k1 precompile instruction verifying
    /// exactly one signature, with every part inside itself, whose signature and recovery id
    /// are the transaction's and whose message is its signing preimage
    /// ([`crate::tx::signing_preimage`]); the address it verified is the sender. See
    /// [`crate::secp256k1`].
    ///
    /// Data: `[9] precompile_index: u8, rlp`.
    ///
    /// Accounts:
    /// 0. `[]` the Instructions sysvar
    /// 1. .. as `Execute` (operator, config, system program, gas account, declared accounts)
    ExecuteVerified {
        /// Position of the secp256k1 precompile instruction in the Solana transaction.
        precompile_index: u8,
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
            HOLDER_CREATE if rest.is_empty() => Ok(Self::HolderCreate),
            HOLDER_WRITE => {
                let (offset, chunk) = rest
                    .split_first_chunk::<4>()
                    .ok_or(SealevmError::InvalidInstructionData)?;
                Ok(Self::HolderWrite {
                    offset: u32::from_le_bytes(*offset),
                    chunk,
                })
            }
            EXECUTE_FROM_HOLDER if rest.is_empty() => Ok(Self::ExecuteFromHolder),
            HOLDER_CLOSE if rest.is_empty() => Ok(Self::HolderClose),
            ALLOCATE_ACCOUNT => {
                if rest.len() != 24 {
                    return Err(SealevmError::InvalidInstructionData);
                }
                let mut space = [0u8; 4];
                space.copy_from_slice(&rest[20..24]);
                Ok(Self::AllocateAccount {
                    address: Address::from_slice(&rest[..20]),
                    space: u32::from_le_bytes(space),
                })
            }
            WITHDRAW => Ok(Self::Withdraw { tx: rest }),
            EXECUTE_VERIFIED => {
                let (&precompile_index, tx) = rest
                    .split_first()
                    .ok_or(SealevmError::InvalidInstructionData)?;
                Ok(Self::ExecuteVerified {
                    precompile_index,
                    tx,
                })
            }
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
            Self::HolderCreate => out.push(HOLDER_CREATE),
            Self::HolderWrite { offset, chunk } => {
                out.push(HOLDER_WRITE);
                out.extend_from_slice(&offset.to_le_bytes());
                out.extend_from_slice(chunk);
            }
            Self::ExecuteFromHolder => out.push(EXECUTE_FROM_HOLDER),
            Self::HolderClose => out.push(HOLDER_CLOSE),
            Self::AllocateAccount { address, space } => {
                out.push(ALLOCATE_ACCOUNT);
                out.extend_from_slice(address.as_bytes());
                out.extend_from_slice(&space.to_le_bytes());
            }
            Self::Withdraw { tx } => {
                out.push(WITHDRAW);
                out.extend_from_slice(tx);
            }
            Self::ExecuteVerified {
                precompile_index,
                tx,
            } => {
                out.push(EXECUTE_VERIFIED);
                out.push(*precompile_index);
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
            SealevmInstruction::HolderCreate,
            SealevmInstruction::HolderWrite {
                offset: 77,
                chunk: &tx,
            },
            SealevmInstruction::ExecuteFromHolder,
            SealevmInstruction::HolderClose,
            SealevmInstruction::AllocateAccount {
                address: Address::from([3; 20]),
                space: 30_000,
            },
            SealevmInstruction::Withdraw { tx: &tx },
            SealevmInstruction::ExecuteVerified {
                precompile_index: 4,
                tx: &tx,
            },
        ];
        for ix in all {
            let data = ix.pack();
            assert_eq!(SealevmInstruction::unpack(&data), Ok(ix));
        }
        assert!(SealevmInstruction::unpack(&[]).is_err());
        assert!(SealevmInstruction::unpack(&[INITIALIZE, 1]).is_err());
        assert!(SealevmInstruction::unpack(&[DEPOSIT; 20]).is_err());
        assert!(SealevmInstruction::unpack(&[99]).is_err());
        assert!(SealevmInstruction::unpack(&[HOLDER_WRITE, 1, 2]).is_err());
        assert!(SealevmInstruction::unpack(&[HOLDER_CLOSE, 0]).is_err());
        assert!(SealevmInstruction::unpack(&[EXECUTE_VERIFIED]).is_err());
    }
}
