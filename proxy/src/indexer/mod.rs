//! Remote mode's indexer: follows the sealevm program's transactions on a Solana cluster and
//! writes them to the index as Ethereum blocks, whoever sent them.
//!
//! Every confirmed slot becomes the Ethereum block of the same number, hashed with the slot's
//! blockhash (a skipped slot: an empty block with a hash derived from its number) ([`block`]),
//! so every proxy following one cluster (each with its own SQLite, or several sharing one
//! PostgreSQL) serves the same blocks. The transactions
//! are read from getBlock ([`cluster`], [`decode`]): `Execute`, `ExecuteVerified` and
//! `Withdraw` carry the signed Ethereum transaction in their data, `ExecuteFromHolder` in a
//! holder account rebuilt from its history ([`holder`]); the receipt is the program's return
//! data (or its logged copy when that was truncated). Writing a block that is already in the
//! index changes nothing ([`Index::insert_block_once`]), so restarts, and proxies sharing a
//! database, never index a transaction twice. [`follow`] runs the loop, woken by the node's
//! own sends and the cluster's WebSocket, polling otherwise ([`wake`]).
//!
//! [`Index::insert_block_once`]: crate::index::Index::insert_block_once

pub mod block;
pub mod cluster;
pub mod decode;
pub mod holder;
pub mod wake;

use crate::chain::remote::rpc::RpcError;
use crate::chain::Chain;
use crate::index::{Index, IndexError};
use crate::node::block::BuiltBlock;
use crate::node::Node;
use crate::tx::SignedTx;
use block::{BlockConstants, Executed, SlotHeader};
use cluster::{ClusterReader, SlotAnswer};
use decode::SolanaTx;
use futures_util::StreamExt;
use sealevm_sdk::client;
use sealevm_sdk::instruction::SealevmInstruction;
use serde_json::Value;
use solana_address::Address as SolAddress;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Slots asked for in one getBlocks call.
const SLOTS_PER_STEP: u64 = 500;
/// getBlock calls in flight at once while catching up.
const BLOCKS_IN_FLIGHT: usize = 8;
/// The wait for the first block when the index is empty.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The wait after a failed step (an RPC error) before the slot is tried again.
const RETRY_DELAY: Duration = Duration::from_secs(1);
/// Pages of the program's signature history searched for its first transaction.
const MAX_HISTORY_PAGES: usize = 100;

/// Why the indexer could not index a slot.
#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// A Solana RPC call failed.
    #[error("Solana RPC: {0}")]
    Rpc(#[from] RpcError),
    /// A transaction's JSON did not have the expected shape.
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    /// A block's JSON did not have the expected shape.
    #[error("block of slot {slot}: {detail}")]
    Block {
        /// The slot.
        slot: u64,
        /// What was wrong.
        detail: String,
    },
    /// A holder's payload could not be rebuilt.
    #[error("holder {holder}: {detail}")]
    Holder {
        /// The holder account.
        holder: SolAddress,
        /// What was wrong.
        detail: String,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The index holds blocks of another cluster, or of the node's own (embedded mode).
    #[error(
        "the index holds {found}, not the slots of this cluster ({expected}); use a fresh \
         --data-dir or --database-url for it"
    )]
    OtherBlocks {
        /// What the index says its blocks are.
        found: String,
        /// What they would be here.
        expected: String,
    },
    /// Publishing a block to the node failed.
    #[error("publishing block {number}: {detail}")]
    Publish {
        /// The block.
        number: u64,
        /// Cause.
        detail: String,
    },
}

/// Reads slots of one cluster and turns them into blocks.
pub struct Indexer {
    reader: ClusterReader,
    chain_id: u64,
    constants: BlockConstants,
}

impl Indexer {
    /// An indexer of the cluster at `url` for chain `chain_id`.
    pub fn new(url: &str, chain_id: u64, constants: BlockConstants) -> Result<Self, IndexerError> {
        Ok(Self {
            reader: ClusterReader::new(url)?,
            chain_id,
            constants,
        })
    }

