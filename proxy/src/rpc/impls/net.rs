//! `net_`, `web3_` and `sealevm_health`.

use crate::chain::Chain;
use crate::error::EthError;
use crate::node::Node;
use crate::rpc::api::net::NetApiServer;
use crate::rpc::api::web3::{HealthApiServer, Web3ApiServer};
use alloy::primitives::{keccak256, Bytes, B256};
use jsonrpsee::core::{async_trait, RpcResult};
use std::sync::Arc;

/// Serves `net_`, `web3_` and `sealevm_health`.
pub struct NetApi<C> {
    node: Arc<Node<C>>,
}

impl<C> NetApi<C> {
    /// Over `node`.
    pub fn new(node: Arc<Node<C>>) -> Self {
        Self { node }
    }
}

#[async_trait]
impl<C: Chain> NetApiServer for NetApi<C> {
    async fn version(&self) -> RpcResult<String> {
        Ok(self.node.config().chain_id.to_string())
    }

    async fn listening(&self) -> RpcResult<bool> {
        Ok(true)
    }
}

#[async_trait]
impl<C: Chain> Web3ApiServer for NetApi<C> {
    async fn client_version(&self) -> RpcResult<String> {
        Ok(crate::web3_client_version())
    }

    async fn sha3(&self, input: Bytes) -> RpcResult<B256> {
        Ok(keccak256(&input))
    }
}

#[async_trait]
impl<C: Chain> HealthApiServer for NetApi<C> {
    async fn health(&self) -> RpcResult<serde_json::Value> {
        let head = self.node.index().head().await.map_err(EthError::from)?;
        Ok(serde_json::json!({
            "status": "ok",
            "blockNumber": head.map(|h| h.header.number),
        }))
    }
}

impl<C> NetApi<C> {
    /// Another handle over the same node (one per namespace registered).
    pub fn clone_handle(&self) -> Self {
        Self {
            node: self.node.clone(),
        }
    }
}
