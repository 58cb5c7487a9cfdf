//! The program's numbered errors, returned as `ProgramError::Custom(code)`.
//!
//! Codes are stable: new variants are appended, never renumbered. The groups are
//! 1..=19 instruction and account checks, 20..=29 transaction decoding and signature
//! (24..=28: the secp256k1 precompile route of `ExecuteVerified`),
//! 30..=49 transaction validity (the EVM's `InvalidTx`), 50..=59 state access.

use sealevm_evm::{InvalidTx, StateError};

/// Every error the sealevm program returns.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealevmError {
    /// Instruction data is empty, has an unknown discriminator or the wrong length.
    InvalidInstructionData = 1,
    /// Fewer accounts than the instruction needs.
    NotEnoughAccounts = 2,
    /// An account that must sign did not.
    MissingSigner = 3,
    /// An account that must be written is read-only.
    NotWritable = 4,
    /// The system program account is not the system program.
    InvalidSystemProgram = 5,
    /// The config account is not the program's initialized config.
    InvalidConfig = 6,
    /// The vault account is not the program's vault.
    InvalidVault = 7,
    /// An account passed as an EVM account is not one (owner, tag or address mismatch).
    InvalidEvmAccount = 8,
    /// An account passed as a storage slot is not one (owner, tag or identity mismatch).
    InvalidStorageAccount = 9,
    /// An account to be created is not at its derived address.
    InvalidPda = 10,
    /// `Initialize` on a program that is already initialized.
    AlreadyInitialized = 11,
    /// The operator's gas account is not an EVM account of this program.
    InvalidGasAccount = 12,
    /// Lamport or wei arithmetic overflowed.
    ArithmeticOverflow = 13,
    /// An account would exceed what one instruction can allocate (10 KiB of growth).
    AccountTooLarge = 14,
    /// Code would be deployed to an EVM account that already exists (needs a resize).
    CodeOnExistingAccount = 15,
    /// An account's data is shorter than its layout or its fields are inconsistent.
    CorruptAccount = 16,
    /// The withdrawal would leave less than a whole lamport's worth, or more than the vault holds.
    InsufficientVault = 17,
    /// An account passed as a holder is not one, or is bound to another operator.
    InvalidHolder = 18,
    /// A holder write or read beyond the holder's capacity.
    HolderOutOfBounds = 19,
    /// The RLP encoding of the transaction is malformed or not canonical.
    MalformedTransaction = 20,
    /// The transaction type is not supported (only legacy, 1 and 2 are; 3 is rejected).
    UnsupportedTxType = 21,
    /// The signature is malformed (high s, zero r or s, bad v) or recovers no key.
    InvalidSignature = 22,
    /// A withdrawal whose value is not a whole number of lamports, whose data is not the
    /// destination's 32-byte address, or a transaction to the withdrawal address sent as a
    /// plain `Execute`.
    InvalidWithdrawal = 23,
    /// `ExecuteVerified`: the account passed as the Instructions sysvar is not it.
    InvalidInstructionsSysvar = 24,
    /// `ExecuteVerified`: the transaction has no instruction at the given precompile index
    /// (or the index is this instruction's own).
    MissingPrecompile = 25,
    /// `ExecuteVerified`: the instruction at the given index is not the secp256k1 precompile.
    WrongPrecompileProgram = 26,
    /// `ExecuteVerified`: the precompile instruction does not verify exactly one signature
    /// whose signature, address and message all lie within that same instruction.
    InvalidPrecompileData = 27,
    /// `ExecuteVerified`: the precompile verified another signature or message than this
    /// transaction's (its message must be the signing preimage, whose keccak256 is the signing
    /// hash, and its signature the transaction's `r || s` and recovery id).
    PrecompileMismatch = 28,
    /// The transaction was signed for another chain.
    WrongChainId = 30,
    /// Nonce lower than the account's.
    NonceTooLow = 31,
    /// Nonce higher than the account's.
    NonceTooHigh = 32,
    /// The sender's nonce is already 2^64 - 1.
    NonceOverflow = 33,
    /// The sender has code (EIP-3607).
    SenderHasCode = 34,
    /// Gas limit below the intrinsic cost.
    IntrinsicGasTooLow = 35,
    /// Gas limit above the block gas limit.
    GasLimitAboveBlock = 36,
    /// Max fee below the base fee.
    FeeBelowBaseFee = 37,
    /// Priority fee above max fee.
    PriorityFeeAboveMaxFee = 38,
    /// Balance below gas limit times price plus value.
    InsufficientFunds = 39,
    /// Initcode longer than the EIP-3860 limit.
    InitcodeTooLarge = 40,
    /// Fee arithmetic overflows 256 bits.
    FeeOverflow = 41,
    /// After execution, the sender cannot pay the rent of the accounts the transaction
    /// created (charged in wei, like gas; see `docs/program.md`).
    InsufficientFundsForRent = 42,
    /// The EVM needed an account that the transaction did not declare.
    UndeclaredAccount = 50,
    /// The EVM needed a storage slot whose account the transaction did not declare.
    UndeclaredStorage = 51,
}

