//! Probe program (placeholder until the SBF pipeline lands).
#![cfg_attr(target_os = "solana", no_std)]
