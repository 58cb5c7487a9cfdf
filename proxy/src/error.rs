//! The one error type of the eth_* API and its conversion to JSON-RPC error objects.
//!
//! Codes follow geth, which wallets and libraries match on: `3` for reverts (with the revert
//! data), `-32000` for transactions the node refuses, `-32602` for malformed parameters,
//! `-32603` for the node's own failures, `-32005` for limits.

use crate::chain::ChainError;
use crate::index::IndexError;
use crate::node::clock::ClockError;
use crate::tx::TxDecodeError;
use alloy::primitives::{hex, Address, Bytes};
use jsonrpsee::types::error::{ErrorObjectOwned, INTERNAL_ERROR_CODE, INVALID_PARAMS_CODE};
use sealevm_evm::{ExecError, HaltReason, InvalidTx};

/// Geth's code for "execution reverted".
pub const REVERT_CODE: i32 = 3;
/// Geth's code for a refused transaction or a failed call.
pub const SERVER_ERROR_CODE: i32 = -32000;
/// Code for a request over one of the node's limits.
pub const LIMIT_EXCEEDED_CODE: i32 = -32005;

/// Everything an eth_* method can fail with.
#[derive(Debug, thiserror::Error)]
pub enum EthError {
    /// The raw transaction was refused before execution.
    #[error(transparent)]
    Decode(#[from] TxDecodeError),
    /// The EVM found the transaction invalid.
    #[error("{}", invalid_tx_message(.0))]
    Invalid(InvalidTx),
    /// The transaction is already in the chain or queued.
    #[error("already known")]
    AlreadyKnown,
    /// The sender could pay value and gas but not the rent of the accounts the transaction
    /// creates, which the program charges on top (docs/program.md).
    #[error(
        "insufficient funds for gas * price + value + rent of the accounts the transaction creates"
    )]
    InsufficientFundsForRent,
    /// The transaction touches more accounts than one Solana transaction may lock (each EVM
    /// account and storage slot is a Solana account); it was not sent.
    #[error(
        "transaction needs {needed} Solana accounts (each EVM account and storage slot it \
         touches is one, plus the program's own), above the limit of {limit} accounts one \
         Solana transaction may lock"
    )]
    TooManyAccounts {
        /// Distinct accounts of the Solana transaction.
        needed: usize,
        /// The cluster's account-lock limit.
        limit: usize,
    },
    /// The nonce is too far ahead of the sender's to be queued.
    #[error(
        "nonce too high: transaction nonce {nonce}, account nonce {expected}; \
         at most {max} ahead are queued"
    )]
    NonceGapTooLarge {
        /// The transaction's nonce.
        nonce: u64,
        /// The sender's next nonce.
        expected: u64,
        /// Largest gap queued.
        max: u64,
    },
    /// eth_sendTransaction / eth_signTransaction from an address the node has no key for.
    #[error("unknown account {0}")]
    UnknownAccount(Address),
    /// Building or signing a transaction for eth_sendTransaction failed.
    #[error("failed to sign transaction: {0}")]
    Sign(String),
    /// No installed filter has this id (or it expired).
    #[error("filter not found")]
    FilterNotFound,
    /// evm_increaseTime / evm_setNextBlockTimestamp / evm_mine refused the time.
    #[error(transparent)]
    Time(#[from] ClockError),
    /// The call reverted.
    #[error("execution reverted{}", revert_suffix(.0))]
    Reverted(Bytes),
    /// The call halted exceptionally.
    #[error("{}", halt_message(.0))]
    Halted(HaltReason),
    /// eth_estimateGas: the transaction fails even with all the gas allowed.
    #[error("gas required exceeds allowance ({0})")]
    GasCapExceeded(u64),
    /// A block, state or parameter the node cannot serve.
    #[error("{0}")]
    InvalidParams(String),
    /// A block that is not in the chain.
    #[error("header not found")]
    UnknownBlock,
    /// eth_getLogs over too many blocks or results.
    #[error("{0}")]
    LimitExceeded(String),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The chain backend failed.
    #[error("{0}")]
    Chain(ChainError),
}

impl From<ChainError> for EthError {
    fn from(e: ChainError) -> Self {
        match e {
            ChainError::Exec(ExecError::Invalid(invalid)) => EthError::Invalid(invalid),
            ChainError::InsufficientFundsForRent => EthError::InsufficientFundsForRent,
            ChainError::TooManyAccounts { needed, limit } => {
                EthError::TooManyAccounts { needed, limit }
            }
            other => EthError::Chain(other),
        }
    }
}

