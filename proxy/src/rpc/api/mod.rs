//! The JSON-RPC interface as jsonrpsee traits, one file per namespace; implementations live
//! in [`crate::rpc::impls`].

pub mod block_items;
pub mod eth;
pub mod evm;
pub mod net;
pub mod pubsub;
pub mod web3;
