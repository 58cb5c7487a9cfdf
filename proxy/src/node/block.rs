//! Building a block (header, receipt, logs) around one executed transaction.
//!
//! The node mines one block per transaction, as Hardhat's and anvil's automine do. Headers are
//! real Cancun headers (hash = keccak of their RLP, transaction and receipt tries), except
//! `stateRoot`, which is zero: sealevm keeps no Merkle state trie.

use crate::convert::{alloy_address, alloy_log};
use crate::index::{BlockRecord, LogRecord, TxRecord};
use crate::tx::SignedTx;
use alloy::consensus::proofs::{calculate_receipt_root, calculate_transaction_root};
use alloy::consensus::{
    Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction as _, TxEnvelope,
    EMPTY_OMMER_ROOT_HASH, EMPTY_ROOT_HASH,
};
use alloy::primitives::{logs_bloom, Address, Bloom, Bytes, Log, B256};
use sealevm_evm::Outcome;

/// Block-level values chosen by the node for the next block.
#[derive(Clone, Copy, Debug)]
pub struct BlockParams {
    /// Number of the new block.
    pub number: u64,
    /// Its timestamp.
    pub timestamp: u64,
    /// Its beneficiary (the operator's gas account).
    pub coinbase: Address,
    /// Its gas limit.
    pub gas_limit: u64,
    /// Its base fee.
    pub base_fee: u64,
}

/// A block ready for the index.
#[derive(Clone, Debug)]
pub struct BuiltBlock {
    /// Header and hash.
    pub block: BlockRecord,
    /// Its transactions with receipt fields.
    pub txs: Vec<TxRecord>,
    /// Its logs.
    pub logs: Vec<LogRecord>,
}

fn header(parent: B256, params: &BlockParams) -> Header {
    Header {
        parent_hash: parent,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: params.coinbase,
        state_root: B256::ZERO,
        transactions_root: EMPTY_ROOT_HASH,
        receipts_root: EMPTY_ROOT_HASH,
        logs_bloom: Bloom::ZERO,
        number: params.number,
        gas_limit: params.gas_limit,
        timestamp: params.timestamp,
        base_fee_per_gas: Some(params.base_fee),
        withdrawals_root: Some(EMPTY_ROOT_HASH),
        blob_gas_used: Some(0),
        excess_blob_gas: Some(0),
        parent_beacon_block_root: Some(B256::ZERO),
        ..Default::default()
    }
}

/// The genesis block (number 0, no transactions).
pub fn genesis(params: &BlockParams) -> BlockRecord {
    let header = header(B256::ZERO, params);
    BlockRecord {
        hash: header.hash_slow(),
        header,
    }
}

/// A block without transactions (evm_mine) on top of `parent`.
pub fn empty(parent: B256, params: &BlockParams) -> BuiltBlock {
    let header = header(parent, params);
    BuiltBlock {
        block: BlockRecord {
            hash: header.hash_slow(),
            header,
        },
        txs: Vec::new(),
        logs: Vec::new(),
    }
}

/// The block holding `tx`, executed with `outcome`, on top of `parent`.
pub fn build(parent: B256, params: &BlockParams, tx: &SignedTx, outcome: &Outcome) -> BuiltBlock {
    let logs: Vec<Log> = outcome
        .logs
        .iter()
        .map(|log| alloy_log(&log.address, &log.topics, &log.data))
        .collect();
    let bloom = logs_bloom(logs.iter());
    let gas_used = outcome.gas_used;
    let receipt = ReceiptWithBloom {
        receipt: Receipt {
            status: Eip658Value::Eip658(outcome.is_success()),
            cumulative_gas_used: gas_used,
            logs: logs.clone(),
        },
        logs_bloom: bloom,
    };
    let receipt = match &tx.envelope {
        TxEnvelope::Legacy(_) => ReceiptEnvelope::Legacy(receipt),
        TxEnvelope::Eip2930(_) => ReceiptEnvelope::Eip2930(receipt),
        TxEnvelope::Eip4844(_) => ReceiptEnvelope::Eip4844(receipt),
        TxEnvelope::Eip7702(_) => ReceiptEnvelope::Eip7702(receipt),
        TxEnvelope::Eip1559(_) => ReceiptEnvelope::Eip1559(receipt),
    };
    let mut header = header(parent, params);
    header.transactions_root = calculate_transaction_root(std::slice::from_ref(&tx.envelope));
    header.receipts_root = calculate_receipt_root(&[receipt]);
    header.logs_bloom = bloom;
    header.gas_used = gas_used;
    let hash = header.hash_slow();
    let record = TxRecord {
        hash: tx.hash,
        block_number: params.number,
        tx_index: 0,
        sender: tx.sender,
        raw: Bytes::from(tx.raw.clone()),
        status: outcome.is_success(),
        gas_used,
        cumulative_gas_used: gas_used,
        effective_gas_price: tx.envelope.effective_gas_price(Some(params.base_fee)),
        contract_address: outcome.created_address.as_ref().map(alloy_address),
    };
    let logs = logs
        .into_iter()
        .enumerate()
        .map(|(i, log)| LogRecord {
            block_number: params.number,
            log_index: i as u64,
            tx_hash: tx.hash,
            tx_index: 0,
            address: log.address,
            topics: log.data.topics().to_vec(),
            data: log.data.data.clone(),
        })
        .collect();
    BuiltBlock {
        block: BlockRecord { hash, header },
        txs: vec![record],
        logs,
    }
}
