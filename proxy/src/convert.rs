//! Conversions between alloy's primitive types (the RPC side) and sealevm's (the EVM side).
//!
//! Both sides hold the same big-endian bytes; these functions only change the wrapper.

use alloy::primitives::{Address as AAddress, B256 as AB256, U256 as AU256};
use sealevm_evm::{Address, B256, U256};

/// alloy address -> EVM address.
pub fn evm_address(a: AAddress) -> Address {
    Address(a.into_array())
}

/// EVM address -> alloy address.
pub fn alloy_address(a: &Address) -> AAddress {
    AAddress::from(a.0)
}

/// alloy word -> EVM word.
pub fn evm_u256(v: AU256) -> U256 {
    U256::from_be_bytes(v.to_be_bytes::<32>())
}

/// EVM word -> alloy word.
pub fn alloy_u256(v: &U256) -> AU256 {
    AU256::from_be_bytes(v.to_be_bytes())
}

/// u128 amount -> EVM word.
pub fn evm_u128(v: u128) -> U256 {
    evm_u256(AU256::from(v))
}

/// alloy hash -> EVM hash.
pub fn evm_b256(h: AB256) -> B256 {
    B256(h.0)
}

/// EVM hash -> alloy hash.
pub fn alloy_b256(h: &B256) -> AB256 {
    AB256::from(h.0)
}

/// An EVM log's parts (emitter, topics, data) -> alloy log.
pub fn alloy_log(address: &Address, topics: &[B256], data: &[u8]) -> alloy::primitives::Log {
    alloy::primitives::Log {
        address: alloy_address(address),
        data: alloy::primitives::LogData::new_unchecked(
            topics.iter().map(alloy_b256).collect(),
            alloy::primitives::Bytes::copy_from_slice(data),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let a = AAddress::repeat_byte(0x42);
        assert_eq!(alloy_address(&evm_address(a)), a);
        let v = AU256::from(0x1234_5678_9abc_def0_u64) << 130;
        assert_eq!(alloy_u256(&evm_u256(v)), v);
        assert_eq!(evm_u128(7), U256::from_u64(7));
        let h = AB256::repeat_byte(7);
        assert_eq!(alloy_b256(&evm_b256(h)), h);
    }
}
