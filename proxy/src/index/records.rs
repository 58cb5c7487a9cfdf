//! The rows the index stores, in alloy types.

use alloy::consensus::Header;
use alloy::primitives::{Address, Bytes, B256};

/// A stored block: its consensus header and hash.
#[derive(Clone, Debug)]
pub struct BlockRecord {
    /// Hash of the RLP header.
    pub hash: B256,
    /// The header.
    pub header: Header,
}

/// A stored transaction with the receipt fields that are not derived from its logs.
#[derive(Clone, Debug)]
pub struct TxRecord {
    /// Transaction hash.
    pub hash: B256,
    /// Including block.
    pub block_number: u64,
    /// Position in the block.
    pub tx_index: u64,
    /// Recovered sender.
    pub sender: Address,
    /// EIP-2718 bytes.
    pub raw: Bytes,
    /// Receipt status (true = success).
    pub status: bool,
    /// Gas charged.
    pub gas_used: u64,
    /// Gas of this and the earlier transactions of the block.
    pub cumulative_gas_used: u64,
    /// Price paid per gas.
    pub effective_gas_price: u128,
    /// Created contract, for successful creations.
    pub contract_address: Option<Address>,
}

/// A stored log.
#[derive(Clone, Debug)]
pub struct LogRecord {
    /// Including block.
    pub block_number: u64,
    /// Position among the block's logs.
    pub log_index: u64,
    /// Emitting transaction.
    pub tx_hash: B256,
    /// Position of that transaction in the block.
    pub tx_index: u64,
    /// Emitting contract.
    pub address: Address,
    /// Up to four topics.
    pub topics: Vec<B256>,
    /// Unindexed data.
    pub data: Bytes,
}

/// An eth_getLogs query with the block range resolved.
#[derive(Clone, Debug, Default)]
pub struct LogQuery {
    /// First block, inclusive.
    pub from_block: u64,
    /// Last block, inclusive.
    pub to_block: u64,
    /// Emitters to match (any, when empty).
    pub addresses: Vec<Address>,
    /// Per position, the topics to match (any, when empty).
    pub topics: [Vec<B256>; 4],
}
