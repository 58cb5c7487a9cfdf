//! sealevm primitives.
#![no_std]
