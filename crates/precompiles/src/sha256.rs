//! 0x02 sha256. Gas: 60 + 12 per 32-byte word. The `sol_sha256` syscall on SBF, `sha2` natively.

use crate::{util::linear_cost, PrecompileError, PrecompileOutput, PrecompileResult};

/// Base gas of sha256.
pub(crate) const BASE: u64 = 60;
/// Gas per 32-byte word of input.
pub(crate) const PER_WORD: u64 = 12;

/// Runs sha256.
pub(crate) fn run(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = linear_cost(input.len(), BASE, PER_WORD);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    Ok(PrecompileOutput::new(gas, digest(input).to_vec()))
}

/// SHA-256 of `input`.
#[cfg(not(target_os = "solana"))]
fn digest(input: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(input).into()
}

/// SHA-256 of `input`.
#[cfg(target_os = "solana")]
fn digest(input: &[u8]) -> [u8; 32] {
    crate::syscalls::sha256(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;

    #[test]
    fn known_digests() {
        let out = run(b"", 60).expect("gas");
        assert_eq!(out.gas_used, 60);
        assert_eq!(
            out.output,
            hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        let out = run(b"abc", 100).expect("gas");
        assert_eq!(out.gas_used, 72);
        assert_eq!(
            out.output,
            hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(run(&[0u8; 64], 83), Err(PrecompileError::OutOfGas));
        assert_eq!(run(&[0u8; 64], 84).map(|o| o.gas_used), Ok(84));
    }
}
