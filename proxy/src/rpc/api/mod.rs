//! The JSON-RPC interface as jsonrpsee traits, one file per namespace; implementations live
//! in [`crate::rpc::impls`].

pub mod eth;
pub mod net;
pub mod web3;
