//! The `eth_` methods that address a block's contents by position: transaction counts,
//! transactions by index, uncle counts (always 0), and the coinbase. web3.py, block explorers
//! and older scripts call them; wallets and Hardhat do not.

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::{Address, B256, U64};
use alloy::rpc::types::{Index, Transaction};
use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;

/// A block's contents by position.
#[rpc(server, namespace = "eth")]
pub trait BlockItemsApi {
    /// `eth_getBlockTransactionCountByNumber`: null for an unknown block.
    #[method(name = "getBlockTransactionCountByNumber")]
    async fn transaction_count_by_number(&self, number: BlockNumberOrTag)
        -> RpcResult<Option<U64>>;

    /// `eth_getBlockTransactionCountByHash`: null for an unknown block.
    #[method(name = "getBlockTransactionCountByHash")]
    async fn transaction_count_by_hash(&self, hash: B256) -> RpcResult<Option<U64>>;

    /// `eth_getTransactionByBlockNumberAndIndex`: null for an unknown block or position.
    #[method(name = "getTransactionByBlockNumberAndIndex")]
    async fn transaction_by_number_and_index(
        &self,
        number: BlockNumberOrTag,
        index: Index,
    ) -> RpcResult<Option<Transaction>>;

    /// `eth_getTransactionByBlockHashAndIndex`: null for an unknown block or position.
    #[method(name = "getTransactionByBlockHashAndIndex")]
    async fn transaction_by_hash_and_index(
        &self,
        hash: B256,
        index: Index,
    ) -> RpcResult<Option<Transaction>>;

    /// `eth_getUncleCountByBlockNumber`: 0 (blocks have no uncles), null for an unknown block.
    #[method(name = "getUncleCountByBlockNumber")]
    async fn uncle_count_by_number(&self, number: BlockNumberOrTag) -> RpcResult<Option<U64>>;

    /// `eth_getUncleCountByBlockHash`: 0 (blocks have no uncles), null for an unknown block.
    #[method(name = "getUncleCountByBlockHash")]
    async fn uncle_count_by_hash(&self, hash: B256) -> RpcResult<Option<U64>>;

    /// `eth_coinbase`: the blocks' beneficiary, the operator's gas account.
    #[method(name = "coinbase")]
    async fn coinbase(&self) -> RpcResult<Address>;
}
