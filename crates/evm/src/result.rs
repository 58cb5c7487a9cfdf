//! What executing a transaction produces.

use crate::bytecode::Bytecode;
use crate::state::{AccountInfo, StateError};
use crate::vec::GrowVec;
use alloc::rc::Rc;
use alloc::vec::Vec;
use sealevm_primitives::{Address, B256, U256};

/// An event emitted by LOG0..LOG4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    /// Emitting contract.
    pub address: Address,
    /// Up to four topics.
    pub topics: GrowVec<B256>,
    /// Unindexed data.
    pub data: Vec<u8>,
}

/// Why a frame stopped exceptionally (all its gas is consumed and its changes reverted).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HaltReason {
    /// Gas ran out.
    OutOfGas = 1,
    /// Not enough stack items for an opcode.
    StackUnderflow,
    /// More than 1024 stack items.
    StackOverflow,
    /// JUMP/JUMPI to a position that is not a JUMPDEST.
    InvalidJump,
    /// Undefined opcode or INVALID (0xfe).
    InvalidOpcode,
    /// A state-modifying opcode inside STATICCALL.
    StateChangeInStatic,
    /// RETURNDATACOPY beyond the return data.
    ReturnDataOutOfBounds,
    /// CREATE/CREATE2 to an address that already has code or a nonce.
    CreateCollision,
    /// Deployed code longer than the EIP-170 limit.
    CodeSizeLimit,
    /// Deployed code starting with 0xEF (EIP-3541).
    InvalidCodePrefix,
    /// Initcode longer than the EIP-3860 limit.
    InitcodeSizeLimit,
    /// A nonce would pass 2^64 - 1.
    NonceOverflow,
    /// A precompile rejected its input.
    PrecompileFailure,
    /// A precompile this build does not provide (KZG point evaluation).
    PrecompileUnsupported,
}

/// How the top-level call ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// STOP/RETURN/SELFDESTRUCT: changes kept.
    Success,
    /// REVERT: changes dropped, output holds the revert data.
    Revert,
    /// Exceptional halt.
    Halt(HaltReason),
}

/// Receipt-level result of an executed transaction.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// How execution ended.
    pub status: Status,
    /// Gas charged to the sender, after refunds.
    pub gas_used: u64,
    /// Refund applied (already subtracted from `gas_used`).
    pub gas_refunded: u64,
    /// Return data, or revert data.
    pub output: Vec<u8>,
    /// Logs of a successful transaction (empty otherwise).
    pub logs: GrowVec<Log>,
    /// Address of the created contract, for successful creations.
    pub created_address: Option<Address>,
}

impl Outcome {
    /// True when the transaction's changes were kept (receipt status 1).
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }
}

/// Why a transaction could not be executed at all (nothing changes, no gas is charged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidTx {
    /// Signed for another chain.
    WrongChainId,
    /// Nonce lower than the account's.
    NonceTooLow,
    /// Nonce higher than the account's.
    NonceTooHigh,
    /// The sender's nonce is already 2^64 - 1.
    NonceOverflow,
    /// The sender has code (EIP-3607).
    SenderHasCode,
    /// Gas limit below the intrinsic cost.
    IntrinsicGasTooLow,
    /// Gas limit above the block's.
    GasLimitAboveBlock,
    /// Max fee below the block's base fee.
    FeeBelowBaseFee,
    /// Priority fee above max fee.
    PriorityFeeAboveMaxFee,
    /// Balance below gas limit times fee plus value.
    InsufficientFunds,
    /// Initcode longer than the EIP-3860 limit.
    InitcodeTooLarge,
    /// Fee arithmetic overflows 256 bits.
    FeeOverflow,
}

/// Why `transact` returned no outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExecError {
    /// The transaction is invalid; nothing was executed.
    Invalid(InvalidTx),
    /// The state backend could not provide an account (on-chain: not declared). Distinct from
    /// any EVM result so callers retry with a bigger account list instead of trusting a result.
    StateUnavailable(StateError),
}

impl From<StateError> for ExecError {
    fn from(e: StateError) -> Self {
        ExecError::StateUnavailable(e)
    }
}

impl From<InvalidTx> for ExecError {
    fn from(e: InvalidTx) -> Self {
        ExecError::Invalid(e)
    }
}

/// The final change of one account.
#[derive(Clone, Debug)]
pub struct AccountChange {
    /// The account.
    pub address: Address,
    /// New balance, nonce and code hash (meaningless when `deleted`).
    pub info: AccountInfo,
    /// Code, when the account was created by this transaction.
    pub new_code: Option<Rc<Bytecode>>,
    /// Slots written, with their final values (zero means cleared).
    pub storage: GrowVec<(U256, U256)>,
    /// The account was created in this transaction: storage not listed is empty.
    pub created: bool,
    /// The account must be removed (self-destructed, or touched and empty per EIP-161).
    pub deleted: bool,
}

/// Everything a transaction changed, for the backend to apply.
#[derive(Clone, Debug, Default)]
pub struct StateChanges {
    /// Changed accounts, in address order.
    pub accounts: GrowVec<AccountChange>,
}

/// What the EVM touched, for building account lists (read and write sets).
#[derive(Clone, Debug, Default)]
pub struct AccessRecord {
    /// Every account loaded, with whether it was ever written.
    pub accounts: GrowVec<(Address, bool)>,
    /// Every storage slot loaded, with whether it was ever written.
    pub storage: GrowVec<(Address, U256, bool)>,
    /// Accounts whose code was read or executed.
    pub code: GrowVec<Address>,
}