    /// Makes sure `index` holds this cluster's slots, or nothing yet (then marks it as this
    /// cluster's); refuses an index of another cluster or of embedded mode, changing nothing.
    pub async fn claim(&self, index: &Index) -> Result<(), IndexerError> {
        let expected = format!(
            "slots of the Solana cluster {}",
            self.reader.genesis_hash().await?
        );
        claim_index(index, &expected).await
    }

    /// The first slot to index: after the index's head, or, in an empty index, `from` when
    /// given, else the slot of the program's first transaction (the same on every proxy),
    /// else the cluster's confirmed slot.
    pub async fn resume_slot(&self, index: &Index, from: Option<u64>) -> Result<u64, IndexerError> {
        if let Some(head) = index.head().await? {
            return Ok(head.header.number.saturating_add(1));
        }
        if let Some(from) = from {
            return Ok(from);
        }
        let program = client::program_id();
        let mut before: Option<String> = None;
        let mut oldest = None;
        for _ in 0..MAX_HISTORY_PAGES {
            let page = self.reader.signatures(&program, before.as_deref()).await?;
            let Some(last) = page.last() else { break };
            oldest = Some(last.slot);
            before = Some(last.signature.clone());
            if page.len() < cluster::SIGNATURE_PAGE {
                break;
            }
        }
        let Some(oldest) = oldest else {
            return Ok(self.reader.confirmed_slot().await?);
        };
        // Blocks the node has cleaned up cannot be indexed: start at its first one then.
        let first_available = self.reader.first_available_block().await?;
        if first_available > oldest {
            tracing::warn!(
                program_since = oldest,
                first_available,
                "the cluster no longer keeps the program's first blocks; indexing from the first it has"
            );
        }
        Ok(oldest.max(first_available))
    }

    /// Writes the first block at or after slot `*next` straight into `index` when the index
    /// is empty (waiting for the cluster to confirm one), and moves `*next` past it.
    pub async fn first_block(&self, index: &Index, next: &mut u64) -> Result<(), IndexerError> {
        if index.head().await?.is_some() {
            return Ok(());
        }
        loop {
            let confirmed = self.reader.confirmed_slot().await?;
            if *next > confirmed {
                tokio::time::sleep(POLL_INTERVAL).await;
                continue;
            }
            let to = confirmed.min(next.saturating_add(SLOTS_PER_STEP - 1));
            for slot in self.reader.blocks(*next, to).await? {
                // The first block: no skipped slots before it to stand in for.
                if let Some(built) = self.slot_blocks(slot, slot).await?.pop() {
                    index
                        .insert_block_once(&built.block, &built.txs, &built.logs)
                        .await?;
                    *next = slot.saturating_add(1);
                    return Ok(());
                }
            }
            *next = to.saturating_add(1);
        }
    }

    /// Indexes confirmed slots from `*next` on (at most 500), publishing each
    /// block to `node`, and moves `*next` past them. Returns whether it is still behind.
    /// Skipped slots get empty blocks from slot `from` (the index's first) on.
    pub async fn step<C: Chain>(
        &self,
        node: &Node<C>,
        next: &mut u64,
        from: u64,
    ) -> Result<bool, IndexerError> {
        let confirmed = self.reader.confirmed_slot().await?;
        if *next > confirmed {
            return Ok(false);
        }
        let to = confirmed.min(next.saturating_add(SLOTS_PER_STEP - 1));
        // Fetched several at a time (catching up), published in slot order.
        let slots = self.reader.blocks(*next, to).await?;
        let mut blocks = futures_util::stream::iter(slots)
            .map(|slot| async move { (slot, self.slot_blocks(slot, from).await) })
            .buffered(BLOCKS_IN_FLIGHT);
        while let Some((slot, built)) = blocks.next().await {
            for built in built? {
                let number = built.block.header.number;
                node.publish_followed(built)
                    .await
                    .map_err(|e| IndexerError::Publish {
                        number,
                        detail: e.to_string(),
                    })?;
            }
            *next = slot.saturating_add(1);
        }
        *next = to.saturating_add(1);
        Ok(to < confirmed)
    }

