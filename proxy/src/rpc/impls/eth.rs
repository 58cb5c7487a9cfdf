//! `eth_` over the node and its index.

use crate::chain::overrides::Overrides;
use crate::chain::Chain;
use crate::error::EthError;
use crate::index::{BlockRecord, LogQuery};
use crate::node::filters::FilterKind;
use crate::node::Node;
use crate::rpc::api::eth::EthApiServer;
use crate::rpc::types;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, Bytes, B256, U256, U64};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{
    Block, FeeHistory, Filter, FilterBlockOption, FilterChanges, Log, SyncStatus, Transaction,
    TransactionReceipt, TransactionRequest,
};
use jsonrpsee::core::{async_trait, RpcResult};
use std::sync::Arc;
use std::time::Instant;

/// Serves `eth_`.
pub struct EthApi<C> {
    pub(super) node: Arc<Node<C>>,
}

impl<C> EthApi<C> {
    /// Over `node`.
    pub fn new(node: Arc<Node<C>>) -> Self {
        Self { node }
    }
}

impl<C: Chain> EthApi<C> {
    /// Resolves a tag or number to a block number (not checked to exist).
    pub(super) fn number(&self, tag: BlockNumberOrTag) -> u64 {
        match tag {
            BlockNumberOrTag::Number(n) => n,
            BlockNumberOrTag::Earliest => 0,
            _ => self.node.head_number(),
        }
    }

    /// Only the latest state is kept: refuse reads of older blocks.
    async fn latest_state(&self, block: Option<BlockId>) -> Result<(), EthError> {
        let head = self.node.head_number();
        let ok = match block {
            None => true,
            Some(BlockId::Number(tag)) => match tag {
                BlockNumberOrTag::Number(n) => n >= head,
                BlockNumberOrTag::Earliest => head == 0,
                _ => true,
            },
            Some(BlockId::Hash(hash)) => hash.block_hash == self.node.head_hash().await,
        };
        if ok {
            Ok(())
        } else {
            Err(EthError::InvalidParams(format!(
                "historical state is not available: only the latest block ({head}) can be read"
            )))
        }
    }

    async fn block_of(
        &self,
        block: Option<BlockRecord>,
        full: bool,
    ) -> Result<Option<Block>, EthError> {
        let Some(block) = block else { return Ok(None) };
        let txs = self
            .node
            .index()
            .block_transactions(block.header.number)
            .await?;
        Ok(Some(types::block(&block, &txs, full)?))
    }

    pub(super) async fn logs_inner(&self, filter: Filter) -> Result<Vec<Log>, EthError> {
        let index = self.node.index();
        let (from_block, to_block) = match filter.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let block = index
                    .block_by_hash(hash)
                    .await?
                    .ok_or(EthError::UnknownBlock)?;
                (block.header.number, block.header.number)
            }
            FilterBlockOption::Range {
                from_block,
                to_block,
            } => {
                let head = self.node.head_number();
                let from = from_block.map(|b| self.number(b)).unwrap_or(head);
                let to = to_block.map(|b| self.number(b)).unwrap_or(head).min(head);
                (from, to)
            }
        };
        if from_block > to_block {
            return Ok(Vec::new());
        }
        let max_range = self.node.config().max_log_range;
        if to_block - from_block >= max_range {
            return Err(EthError::LimitExceeded(format!(
                "query exceeds max block range {max_range}"
            )));
        }
        let query = LogQuery {
            from_block,
            to_block,
            addresses: filter.address.iter().copied().collect(),
            topics: filter
                .topics
                .clone()
                .map(|set| set.iter().copied().collect()),
        };
        let limit = self.node.config().max_logs;
        let records = index.logs(&query, limit).await?;
        if records.len() > limit {
            return Err(EthError::LimitExceeded(format!(
                "query returned more than {limit} results"
            )));
        }
        let mut out = Vec::with_capacity(records.len());
        let mut block: Option<BlockRecord> = None;
        for record in &records {
            if block.as_ref().map(|b| b.header.number) != Some(record.block_number) {
                block = index.block_by_number(record.block_number).await?;
            }
            let (hash, timestamp) = block
                .as_ref()
                .map(|b| (b.hash, Some(b.header.timestamp)))
                .unwrap_or_default();
            out.push(types::log(record, hash, timestamp));
        }
        Ok(out)
    }
}

