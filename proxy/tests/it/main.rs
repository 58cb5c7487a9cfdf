//! Integration tests: start a real node on a free port and drive it with alloy's provider.

mod common;
mod http;
mod rejects;
#[cfg(feature = "remote")]
mod remote;
mod restart;
mod svm;
mod ws;
