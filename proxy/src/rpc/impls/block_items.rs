//! [`BlockItemsApiServer`] over the node's index.

use crate::chain::Chain;
use crate::error::EthError;
use crate::index::{BlockRecord, TxRecord};
use crate::rpc::api::block_items::BlockItemsApiServer;
use crate::rpc::impls::eth::EthApi;
use crate::rpc::types;
use alloy::eips::BlockNumberOrTag;
use alloy::primitives::{Address, B256, U64};
use alloy::rpc::types::{Index, Transaction};
use jsonrpsee::core::{async_trait, RpcResult};

/// Where a block is named.
enum BlockAt {
    Number(BlockNumberOrTag),
    Hash(B256),
}

impl<C: Chain> EthApi<C> {
    async fn block_at(&self, at: BlockAt) -> Result<Option<BlockRecord>, EthError> {
        let index = self.node.index();
        Ok(match at {
            BlockAt::Number(tag) => index.block_by_number(self.number(tag)).await?,
            BlockAt::Hash(hash) => index.block_by_hash(hash).await?,
        })
    }

    /// The block named by `at` with its transactions, in order.
    async fn block_with_transactions(
        &self,
        at: BlockAt,
    ) -> Result<Option<(BlockRecord, Vec<TxRecord>)>, EthError> {
        let Some(block) = self.block_at(at).await? else {
            return Ok(None);
        };
        let txs = self
            .node
            .index()
            .block_transactions(block.header.number)
            .await?;
        Ok(Some((block, txs)))
    }

    async fn transaction_count_at(&self, at: BlockAt) -> Result<Option<U64>, EthError> {
        let block = self.block_with_transactions(at).await?;
        Ok(block.map(|(_, txs)| U64::from(txs.len())))
    }

    async fn transaction_at(
        &self,
        at: BlockAt,
        position: Index,
    ) -> Result<Option<Transaction>, EthError> {
        let Some((block, txs)) = self.block_with_transactions(at).await? else {
            return Ok(None);
        };
        txs.get(usize::from(position))
            .map(|record| types::transaction(record, block.hash))
            .transpose()
            .map_err(EthError::from)
    }

    async fn uncle_count_at(&self, at: BlockAt) -> Result<Option<U64>, EthError> {
        Ok(self.block_at(at).await?.map(|_| U64::ZERO))
    }
}

#[async_trait]
impl<C: Chain> BlockItemsApiServer for EthApi<C> {
    async fn transaction_count_by_number(
        &self,
        number: BlockNumberOrTag,
    ) -> RpcResult<Option<U64>> {
        Ok(self.transaction_count_at(BlockAt::Number(number)).await?)
    }

    async fn transaction_count_by_hash(&self, hash: B256) -> RpcResult<Option<U64>> {
        Ok(self.transaction_count_at(BlockAt::Hash(hash)).await?)
    }

    async fn transaction_by_number_and_index(
        &self,
        number: BlockNumberOrTag,
        index: Index,
    ) -> RpcResult<Option<Transaction>> {
        Ok(self.transaction_at(BlockAt::Number(number), index).await?)
    }

    async fn transaction_by_hash_and_index(
        &self,
        hash: B256,
        index: Index,
    ) -> RpcResult<Option<Transaction>> {
        Ok(self.transaction_at(BlockAt::Hash(hash), index).await?)
    }

    async fn uncle_count_by_number(&self, number: BlockNumberOrTag) -> RpcResult<Option<U64>> {
        Ok(self.uncle_count_at(BlockAt::Number(number)).await?)
    }

    async fn uncle_count_by_hash(&self, hash: B256) -> RpcResult<Option<U64>> {
        Ok(self.uncle_count_at(BlockAt::Hash(hash)).await?)
    }

    async fn coinbase(&self) -> RpcResult<Address> {
        Ok(self.node.config().coinbase)
    }
}
