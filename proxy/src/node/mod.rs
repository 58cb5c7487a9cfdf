//! The node: sequences transactions into blocks (automine, one block per transaction), keeps
//! the index in step with the chain, and answers state and execution queries.

pub mod block;
pub mod clock;
#[cfg(feature = "remote")]
mod cluster;
mod dev;
mod estimate;
pub mod events;
pub mod filters;
pub mod pool;
mod publisher;
mod recent;
mod send;
mod sequencer;

use crate::chain::overrides::Overrides;
use crate::chain::worker::ChainHandle;
use crate::chain::{AccountView, Chain};
use crate::convert::{evm_address, evm_b256, evm_u256};
use crate::error::EthError;
use crate::index::{BlockRecord, Index, IndexError};
use crate::tx::{call_tx_env, SignedTx};
use alloy::primitives::{Address, Bytes, B256};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use block::BlockParams;
use clock::DevClock;
use events::NodeEvent;
use filters::Filters;
use pool::Pool;
use publisher::Publisher;
use sealevm_evm::{BlockEnv, CfgEnv, Env, Outcome, Status, TxEnv, U256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::{broadcast, Mutex};

/// Settings of the chain the node produces.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Price reported by eth_gasPrice and used as the fee-history reward, in wei.
    pub gas_price: u128,
    /// Beneficiary of every block: the operator's gas account.
    pub coinbase: Address,
    /// Gas limit of every block (and cap of eth_call / eth_estimateGas).
    pub block_gas_limit: u64,
    /// Most logs one eth_getLogs may return.
    pub max_logs: usize,
    /// Most blocks one eth_getLogs may scan.
    pub max_log_range: u64,
    /// Keys of eth_accounts, which eth_sendTransaction signs with (the dev accounts in
    /// embedded mode).
    pub dev_signers: Vec<PrivateKeySigner>,
    /// Remote mode: blocks are the cluster's slots, written by the indexer
    /// (`crate::indexer`); the node sends transactions and waits for their blocks instead of
    /// mining, and refuses evm_mine.
    pub cluster_blocks: bool,
}

impl NodeConfig {
    /// Defaults for `chain_id`: the sdk's block gas limit, 1 gwei, 10,000 logs over 100,000 blocks.
    pub fn new(chain_id: u64) -> Self {
        Self {
            chain_id,
            gas_price: 1_000_000_000,
            coinbase: Address::ZERO,
            block_gas_limit: sealevm_sdk::chain::BLOCK_GAS_LIMIT,
            max_logs: 10_000,
            max_log_range: 100_000,
            dev_signers: Vec::new(),
            cluster_blocks: false,
        }
    }
}

/// Errors while opening the node.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The index was written by a node with another chain id.
    #[error("the index at this database belongs to chain {found}, not {expected}")]
    ChainIdMismatch {
        /// Chain id stored in the index.
        found: String,
        /// Chain id configured.
        expected: u64,
    },
    /// Replaying the index into the chain failed.
    #[error("replaying block {number}: {reason}")]
    Replay {
        /// Block being replayed.
        number: u64,
        /// What went wrong.
        reason: String,
    },
}

/// Everything that changes when a block is produced or the chain is reverted; behind one
/// lock, so blocks are produced one at a time.
struct Tip {
    /// The latest block.
    head: BlockRecord,
    /// Transactions waiting for a nonce gap to fill.
    pool: Pool,
    /// Block time controls.
    clock: DevClock,
    /// evm_snapshot's saved tips, oldest first; ids are the chain's snapshot ids.
    snapshots: Vec<SavedTip>,
    /// Hashes of the transactions mined last (some may not be in the index yet).
    recent: recent::RecentHashes,
}

/// What evm_snapshot keeps besides the chain's state (the index is cut back to `head`).
struct SavedTip {
    id: u64,
    head: BlockRecord,
    pool: Pool,
    clock: DevClock,
}

/// How many node events a slow subscriber may lag behind before it misses some.
const EVENT_BUFFER: usize = 1024;

