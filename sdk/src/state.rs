//! Byte layouts of the program's accounts.
//!
//! Every account the program owns starts with a one-byte tag and its PDA bump, followed by the
//! identity it was created for. The program creates each kind of account only at its PDA, so
//! "owned by the program + tag + stored identity" identifies an account as firmly as
//! re-deriving its address does, at a fraction of the cost (see `docs/program.md`).
//! Integers are little-endian, except 256-bit EVM words (balances, slot keys and values), which
//! are big-endian as in Ethereum.

use sealevm_primitives::{Address, B256, U256};

/// Tag of the config account.
pub const TAG_CONFIG: u8 = 1;
/// Tag of the vault account.
pub const TAG_VAULT: u8 = 2;
/// Tag of an EVM account.
pub const TAG_ACCOUNT: u8 = 3;
/// Tag of a storage slot account.
pub const TAG_STORAGE: u8 = 4;
/// Tag of a holder account.
pub const TAG_HOLDER: u8 = 5;

/// The config PDA `["config"]`: chain settings, read-only on the Ethereum path.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | tag = [`TAG_CONFIG`] |
/// | 1 | 1 | bump |
/// | 2 | 6 | zero |
/// | 8 | 8 | chain id (u64 LE) |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// PDA bump of the config account.
    pub bump: u8,
    /// EIP-155 chain id.
    pub chain_id: u64,
}

impl Config {
    /// Data length.
    pub const LEN: usize = 16;

    /// Parses config data (`None` when the tag or length is wrong).
    pub fn read(data: &[u8]) -> Option<Self> {
        if data.len() < Self::LEN || data[0] != TAG_CONFIG {
            return None;
        }
        Some(Self {
            bump: data[1],
            chain_id: read_u64(&data[8..16]),
        })
    }

    /// Writes the config into `data` (at least [`Config::LEN`] bytes).
    pub fn write(&self, data: &mut [u8]) -> Option<()> {
        let data = data.get_mut(..Self::LEN)?;
        data.fill(0);
        data[0] = TAG_CONFIG;
        data[1] = self.bump;
        data[8..16].copy_from_slice(&self.chain_id.to_le_bytes());
        Some(())
    }
}

/// The vault PDA `["vault"]`: holds every deposited lamport. Data is the tag and the bump.
pub struct Vault;

impl Vault {
    /// Data length.
    pub const LEN: usize = 2;
}

/// Header of an EVM account PDA `["account", address]`, followed by the code and its JUMPDEST
/// bitmap (`code_len / 8 + 1` bytes, see `sealevm_evm::Bytecode::jumpdest_bitmap`) when
/// `code_len > 0`.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | tag = [`TAG_ACCOUNT`] |
/// | 1 | 1 | bump |
/// | 2 | 20 | address |
/// | 22 | 8 | nonce (u64 LE) |
/// | 30 | 32 | balance in wei (U256 BE) |
/// | 62 | 32 | code hash |
/// | 94 | 4 | code length (u32 LE) |
/// | 98 | code length | code |
/// | 98 + code length | code length / 8 + 1 | JUMPDEST bitmap |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountHeader {
    /// PDA bump.
    pub bump: u8,
    /// The Ethereum address.
    pub address: Address,
    /// Nonce.
    pub nonce: u64,
    /// Balance in wei.
    pub balance: U256,
    /// keccak256 of the code (`KECCAK_EMPTY` without code).
    pub code_hash: B256,
    /// Code length in bytes.
    pub code_len: u32,
}

impl AccountHeader {
    /// Header length; the code starts here.
    pub const LEN: usize = 98;
    /// Offset of the address.
    pub const ADDRESS: usize = 2;
    /// Offset of the nonce.
    pub const NONCE: usize = 22;
    /// Offset of the balance.
    pub const BALANCE: usize = 30;
    /// Offset of the code hash.
    pub const CODE_HASH: usize = 62;
    /// Offset of the code length.
    pub const CODE_LEN: usize = 94;

    /// Data length of an account holding `code_len` bytes of code.
    pub const fn data_len(code_len: usize) -> usize {
        if code_len == 0 {
            Self::LEN
        } else {
            Self::LEN + code_len + code_len / 8 + 1
        }
    }

