//! Index records -> alloy's JSON-RPC types.

use crate::index::{BlockRecord, LogRecord, TxRecord};
use alloy::consensus::transaction::Recovered;
use alloy::consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction as _, TxEnvelope,
};
use alloy::eips::eip2718::Decodable2718;
use alloy::primitives::{logs_bloom, LogData, B256, U256};
use alloy::rlp::Encodable;
use alloy::rpc::types::{Block, BlockTransactions, Header, Log, Transaction, TransactionReceipt};

use crate::index::IndexError;
use crate::tx::SignedTx;

fn envelope(record: &TxRecord) -> Result<TxEnvelope, IndexError> {
    TxEnvelope::decode_2718_exact(&record.raw)
        .map_err(|e| IndexError::Corrupt(format!("transaction {}: {e}", record.hash)))
}

/// A mined transaction.
pub fn transaction(record: &TxRecord, block_hash: B256) -> Result<Transaction, IndexError> {
    let envelope = envelope(record)?;
    Ok(Transaction {
        inner: Recovered::new_unchecked(envelope, record.sender),
        block_hash: Some(block_hash),
        block_number: Some(record.block_number),
        transaction_index: Some(record.tx_index),
        effective_gas_price: Some(record.effective_gas_price),
    })
}

/// A transaction queued for a nonce gap: no block yet.
pub fn queued_transaction(tx: &SignedTx) -> Transaction {
    Transaction {
        inner: Recovered::new_unchecked(tx.envelope.clone(), tx.sender),
        block_hash: None,
        block_number: None,
        transaction_index: None,
        effective_gas_price: None,
    }
}

/// A stored log with its block context.
pub fn log(record: &LogRecord, block_hash: B256, timestamp: Option<u64>) -> Log {
    Log {
        inner: alloy::primitives::Log {
            address: record.address,
            data: LogData::new_unchecked(record.topics.clone(), record.data.clone()),
        },
        block_hash: Some(block_hash),
        block_number: Some(record.block_number),
        block_timestamp: timestamp,
        transaction_hash: Some(record.tx_hash),
        transaction_index: Some(record.tx_index),
        log_index: Some(record.log_index),
        removed: false,
    }
}

/// The receipt of a mined transaction.
pub fn receipt(
    record: &TxRecord,
    logs: &[LogRecord],
    block: &BlockRecord,
) -> Result<TransactionReceipt, IndexError> {
    let tx = envelope(record)?;
    let logs: Vec<Log> = logs
        .iter()
        .map(|l| log(l, block.hash, Some(block.header.timestamp)))
        .collect();
    let bloom = logs_bloom(logs.iter().map(|l| &l.inner));
    let inner = ReceiptWithBloom {
        receipt: Receipt {
            status: Eip658Value::Eip658(record.status),
            cumulative_gas_used: record.cumulative_gas_used,
            logs,
        },
        logs_bloom: bloom,
    };
    let inner = match &tx {
        TxEnvelope::Legacy(_) => ReceiptEnvelope::Legacy(inner),
        TxEnvelope::Eip2930(_) => ReceiptEnvelope::Eip2930(inner),
        TxEnvelope::Eip4844(_) => ReceiptEnvelope::Eip4844(inner),
        TxEnvelope::Eip7702(_) => ReceiptEnvelope::Eip7702(inner),
        TxEnvelope::Eip1559(_) => ReceiptEnvelope::Eip1559(inner),
    };
    Ok(TransactionReceipt {
        inner,
        transaction_hash: record.hash,
        transaction_index: Some(record.tx_index),
        block_hash: Some(block.hash),
        block_number: Some(record.block_number),
        gas_used: record.gas_used,
        effective_gas_price: record.effective_gas_price,
        blob_gas_used: None,
        blob_gas_price: None,
        from: record.sender,
        to: tx.to(),
        contract_address: record.contract_address,
    })
}

/// The RPC header of a block holding `txs`.
pub fn header(record: &BlockRecord, txs: &[TxRecord]) -> Header {
    let size = record.header.length() + txs.iter().map(|t| t.raw.len()).sum::<usize>();
    Header {
        hash: record.hash,
        inner: record.header.clone(),
        total_difficulty: Some(U256::ZERO),
        size: Some(U256::from(size)),
    }
}

/// A block with its transactions as hashes, or in full when `full`.
pub fn block(record: &BlockRecord, txs: &[TxRecord], full: bool) -> Result<Block, IndexError> {
    let transactions = if full {
        BlockTransactions::Full(
            txs.iter()
                .map(|t| transaction(t, record.hash))
                .collect::<Result<_, _>>()?,
        )
    } else {
        BlockTransactions::Hashes(txs.iter().map(|t| t.hash).collect())
    };
    Ok(Block {
        header: header(record, txs),
        uncles: Vec::new(),
        transactions,
        withdrawals: Some(Default::default()),
    })
}
