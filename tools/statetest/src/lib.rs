//! Runs ethereum/tests GeneralStateTests JSON files against `sealevm-evm`: the library behind
//! the `statetest` binary.
//!
//! Every `post.<fork>` case (one data/gas/value combination of the transaction) is executed on
//! its pre-state and judged by the post-state root, the logs hash and whether the transaction was
//! expected to be invalid. See `docs/statetest.md`.

pub mod json;
pub mod report;
pub mod runner;
pub mod trie;
