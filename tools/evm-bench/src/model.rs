//! Engine-neutral descriptions of worlds, blocks, transactions and their results.

use sealevm_evm::{Address, B256, U256};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One account of a pre-state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSpec {
    /// Address.
    pub address: Address,
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Runtime code (empty for an externally owned account).
    pub code: Vec<u8>,
    /// Storage slots (zero values are ignored).
    pub storage: Vec<(U256, U256)>,
}

impl AccountSpec {
    /// An externally owned account holding `balance`.
    pub fn eoa(address: Address, balance: U256) -> Self {
        Self {
            address,
            balance,
            nonce: 0,
            code: Vec::new(),
            storage: Vec::new(),
        }
    }

    /// A contract with `code`, nonce 1 and no storage.
    pub fn contract(address: Address, code: Vec<u8>) -> Self {
        Self {
            address,
            balance: U256::ZERO,
            nonce: 1,
            code,
            storage: Vec::new(),
        }
    }
}

/// Block values both engines see (chain id 1, Cancun rules, blob base fee 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockSpec {
    /// NUMBER.
    pub number: u64,
    /// TIMESTAMP.
    pub timestamp: u64,
    /// COINBASE (receives the priority fees).
    pub coinbase: Address,
    /// GASLIMIT.
    pub gas_limit: u64,
    /// BASEFEE.
    pub basefee: u64,
    /// PREVRANDAO.
    pub prevrandao: B256,
}

impl Default for BlockSpec {
    fn default() -> Self {
        Self {
            number: 1_000,
            timestamp: 1_700_000_000,
            coinbase: Address([0xc0; 20]),
            gas_limit: 1_000_000_000,
            basefee: 7,
            prevrandao: B256([0x5a; 32]),
        }
    }
}

/// Chain id of every world built here.
pub const CHAIN_ID: u64 = 1;

/// A transaction, already signed and recovered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSpec {
    /// Sender.
    pub caller: Address,
    /// Destination; `None` creates a contract from `data`.
    pub to: Option<Address>,
    /// Wei sent.
    pub value: U256,
    /// Calldata or initcode.
    pub data: Vec<u8>,
    /// Gas limit.
    pub gas_limit: u64,
    /// Legacy gas price, or EIP-1559 max fee per gas.
    pub gas_price: u128,
    /// EIP-1559 priority fee; `None` for a legacy transaction.
    pub priority_fee: Option<u128>,
    /// Sender nonce.
    pub nonce: u64,
    /// EIP-2930 access list.
    pub access_list: Vec<(Address, Vec<U256>)>,
}

impl TxSpec {
    /// A legacy-priced call with no value and no access list.
    pub fn call(caller: Address, to: Address, data: Vec<u8>, nonce: u64, gas_limit: u64) -> Self {
        Self {
            caller,
            to: Some(to),
            value: U256::ZERO,
            data,
            gas_limit,
            gas_price: 10,
            priority_fee: None,
            nonce,
            access_list: Vec::new(),
        }
    }

    /// A legacy-priced contract creation.
    pub fn create(caller: Address, init_code: Vec<u8>, nonce: u64, gas_limit: u64) -> Self {
        Self {
            to: None,
            ..Self::call(caller, Address::ZERO, init_code, nonce, gas_limit)
        }
    }
}

/// How a transaction ended, without engine-specific detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    /// Changes kept.
    Success,
    /// REVERT at the top level.
    Revert,
    /// Exceptional halt at the top level.
    Halt,
}

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Emitter.
    pub address: Address,
    /// Topics.
    pub topics: Vec<B256>,
    /// Data.
    pub data: Vec<u8>,
}

/// The receipt-level result of an executed transaction.
#[derive(Clone, Debug)]
pub struct Execution {
    /// Success, revert or halt.
    pub status: StatusClass,
    /// The engine's own name for a halt reason (not compared).
    pub detail: String,
    /// Gas charged after refunds.
    pub gas_used: u64,
    /// Return or revert data (empty after a halt).
    pub output: Vec<u8>,
    /// Logs (compared only after success).
    pub logs: Vec<LogEntry>,
    /// Created contract, for a successful creation.
    pub created: Option<Address>,
}

