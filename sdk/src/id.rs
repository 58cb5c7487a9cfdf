//! The program id and the seeds of the program derived addresses (PDAs).

/// The sealevm program id (base58 [`PROGRAM_ID_BASE58`]).
pub const PROGRAM_ID: [u8; 32] = [
    0x0b, 0x5e, 0xa1, 0xe7, 0xeb, 0xe1, 0xe6, 0x34, 0x1f, 0xf9, 0x8d, 0x5d, 0xfe, 0xa8, 0xab, 0xc3,
    0x9b, 0xa8, 0x7e, 0xdc, 0x92, 0x1d, 0x6c, 0x7c, 0x8f, 0x1c, 0x39, 0x6c, 0x85, 0xfd, 0x49, 0x32,
];

/// [`PROGRAM_ID`] in base58, as written in `Anchor.toml`.
pub const PROGRAM_ID_BASE58: &str = "mPBL6QZJVXMVL5SQe1gyYJcNt6ghMxEXp4hFqbpmStH";

/// Seed of the config PDA: `["config"]`.
pub const CONFIG_SEED: &[u8] = b"config";

/// Seed of the vault PDA holding every deposited lamport: `["vault"]`.
pub const VAULT_SEED: &[u8] = b"vault";

/// First seed of an EVM account PDA: `["account", eth_address(20)]`.
pub const ACCOUNT_SEED: &[u8] = b"account";

/// First seed of a storage slot PDA: `["storage", eth_address(20), slot_key(32, big-endian)]`.
pub const STORAGE_SEED: &[u8] = b"storage";

/// The system program id (all zeros).
pub const SYSTEM_PROGRAM_ID: [u8; 32] = [0; 32];
