//! Assembling a running node from options: index, chain worker, node, server. Shared by the
//! binary and the integration tests.

use crate::chain::memory::MemoryChain;
use crate::chain::worker::ChainHandle;
use crate::chain::{Chain, ChainError};
use crate::convert::evm_address;
use crate::dev_accounts::{dev_accounts, DevAccount, DEV_ACCOUNT_COUNT};
use crate::index::{Index, IndexError};
use crate::node::{Node, NodeConfig, NodeError};
use crate::rpc::{ServerError, ServerSettings};
use jsonrpsee::server::ServerHandle;
use sealevm_evm::U256;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;

/// Balance of each dev account at genesis: 10,000 ETH.
pub const DEV_BALANCE_ETH: u64 = 10_000;

/// What `sealevm node` needs to start.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// Interface to listen on.
    pub host: String,
    /// Port (0 = any free port).
    pub port: u16,
    /// Directory of the node's files.
    pub data_dir: PathBuf,
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// The Solana cluster to drive (`--solana-url` and its companions); `None` = embedded mode.
    pub solana_url: Option<SolanaCluster>,
    /// Index database URL; `None` = SQLite under `data_dir`.
    pub database_url: Option<String>,
    /// eth_gasPrice, in wei.
    pub gas_price: u128,
    /// Most calls per batch.
    pub max_batch: u32,
    /// What executes transactions.
    pub engine: Engine,
    /// The program `.so` for [`Engine::Litesvm`]; default `$SEALEVM_SBF_DIR` or
    /// `~/.cache/sealevm/sbf`, file `sealevm_program.so` (where `scripts/build-sbf.sh` puts it).
    pub program: Option<PathBuf>,
}

/// A Solana cluster running the sealevm program (`--solana-url`).
#[derive(Clone, Debug)]
pub struct SolanaCluster {
    /// JSON-RPC URL.
    pub url: String,
    /// WebSocket URL: its program-log notifications wake the indexer (which polls without it).
    pub ws_url: Option<String>,
    /// The operators' keypairs (Solana CLI JSON), one lane of transactions each.
    pub operator_keypairs: Vec<PathBuf>,
    /// How many more operators to generate and airdrop (development clusters); when there
    /// are no keypairs and no count, one is generated.
    pub generated_operators: usize,
    /// Deposit the dev balances into EVM accounts that do not exist yet (development
    /// clusters only: never on mainnet-beta, testnet or devnet).
    pub fund_dev_accounts: bool,
    /// The first slot indexed into an empty index; `None` = the slot of the program's first
    /// transaction, which every proxy of the cluster finds alike.
    pub index_from_slot: Option<u64>,
}

/// What executes transactions in embedded mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The EVM core over in-process memory (no Solana).
    Memory,
    /// The sealevm program in an embedded LiteSVM.
    Litesvm,
}

/// Where `scripts/build-sbf.sh` leaves the program.
pub fn default_program_path() -> PathBuf {
    let dir = std::env::var_os("SEALEVM_SBF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("SEALEVM_CACHE")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                        .join(".cache")
                        .join("sealevm")
                });
            cache.join("sbf")
        });
    dir.join("sealevm_program.so")
}