fn invalid_tx_message(e: &InvalidTx) -> &'static str {
    match e {
        InvalidTx::WrongChainId => "invalid chain id",
        InvalidTx::NonceTooLow => "nonce too low",
        InvalidTx::NonceTooHigh => "nonce too high",
        InvalidTx::NonceOverflow => "nonce has max value",
        InvalidTx::SenderHasCode => "sender not an eoa",
        InvalidTx::IntrinsicGasTooLow => "intrinsic gas too low",
        InvalidTx::GasLimitAboveBlock => "exceeds block gas limit",
        InvalidTx::FeeBelowBaseFee => "max fee per gas less than block base fee",
        InvalidTx::PriorityFeeAboveMaxFee => "max priority fee per gas higher than max fee per gas",
        InvalidTx::InsufficientFunds => "insufficient funds for gas * price + value",
        InvalidTx::InitcodeTooLarge => "max initcode size exceeded",
        InvalidTx::FeeOverflow => "fee overflows 256 bits",
    }
}

fn halt_message(reason: &HaltReason) -> String {
    match reason {
        HaltReason::OutOfGas => "out of gas".into(),
        HaltReason::InvalidOpcode => "invalid opcode".into(),
        HaltReason::InvalidJump => "invalid jump destination".into(),
        HaltReason::StackUnderflow => "stack underflow".into(),
        HaltReason::StackOverflow => "stack limit reached 1024".into(),
        HaltReason::StateChangeInStatic => "write protection".into(),
        HaltReason::CodeSizeLimit => "max code size exceeded".into(),
        HaltReason::CreateCollision => "contract address collision".into(),
        other => format!("execution halted: {other:?}"),
    }
}

fn revert_suffix(output: &Bytes) -> String {
    match alloy::sol_types::decode_revert_reason(output) {
        Some(reason) => {
            let reason = reason
                .strip_prefix("revert: ")
                .unwrap_or(&reason)
                .to_string();
            format!(": {reason}")
        }
        None => String::new(),
    }
}

impl EthError {
    /// The JSON-RPC error code.
    pub fn code(&self) -> i32 {
        match self {
            EthError::Reverted(_) => REVERT_CODE,
            EthError::Decode(TxDecodeError::Malformed(_)) | EthError::InvalidParams(_) => {
                INVALID_PARAMS_CODE
            }
            EthError::Decode(_)
            | EthError::Invalid(_)
            | EthError::AlreadyKnown
            | EthError::InsufficientFundsForRent
            | EthError::TooManyAccounts { .. }
            | EthError::NonceGapTooLarge { .. }
            | EthError::UnknownAccount(_)
            | EthError::Sign(_)
            | EthError::FilterNotFound
            | EthError::Time(_)
            | EthError::Halted(_)
            | EthError::GasCapExceeded(_)
            | EthError::UnknownBlock => SERVER_ERROR_CODE,
            EthError::LimitExceeded(_) => LIMIT_EXCEEDED_CODE,
            EthError::Index(_) | EthError::Chain(_) => INTERNAL_ERROR_CODE,
        }
    }
}

impl From<EthError> for ErrorObjectOwned {
    fn from(e: EthError) -> Self {
        let code = e.code();
        if matches!(e, EthError::Index(_) | EthError::Chain(_)) {
            tracing::error!(error = %e, "internal error serving a request");
        }
        match &e {
            EthError::Reverted(data) => {
                ErrorObjectOwned::owned(code, e.to_string(), Some(hex::encode_prefixed(data)))
            }
            _ => ErrorObjectOwned::owned(code, e.to_string(), None::<()>),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revert_carries_reason_and_data() {
        // Error("no") ABI-encoded.
        let data = hex::decode(
            "08c379a0\
             0000000000000000000000000000000000000000000000000000000000000020\
             0000000000000000000000000000000000000000000000000000000000000002\
             6e6f000000000000000000000000000000000000000000000000000000000000",
        )
        .expect("hex");
        let obj: ErrorObjectOwned = EthError::Reverted(Bytes::from(data.clone())).into();
        assert_eq!(obj.code(), 3);
        assert_eq!(obj.message(), "execution reverted: no");
        let sent = obj.data().map(|d| d.get().to_string());
        assert_eq!(sent, Some(format!("\"{}\"", hex::encode_prefixed(&data))));
    }

    #[test]
    fn refusals_use_geth_codes() {
        let obj: ErrorObjectOwned = EthError::Invalid(InvalidTx::NonceTooLow).into();
        assert_eq!((obj.code(), obj.message()), (-32000, "nonce too low"));
        let obj: ErrorObjectOwned =
            EthError::Decode(TxDecodeError::Malformed("short".into())).into();
        assert_eq!(obj.code(), -32602);
        let obj: ErrorObjectOwned = EthError::from(ChainError::TooManyAccounts {
            needed: 78,
            limit: 64,
        })
        .into();
        assert_eq!(obj.code(), -32000);
        assert!(obj.message().contains("needs 78 Solana accounts"));
        assert!(obj.message().contains("limit of 64"));
    }
}
