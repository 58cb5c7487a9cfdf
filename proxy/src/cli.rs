//! Command line: `sealevm node ...`. Every flag has an environment-variable twin.

use crate::launch::{Engine, NodeOptions, SolanaCluster};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Default EIP-155 chain id: 7325, "SEAL" on a phone keypad. Chosen for development; check
/// it against the public chain-id registry before any public deployment.
pub const DEFAULT_CHAIN_ID: u64 = 7325;

/// sealevm: an Ethereum JSON-RPC node whose EVM runs inside Solana.
#[derive(Debug, Parser)]
#[command(name = "sealevm", version, about)]
pub struct Cli {
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the JSON-RPC node.
    Node(NodeArgs),
}

/// Flags of `sealevm node`.
#[derive(Debug, Args)]
pub struct NodeArgs {
    /// Port of the JSON-RPC server (HTTP and WebSocket).
    #[arg(long, env = "SEALEVM_PORT", default_value_t = 8545)]
    pub port: u16,
    /// Interface to listen on.
    #[arg(long, env = "SEALEVM_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Directory for the node's files (the default SQLite index).
    #[arg(long, env = "SEALEVM_DATA_DIR", default_value = ".sealevm")]
    pub data_dir: PathBuf,
    /// EIP-155 chain id.
    #[arg(long, env = "SEALEVM_CHAIN_ID", default_value_t = DEFAULT_CHAIN_ID)]
    pub chain_id: u64,
    /// Solana RPC URL of a cluster running the sealevm program; absent = embedded mode.
    #[arg(long, env = "SEALEVM_SOLANA_URL")]
    pub solana_url: Option<String>,
    /// Solana WebSocket URL (optional): logsSubscribe on the program wakes the indexer as soon
    /// as a sealevm transaction is confirmed, whoever sent it; without it the indexer polls
    /// getSlot every 200 ms (with it, every second, for slots without sealevm transactions).
    #[arg(long, env = "SEALEVM_SOLANA_WS_URL", requires = "solana_url")]
    pub solana_ws_url: Option<String>,
    /// An operator's keypair file (Solana CLI JSON); repeat the flag (or separate files with
    /// commas in the variable) for a pool: each operator pays for and signs its own senders'
    /// transactions, so different senders' transactions run in parallel. Default: one new
    /// keypair funded by requestAirdrop (development clusters).
    #[arg(
        long,
        env = "SEALEVM_OPERATOR_KEYPAIR",
        value_delimiter = ',',
        requires = "solana_url"
    )]
    pub operator_keypair: Vec<PathBuf>,
    /// With --solana-url: how many more operators to generate and fund by requestAirdrop
    /// (development clusters), each with its own gas account.
    #[arg(
        long,
        env = "SEALEVM_GENERATED_OPERATORS",
        default_value_t = 0,
        requires = "solana_url"
    )]
    pub generated_operators: usize,
    /// With --solana-url: the first slot indexed into an empty index (default: the slot of
    /// the program's first transaction, the same for every proxy of the cluster).
    #[arg(long, env = "SEALEVM_INDEX_FROM_SLOT", requires = "solana_url")]
    pub index_from_slot: Option<u64>,
    /// With --solana-url: deposit the dev balances into EVM accounts that do not exist yet
    /// (development clusters only; never on mainnet-beta, testnet or devnet).
    #[arg(long, env = "SEALEVM_FUND_DEV_ACCOUNTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub fund_dev_accounts: bool,
    /// Index database: sqlite://PATH or postgres://...; default a SQLite file in the data dir.
    #[arg(long, env = "SEALEVM_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Gas price reported by eth_gasPrice, in wei.
    #[arg(long, env = "SEALEVM_GAS_PRICE", default_value_t = 1_000_000_000)]
    pub gas_price: u128,
    /// Most calls in one JSON-RPC batch.
    #[arg(long, env = "SEALEVM_MAX_BATCH", default_value_t = 100)]
    pub max_batch: u32,
    /// Embedded engine: `litesvm` (the default: the real sealevm program in an in-process
    /// LiteSVM) or `memory` (the EVM core alone over memory, for quick experiments).
    #[arg(long, env = "SEALEVM_ENGINE", value_enum, default_value_t = Engine::Litesvm)]
    pub engine: Engine,
    /// The program .so for `--engine litesvm` (default: sealevm_program.so in $SEALEVM_SBF_DIR
    /// or ~/.cache/sealevm/sbf).
    #[arg(long, env = "SEALEVM_PROGRAM")]
    pub program: Option<PathBuf>,
}

impl NodeArgs {
    /// The options these flags describe.
    pub fn options(&self) -> NodeOptions {
        NodeOptions {
            host: self.host.clone(),
            port: self.port,
            data_dir: self.data_dir.clone(),
            chain_id: self.chain_id,
            solana_url: self.solana_url.as_ref().map(|url| SolanaCluster {
                url: url.clone(),
                ws_url: self.solana_ws_url.clone(),
                operator_keypairs: self.operator_keypair.clone(),
                generated_operators: self.generated_operators,
                fund_dev_accounts: self.fund_dev_accounts,
                index_from_slot: self.index_from_slot,
            }),
            database_url: self.database_url.clone(),
            gas_price: self.gas_price,
            max_batch: self.max_batch,
            engine: self.engine,
            program: self.program.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_args(args: &[&str]) -> Result<NodeArgs, clap::Error> {
        let mut all = vec!["sealevm", "node"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).map(|cli| match cli.command {
            Command::Node(args) => args,
        })
    }

    #[test]
    fn operators_repeat_and_generated_ones_are_counted() {
        let args = node_args(&[
            "--solana-url",
            "http://127.0.0.1:8899",
            "--operator-keypair",
            "a.json",
            "--operator-keypair",
            "b.json",
            "--generated-operators",
            "3",
            "--index-from-slot",
            "42",
        ])
        .expect("parses");
        let cluster = args.options().solana_url.expect("remote mode");
        assert_eq!(
            cluster.operator_keypairs,
            vec![PathBuf::from("a.json"), PathBuf::from("b.json")]
        );
        assert_eq!(cluster.generated_operators, 3);
        assert_eq!(cluster.index_from_slot, Some(42));
    }

    #[test]
    fn remote_flags_need_a_solana_url() {
        for flag in [
            ["--operator-keypair", "a.json"],
            ["--generated-operators", "2"],
            ["--index-from-slot", "1"],
            ["--solana-ws-url", "ws://127.0.0.1:8900"],
        ] {
            assert!(node_args(&flag).is_err(), "{flag:?} without --solana-url");
        }
        assert!(node_args(&["--generated-operators", "many", "--solana-url", "x"]).is_err());
    }
}
