//! The environment of a transaction: chain configuration, block and transaction fields.

use crate::vec::GrowVec;
use alloc::vec::Vec;
use sealevm_primitives::{Address, SpecId, B256, U256};

/// Chain-level settings.
#[derive(Clone, Debug)]
pub struct CfgEnv {
    /// EIP-155 chain id (CHAINID, transaction validation).
    pub chain_id: u64,
    /// Hard fork whose rules apply.
    pub spec: SpecId,
    /// Largest deployable code (EIP-170: 24,576 bytes).
    pub max_code_size: usize,
    /// Largest initcode (EIP-3860: 49,152 bytes).
    pub max_initcode_size: usize,
    /// Pay the priority fee to the block's coinbase inside the EVM state (Ethereum's rule).
    /// The on-chain program turns it off: there, gas is paid to the submitting operator in
    /// lamports, so no transaction writes a shared coinbase account.
    pub coinbase_reward: bool,
}

impl CfgEnv {
    /// Ethereum mainnet limits for `spec` on chain `chain_id`.
    pub fn new(chain_id: u64, spec: SpecId) -> Self {
        Self {
            chain_id,
            spec,
            max_code_size: 0x6000,
            max_initcode_size: 0xC000,
            coinbase_reward: true,
        }
    }
}

/// Block-level values the EVM can read.
#[derive(Clone, Debug, Default)]
pub struct BlockEnv {
    /// NUMBER.
    pub number: u64,
    /// COINBASE: receives the priority fee.
    pub coinbase: Address,
    /// TIMESTAMP.
    pub timestamp: u64,
    /// GASLIMIT; transactions above it are invalid.
    pub gas_limit: u64,
    /// BASEFEE (EIP-1559).
    pub basefee: U256,
    /// PREVRANDAO (post-merge DIFFICULTY).
    pub prevrandao: B256,
    /// Pre-merge DIFFICULTY.
    pub difficulty: U256,
    /// BLOBBASEFEE; 1 on a chain without blobs.
    pub blob_basefee: U256,
}

/// Call or create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxKind {
    /// A message call to an address.
    Call(Address),
    /// Contract creation.
    Create,
}

/// One EIP-2930 access-list entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessListItem {
    /// Account to pre-warm.
    pub address: Address,
    /// Storage slots of that account to pre-warm.
    pub storage_keys: GrowVec<U256>,
}

/// Transaction fields, already decoded and with the sender recovered.
#[derive(Clone, Debug)]
pub struct TxEnv {
    /// Recovered sender.
    pub caller: Address,
    /// Gas limit.
    pub gas_limit: u64,
    /// Legacy gas price, or EIP-1559 max fee per gas.
    pub gas_price: U256,
    /// EIP-1559 max priority fee; `None` for legacy and EIP-2930 transactions.
    pub gas_priority_fee: Option<U256>,
    /// Destination.
    pub kind: TxKind,
    /// Wei transferred.
    pub value: U256,
    /// Calldata or initcode.
    pub data: Vec<u8>,
    /// Sender nonce the transaction claims.
    pub nonce: u64,
    /// Chain id the transaction was signed for (`None` for pre-EIP-155 legacy).
    pub chain_id: Option<u64>,
    /// EIP-2930 access list.
    pub access_list: GrowVec<AccessListItem>,
}

impl TxEnv {
    /// The price actually paid per gas: min(max fee, base fee + priority fee).
    pub fn effective_gas_price(&self, basefee: U256) -> U256 {
        match self.gas_priority_fee {
            None => self.gas_price,
            Some(tip) => {
                let with_tip = basefee.checked_add(tip).unwrap_or(U256::MAX);
                if with_tip < self.gas_price {
                    with_tip
                } else {
                    self.gas_price
                }
            }
        }
    }
}

/// Everything the EVM reads besides state.
#[derive(Clone, Debug)]
pub struct Env {
    /// Chain settings.
    pub cfg: CfgEnv,
    /// Block values.
    pub block: BlockEnv,
    /// The transaction.
    pub tx: TxEnv,
}