#[async_trait]
impl<C: Chain> EthApiServer for EthApi<C> {
    async fn chain_id(&self) -> RpcResult<U64> {
        Ok(U64::from(self.node.config().chain_id))
    }

    async fn block_number(&self) -> RpcResult<U64> {
        Ok(U64::from(self.node.head_number()))
    }

    async fn syncing(&self) -> RpcResult<SyncStatus> {
        Ok(SyncStatus::None)
    }

    async fn accounts(&self) -> RpcResult<Vec<Address>> {
        Ok(self.node.accounts())
    }

    async fn gas_price(&self) -> RpcResult<U256> {
        Ok(U256::from(self.node.config().gas_price))
    }

    async fn max_priority_fee_per_gas(&self) -> RpcResult<U256> {
        Ok(U256::from(self.node.config().gas_price))
    }

    async fn fee_history(
        &self,
        block_count: U64,
        newest_block: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> RpcResult<FeeHistory> {
        let newest = self.number(newest_block).min(self.node.head_number());
        let count = block_count.to::<u64>().clamp(1, 1024).min(newest + 1);
        let oldest = newest + 1 - count;
        let blocks = self
            .node
            .index()
            .blocks(oldest, newest)
            .await
            .map_err(EthError::from)?;
        let tip = self.node.config().gas_price;
        let reward = reward_percentiles.map(|p| vec![vec![tip; p.len()]; blocks.len()]);
        Ok(FeeHistory {
            base_fee_per_gas: vec![0; blocks.len() + 1],
            gas_used_ratio: blocks
                .iter()
                .map(|b| b.header.gas_used as f64 / b.header.gas_limit.max(1) as f64)
                .collect(),
            base_fee_per_blob_gas: vec![0; blocks.len() + 1],
            blob_gas_used_ratio: vec![0.0; blocks.len()],
            oldest_block: oldest,
            reward,
        })
    }

    async fn balance(&self, address: Address, block: Option<BlockId>) -> RpcResult<U256> {
        self.latest_state(block).await?;
        let account = self.node.account(address).await?;
        Ok(crate::convert::alloy_u256(&account.balance))
    }

    async fn transaction_count(&self, address: Address, block: Option<BlockId>) -> RpcResult<U256> {
        self.latest_state(block).await?;
        if block == Some(BlockId::Number(BlockNumberOrTag::Pending)) {
            return Ok(U256::from(self.node.pending_nonce(address).await?));
        }
        Ok(U256::from(self.node.account(address).await?.nonce))
    }

    async fn code(&self, address: Address, block: Option<BlockId>) -> RpcResult<Bytes> {
        self.latest_state(block).await?;
        Ok(Bytes::from(self.node.account(address).await?.code))
    }

    async fn storage_at(
        &self,
        address: Address,
        slot: U256,
        block: Option<BlockId>,
    ) -> RpcResult<B256> {
        self.latest_state(block).await?;
        Ok(self.node.storage(address, slot).await?)
    }

    async fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> RpcResult<Bytes> {
        self.latest_state(block).await?;
        let overrides = checked(overrides)?;
        Ok(self.node.call(&request, overrides).await?)
    }

    async fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        overrides: Option<StateOverride>,
    ) -> RpcResult<U64> {
        self.latest_state(block).await?;
        let overrides = checked(overrides)?;
        Ok(U64::from(
            self.node.estimate_gas(&request, overrides).await?,
        ))
    }

    async fn send_raw_transaction(&self, bytes: Bytes) -> RpcResult<B256> {
        Ok(self.node.send_raw_transaction(&bytes).await?)
    }

