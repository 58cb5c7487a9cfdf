//! The `web3_` namespace, and the node's own `sealevm_health`.

use alloy::primitives::{Bytes, B256};
use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;

/// Client identity and helpers.
#[rpc(server, namespace = "web3")]
pub trait Web3Api {
    /// `web3_clientVersion`: `anvil-compatible sealevm/v<version>` (see
    /// [`crate::web3_client_version`]).
    #[method(name = "clientVersion")]
    async fn client_version(&self) -> RpcResult<String>;

    /// `web3_sha3`: keccak256 of the input.
    #[method(name = "sha3")]
    async fn sha3(&self, input: Bytes) -> RpcResult<B256>;
}

/// Health of the node, also served as `GET /health`.
#[rpc(server, namespace = "sealevm")]
pub trait HealthApi {
    /// `sealevm_health`: `{"status":"ok","blockNumber":N}` when the index answers.
    #[method(name = "health")]
    async fn health(&self) -> RpcResult<serde_json::Value>;
}
