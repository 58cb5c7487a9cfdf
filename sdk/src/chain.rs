//! Chain-level constants of the EVM the program runs.

use sealevm_primitives::{Address, SpecId, U256};

/// The hard fork whose rules apply.
pub const SPEC: SpecId = SpecId::Cancun;

/// GASLIMIT of every block; a transaction may not ask for more. Solana's compute budget
/// (1.4M CU per transaction) is the tighter limit in practice.
pub const BLOCK_GAS_LIMIT: u64 = 30_000_000;

/// BASEFEE: zero, so the whole effective gas price (for EIP-1559 transactions
/// min(max fee, priority fee)) goes to the operator.
pub const BASE_FEE: U256 = U256::ZERO;

/// Where withdrawals are sent: a transaction to this address (through the `Withdraw`
/// instruction) burns its value and releases as many lamports from the vault to the Solana
/// address in its data. Nobody holds its key; `Execute` refuses transactions to it, so value
/// only reaches it from inside a contract (and then stays there, like any burn address).
pub const WITHDRAW_ADDRESS: Address = Address([
    0x5e, 0xa1, 0xe7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01,
]);
