//! The JSON-RPC server: HTTP and WebSocket on one port, CORS, batches, `GET /health`.

pub mod api;
pub mod impls;
pub mod types;

use crate::chain::Chain;
use crate::node::Node;
use api::block_items::BlockItemsApiServer;
use api::eth::EthApiServer;
use api::evm::{EvmApiServer, MineApiServer};
use api::net::NetApiServer;
use api::pubsub::EthPubSubApiServer;
use api::web3::{HealthApiServer, Web3ApiServer};
use jsonrpsee::core::traits::IdProvider;
use jsonrpsee::server::middleware::http::ProxyGetRequestLayer;
use jsonrpsee::server::{BatchRequestConfig, ServerBuilder, ServerConfig, ServerHandle};
use jsonrpsee::types::SubscriptionId;
use jsonrpsee::RpcModule;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::cors::{Any, CorsLayer};

/// Limits of the server.
#[derive(Clone, Debug)]
pub struct ServerSettings {
    /// Most calls in one batch.
    pub max_batch: u32,
    /// Largest request body in bytes.
    pub max_request_body: u32,
    /// Most simultaneous connections.
    pub max_connections: u32,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            max_batch: 100,
            max_request_body: 10 * 1024 * 1024,
            max_connections: 500,
        }
    }
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Binding or starting failed.
    #[error("starting the JSON-RPC server on {addr}: {source}")]
    Start {
        /// Address asked for.
        addr: SocketAddr,
        /// Cause.
        source: std::io::Error,
    },
    /// Registering the methods failed (a name registered twice).
    #[error("registering RPC methods: {0}")]
    Register(#[from] jsonrpsee::core::RegisterMethodError),
    /// The health route is invalid.
    #[error("health route: {0}")]
    Health(#[from] jsonrpsee::server::middleware::http::ProxyGetRequestError),
}

/// Subscription ids as geth writes them: `0x` and 32 hex digits (some clients expect a
/// string), from a counter hashed with the start time so ids differ across restarts.
#[derive(Debug)]
struct HexIdProvider {
    seed: u128,
    counter: std::sync::atomic::AtomicU64,
}

impl HexIdProvider {
    fn new() -> Self {
        Self {
            seed: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
            counter: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl IdProvider for HexIdProvider {
    fn next_id(&self) -> SubscriptionId<'static> {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut seed = self.seed.to_le_bytes().to_vec();
        seed.extend_from_slice(&n.to_le_bytes());
        let hash = alloy::primitives::keccak256(&seed);
        SubscriptionId::Str(alloy::primitives::hex::encode_prefixed(&hash[..16]).into())
    }
}

/// All namespaces over `node` in one module.
pub fn module<C: Chain>(node: Arc<Node<C>>) -> Result<RpcModule<()>, ServerError> {
    let mut module = RpcModule::new(());
    module.merge(EthApiServer::into_rpc(impls::eth::EthApi::new(
        node.clone(),
    )))?;
    module.merge(BlockItemsApiServer::into_rpc(impls::eth::EthApi::new(
        node.clone(),
    )))?;
    module.merge(impls::pubsub::PubSubApi::new(node.clone()).into_rpc())?;
    module.merge(EvmApiServer::into_rpc(impls::evm::EvmApi::new(
        node.clone(),
    )))?;
    module.merge(MineApiServer::into_rpc(impls::evm::EvmApi::new(
        node.clone(),
    )))?;
    let net = impls::net::NetApi::new(node);
    module.merge(NetApiServer::into_rpc(net.clone_handle()))?;
    module.merge(Web3ApiServer::into_rpc(net.clone_handle()))?;
    module.merge(HealthApiServer::into_rpc(net))?;
    Ok(module)
}

/// Starts the server on `addr` (port 0 picks a free one); returns its handle and address.
pub async fn start<C: Chain>(
    node: Arc<Node<C>>,
    addr: SocketAddr,
    settings: &ServerSettings,
) -> Result<(ServerHandle, SocketAddr), ServerError> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any);
    let http = tower::ServiceBuilder::new()
        .layer(cors)
        .layer(ProxyGetRequestLayer::new([("/health", "sealevm_health")])?);
    let config = ServerConfig::builder()
        .max_request_body_size(settings.max_request_body)
        .max_response_body_size(64 * 1024 * 1024)
        .max_connections(settings.max_connections)
        .set_batch_request_config(BatchRequestConfig::Limit(settings.max_batch))
        .set_id_provider(HexIdProvider::new())
        .build();
    let server = ServerBuilder::default()
        .set_config(config)
        .set_http_middleware(http)
        .build(addr)
        .await
        .map_err(|source| ServerError::Start { addr, source })?;
    let local = server
        .local_addr()
        .map_err(|source| ServerError::Start { addr, source })?;
    let handle = server.start(module(node)?);
    Ok((handle, local))
}
