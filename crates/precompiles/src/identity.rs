//! 0x04 identity: returns its input. Gas: 15 + 3 per 32-byte word.

use crate::{util::linear_cost, PrecompileError, PrecompileOutput, PrecompileResult};

/// Base gas of identity.
pub(crate) const BASE: u64 = 15;
/// Gas per 32-byte word of input.
pub(crate) const PER_WORD: u64 = 3;

/// Runs identity.
pub(crate) fn run(input: &[u8], gas_limit: u64) -> PrecompileResult {
    let gas = linear_cost(input.len(), BASE, PER_WORD);
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    Ok(PrecompileOutput::new(gas, input.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_prices_by_word() {
        assert_eq!(run(&[], 15), Ok(PrecompileOutput::new(15, alloc::vec![])));
        let data = [7u8; 33];
        let out = run(&data, 21).expect("enough gas");
        assert_eq!(out.gas_used, 21);
        assert_eq!(out.output, data);
        assert_eq!(run(&data, 20), Err(PrecompileError::OutOfGas));
    }
}
