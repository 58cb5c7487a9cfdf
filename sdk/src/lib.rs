//! The shared interface of the sealevm on-chain program.
#![no_std]
