//! The eth_ filter methods and eth_getBlockReceipts over the node's [`Filters`] and index.
//!
//! [`Filters`]: crate::node::filters::Filters

use super::eth::EthApi;
use crate::chain::Chain;
use crate::error::EthError;
use crate::node::filters::{Changes, FilterKind};
use crate::rpc::types;
use alloy::eips::BlockId;
use alloy::primitives::U256;
use alloy::rpc::types::{FilterChanges, TransactionReceipt};
use std::time::Instant;

impl<C: Chain> EthApi<C> {
    /// Installs a filter starting after the latest block.
    pub(super) fn install(&self, kind: FilterKind) -> U256 {
        self.node
            .filters()
            .install(kind, self.node.head_number(), Instant::now())
    }

    /// eth_getFilterChanges.
    pub(super) async fn filter_changes_inner(&self, id: U256) -> Result<FilterChanges, EthError> {
        let head = self.node.head_number();
        let changes = self
            .node
            .filters()
            .changes(id, head, Instant::now())
            .ok_or(EthError::FilterNotFound)?;
        Ok(match changes {
            Changes::Hashes(hashes) if hashes.is_empty() => FilterChanges::Empty,
            Changes::Hashes(hashes) => FilterChanges::Hashes(hashes),
            Changes::Blocks { from, to } if from > to => FilterChanges::Empty,
            Changes::Blocks { from, to } => {
                let blocks = self.node.index().blocks(from, to).await?;
                FilterChanges::Hashes(blocks.into_iter().map(|b| b.hash).collect())
            }
            Changes::Logs { from, to, .. } if from > to => FilterChanges::Empty,
            Changes::Logs { filter, from, to } => {
                let logs = self
                    .logs_inner((*filter).from_block(from).to_block(to))
                    .await?;
                if logs.is_empty() {
                    FilterChanges::Empty
                } else {
                    FilterChanges::Logs(logs)
                }
            }
        })
    }

    /// eth_getBlockReceipts.
    pub(super) async fn block_receipts_inner(
        &self,
        block: BlockId,
    ) -> Result<Option<Vec<TransactionReceipt>>, EthError> {
        let index = self.node.index();
        let block = match block {
            BlockId::Hash(hash) => index.block_by_hash(hash.block_hash).await?,
            BlockId::Number(tag) => index.block_by_number(self.number(tag)).await?,
        };
        let Some(block) = block else {
            return Ok(None);
        };
        let mut receipts = Vec::new();
        for tx in index.block_transactions(block.header.number).await? {
            let logs = index.transaction_logs(tx.hash).await?;
            receipts.push(types::receipt(&tx, &logs, &block)?);
        }
        Ok(Some(receipts))
    }
}