    /// The address stored in EVM account data, without parsing the rest (`None` when the tag
    /// or length is wrong).
    pub fn address_of(data: &[u8]) -> Option<&[u8; 20]> {
        if data.len() < Self::LEN || data[0] != TAG_ACCOUNT {
            return None;
        }
        data[Self::ADDRESS..Self::NONCE].try_into().ok()
    }

    /// Parses the header (`None` when the tag or length is wrong, or the code does not fit).
    pub fn read(data: &[u8]) -> Option<Self> {
        Self::address_of(data)?;
        let header = Self {
            bump: data[1],
            address: Address::from_slice(&data[Self::ADDRESS..Self::NONCE]),
            nonce: read_u64(&data[Self::NONCE..Self::BALANCE]),
            balance: U256::from_be_slice(&data[Self::BALANCE..Self::CODE_HASH]),
            code_hash: B256::from_slice(&data[Self::CODE_HASH..Self::CODE_LEN]),
            code_len: read_u32(&data[Self::CODE_LEN..Self::LEN]),
        };
        if data.len() < Self::data_len(header.code_len as usize) {
            return None;
        }
        Some(header)
    }

    /// Writes the header into the first [`AccountHeader::LEN`] bytes of `data`.
    pub fn write(&self, data: &mut [u8]) -> Option<()> {
        let data = data.get_mut(..Self::LEN)?;
        data[0] = TAG_ACCOUNT;
        data[1] = self.bump;
        data[Self::ADDRESS..Self::NONCE].copy_from_slice(self.address.as_bytes());
        data[Self::NONCE..Self::BALANCE].copy_from_slice(&self.nonce.to_le_bytes());
        self.balance.write_be_bytes(
            (&mut data[Self::BALANCE..Self::CODE_HASH])
                .try_into()
                .ok()?,
        );
        data[Self::CODE_HASH..Self::CODE_LEN].copy_from_slice(self.code_hash.as_bytes());
        data[Self::CODE_LEN..Self::LEN].copy_from_slice(&self.code_len.to_le_bytes());
        Some(())
    }

    /// The code and JUMPDEST bitmap stored after the header (both empty without code).
    pub fn code_of(data: &[u8]) -> Option<(&[u8], &[u8])> {
        let header = Self::read(data)?;
        let len = header.code_len as usize;
        if len == 0 {
            return Some((&[], &[]));
        }
        let code_end = Self::LEN + len;
        Some((
            &data[Self::LEN..code_end],
            &data[code_end..code_end + len / 8 + 1],
        ))
    }
}

/// A storage slot PDA `["storage", address, key]`: one account per slot, so transactions that
/// touch different slots share no writable account.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | tag = [`TAG_STORAGE`] |
/// | 1 | 1 | bump |
/// | 2 | 20 | address |
/// | 22 | 32 | key (U256 BE) |
/// | 54 | 32 | value (U256 BE) |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StorageSlot {
    /// PDA bump.
    pub bump: u8,
    /// The contract's address.
    pub address: Address,
    /// Slot key.
    pub key: U256,
    /// Slot value.
    pub value: U256,
}

impl StorageSlot {
    /// Data length.
    pub const LEN: usize = 86;
    /// Offset of the address.
    pub const ADDRESS: usize = 2;
    /// Offset of the key.
    pub const KEY: usize = 22;
    /// Offset of the value.
    pub const VALUE: usize = 54;

    /// The identity (address and big-endian key, 52 bytes) stored in slot data, without
    /// parsing the value (`None` when the tag or length is wrong).
    pub fn identity_of(data: &[u8]) -> Option<&[u8; 52]> {
        if data.len() < Self::LEN || data[0] != TAG_STORAGE {
            return None;
        }
        data[Self::ADDRESS..Self::VALUE].try_into().ok()
    }

    /// Parses slot data.
    pub fn read(data: &[u8]) -> Option<Self> {
        Self::identity_of(data)?;
        Some(Self {
            bump: data[1],
            address: Address::from_slice(&data[Self::ADDRESS..Self::KEY]),
            key: U256::from_be_slice(&data[Self::KEY..Self::VALUE]),
            value: U256::from_be_slice(&data[Self::VALUE..Self::LEN]),
        })
    }