/// Why the node could not start.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// Creating the data directory failed.
    #[error("creating data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The listen address does not resolve.
    #[error("invalid listen address {0}")]
    Address(String),
    /// The program `.so` for the LiteSVM engine is not there.
    #[error(
        "sealevm program not found at {0} (build it with scripts/build-sbf.sh, or pass --program)"
    )]
    ProgramMissing(PathBuf),
    /// A mode that is not built yet.
    #[error("{0} is not implemented yet")]
    Unsupported(&'static str),
    /// Deriving the dev accounts failed.
    #[error("deriving dev accounts: {0}")]
    DevAccounts(#[from] alloy::signers::local::LocalSignerError),
    /// The index failed to open.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The chain failed to start.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The node failed to open.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// The server failed to start.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// Remote mode's indexer failed to start.
    #[cfg(feature = "remote")]
    #[error("indexer: {0}")]
    Indexer(#[from] crate::indexer::IndexerError),
}

/// A running node.
pub struct Running {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The server.
    pub handle: ServerHandle,
    /// The index behind it.
    pub index: Index,
    /// The funded dev accounts.
    pub accounts: Vec<DevAccount>,
    /// Tasks that live as long as the server (remote mode's indexer).
    background: Vec<tokio::task::AbortHandle>,
}

impl Running {
    /// `http://addr`.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://addr`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Stops the server and waits for it, then closes the index.
    pub async fn stop(self) {
        if self.handle.stop().is_ok() {
            self.handle.stopped().await;
        }
        for task in &self.background {
            task.abort();
        }
        self.index.close().await;
    }
}

/// Starts index, chain, node and server.
pub async fn launch(options: &NodeOptions) -> Result<Running, LaunchError> {
    let database_url = match &options.database_url {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(&options.data_dir).map_err(|source| LaunchError::DataDir {
                path: options.data_dir.clone(),
                source,
            })?;
            format!(
                "sqlite://{}?mode=rwc",
                options.data_dir.join("index.sqlite").display()
            )
        }
    };
    let index = Index::open(&database_url).await?;
    let accounts = dev_accounts(DEV_ACCOUNT_COUNT)?;
    let one_eth = U256::from_u64(1_000_000_000_000_000_000);
    let balance = one_eth.wrapping_mul(U256::from_u64(DEV_BALANCE_ETH));
    let genesis: Vec<_> = accounts
        .iter()
        .map(|a| (evm_address(a.address), balance))
        .collect();
    let mut config = NodeConfig::new(options.chain_id);
    config.gas_price = options.gas_price;
    if let Some(cluster) = &options.solana_url {
        return launch_remote(cluster, genesis, index, config, options, accounts).await;
    }
    config.dev_signers = accounts.iter().map(|a| a.signer.clone()).collect();
    match options.engine {
        Engine::Memory => {
            let chain = ChainHandle::spawn(move || Ok(MemoryChain::new(genesis)))?;
            serve(chain, index, config, options, accounts, |_| Vec::new()).await
        }
        #[cfg(feature = "embedded")]
        Engine::Litesvm => {
            let program = options.program.clone().unwrap_or_else(default_program_path);
            if !program.is_file() {
                return Err(LaunchError::ProgramMissing(program));
            }
            let (chain_id, coinbase) = (config.chain_id, evm_address(config.coinbase));
            let chain = ChainHandle::spawn(move || {
                crate::chain::svm::SvmChain::new(&program, chain_id, coinbase, &genesis)
            })?;
            serve(chain, index, config, options, accounts, |_| Vec::new()).await
        }
        #[cfg(not(feature = "embedded"))]
        Engine::Litesvm => Err(LaunchError::Unsupported(
            "--engine litesvm (built without the `embedded` feature)",
        )),
    }
}

/// The program on a Solana cluster (`--solana-url`).
#[cfg(feature = "remote")]
async fn launch_remote(
    cluster: &SolanaCluster,
    genesis: Vec<(sealevm_evm::Address, U256)>,
    index: Index,
    config: NodeConfig,
    options: &NodeOptions,
    accounts: Vec<DevAccount>,
) -> Result<Running, LaunchError> {
    use crate::chain::lanes::Lanes;
    use crate::chain::remote::{Operator, RemoteChain, RemoteConfig};
    use crate::indexer::wake::{self, Wake};
    use crate::indexer::{self, block::BlockConstants, Indexer};
    // The index must hold this cluster's slots (or nothing yet) before anything is sent.
    let mut config = config;
    config.cluster_blocks = true;
    let constants = BlockConstants {
        coinbase: config.coinbase,
        gas_limit: config.block_gas_limit,
    };
    let indexer = Indexer::new(&cluster.url, config.chain_id, constants)?;
    indexer.claim(&index).await?;
    let mut operators = cluster
        .operator_keypairs
        .iter()
        .map(|path| Operator::from_file(path).map_err(ChainError::from))
        .collect::<Result<Vec<_>, _>>()?;
    let generated = match (operators.len(), cluster.generated_operators) {
        (0, 0) => 1,
        (_, count) => count,
    };
    operators.extend((0..generated).map(|_| Operator::generate()));
    let first = operators
        .first()
        .map(Operator::duplicate)
        .unwrap_or_else(Operator::generate);
    // The first operator also prepares the cluster (program, dev deposits); this chain serves
    // reads and simulations and sends nothing after that.
    let remote = RemoteConfig {
        url: cluster.url.clone(),
        chain_id: config.chain_id,
        dev_balances: genesis,
        fund_dev_accounts: cluster.fund_dev_accounts,
    };
    let lane_config = RemoteConfig {
        dev_balances: Vec::new(),
        fund_dev_accounts: false,
        ..remote.clone()
    };
    let chain = ChainHandle::spawn(move || Ok(RemoteChain::connect(&remote, first)?))?;
    // One lane per operator: each has its own fee payer and gas account, so transactions of
    // senders on different lanes run side by side.
    // Prepared side by side (each waits for an airdrop and its gas account).
    let preparing: Vec<_> = operators
        .into_iter()
        .map(|operator| {
            let lane_config = lane_config.clone();
            tokio::task::spawn_blocking(move || {
                ChainHandle::spawn(move || Ok(RemoteChain::connect(&lane_config, operator)?))
            })
        })
        .collect();
    let mut lanes = Vec::with_capacity(preparing.len());
    for lane in preparing {
        lanes.push(
            lane.await
                .map_err(|e| ChainError::Backend(format!("preparing an operator: {e}")))??,
        );
    }
    let chain = chain.with_lanes(Lanes::new(lanes));
    let mut next = indexer.resume_slot(&index, cluster.index_from_slot).await?;
    // The node opens on a head the cluster made, not on a genesis of its own.
    indexer.first_block(&index, &mut next).await?;
    let wake = Wake::new(match cluster.ws_url {
        Some(_) => wake::POLL_WITH_WS,
        None => wake::POLL_WITHOUT_WS,
    });
    let ws_url = cluster.ws_url.clone();
    serve(chain, index, config, options, accounts, move |node| {
        let mut tasks =
            vec![tokio::spawn(wake::on_accepted(node.subscribe(), wake.clone())).abort_handle()];
        if let Some(url) = ws_url {
            tasks.push(tokio::spawn(wake::on_program_logs(url, wake.clone())).abort_handle());
        }
        tasks.push(tokio::spawn(indexer::follow(indexer, node, next, wake)).abort_handle());
        tasks
    })
    .await
}

/// Built without the `remote` feature.
#[cfg(not(feature = "remote"))]
async fn launch_remote(
    _cluster: &SolanaCluster,
    _genesis: Vec<(sealevm_evm::Address, U256)>,
    _index: Index,
    _config: NodeConfig,
    _options: &NodeOptions,
    _accounts: Vec<DevAccount>,
) -> Result<Running, LaunchError> {
    Err(LaunchError::Unsupported(
        "--solana-url (built without the `remote` feature)",
    ))
}

/// Opens the node, starts what `background` starts with it, and serves it.
async fn serve<C: Chain>(
    chain: ChainHandle<C>,
    index: Index,
    config: NodeConfig,
    options: &NodeOptions,
    accounts: Vec<DevAccount>,
    background: impl FnOnce(Arc<Node<C>>) -> Vec<tokio::task::AbortHandle>,
) -> Result<Running, LaunchError> {
    let addr = (options.host.as_str(), options.port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| LaunchError::Address(format!("{}:{}", options.host, options.port)))?;
    let node = Arc::new(Node::open(chain, index.clone(), config).await?);
    let background = background(node.clone());
    let settings = ServerSettings {
        max_batch: options.max_batch,
        ..Default::default()
    };
    let (handle, addr) = match crate::rpc::start(node, addr, &settings).await {
        Ok(started) => started,
        Err(e) => {
            for task in &background {
                task.abort();
            }
            return Err(e.into());
        }
    };
    Ok(Running {
        addr,
        handle,
        index,
        accounts,
        background,
    })
}
