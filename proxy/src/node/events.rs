//! What the node announces to subscribers (eth_subscribe).

use super::block::BuiltBlock;
use alloy::primitives::B256;
use std::sync::Arc;

/// Something that happened on the node.
#[derive(Clone, Debug)]
pub enum NodeEvent {
    /// A block was mined (with its transactions and logs).
    Block(Arc<BuiltBlock>),
    /// A transaction was accepted (mined or queued).
    PendingTransaction(B256),
}
