//! Just enough Solidity ABI encoding for the fixtures: static arguments only.

use sealevm_evm::{keccak256, Address, U256};

/// The 4-byte function selector of `signature`, e.g. `transfer(address,uint256)`.
pub fn selector(signature: &str) -> [u8; 4] {
    let hash = keccak256(signature.as_bytes());
    [hash.0[0], hash.0[1], hash.0[2], hash.0[3]]
}

/// Calldata for `signature` with static (one-word) arguments.
pub fn call(signature: &str, args: &[U256]) -> Vec<u8> {
    let mut data = selector(signature).to_vec();
    for arg in args {
        data.extend_from_slice(&arg.to_be_bytes());
    }
    data
}

/// An address argument.
pub fn address(a: Address) -> U256 {
    a.to_word()
}

/// Word `index` of ABI-encoded return data.
pub fn word(output: &[u8], index: usize) -> Option<U256> {
    let bytes = output.get(index * 32..index * 32 + 32)?;
    let mut w = [0u8; 32];
    w.copy_from_slice(bytes);
    Some(U256::from_be_bytes(w))
}
