//! See tests/sbf_precompiles.rs.
