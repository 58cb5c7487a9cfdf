//! Integration tests: start a real node on a free port and drive it with alloy's provider.

mod accounts;
mod common;
mod dev;
mod filters;
mod http;
mod lookup_tables;
mod overrides;
mod rejects;
#[cfg(feature = "remote")]
mod remote;
#[cfg(feature = "remote")]
mod remote_follow;
#[cfg(feature = "remote")]
mod remote_pool;
mod restart;
mod svm;
mod ws;
