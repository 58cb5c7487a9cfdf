//! sealevm-proxy: the Ethereum JSON-RPC node of sealevm (binary `sealevm`).
//!
//! Layers, each in its own module:
//! - [`rpc`]: jsonrpsee traits per namespace ([`rpc::api`]) and their implementations
//!   ([`rpc::impls`]); the server (HTTP + WS on one port, CORS, batches, `GET /health`).
//! - [`error`]: the one error enum of the API, converted to JSON-RPC error objects in one place.
//! - [`node`]: sequencing (one block per transaction), calls, gas estimation, replay on start.
//! - [`chain`]: the boundary to execution ([`chain::Chain`]), run on its own thread.
//! - [`index`]: blocks, transactions, receipts and logs in SQLite or PostgreSQL.
//! - `indexer` (feature `remote`): follows the program on a Solana cluster and indexes its
//!   slots as blocks.
//! - [`tx`]: decoding and checking signed transactions; [`convert`]: alloy <-> EVM types.
//! - [`cli`], [`launch`], [`dev_accounts`]: the `sealevm node` command.

pub mod chain;
pub mod cli;
pub mod convert;
pub mod dev_accounts;
pub mod error;
pub mod index;
#[cfg(feature = "remote")]
pub mod indexer;
pub mod launch;
pub mod node;
pub mod rpc;
pub mod tx;

/// `sealevm/v<version>`: the node's name and version.
pub fn client_version() -> String {
    format!("sealevm/v{}", env!("CARGO_PKG_VERSION"))
}

/// What web3_clientVersion answers: `anvil-compatible sealevm/v<version>`. Dev tooling such
/// as Hardhat's network helpers (`loadFixture`, `time`, `mine`) runs only against nodes whose
/// client version starts with `hardhatnetwork`, `anvil` or `zksync`; the node serves the
/// methods those helpers call (evm_snapshot, evm_revert, evm_mine, evm_increaseTime, ...), so
/// it says it is anvil-compatible rather than being refused.
pub fn web3_client_version() -> String {
    format!("anvil-compatible {}", client_version())
}
