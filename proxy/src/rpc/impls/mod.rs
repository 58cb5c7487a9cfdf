//! Implementations of the [`crate::rpc::api`] traits over a [`crate::node::Node`].

pub mod eth;
pub mod net;
