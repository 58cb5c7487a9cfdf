//! sealevm precompiles.
#![no_std]
