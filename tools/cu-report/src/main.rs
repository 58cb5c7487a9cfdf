//! `cu-report`: what typical Ethereum workloads cost on the sealevm program, run in LiteSVM
//! with the SBF build (`scripts/build-sbf.sh programs/sealevm` first).
//!
//! Prints `<workload>: <N> CU (block cost <M>)` for a native transfer, an ERC-20 transfer, an
//! ERC-20 deployment (summed over its Solana transactions) and a Uniswap V2 swap, where the
//! block cost is what Solana's cost model charges (see [`program_support::Sent::block_cost`]).
//! The main figures use the cheaper signature route: a secp256k1 precompile instruction plus
//! `ExecuteVerified` (6,690 of block cost per precompile signature, no `secp256k1_recover`
//! syscall in the program) wherever the pair fits one packet; the same workloads follow on the
//! syscall route (`Execute`) for comparison. Last, the number of conflicting pairs among 64
//! independent ERC-20 transfers built as the proxy builds them (see [`conflicts`]).
#[path = "../../../tests/tests/program_support/mod.rs"]
#[allow(missing_docs, clippy::unwrap_used)]
mod program_support;

mod conflicts;
mod uniswap;
mod workloads;

use program_support::{SignatureRoute, Submitted};

/// Prints one workload line.
fn report(name: &str, submitted: &Submitted) {
    println!(
        "{name}: {} CU (block cost {})",
        submitted.compute_units(),
        submitted.block_cost()
    );
}

/// Runs and prints every workload on `route`.
fn report_route(route: SignatureRoute, suffix: &str) {
    let token = workloads::run(route);
    if std::env::var_os("SEALEVM_CU_LOGS").is_some() {
        // The program's log lines of the ERC-20 transfer, e.g. the marks of a build with
        // `--cfg sealevm_cu_trace` (see tools/evm-bench/README.md).
        for line in &token.erc20_transfer.logs {
            eprintln!("{line}");
        }
    }
    report(&format!("native transfer{suffix}"), &token.native_transfer);
    report(&format!("ERC-20 transfer{suffix}"), &token.erc20_transfer);
    report(&format!("ERC-20 deploy{suffix}"), &token.erc20_deploy);
    let swap = uniswap::run(route);
    report(&format!("Uniswap V2 swap{suffix}"), &swap);
}

fn main() {
    report_route(SignatureRoute::Precompile, "");
    report_route(SignatureRoute::Syscall, " (syscall route)");
    let k = conflicts::run();
    println!("conflicting pairs among 64 independent ERC-20 transfers: {k}");
}
