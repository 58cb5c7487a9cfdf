//! 0x03 ripemd160: the 20-byte digest left-padded to 32 bytes. Gas: 600 + 120 per 32-byte word.
//! The `ripemd` crate (pure u32 arithmetic) on both targets.

use crate::{util::linear_cost, PrecompileError, PrecompileOutput, PrecompileResult};
use alloc::vec;
use ripemd::Digest;

/// Base gas of ripemd160.
pub(crate) const BASE: u64 = 600;
/// Gas per 32-byte word of input.
pub(crate) const PER_WORD: u64 = 120;

/// Runs ripemd160.
pub(crate) fn run(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = linear_cost(input.len(), BASE, PER_WORD);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    let digest = ripemd::Ripemd160::digest(input);
    let mut output = vec![0u8; 32];
    output[12..].copy_from_slice(&digest);
    Ok(PrecompileOutput::new(gas, output))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    #[test]
    fn known_digests() {
        let out = run(b"", 600).expect("gas");
        assert_eq!(out.gas_used, 600);
        assert_eq!(
            out.output,
            hex("0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31")
        );
        let out = run(b"abc", 720).expect("gas");
        assert_eq!(out.gas_used, 720);
        assert_eq!(
            out.output,
            hex("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc")
        );
        assert_eq!(run(b"abc", 719), Err(PrecompileError::OutOfGas));
    }
}