/// The node shared by every RPC connection.
pub struct Node<C> {
    chain: ChainHandle<C>,
    index: Index,
    config: NodeConfig,
    tip: Mutex<Tip>,
    /// The newest block in the index (eth_blockNumber); the publisher advances it.
    head_number: Arc<AtomicU64>,
    filters: Filters,
    events: broadcast::Sender<NodeEvent>,
    /// Taken by eth_sendTransaction from filling the nonce to sending, so two concurrent
    /// sends from one account get consecutive nonces.
    send_turn: Mutex<()>,
    /// Writes mined blocks to the index in order and shows them, while the next transaction
    /// already executes (the chain and the database work in parallel).
    publisher: Publisher,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

impl<C: Chain> Node<C> {
    /// Opens the node over `chain` and `index`: writes the genesis block into an empty index,
    /// or replays the indexed transactions into the (fresh) chain so state matches the index.
    pub async fn open(
        chain: ChainHandle<C>,
        index: Index,
        config: NodeConfig,
    ) -> Result<Self, NodeError> {
        match index.meta("chain_id").await? {
            Some(found) if found != config.chain_id.to_string() => {
                return Err(NodeError::ChainIdMismatch {
                    found,
                    expected: config.chain_id,
                })
            }
            Some(_) => {}
            None => {
                index
                    .set_meta("chain_id", &config.chain_id.to_string())
                    .await?
            }
        }
        let head = match index.head().await? {
            Some(head) => {
                if !chain.run(|c| c.keeps_state()).await.unwrap_or(false) {
                    replay(&chain, &index, &config, head.header.number).await?;
                }
                head
            }
            None => {
                let genesis = block::genesis(&BlockParams {
                    number: 0,
                    timestamp: now(),
                    coinbase: config.coinbase,
                    gas_limit: config.block_gas_limit,
                    base_fee: 0,
                });
                index.insert_block(&genesis, &[], &[]).await?;
                genesis
            }
        };
        let (number, hash) = (head.header.number, head.hash);
        chain
            .run(move |c| c.record_block_hash(number, evm_b256(hash)))
            .await
            .map_err(|e| NodeError::Replay {
                number,
                reason: e.to_string(),
            })?;
        tracing::info!(head = number, %hash, "index opened");
        let head_number = Arc::new(AtomicU64::new(number));
        let events = broadcast::channel(EVENT_BUFFER).0;
        let publisher = Publisher::spawn(index.clone(), head_number.clone(), events.clone());
        Ok(Self {
            chain,
            index,
            head_number,
            tip: Mutex::new(Tip {
                head,
                pool: Pool::default(),
                clock: DevClock::default(),
                snapshots: Vec::new(),
                recent: recent::RecentHashes::default(),
            }),
            config,
            filters: Filters::default(),
            events,
            send_turn: Mutex::new(()),
            publisher,
        })
    }

    /// The node's settings.
    pub fn config(&self) -> &NodeConfig {
        &self.config
    }

    /// The index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Number of the latest block.
    pub fn head_number(&self) -> u64 {
        self.head_number.load(Ordering::Acquire)
    }

    /// The account at `address` in the latest state.
    pub async fn account(&self, address: Address) -> Result<AccountView, EthError> {
        let address = evm_address(address);
        Ok(self.chain.run(move |c| c.account(&address)).await??)
    }

    /// Storage slot `slot` of `address` in the latest state.
    pub async fn storage(
        &self,
        address: Address,
        slot: alloy::primitives::U256,
    ) -> Result<B256, EthError> {
        let (address, slot) = (evm_address(address), evm_u256(slot));
        let value = self
            .chain
            .run(move |c| c.storage(&address, &slot))
            .await??;
        Ok(B256::from(value.to_be_bytes()))
    }

    fn cfg(&self) -> CfgEnv {
        CfgEnv::new(self.config.chain_id, sealevm_sdk::chain::SPEC)
    }

    fn block_env(&self, params: &BlockParams) -> BlockEnv {
        BlockEnv {
            number: params.number,
            coinbase: evm_address(params.coinbase),
            timestamp: params.timestamp,
            gas_limit: params.gas_limit,
            basefee: U256::from_u64(params.base_fee),
            prevrandao: sealevm_evm::B256::ZERO,
            difficulty: U256::ZERO,
            blob_basefee: U256::ONE,
        }
    }

    /// The next block's values at wall-clock time `now`.
    fn next_params(&self, tip: &Tip, now: u64) -> BlockParams {
        BlockParams {
            number: tip.head.header.number + 1,
            timestamp: tip.clock.next_timestamp(now, tip.head.header.timestamp),
            coinbase: self.config.coinbase,
            gas_limit: self.config.block_gas_limit,
            base_fee: 0,
        }
    }

    /// The polling filters.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// New blocks and accepted transactions, as they happen (eth_subscribe).
    pub fn subscribe(&self) -> broadcast::Receiver<NodeEvent> {
        self.events.subscribe()
    }