impl Execution {
    /// Differences from `other`, one line each (empty when they agree).
    pub fn diff(&self, other: &Execution) -> Vec<String> {
        let mut out = Vec::new();
        if self.status != other.status {
            out.push(format!(
                "status: {:?} ({}) vs {:?} ({})",
                self.status, self.detail, other.status, other.detail
            ));
        }
        if self.gas_used != other.gas_used {
            out.push(format!(
                "gas used: {} vs {} (delta {})",
                self.gas_used,
                other.gas_used,
                self.gas_used as i128 - other.gas_used as i128
            ));
        }
        if self.output != other.output {
            out.push(format!(
                "output: 0x{} vs 0x{}",
                hex(&self.output),
                hex(&other.output)
            ));
        }
        if self.status == StatusClass::Success
            && other.status == StatusClass::Success
            && self.logs != other.logs
        {
            out.push(format!("logs: {:?} vs {:?}", self.logs, other.logs));
        }
        if self.created != other.created {
            out.push(format!(
                "created: {:?} vs {:?}",
                self.created, other.created
            ));
        }
        out
    }
}

/// One existing account after a transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountSnapshot {
    /// Balance.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Code.
    pub code: Vec<u8>,
    /// Non-zero storage slots.
    pub storage: BTreeMap<U256, U256>,
}

impl AccountSnapshot {
    /// Empty (no balance, nonce or code) and without storage: indistinguishable from an
    /// account that does not exist.
    pub fn is_dead(&self) -> bool {
        self.balance.is_zero() && self.nonce == 0 && self.code.is_empty() && self.storage.is_empty()
    }
}

/// Every existing account of a world, by address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorldSnapshot {
    /// Existing accounts.
    pub accounts: BTreeMap<Address, AccountSnapshot>,
}

impl WorldSnapshot {
    /// Differences from `other`, one line each (empty when they agree).
    pub fn diff(&self, other: &WorldSnapshot) -> Vec<String> {
        let mut out = Vec::new();
        let addresses: std::collections::BTreeSet<&Address> =
            self.accounts.keys().chain(other.accounts.keys()).collect();
        for address in addresses {
            let name = format!("0x{}", hex(&address.0));
            // An empty account without storage is the same as no account (EIP-161); revm's
            // CacheDB keeps touched empty accounts, sealevm deletes them.
            let left = self.accounts.get(address).filter(|a| !a.is_dead());
            let right = other.accounts.get(address).filter(|a| !a.is_dead());
            match (left, right) {
                (Some(a), Some(b)) => {
                    if a.balance != b.balance {
                        out.push(format!("{name} balance: {} vs {}", a.balance, b.balance));
                    }
                    if a.nonce != b.nonce {
                        out.push(format!("{name} nonce: {} vs {}", a.nonce, b.nonce));
                    }
                    if a.code != b.code {
                        out.push(format!(
                            "{name} code: 0x{} vs 0x{}",
                            hex(&a.code),
                            hex(&b.code)
                        ));
                    }
                    let keys: std::collections::BTreeSet<&U256> =
                        a.storage.keys().chain(b.storage.keys()).collect();
                    for key in keys {
                        let (x, y) = (a.storage.get(key), b.storage.get(key));
                        if x != y {
                            out.push(format!(
                                "{name} storage[{key:x}]: {} vs {}",
                                word_or_zero(x),
                                word_or_zero(y)
                            ));
                        }
                    }
                }
                (Some(_), None) => out.push(format!("{name} exists only on the left")),
                (None, Some(_)) => out.push(format!("{name} exists only on the right")),
                (None, None) => {}
            }
        }
        out
    }

    /// The snapshot as a pre-state.
    pub fn to_specs(&self) -> Vec<AccountSpec> {
        self.accounts
            .iter()
            .map(|(address, a)| AccountSpec {
                address: *address,
                balance: a.balance,
                nonce: a.nonce,
                code: a.code.clone(),
                storage: a.storage.iter().map(|(k, v)| (*k, *v)).collect(),
            })
            .collect()
    }
}

fn word_or_zero(w: Option<&U256>) -> String {
    format!("{:x}", w.copied().unwrap_or(U256::ZERO))
}

/// Lower-case hex without prefix.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Decodes hex (an optional `0x` prefix and surrounding whitespace are ignored).
pub fn unhex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    let s = s.strip_prefix("0x").unwrap_or(s);
    if !s.len().is_multiple_of(2) {
        return Err(format!("odd hex length {}", s.len()));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|e| format!("bad hex at {i}: {e}")))
        .collect()
}
