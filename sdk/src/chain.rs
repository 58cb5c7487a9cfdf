//! Chain-level constants of the EVM the program runs.

use sealevm_primitives::{SpecId, U256};

/// The hard fork whose rules apply.
pub const SPEC: SpecId = SpecId::Cancun;

/// GASLIMIT of every block; a transaction may not ask for more. Solana's compute budget
/// (1.4M CU per transaction) is the tighter limit in practice.
pub const BLOCK_GAS_LIMIT: u64 = 30_000_000;

/// BASEFEE: zero, so the whole effective gas price (for EIP-1559 transactions
/// min(max fee, priority fee)) goes to the operator.
pub const BASE_FEE: U256 = U256::ZERO;