    /// The Ethereum blocks up to the block of `slot`: empty ones for the slots skipped before
    /// it (from slot `from` on), then its own (none when the slot has no block).
    pub async fn slot_blocks(&self, slot: u64, from: u64) -> Result<Vec<BuiltBlock>, IndexerError> {
        let block = match self.reader.block(slot).await? {
            SlotAnswer::Block(block) => block,
            SlotAnswer::Skipped => return Ok(Vec::new()),
            SlotAnswer::CleanedUp => {
                // Nothing can be had of it any more; say so and go on.
                tracing::error!(
                    slot,
                    "the cluster no longer keeps this slot's block: its transactions are not indexed"
                );
                return Ok(Vec::new());
            }
        };
        let Slot {
            header,
            parent_slot,
            parent_blockhash,
        } = slot_header(slot, &block)?;
        let program = client::program_id().to_string();
        let mut executed = Vec::new();
        for value in block
            .get("transactions")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let mentions_program = value
                .pointer("/transaction/message/accountKeys")
                .and_then(Value::as_array)
                .is_some_and(|keys| keys.iter().any(|k| k.as_str() == Some(&program)));
            if !mentions_program {
                continue;
            }
            match self.executed(value).await {
                Ok(found) => executed.extend(found),
                // Transient: the slot is tried again.
                Err(e @ IndexerError::Rpc(_)) => return Err(e),
                // Permanent: retrying cannot help; say so and go on.
                Err(e) => {
                    tracing::error!(slot, error = %e, "a sealevm transaction was not indexed")
                }
            }
        }
        let mut blocks = block::skipped_between(
            parent_slot,
            parent_blockhash,
            slot,
            from,
            header.time,
            &self.constants,
        );
        blocks.push(block::build(&header, &executed, &self.constants));
        Ok(blocks)
    }

    /// The Ethereum transaction a sealevm Solana transaction executed, with its receipt.
    async fn executed(&self, value: &Value) -> Result<Option<Executed>, IndexerError> {
        let tx = decode::parse(value)?;
        if !tx.succeeded {
            return Ok(None);
        }
        let Some(raw) = self.carried(&tx).await? else {
            return Ok(None);
        };
        let fail = |detail: String| decode::DecodeError {
            signature: tx.signature.clone(),
            detail,
        };
        let receipt = tx
            .receipt()
            .ok_or_else(|| fail("executed without a decodable receipt".into()))?;
        let signed = SignedTx::decode(&raw, self.chain_id)
            .map_err(|e| fail(format!("carried transaction: {e}")))?;
        Ok(Some(Executed {
            tx: signed,
            receipt,
        }))
    }

    /// The signed Ethereum transaction `tx` ran, if it ran one (one per Solana transaction:
    /// the receipt is the return data of the last).
    async fn carried(&self, tx: &SolanaTx) -> Result<Option<Vec<u8>>, IndexerError> {
        let mut found = None;
        for ix in tx.program_instructions() {
            let raw = match SealevmInstruction::unpack(&ix.data) {
                Ok(
                    SealevmInstruction::Execute { tx: raw }
                    | SealevmInstruction::Withdraw { tx: raw }
                    | SealevmInstruction::ExecuteVerified { tx: raw, .. },
                ) => raw.to_vec(),
                Ok(SealevmInstruction::ExecuteFromHolder) => {
                    let holder = ix.accounts.first().ok_or_else(|| decode::DecodeError {
                        signature: tx.signature.clone(),
                        detail: "ExecuteFromHolder without a holder".into(),
                    })?;
                    holder::payload(&self.reader, holder, &tx.signature).await?
                }
                _ => continue,
            };
            if found.is_some() {
                return Err(IndexerError::Decode(decode::DecodeError {
                    signature: tx.signature.clone(),
                    detail: "more than one Ethereum transaction in one Solana transaction".into(),
                }));
            }
            found = Some(raw);
        }
        Ok(found)
    }
}

/// The meta key naming what the index's blocks are.
const BLOCKS_META: &str = "blocks";