    async fn transaction_by_hash(&self, hash: B256) -> RpcResult<Option<Transaction>> {
        let index = self.node.index();
        let Some(record) = index.transaction(hash).await.map_err(EthError::from)? else {
            let queued = self.node.queued_transaction(hash).await;
            return Ok(queued.as_ref().map(types::queued_transaction));
        };
        let block = index
            .block_by_number(record.block_number)
            .await
            .map_err(EthError::from)?
            .ok_or(EthError::UnknownBlock)?;
        Ok(Some(
            types::transaction(&record, block.hash).map_err(EthError::from)?,
        ))
    }

    async fn transaction_receipt(&self, hash: B256) -> RpcResult<Option<TransactionReceipt>> {
        let index = self.node.index();
        let Some(record) = index.transaction(hash).await.map_err(EthError::from)? else {
            return Ok(None);
        };
        let block = index
            .block_by_number(record.block_number)
            .await
            .map_err(EthError::from)?
            .ok_or(EthError::UnknownBlock)?;
        let logs = index.transaction_logs(hash).await.map_err(EthError::from)?;
        Ok(Some(
            types::receipt(&record, &logs, &block).map_err(EthError::from)?,
        ))
    }

    async fn block_by_number(
        &self,
        number: BlockNumberOrTag,
        full: bool,
    ) -> RpcResult<Option<Block>> {
        let number = self.number(number);
        let block = self
            .node
            .index()
            .block_by_number(number)
            .await
            .map_err(EthError::from)?;
        Ok(self.block_of(block, full).await?)
    }

    async fn block_by_hash(&self, hash: B256, full: bool) -> RpcResult<Option<Block>> {
        let block = self
            .node
            .index()
            .block_by_hash(hash)
            .await
            .map_err(EthError::from)?;
        Ok(self.block_of(block, full).await?)
    }

    async fn logs(&self, filter: Filter) -> RpcResult<Vec<Log>> {
        Ok(self.logs_inner(filter).await?)
    }

    async fn block_receipts(&self, block: BlockId) -> RpcResult<Option<Vec<TransactionReceipt>>> {
        Ok(self.block_receipts_inner(block).await?)
    }

    async fn send_transaction(&self, request: TransactionRequest) -> RpcResult<B256> {
        Ok(self.node.send_transaction(request).await?)
    }

    async fn sign_transaction(&self, request: TransactionRequest) -> RpcResult<Bytes> {
        Ok(self.node.sign_transaction(request).await?)
    }

    async fn new_filter(&self, filter: Filter) -> RpcResult<U256> {
        Ok(self.install(FilterKind::Logs(Box::new(filter))))
    }

    async fn new_block_filter(&self) -> RpcResult<U256> {
        Ok(self.install(FilterKind::Blocks))
    }

    async fn new_pending_transaction_filter(&self, _full: Option<bool>) -> RpcResult<U256> {
        Ok(self.install(FilterKind::PendingTransactions))
    }

    async fn filter_changes(&self, id: U256) -> RpcResult<FilterChanges> {
        Ok(self.filter_changes_inner(id).await?)
    }

    async fn filter_logs(&self, id: U256) -> RpcResult<Vec<Log>> {
        let filter = self
            .node
            .filters()
            .log_filter(id, Instant::now())
            .ok_or(EthError::FilterNotFound)?;
        Ok(self.logs_inner(filter).await?)
    }

    async fn uninstall_filter(&self, id: U256) -> RpcResult<bool> {
        Ok(self.node.filters().uninstall(id, Instant::now()))
    }
}

/// The checked form of an optional state override set (-32602 when it is refused).
fn checked(overrides: Option<StateOverride>) -> Result<Overrides, EthError> {
    overrides.as_ref().map_or(Ok(Overrides::default()), |set| {
        Overrides::try_from(set).map_err(|e| EthError::InvalidParams(e.to_string()))
    })
}
