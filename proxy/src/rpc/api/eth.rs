//! The `eth_` namespace.

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, Bytes, B256, U256, U64};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{
    Block, FeeHistory, Filter, FilterChanges, Log, SyncStatus, Transaction, TransactionReceipt,
    TransactionRequest,
};
use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;

/// Ethereum's `eth_` methods served by sealevm.
#[rpc(server, namespace = "eth")]
pub trait EthApi {
    /// `eth_chainId`: the EIP-155 chain id.
    #[method(name = "chainId")]
    async fn chain_id(&self) -> RpcResult<U64>;

    /// `eth_blockNumber`: number of the latest block.
    #[method(name = "blockNumber")]
    async fn block_number(&self) -> RpcResult<U64>;

    /// `eth_syncing`: always `false` (the node produces its own blocks).
    #[method(name = "syncing")]
    async fn syncing(&self) -> RpcResult<SyncStatus>;

    /// `eth_accounts`: the ten dev accounts in embedded mode (their keys are printed at start).
    #[method(name = "accounts")]
    async fn accounts(&self) -> RpcResult<Vec<Address>>;

    /// `eth_gasPrice`: the node's gas price.
    #[method(name = "gasPrice")]
    async fn gas_price(&self) -> RpcResult<U256>;

    /// `eth_maxPriorityFeePerGas`: the suggested tip (the base fee is zero).
    #[method(name = "maxPriorityFeePerGas")]
    async fn max_priority_fee_per_gas(&self) -> RpcResult<U256>;

    /// `eth_feeHistory`: base fees (zero), gas used ratios and the suggested tip as reward.
    #[method(name = "feeHistory")]
    async fn fee_history(
        &self,
        block_count: U64,
        newest_block: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> RpcResult<FeeHistory>;

    /// `eth_getBalance`: balance in wei at the latest block.
    #[method(name = "getBalance")]
    async fn balance(&self, address: Address, block: Option<BlockId>) -> RpcResult<U256>;

    /// `eth_getTransactionCount`: the account's nonce at the latest block.
    #[method(name = "getTransactionCount")]
    async fn transaction_count(&self, address: Address, block: Option<BlockId>) -> RpcResult<U256>;

    /// `eth_getCode`: the account's code at the latest block.
    #[method(name = "getCode")]
    async fn code(&self, address: Address, block: Option<BlockId>) -> RpcResult<Bytes>;

    /// `eth_getStorageAt`: one storage slot at the latest block.
    #[method(name = "getStorageAt")]
    async fn storage_at(
        &self,
        address: Address,
        slot: U256,
        block: Option<BlockId>,
    ) -> RpcResult<B256>;

    /// `eth_call`: executes a call on the latest state without keeping changes. A revert is
    /// error 3 with the revert data. `overrides` is geth's state override set (balance,
    /// nonce, code, `state` or `stateDiff` per account), seen by this call only.
    #[method(name = "call")]
    async fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> RpcResult<Bytes>;

    /// `eth_estimateGas`: the smallest gas limit with which the transaction succeeds, on the
    /// state as the optional override set (as in eth_call) changes it.
    #[method(name = "estimateGas")]
    async fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> RpcResult<U64>;

    /// `eth_sendRawTransaction`: executes a signed transaction in a new block; returns its hash.
    #[method(name = "sendRawTransaction")]
    async fn send_raw_transaction(&self, bytes: Bytes) -> RpcResult<B256>;

    /// `eth_getTransactionByHash`.
    #[method(name = "getTransactionByHash")]
    async fn transaction_by_hash(&self, hash: B256) -> RpcResult<Option<Transaction>>;

    /// `eth_getTransactionReceipt`.
    #[method(name = "getTransactionReceipt")]
    async fn transaction_receipt(&self, hash: B256) -> RpcResult<Option<TransactionReceipt>>;

    /// `eth_getBlockByNumber`: with full transactions when `full`.
    #[method(name = "getBlockByNumber")]
    async fn block_by_number(
        &self,
        number: BlockNumberOrTag,
        full: bool,
    ) -> RpcResult<Option<Block>>;

    /// `eth_getBlockByHash`: with full transactions when `full`.
    #[method(name = "getBlockByHash")]
    async fn block_by_hash(&self, hash: B256, full: bool) -> RpcResult<Option<Block>>;

    /// `eth_getLogs`: logs matching a filter, from the index.
    #[method(name = "getLogs")]
    async fn logs(&self, filter: Filter) -> RpcResult<Vec<Log>>;

    /// `eth_getBlockReceipts`: the receipts of a block's transactions, in order; null for an
    /// unknown block.
    #[method(name = "getBlockReceipts")]
    async fn block_receipts(&self, block: BlockId) -> RpcResult<Option<Vec<TransactionReceipt>>>;

    /// `eth_sendTransaction`: for a dev account (`from`), fills chain id, nonce (pending),
    /// fees and gas (estimated), signs, and sends as eth_sendRawTransaction; returns the hash.
    #[method(name = "sendTransaction")]
    async fn send_transaction(&self, request: TransactionRequest) -> RpcResult<B256>;

    /// `eth_signTransaction`: fills and signs as eth_sendTransaction; returns the signed bytes.
    #[method(name = "signTransaction")]
    async fn sign_transaction(&self, request: TransactionRequest) -> RpcResult<Bytes>;

    /// `eth_newFilter`: installs a log filter; its changes start after the latest block.
    #[method(name = "newFilter")]
    async fn new_filter(&self, filter: Filter) -> RpcResult<U256>;

    /// `eth_newBlockFilter`: installs a filter reporting new block hashes.
    #[method(name = "newBlockFilter")]
    async fn new_block_filter(&self) -> RpcResult<U256>;

    /// `eth_newPendingTransactionFilter`: installs a filter reporting hashes of accepted
    /// transactions (full transactions are not offered).
    #[method(name = "newPendingTransactionFilter")]
    async fn new_pending_transaction_filter(&self, full: Option<bool>) -> RpcResult<U256>;

    /// `eth_getFilterChanges`: what a filter saw since its last poll (block hashes,
    /// transaction hashes or logs). Filters expire after 5 minutes without a poll.
    #[method(name = "getFilterChanges")]
    async fn filter_changes(&self, id: U256) -> RpcResult<FilterChanges>;

    /// `eth_getFilterLogs`: every log matching a log filter's criteria.
    #[method(name = "getFilterLogs")]
    async fn filter_logs(&self, id: U256) -> RpcResult<Vec<Log>>;

    /// `eth_uninstallFilter`: removes a filter; `false` when there was none.
    #[method(name = "uninstallFilter")]
    async fn uninstall_filter(&self, id: U256) -> RpcResult<bool>;
}