    /// The environment of a call on top of the latest block.
    async fn call_env(
        &self,
        request: &TransactionRequest,
        gas_limit: u64,
        overrides: &Overrides,
    ) -> Result<Env, EthError> {
        let params = {
            let tip = self.tip.lock().await;
            self.next_params(&tip, now())
        };
        let from = request.from.unwrap_or_default();
        let nonce = match overrides.nonce(&evm_address(from)) {
            Some(nonce) => nonce,
            None => self.account(from).await?.nonce,
        };
        Ok(Env {
            cfg: self.cfg(),
            block: self.block_env(&params),
            tx: call_tx_env(request, nonce, gas_limit),
        })
    }

    /// eth_call: runs `request` on the latest state as `overrides` change it (nothing is
    /// kept) and returns its output.
    pub async fn call(
        &self,
        request: &TransactionRequest,
        overrides: Overrides,
    ) -> Result<Bytes, EthError> {
        let gas = request
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        let env = self.call_env(request, gas, &overrides).await?;
        let outcome = self
            .chain
            .run(move |c| c.simulate(&env, &overrides))
            .await??;
        outcome_result(outcome)
    }

    /// eth_estimateGas: the smallest gas limit with which `request` succeeds on the latest
    /// state as `overrides` change it.
    pub async fn estimate_gas(
        &self,
        request: &TransactionRequest,
        overrides: Overrides,
    ) -> Result<u64, EthError> {
        let cap = request
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        let env = self.call_env(request, cap, &overrides).await?;
        self.chain
            .run(move |c| estimate::estimate(c, env, &overrides))
            .await?
    }

    /// Hash of the latest block.
    pub async fn head_hash(&self) -> B256 {
        self.tip.lock().await.head.hash
    }
}

/// Output of a successful outcome, or the error a failed one maps to.
fn outcome_result(outcome: Outcome) -> Result<Bytes, EthError> {
    match outcome.status {
        Status::Success => Ok(Bytes::from(outcome.output)),
        Status::Revert => Err(EthError::Reverted(Bytes::from(outcome.output))),
        Status::Halt(reason) => Err(EthError::Halted(reason)),
    }
}

/// Re-executes blocks 1..=`head` from the index into a fresh chain, checking each receipt.
async fn replay<C: Chain>(
    chain: &ChainHandle<C>,
    index: &Index,
    config: &NodeConfig,
    head: u64,
) -> Result<(), NodeError> {
    const BATCH: u64 = 500;
    let started = std::time::Instant::now();
    let mut from = 0;
    let mut count = 0u64;
    while from <= head {
        let to = (from + BATCH - 1).min(head);
        for block in index.blocks(from, to).await? {
            let number = block.header.number;
            let fail = |reason: String| NodeError::Replay { number, reason };
            let block_env = BlockEnv {
                number,
                coinbase: evm_address(block.header.beneficiary),
                timestamp: block.header.timestamp,
                gas_limit: block.header.gas_limit,
                basefee: U256::from_u64(block.header.base_fee_per_gas.unwrap_or_default()),
                prevrandao: sealevm_evm::B256::ZERO,
                difficulty: U256::ZERO,
                blob_basefee: U256::ONE,
            };
            for record in index.block_transactions(number).await? {
                let tx = SignedTx::decode(&record.raw, config.chain_id)
                    .map_err(|e| fail(e.to_string()))?;
                let env = Env {
                    cfg: CfgEnv::new(config.chain_id, sealevm_sdk::chain::SPEC),
                    block: block_env.clone(),
                    tx: tx.tx_env(),
                };
                let raw = tx.raw.clone();
                let outcome = chain
                    .run(move |c| c.commit(&raw, &env))
                    .await
                    .and_then(|r| r)
                    .map_err(|e| fail(e.to_string()))?;
                if outcome.is_success() != record.status || outcome.gas_used != record.gas_used {
                    return Err(fail(format!(
                        "transaction {} re-executed to status {} gas {}, index has status {} gas {}",
                        record.hash, outcome.is_success(), outcome.gas_used, record.status, record.gas_used
                    )));
                }
                count += 1;
            }
            let hash = evm_b256(block.hash);
            chain
                .run(move |c| c.record_block_hash(number, hash))
                .await
                .map_err(|e| fail(e.to_string()))?;
        }
        from = to + 1;
    }
    tracing::info!(blocks = head, transactions = count, elapsed = ?started.elapsed(), "replayed the index");
    Ok(())
}

/// The EVM's transaction view of a call with `tx` swapped in (estimate helper).
pub(crate) fn with_gas(env: &Env, gas_limit: u64) -> Env {
    let mut env = env.clone();
    env.tx = TxEnv {
        gas_limit,
        ..env.tx
    };
    env
}
