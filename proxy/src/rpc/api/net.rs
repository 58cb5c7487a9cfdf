//! The `net_` namespace.

use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;

/// Network identity.
#[rpc(server, namespace = "net")]
pub trait NetApi {
    /// `net_version`: the chain id in decimal.
    #[method(name = "version")]
    async fn version(&self) -> RpcResult<String>;

    /// `net_listening`: always true.
    #[method(name = "listening")]
    async fn listening(&self) -> RpcResult<bool>;
}
