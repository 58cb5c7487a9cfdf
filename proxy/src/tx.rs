//! Signed transactions as received by eth_sendRawTransaction, and call requests: decoding,
//! the checks the node makes before execution, and conversion to the EVM's [`TxEnv`].

use crate::convert::{evm_address, evm_b256, evm_u128, evm_u256};
use alloy::consensus::transaction::SignerRecoverable;
use alloy::consensus::{Transaction as _, TxEnvelope};
use alloy::eips::eip2718::Decodable2718;
use alloy::eips::eip2930::AccessList;
use alloy::primitives::{Address, TxKind as ATxKind, B256};
use alloy::rpc::types::TransactionRequest;
use sealevm_evm::{AccessListItem, GrowVec, TxEnv, TxKind, U256};

/// Largest signed transaction accepted (geth's txpool limit: 128 KiB).
pub const MAX_RAW_TX_SIZE: usize = 128 * 1024;

/// Why a raw transaction was refused before execution.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TxDecodeError {
    /// Larger than [`MAX_RAW_TX_SIZE`].
    #[error("oversized data: transaction of {0} bytes, limit {MAX_RAW_TX_SIZE}")]
    Oversized(usize),
    /// Not a valid EIP-2718 envelope.
    #[error("failed to decode signed transaction: {0}")]
    Malformed(String),
    /// EIP-4844 (blob) and EIP-7702 transactions are not supported.
    #[error("transaction type {0} not supported")]
    UnsupportedType(u8),
    /// Legacy transaction without EIP-155 replay protection.
    #[error("only replay-protected (EIP-155) transactions allowed over RPC")]
    Unprotected,
    /// Signed for another chain.
    #[error("invalid chain id: transaction has {got}, node is {expected}")]
    WrongChainId {
        /// The transaction's chain id.
        got: u64,
        /// The node's chain id.
        expected: u64,
    },
    /// The signature does not recover to an address.
    #[error("invalid sender: {0}")]
    BadSignature(String),
}

/// A decoded signed transaction with its sender.
#[derive(Clone, Debug)]
pub struct SignedTx {
    /// The envelope as decoded.
    pub envelope: TxEnvelope,
    /// Recovered sender.
    pub sender: Address,
    /// Transaction hash.
    pub hash: B256,
    /// The bytes as received.
    pub raw: Vec<u8>,
}

impl SignedTx {
    /// Decodes and checks `raw` for chain `chain_id`.
    pub fn decode(raw: &[u8], chain_id: u64) -> Result<Self, TxDecodeError> {
        if raw.len() > MAX_RAW_TX_SIZE {
            return Err(TxDecodeError::Oversized(raw.len()));
        }
        let envelope = TxEnvelope::decode_2718_exact(raw)
            .map_err(|e| TxDecodeError::Malformed(e.to_string()))?;
        match &envelope {
            TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
            TxEnvelope::Eip4844(_) => return Err(TxDecodeError::UnsupportedType(3)),
            TxEnvelope::Eip7702(_) => return Err(TxDecodeError::UnsupportedType(4)),
        }
        match envelope.chain_id() {
            None => return Err(TxDecodeError::Unprotected),
            Some(got) if got != chain_id => {
                return Err(TxDecodeError::WrongChainId {
                    got,
                    expected: chain_id,
                })
            }
            Some(_) => {}
        }
        let sender = envelope
            .recover_signer()
            .map_err(|e| TxDecodeError::BadSignature(e.to_string()))?;
        let hash = *envelope.tx_hash();
        Ok(Self {
            envelope,
            sender,
            hash,
            raw: raw.to_vec(),
        })
    }

    /// The EVM's view of this transaction.
    pub fn tx_env(&self) -> TxEnv {
        let tx = &self.envelope;
        TxEnv {
            caller: evm_address(self.sender),
            gas_limit: tx.gas_limit(),
            gas_price: evm_u128(tx.max_fee_per_gas()),
            gas_priority_fee: tx.max_priority_fee_per_gas().map(evm_u128),
            kind: evm_kind(tx.kind()),
            value: evm_u256(tx.value()),
            data: tx.input().to_vec(),
            nonce: tx.nonce(),
            chain_id: tx.chain_id(),
            access_list: tx.access_list().map(evm_access_list).unwrap_or_default(),
        }
    }
}

fn evm_kind(kind: ATxKind) -> TxKind {
    match kind {
        ATxKind::Call(to) => TxKind::Call(evm_address(to)),
        ATxKind::Create => TxKind::Create,
    }
}

fn evm_access_list(list: &AccessList) -> GrowVec<AccessListItem> {
    let mut out = GrowVec::new();
    for item in list.iter() {
        let mut storage_keys = GrowVec::new();
        for key in &item.storage_keys {
            storage_keys.push(evm_b256(*key).to_word());
        }
        out.push(AccessListItem {
            address: evm_address(item.address),
            storage_keys,
        });
    }
    out
}

/// The EVM's view of an eth_call / eth_estimateGas request. `nonce` is the sender's current
/// nonce (calls are not checked against it); `gas_limit` the gas to give the call.
pub fn call_tx_env(request: &TransactionRequest, nonce: u64, gas_limit: u64) -> TxEnv {
    let price = request
        .max_fee_per_gas
        .or(request.gas_price)
        .map(evm_u128)
        .unwrap_or(U256::ZERO);
    TxEnv {
        caller: evm_address(request.from.unwrap_or_default()),
        gas_limit,
        gas_price: price,
        gas_priority_fee: request.max_priority_fee_per_gas.map(evm_u128),
        kind: evm_kind(request.to.unwrap_or(ATxKind::Create)),
        value: request.value.map(evm_u256).unwrap_or(U256::ZERO),
        data: request
            .input
            .input()
            .map(|b| b.to_vec())
            .unwrap_or_default(),
        nonce,
        chain_id: None,
        access_list: request
            .access_list
            .as_ref()
            .map(evm_access_list)
            .unwrap_or_default(),
    }
}