    /// Writes the slot into `data`.
    pub fn write(&self, data: &mut [u8]) -> Option<()> {
        let data = data.get_mut(..Self::LEN)?;
        data[0] = TAG_STORAGE;
        data[1] = self.bump;
        data[Self::ADDRESS..Self::KEY].copy_from_slice(self.address.as_bytes());
        self.key
            .write_be_bytes((&mut data[Self::KEY..Self::VALUE]).try_into().ok()?);
        self.value
            .write_be_bytes((&mut data[Self::VALUE..Self::LEN]).try_into().ok()?);
        Some(())
    }
}

/// A holder: a buffer, owned by the program and bound to one operator, that receives a
/// transaction too large for one Solana packet in chunks (`HolderWrite`) before
/// `ExecuteFromHolder` runs it. Created by the system program at any size (not a PDA), then
/// tagged by `HolderCreate`.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | tag = [`TAG_HOLDER`] |
/// | 1 | 7 | zero |
/// | 8 | 32 | the operator (Solana address) |
/// | 40 | rest | payload: the signed transaction, from offset 0 |
pub struct Holder;

impl Holder {
    /// Header length; the payload starts here.
    pub const LEN: usize = 40;
    /// Offset of the operator.
    pub const OPERATOR: usize = 8;

    /// The operator a holder is bound to (`None` when the tag or length is wrong).
    pub fn operator_of(data: &[u8]) -> Option<&[u8; 32]> {
        if data.len() < Self::LEN || data[0] != TAG_HOLDER {
            return None;
        }
        data[Self::OPERATOR..Self::LEN].try_into().ok()
    }

    /// Writes the header binding the holder to `operator`.
    pub fn write(operator: &[u8; 32], data: &mut [u8]) -> Option<()> {
        let data = data.get_mut(..Self::LEN)?;
        data.fill(0);
        data[0] = TAG_HOLDER;
        data[Self::OPERATOR..].copy_from_slice(operator);
        Some(())
    }
}

/// Little-endian u64 from 8 bytes.
fn read_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// Little-endian u32 from 4 bytes.
fn read_u32(b: &[u8]) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u32::from_le_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use sealevm_primitives::KECCAK_EMPTY;

    #[test]
    fn layouts_round_trip() {
        let config = Config {
            bump: 254,
            chain_id: 0x5ea1,
        };
        let mut data = [0u8; Config::LEN];
        config.write(&mut data).expect("room");
        assert_eq!(Config::read(&data), Some(config));

        let header = AccountHeader {
            bump: 7,
            address: Address::from([0x11; 20]),
            nonce: 3,
            balance: U256::from_u64(1).shl_u32(200),
            code_hash: KECCAK_EMPTY,
            code_len: 9,
        };
        let mut data = vec![0u8; AccountHeader::data_len(9)];
        assert_eq!(data.len(), 98 + 9 + 2);
        header.write(&mut data).expect("room");
        assert_eq!(AccountHeader::read(&data), Some(header));
        assert_eq!(AccountHeader::address_of(&data), Some(&[0x11; 20]));
        let (code, bitmap) = AccountHeader::code_of(&data).expect("code");
        assert_eq!((code.len(), bitmap.len()), (9, 2));
        assert_eq!(AccountHeader::read(&data[..100]), None);

        let slot = StorageSlot {
            bump: 1,
            address: Address::from([0x22; 20]),
            key: U256::from_u64(5),
            value: U256::MAX,
        };
        let mut data = [0u8; StorageSlot::LEN];
        slot.write(&mut data).expect("room");
        assert_eq!(StorageSlot::read(&data), Some(slot));
        data[0] = TAG_ACCOUNT;
        assert_eq!(StorageSlot::read(&data), None);

        let mut data = [0u8; 50];
        assert_eq!(Holder::operator_of(&data), None);
        Holder::write(&[7; 32], &mut data).expect("room");
        assert_eq!(Holder::operator_of(&data), Some(&[7; 32]));
    }
}
