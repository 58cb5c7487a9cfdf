//! `sealevm`: the sealevm Ethereum JSON-RPC node.

use clap::Parser;
use sealevm_proxy::cli::{Cli, Command};
use sealevm_proxy::launch::{launch, Running};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Node(args) => match run(args.options()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("{e}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn run(
    options: sealevm_proxy::launch::NodeOptions,
) -> Result<(), sealevm_proxy::launch::LaunchError> {
    let running = launch(&options).await?;
    print_banner(&running, options.chain_id);
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C: shutting down"),
        _ = running.handle.clone().stopped() => tracing::warn!("server stopped"),
    }
    running.stop().await;
    tracing::info!("stopped");
    Ok(())
}

fn print_banner(running: &Running, chain_id: u64) {
    println!("sealevm {}", sealevm_proxy::client_version());
    println!("Chain id:  {chain_id}");
    println!(
        "JSON-RPC:  {} (WebSocket {})",
        running.http_url(),
        running.ws_url()
    );
    println!();
    println!(
        "Dev accounts ({} ETH each; test mnemonic, never use on a public chain):",
        sealevm_proxy::launch::DEV_BALANCE_ETH
    );
    for (i, a) in running.accounts.iter().enumerate() {
        println!("({i}) {}  {}", a.address, a.private_key);
    }
    println!();
}
