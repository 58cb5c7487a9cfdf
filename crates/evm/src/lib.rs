//! sealevm evm.
#![no_std]
