//! Implementations of the [`crate::rpc::api`] traits over a [`crate::node::Node`].

mod block_items;
pub mod eth;
pub mod evm;
mod filters;
pub mod net;
pub mod pubsub;
