//! Starting the nodes under test as child processes on free loopback ports, and stopping them.

use crate::rpc::Rpc;
use serde_json::json;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a node may take to answer its first request.
const STARTUP_LIMIT: Duration = Duration::from_secs(180);

/// A node implementation the benchmark knows how to start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// `sealevm node` in embedded mode (the real program in LiteSVM).
    Sealevm,
    /// `hardhat node` (Hardhat 2).
    Hardhat,
    /// Foundry's anvil.
    Anvil,
}

impl NodeKind {
    /// Lower-case name used in the output.
    pub(crate) fn name(self) -> &'static str {
        match self {
            NodeKind::Sealevm => "sealevm",
            NodeKind::Hardhat => "hardhat",
            NodeKind::Anvil => "anvil",
        }
    }
}

/// Where the node programs are.
#[derive(Clone, Debug)]
pub(crate) struct NodePrograms {
    /// The `sealevm` binary.
    pub(crate) sealevm: PathBuf,
    /// A directory holding `node_modules/.bin/hardhat` and a `hardhat.config.js`.
    pub(crate) hardhat_dir: PathBuf,
    /// The `anvil` binary.
    pub(crate) anvil: PathBuf,
}

/// Why a node could not be started.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StartError {
    /// Spawning the process failed.
    #[error("starting {name} ({program}): {source}")]
    Spawn {
        /// The node.
        name: &'static str,
        /// The program run.
        program: String,
        /// Cause.
        source: std::io::Error,
    },
    /// No free port.
    #[error("finding a free port: {0}")]
    Port(std::io::Error),
    /// The node never answered.
    #[error("{name} did not answer eth_chainId within {limit:?}")]
    NotReady {
        /// The node.
        name: &'static str,
        /// How long we waited.
        limit: Duration,
    },
    /// The node exited during startup.
    #[error("{name} exited during startup: {status}")]
    Exited {
        /// The node.
        name: &'static str,
        /// Its exit status.
        status: std::process::ExitStatus,
    },
}

/// A running node; killed when dropped.
pub(crate) struct RunningNode {
    /// Its JSON-RPC client.
    pub(crate) rpc: Rpc,
    child: Child,
    data_dir: Option<PathBuf>,
}

impl Drop for RunningNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(dir) = &self.data_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn free_port() -> Result<u16, StartError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(StartError::Port)?;
    Ok(listener.local_addr().map_err(StartError::Port)?.port())
}

fn spawn(name: &'static str, command: &mut Command) -> Result<Child, StartError> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| StartError::Spawn {
            name,
            program: format!("{:?}", command.get_program()),
            source,
        })
}

/// Starts `kind` on a free port and waits until it answers.
pub(crate) async fn start(
    kind: NodeKind,
    programs: &NodePrograms,
) -> Result<RunningNode, StartError> {
    let port = free_port()?;
    let name = kind.name();
    let mut data_dir = None;
    let child = match kind {
        NodeKind::Sealevm => {
            let dir = std::env::temp_dir().join(format!("rpc-bench-{}-{port}", std::process::id()));
            let child = spawn(
                name,
                Command::new(&programs.sealevm)
                    .args(["node", "--host", "127.0.0.1", "--port"])
                    .arg(port.to_string())
                    .arg("--data-dir")
                    .arg(&dir)
                    .env("RUST_LOG", "warn"),
            )?;
            data_dir = Some(dir);
            child
        }
        NodeKind::Hardhat => spawn(
            name,
            Command::new(hardhat_bin(&programs.hardhat_dir))
                .args(["node", "--hostname", "127.0.0.1", "--port"])
                .arg(port.to_string())
                .current_dir(&programs.hardhat_dir),
        )?,
        NodeKind::Anvil => spawn(
            name,
            Command::new(&programs.anvil)
                .args(["--silent", "--host", "127.0.0.1", "--port"])
                .arg(port.to_string()),
        )?,
    };
    let mut node = RunningNode {
        rpc: Rpc::new(format!("http://127.0.0.1:{port}")),
        child,
        data_dir,
    };
    let started = Instant::now();
    while started.elapsed() < STARTUP_LIMIT {
        if let Ok(Some(status)) = node.child.try_wait() {
            return Err(StartError::Exited { name, status });
        }
        if node.rpc.call("eth_chainId", json!([])).await.is_ok() {
            return Ok(node);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(StartError::NotReady {
        name,
        limit: STARTUP_LIMIT,
    })
}

fn hardhat_bin(dir: &Path) -> PathBuf {
    dir.join("node_modules").join(".bin").join("hardhat")
}
