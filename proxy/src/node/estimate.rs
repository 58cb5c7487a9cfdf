//! eth_estimateGas: a binary search over the emulator, as geth does.
//!
//! The first run at the cap tells whether the transaction can succeed at all (and returns
//! the revert data if not). The search then narrows `[used - 1, cap]`: a limit is enough when
//! the transaction succeeds with it, so the answer is never too low. A first guess of
//! `used * 64 / 63` (what the 63/64 rule of CALL usually needs) often ends the search at once.

use super::{outcome_result, with_gas};
use crate::chain::overrides::Overrides;
use crate::chain::Chain;
use crate::error::EthError;
use sealevm_evm::{Env, Outcome};

fn succeeds<C: Chain>(
    chain: &mut C,
    env: &Env,
    overrides: &Overrides,
    gas: u64,
) -> Result<bool, EthError> {
    match chain.simulate(&with_gas(env, gas), overrides) {
        Ok(outcome) => Ok(outcome.is_success()),
        Err(crate::chain::ChainError::Exec(sealevm_evm::ExecError::Invalid(
            sealevm_evm::InvalidTx::IntrinsicGasTooLow,
        ))) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The smallest gas limit at most `env.tx.gas_limit` with which `env` succeeds on the state
/// as `overrides` change it; without overrides, refused when the chain could not carry the
/// transaction ([`Chain::check_account_limit`]).
pub(super) fn estimate<C: Chain>(
    chain: &mut C,
    env: Env,
    overrides: &Overrides,
) -> Result<u64, EthError> {
    let cap = env.tx.gas_limit;
    let first: Outcome = chain.simulate(&env, overrides)?;
    if !first.is_success() {
        return match outcome_result(first) {
            Err(EthError::Halted(sealevm_evm::HaltReason::OutOfGas)) => {
                Err(EthError::GasCapExceeded(cap))
            }
            Err(e) => Err(e),
            Ok(_) => Err(EthError::GasCapExceeded(cap)),
        };
    }
    // Gas before refunds is a lower bound of the limit needed.
    let used = first.gas_used + first.gas_refunded;
    let mut lo = used.saturating_sub(1);
    let mut hi = cap;
    let guess = used.saturating_mul(64) / 63;
    if guess < hi {
        if succeeds(chain, &env, overrides, guess)? {
            hi = guess;
        } else {
            lo = guess;
        }
    }
    while lo + 1 < hi {
        let mid = lo + (hi - lo) / 2;
        if succeeds(chain, &env, overrides, mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // A transaction the chain could not carry gets its refusal now rather than once signed.
    // Overrides describe a state the chain does not have: the check needs the real one.
    if overrides.is_empty() {
        chain.check_account_limit(&with_gas(&env, hi))?;
    }
    Ok(hi)
}
