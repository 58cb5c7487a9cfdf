//! The GeneralStateTests JSON format (as filled by ethereum/tests) and hex parsing helpers.
//!
//! A file maps test names to a [`TestUnit`]. Values stay as the strings of the file here and are
//! parsed by the helpers at the bottom, so that an unrepresentable value (a 257-bit value, a
//! 65-bit gas limit) is reported by the case that uses it instead of rejecting the whole file.

use anyhow::{bail, Context, Result};
use sealevm_evm::{Address, B256, U256};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One state test: a pre-state, a block environment, a transaction template and the expected
/// post-state roots per fork.
#[derive(Debug, Deserialize)]
pub struct TestUnit {
    /// Block environment.
    pub env: TestEnv,
    /// Accounts before the transaction, keyed by hex address.
    pub pre: BTreeMap<String, PreAccount>,
    /// The transaction, with arrays of alternatives for data, gas limit and value.
    pub transaction: TestTransaction,
    /// Expected results per fork name.
    pub post: BTreeMap<String, Vec<PostCase>>,
}

/// The `env` object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestEnv {
    /// COINBASE.
    pub current_coinbase: String,
    /// Pre-merge DIFFICULTY.
    pub current_difficulty: Option<String>,
    /// Block gas limit.
    pub current_gas_limit: String,
    /// NUMBER.
    pub current_number: String,
    /// TIMESTAMP.
    pub current_timestamp: String,
    /// BASEFEE (absent before London).
    pub current_base_fee: Option<String>,
    /// PREVRANDAO (absent before the Merge).
    pub current_random: Option<String>,
    /// Excess blob gas, from which BLOBBASEFEE is derived (absent before Cancun).
    pub current_excess_blob_gas: Option<String>,
}

/// One account of `pre`.
#[derive(Debug, Deserialize)]
pub struct PreAccount {
    /// Balance in wei.
    pub balance: String,
    /// Code as hex.
    pub code: String,
    /// Nonce.
    pub nonce: String,
    /// Storage slots, hex key to hex value.
    #[serde(default)]
    pub storage: BTreeMap<String, String>,
}

/// The `transaction` object: a template expanded by the indexes of each post case.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestTransaction {
    /// Calldata (or initcode) alternatives.
    pub data: Vec<String>,
    /// Gas limit alternatives.
    pub gas_limit: Vec<String>,
    /// Value alternatives.
    pub value: Vec<String>,
    /// Legacy / EIP-2930 gas price.
    pub gas_price: Option<String>,
    /// EIP-1559 max fee per gas.
    pub max_fee_per_gas: Option<String>,
    /// EIP-1559 max priority fee per gas.
    pub max_priority_fee_per_gas: Option<String>,
    /// Sender nonce.
    pub nonce: String,
    /// Sender's private key (used when `sender` is absent).
    pub secret_key: Option<String>,
    /// Sender address.
    pub sender: Option<String>,
    /// Destination; empty or absent for contract creation.
    pub to: Option<String>,
    /// EIP-2930 access lists, one per data alternative.
    pub access_lists: Option<Vec<Option<Vec<AccessListEntry>>>>,
    /// EIP-4844 blob hashes (type 3 transactions).
    pub blob_versioned_hashes: Option<Vec<String>>,
    /// EIP-4844 max fee per blob gas (type 3 transactions).
    pub max_fee_per_blob_gas: Option<String>,
    /// EIP-7702 authorizations (type 4 transactions, Prague).
    pub authorization_list: Option<serde_json::Value>,
}

/// One access-list entry.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessListEntry {
    /// Account.
    pub address: String,
    /// Slots.
    pub storage_keys: Vec<String>,
}

/// One expected result: which transaction alternative, and the roots it must produce.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostCase {
    /// Post-state root.
    pub hash: String,
    /// keccak256 of the RLP list of logs.
    pub logs: String,
    /// Indexes into the transaction's data, gasLimit and value arrays.
    pub indexes: Indexes,
    /// Set when the transaction must be rejected as invalid.
    pub expect_exception: Option<String>,
}

/// Indexes of a post case.
#[derive(Debug, Deserialize, Clone, Copy)]
pub struct Indexes {
    /// Index into `data`.
    pub data: usize,
    /// Index into `gasLimit`.
    pub gas: usize,
    /// Index into `value`.
    pub value: usize,
}

/// Decodes a hex string (with or without `0x`, odd length allowed) into bytes. The
/// `0x:bigint ` prefix ethereum/tests uses for oversized numbers is accepted.
pub fn bytes(s: &str) -> Result<Vec<u8>> {
    let s = s.trim();
    let s = s.strip_prefix("0x:bigint ").unwrap_or(s);
    let s = s.strip_prefix("0x").unwrap_or(s);
    let decoded = if s.len() % 2 == 1 {
        alloy_primitives::hex::decode(format!("0{s}"))
    } else {
        alloy_primitives::hex::decode(s)
    };
    decoded.with_context(|| format!("bad hex {s:?}"))
}

/// The big-endian bytes of a number without leading zeros.
fn number_bytes(s: &str) -> Result<Vec<u8>> {
    let b = bytes(s)?;
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    Ok(b[first..].to_vec())
}

/// A hex number that must fit 256 bits.
pub fn u256(s: &str) -> Result<U256> {
    let b = number_bytes(s)?;
    if b.len() > 32 {
        bail!("{s} does not fit 256 bits");
    }
    Ok(U256::from_be_slice(&b))
}

/// A hex number that must fit 64 bits.
pub fn u64(s: &str) -> Result<u64> {
    let b = number_bytes(s)?;
    if b.len() > 8 {
        bail!("{s} does not fit 64 bits");
    }
    Ok(b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
}

/// A hex number, saturated to 64 bits (block fields that only bound something).
pub fn u64_saturating(s: &str) -> Result<u64> {
    Ok(u64(s).unwrap_or(u64::MAX))
}

/// A 20-byte address.
pub fn address(s: &str) -> Result<Address> {
    let b = bytes(s)?;
    if b.len() != 20 {
        bail!("address {s:?} is not 20 bytes");
    }
    let mut a = [0u8; 20];
    a.copy_from_slice(&b);
    Ok(Address(a))
}

/// A 32-byte word (shorter values are left-padded).
pub fn b256(s: &str) -> Result<B256> {
    Ok(B256::from_word(u256(s)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers() {
        assert_eq!(u64("0x0a").expect("parses"), 10);
        assert_eq!(u64("0x").expect("parses"), 0);
        assert_eq!(u64("0x00000000000000000001").expect("parses"), 1);
        assert!(u64("0x010000000000000000").is_err());
        assert_eq!(u256("0x1").expect("parses"), U256::from_u64(1));
        assert!(u256(
            "0x:bigint 0x10000000000000000000000000000000000000000000000000000000000000000"
        )
        .is_err());
        assert_eq!(bytes("0x123").expect("parses"), vec![0x01, 0x23]);
        assert!(address("0x00").is_err());
    }
}
