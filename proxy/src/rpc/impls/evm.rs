//! `evm_` over the node.

use crate::chain::Chain;
use crate::node::Node;
use crate::rpc::api::evm::{EvmApiServer, MineApiServer, Quantity};
use alloy::primitives::U64;
use jsonrpsee::core::{async_trait, RpcResult};
use std::sync::Arc;

/// Serves `evm_`.
pub struct EvmApi<C> {
    node: Arc<Node<C>>,
}

impl<C> EvmApi<C> {
    /// Over `node`.
    pub fn new(node: Arc<Node<C>>) -> Self {
        Self { node }
    }
}

#[async_trait]
impl<C: Chain> EvmApiServer for EvmApi<C> {
    async fn snapshot(&self) -> RpcResult<U64> {
        Ok(U64::from(self.node.snapshot().await?))
    }

    async fn revert(&self, id: Quantity) -> RpcResult<bool> {
        Ok(self.node.revert(id.0).await?)
    }

    async fn mine(&self, timestamp: Option<Quantity>) -> RpcResult<String> {
        self.node.mine_empty(timestamp.map(|t| t.0)).await?;
        Ok("0".into())
    }

    async fn increase_time(&self, seconds: Quantity) -> RpcResult<String> {
        Ok(self.node.increase_time(seconds.0).await?.to_string())
    }

    async fn set_next_block_timestamp(&self, timestamp: Quantity) -> RpcResult<String> {
        self.node.set_next_block_timestamp(timestamp.0).await?;
        Ok(timestamp.0.to_string())
    }
}

#[async_trait]
impl<C: Chain> MineApiServer for EvmApi<C> {
    async fn mine_blocks(
        &self,
        blocks: Option<Quantity>,
        interval: Option<Quantity>,
    ) -> RpcResult<bool> {
        let count = blocks.map_or(1, |b| b.0);
        let interval = interval.map_or(1, |i| i.0);
        self.node.mine_blocks(count, interval).await?;
        Ok(true)
    }
}
