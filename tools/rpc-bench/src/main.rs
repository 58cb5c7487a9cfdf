//! `rpc-bench`: the sealevm node's JSON-RPC under load, next to a Hardhat node and anvil run on
//! the same machine in the same run.
//!
//! Each node is started in turn on a free loopback port, gets the same two workloads, and is
//! stopped: `eth_call` of an ERC-20 `balanceOf` from many concurrent clients, and native
//! transfers from several senders, each transaction sent with `eth_sendRawTransaction` and polled
//! to its receipt. It prints a line per node and workload, then the ratios of sealevm to each
//! other node. `scripts/rpc-bench.sh` installs Hardhat and anvil from npm and builds what it needs.
//! Only nodes on this machine are contacted, and every loop is bounded.

mod nodes;
mod rpc;
mod stats;
mod workloads;

use clap::Parser;
use nodes::{NodeKind, NodePrograms};
use stats::{millis, Figures};
use std::path::PathBuf;
use std::process::ExitCode;
use workloads::{NodeFigures, Plan};

/// Load benchmark: sealevm vs Hardhat vs anvil.
#[derive(Debug, Parser)]
#[command(name = "rpc-bench")]
struct Args {
    /// The `sealevm` binary.
    #[arg(long)]
    sealevm: PathBuf,
    /// A directory with `node_modules/.bin/hardhat` and a `hardhat.config.js`; none = skip Hardhat.
    #[arg(long)]
    hardhat_dir: Option<PathBuf>,
    /// The `anvil` binary; none = skip anvil.
    #[arg(long)]
    anvil: Option<PathBuf>,
    /// eth_call requests per node.
    #[arg(long, default_value_t = 20_000)]
    calls: usize,
    /// Concurrent eth_call clients.
    #[arg(long, default_value_t = 32)]
    call_concurrency: usize,
    /// Transfer senders (at most 9: dev accounts 1..=9).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=9))]
    senders: u8,
    /// Transfers per sender.
    #[arg(long, default_value_t = 100)]
    transfers_per_sender: usize,
}

fn print_figures(node: &str, workload: &str, unit: &str, f: &Figures) {
    println!(
        "{node} {workload}: {:.0} {unit}/s, p50 {}, p99 {} ({} in {:.2} s)",
        f.per_second(),
        millis(f.p50),
        millis(f.p99),
        f.count,
        f.elapsed.as_secs_f64()
    );
}

/// `a / b` as "N.NNx", or "n/a" when `b` is zero.
fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}x", a / b)
    } else {
        "n/a".into()
    }
}

/// Prints how sealevm compares with `other`: throughput as sealevm/other (above 1 = sealevm
/// serves more), latency as other/sealevm (above 1 = sealevm answers faster).
fn print_ratios(other: &str, ours: &NodeFigures, theirs: &NodeFigures) {
    let line = |ours: &Figures, theirs: &Figures| {
        format!(
            "throughput {}, p50 speed {}, p99 speed {}",
            ratio(ours.per_second(), theirs.per_second()),
            ratio(theirs.p50.as_secs_f64(), ours.p50.as_secs_f64()),
            ratio(theirs.p99.as_secs_f64(), ours.p99.as_secs_f64()),
        )
    };
    println!(
        "sealevm vs {other} eth_call: {}",
        line(&ours.call, &theirs.call)
    );
    println!(
        "sealevm vs {other} transfers: {}",
        line(&ours.transfers, &theirs.transfers)
    );
}

async fn bench(kind: NodeKind, programs: &NodePrograms, plan: &Plan) -> Option<NodeFigures> {
    let node = match nodes::start(kind, programs).await {
        Ok(node) => node,
        Err(e) => {
            eprintln!("rpc-bench: {e}");
            return None;
        }
    };
    match workloads::run(&node.rpc, plan).await {
        Ok(figures) => {
            print_figures(kind.name(), "eth_call", "req", &figures.call);
            print_figures(kind.name(), "transfers", "tx", &figures.transfers);
            Some(figures)
        }
        Err(e) => {
            eprintln!("rpc-bench: {}: {e}", kind.name());
            None
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let plan = Plan {
        calls: args.calls,
        call_concurrency: args.call_concurrency.max(1),
        senders: usize::from(args.senders),
        transfers_per_sender: args.transfers_per_sender,
    };
    let programs = NodePrograms {
        sealevm: args.sealevm.clone(),
        hardhat_dir: args.hardhat_dir.clone().unwrap_or_default(),
        anvil: args.anvil.clone().unwrap_or_default(),
    };
    println!(
        "rpc-bench: eth_call = ERC-20 balanceOf, {} requests from {} clients; transfers = {} senders x {} native transfers, each sent then polled to its receipt",
        plan.calls, plan.call_concurrency, plan.senders, plan.transfers_per_sender
    );
    let Some(ours) = bench(NodeKind::Sealevm, &programs, &plan).await else {
        return ExitCode::FAILURE;
    };
    let mut failed = false;
    for (kind, present) in [
        (NodeKind::Hardhat, args.hardhat_dir.is_some()),
        (NodeKind::Anvil, args.anvil.is_some()),
    ] {
        if !present {
            continue;
        }
        match bench(kind, &programs, &plan).await {
            Some(theirs) => print_ratios(kind.name(), &ours, &theirs),
            None => failed = true,
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
