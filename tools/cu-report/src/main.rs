//! `cu-report`: what typical Ethereum workloads cost on the sealevm program, run in LiteSVM
//! with the SBF build (`scripts/build-sbf.sh programs/sealevm` first).
//!
//! Prints `<workload>: <N> CU (block cost <M>)` for a native transfer, an ERC-20 transfer, an
//! ERC-20 deployment (summed over its Solana transactions) and a Uniswap V2 swap, where the
//! block cost is what Solana's cost model charges (see [`program_support::Sent::block_cost`]),
//! then, last, the number of conflicting pairs among 64 independent ERC-20 transfers built as
//! the proxy builds them (see [`conflicts`]).

#[path = "../../../tests/tests/program_support/mod.rs"]
#[allow(missing_docs, clippy::unwrap_used)]
mod program_support;

mod conflicts;
mod uniswap;
mod workloads;

use program_support::Submitted;

/// Prints one workload line.
fn report(name: &str, submitted: &Submitted) {
    println!(
        "{name}: {} CU (block cost {})",
        submitted.compute_units(),
        submitted.block_cost()
    );
}

fn main() {
    let token = workloads::run();
    report("native transfer", &token.native_transfer);
    report("ERC-20 transfer", &token.erc20_transfer);
    report("ERC-20 deploy", &token.erc20_deploy);
    let swap = uniswap::run();
    report("Uniswap V2 swap", &swap);
    let k = conflicts::run();
    println!("conflicting pairs among 64 independent ERC-20 transfers: {k}");
}