impl SealevmError {
    /// Every variant, in code order (for tests and for clients that print names).
    pub const ALL: [SealevmError; 43] = [
        Self::InvalidInstructionData,
        Self::NotEnoughAccounts,
        Self::MissingSigner,
        Self::NotWritable,
        Self::InvalidSystemProgram,
        Self::InvalidConfig,
        Self::InvalidVault,
        Self::InvalidEvmAccount,
        Self::InvalidStorageAccount,
        Self::InvalidPda,
        Self::AlreadyInitialized,
        Self::InvalidGasAccount,
        Self::ArithmeticOverflow,
        Self::AccountTooLarge,
        Self::CodeOnExistingAccount,
        Self::CorruptAccount,
        Self::InsufficientVault,
        Self::InvalidHolder,
        Self::HolderOutOfBounds,
        Self::MalformedTransaction,
        Self::UnsupportedTxType,
        Self::InvalidSignature,
        Self::InvalidWithdrawal,
        Self::InvalidInstructionsSysvar,
        Self::MissingPrecompile,
        Self::WrongPrecompileProgram,
        Self::InvalidPrecompileData,
        Self::PrecompileMismatch,
        Self::WrongChainId,
        Self::NonceTooLow,
        Self::NonceTooHigh,
        Self::NonceOverflow,
        Self::SenderHasCode,
        Self::IntrinsicGasTooLow,
        Self::GasLimitAboveBlock,
        Self::FeeBelowBaseFee,
        Self::PriorityFeeAboveMaxFee,
        Self::InsufficientFunds,
        Self::InitcodeTooLarge,
        Self::FeeOverflow,
        Self::InsufficientFundsForRent,
        Self::UndeclaredAccount,
        Self::UndeclaredStorage,
    ];

    /// The numeric code (`ProgramError::Custom(code)`).
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The error with numeric code `code`, if any.
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.code() == code)
    }
}

impl From<InvalidTx> for SealevmError {
    fn from(e: InvalidTx) -> Self {
        match e {
            InvalidTx::WrongChainId => Self::WrongChainId,
            InvalidTx::NonceTooLow => Self::NonceTooLow,
            InvalidTx::NonceTooHigh => Self::NonceTooHigh,
            InvalidTx::NonceOverflow => Self::NonceOverflow,
            InvalidTx::SenderHasCode => Self::SenderHasCode,
            InvalidTx::IntrinsicGasTooLow => Self::IntrinsicGasTooLow,
            InvalidTx::GasLimitAboveBlock => Self::GasLimitAboveBlock,
            InvalidTx::FeeBelowBaseFee => Self::FeeBelowBaseFee,
            InvalidTx::PriorityFeeAboveMaxFee => Self::PriorityFeeAboveMaxFee,
            InvalidTx::InsufficientFunds => Self::InsufficientFunds,
            InvalidTx::InitcodeTooLarge => Self::InitcodeTooLarge,
            InvalidTx::FeeOverflow => Self::FeeOverflow,
        }
    }
}

impl From<StateError> for SealevmError {
    fn from(e: StateError) -> Self {
        match e {
            StateError::Unavailable(_) => Self::UndeclaredAccount,
            StateError::StorageUnavailable(_, _) => Self::UndeclaredStorage,
            StateError::Corrupt(_) => Self::CorruptAccount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SealevmError;

    #[test]
    fn every_code_round_trips() {
        for e in SealevmError::ALL {
            assert_eq!(SealevmError::from_code(e.code()), Some(e));
        }
        for (i, a) in SealevmError::ALL.iter().enumerate() {
            for b in &SealevmError::ALL[i + 1..] {
                assert_ne!(a.code(), b.code(), "{a:?} and {b:?} share a code");
            }
        }
        assert_eq!(SealevmError::from_code(0), None);
        assert_eq!(SealevmError::from_code(1000), None);
    }
}
