//! Helpers for sealevm's integration tests (the tests themselves live in `tests/tests/`).
//!
//! [`sbf`] loads the SBF programs built by `scripts/build-sbf.sh` into LiteSVM
//! and runs instructions against them.

pub mod sbf;