/// Claims `index` for blocks described by `expected` (see [`Indexer::claim`]).
async fn claim_index(index: &Index, expected: &str) -> Result<(), IndexerError> {
    match index.meta(BLOCKS_META).await? {
        Some(found) if found == expected => Ok(()),
        Some(found) => Err(IndexerError::OtherBlocks {
            found,
            expected: expected.to_string(),
        }),
        None if index.head().await?.is_some() => Err(IndexerError::OtherBlocks {
            found: "blocks the node mined itself (embedded mode)".into(),
            expected: expected.to_string(),
        }),
        None => Ok(index.set_meta(BLOCKS_META, expected).await?),
    }
}

/// Number, hashes and time of the block of `slot`.
fn slot_header(slot: u64, block: &Value) -> Result<Slot, IndexerError> {
    let fail = |detail: &str| IndexerError::Block {
        slot,
        detail: detail.to_string(),
    };
    let hash = |field: &str| {
        block
            .get(field)
            .and_then(Value::as_str)
            .and_then(|s| solana_hash::Hash::from_str(s).ok())
            .map(|h| alloy::primitives::B256::from(h.to_bytes()))
            .ok_or_else(|| fail(&format!("no {field}")))
    };
    let parent_slot = block
        .get("parentSlot")
        .and_then(Value::as_u64)
        .ok_or_else(|| fail("no parentSlot"))?;
    let parent_blockhash = hash("previousBlockhash")?;
    Ok(Slot {
        header: SlotHeader {
            slot,
            blockhash: hash("blockhash")?,
            previous_blockhash: block::hash_before(
                slot.saturating_sub(1),
                parent_slot,
                parent_blockhash,
            ),
            time: block.get("blockTime").and_then(Value::as_u64).unwrap_or(0),
        },
        parent_slot,
        parent_blockhash,
    })
}

/// A produced slot's header values and its parent.
struct Slot {
    header: SlotHeader,
    /// The slot of its parent block (earlier than `slot - 1` when slots were skipped).
    parent_slot: u64,
    /// The parent block's blockhash.
    parent_blockhash: alloy::primitives::B256,
}

/// Follows the cluster from slot `next` on, forever: indexes what is confirmed, then waits
/// for `wake`. Errors are logged and the step retried.
pub async fn follow<C: Chain>(
    indexer: Indexer,
    node: Arc<Node<C>>,
    mut next: u64,
    wake: wake::Wake,
) {
    tracing::info!(from = next, "following the cluster's slots");
    // Skipped slots before the first one this run indexes are the index's already (or were
    // never wanted).
    let from = next;
    loop {
        match indexer.step(&node, &mut next, from).await {
            Ok(true) => {}
            Ok(false) => wake.next_slot().await,
            Err(e) => {
                tracing::warn!(slot = next, error = %e, "indexing; retrying");
                tokio::time::sleep(RETRY_DELAY).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::BlockRecord;

    async fn open(dir: &std::path::Path, name: &str) -> Index {
        let url = format!("sqlite://{}?mode=rwc", dir.join(name).display());
        Index::open(&url).await.expect("opens")
    }

    #[tokio::test]
    async fn an_index_belongs_to_one_cluster() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = open(dir.path(), "fresh.sqlite").await;
        claim_index(&index, "slots of A")
            .await
            .expect("an empty index is claimed");
        claim_index(&index, "slots of A")
            .await
            .expect("and claimed again");
        let err = claim_index(&index, "slots of B")
            .await
            .expect_err("another cluster");
        assert!(err.to_string().contains("slots of A"), "{err}");
        assert_eq!(
            index.meta(BLOCKS_META).await.expect("meta").as_deref(),
            Some("slots of A")
        );
        index.close().await;

        // An index with blocks of embedded mode is refused and left as it was.
        let index = open(dir.path(), "embedded.sqlite").await;
        let genesis = BlockRecord {
            hash: alloy::primitives::B256::repeat_byte(1),
            header: Default::default(),
        };
        index
            .insert_block(&genesis, &[], &[])
            .await
            .expect("writes");
        let err = claim_index(&index, "slots of A")
            .await
            .expect_err("embedded blocks");
        assert!(err.to_string().contains("embedded mode"), "{err}");
        assert_eq!(index.meta(BLOCKS_META).await.expect("meta"), None);
        index.close().await;
    }
}
