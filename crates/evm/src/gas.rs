//! Gas schedule (Berlin through Cancun; later forks adjust where noted).

use crate::journal::SStoreResult;
use sealevm_primitives::SpecId;

/// Cost of a warm account or slot access (EIP-2929).
pub const WARM_ACCESS: u64 = 100;
/// Cost of a cold account access (EIP-2929).
pub const COLD_ACCOUNT_ACCESS: u64 = 2600;
/// Cost of a cold storage read (EIP-2929).
pub const COLD_SLOAD: u64 = 2100;
/// SSTORE setting a zero slot to non-zero.
pub const SSTORE_SET: u64 = 20_000;
/// SSTORE changing a non-zero slot (before the cold surcharge is split off).
pub const SSTORE_RESET: u64 = 5_000;
/// Refund for clearing a slot (EIP-3529).
pub const SSTORE_CLEARS_REFUND: i64 = 4_800;
/// SSTORE fails when no more than this much gas is left (EIP-2200).
pub const SSTORE_SENTRY: u64 = 2_300;
/// Transferring value in a call.
pub const CALL_VALUE: u64 = 9_000;
/// Stipend given to the callee of a value-bearing call.
pub const CALL_STIPEND: u64 = 2_300;
/// Calling (with value) an account that does not exist.
pub const NEW_ACCOUNT: u64 = 25_000;
/// CREATE / CREATE2 base cost.
pub const CREATE: u64 = 32_000;
/// Per byte of deployed code.
pub const CODE_DEPOSIT: u64 = 200;
/// SELFDESTRUCT base cost.
pub const SELFDESTRUCT: u64 = 5_000;
/// Transaction base cost.
pub const TX_BASE: u64 = 21_000;
/// Per zero byte of calldata.
pub const TX_DATA_ZERO: u64 = 4;
/// Per non-zero byte of calldata (EIP-2028).
pub const TX_DATA_NONZERO: u64 = 16;
/// Per access-list address (EIP-2930).
pub const ACCESS_LIST_ADDRESS: u64 = 2_400;
/// Per access-list storage key (EIP-2930).
pub const ACCESS_LIST_KEY: u64 = 1_900;
/// Per word of initcode (EIP-3860).
pub const INITCODE_WORD: u64 = 2;
/// Per word hashed by KECCAK256 and CREATE2.
pub const KECCAK_WORD: u64 = 6;
/// Per word copied by *COPY opcodes.
pub const COPY_WORD: u64 = 3;
/// LOG base, per topic and per byte.
pub const LOG: u64 = 375;
/// Per LOG topic.
pub const LOG_TOPIC: u64 = 375;
/// Per LOG data byte.
pub const LOG_DATA: u64 = 8;
/// EXP per byte of exponent (EIP-160).
pub const EXP_BYTE: u64 = 50;

/// Multiplies two values each below 2^32 (callers guarantee it). A plain multiply on every
/// target, including SBF, where overflow-checked 64-bit multiplies do not link.
#[inline(always)]
pub(crate) fn mul_small(a: u64, b: u64) -> u64 {
    debug_assert!(a < (1 << 32) && b < (1 << 32));
    (a as u32 as u64) * (b as u32 as u64)
}

/// Number of 32-byte words covering `len` bytes.
#[inline(always)]
pub(crate) fn words(len: u64) -> u64 {
    len.div_ceil(32)
}

/// Total cost of a memory of `words` words: 3 per word plus words² / 512.
/// `words` is below 2^27 (memory is capped at 4 GiB before pricing).
#[inline]
pub(crate) fn memory_cost(words: u64) -> u64 {
    3 * words + mul_small(words, words) / 512
}

/// Per-word cost times `len` bytes rounded up to words. `len` must be below 2^32.
#[inline(always)]
pub(crate) fn per_word(per: u64, len: u64) -> u64 {
    mul_small(per, words(len))
}

/// SSTORE cost (EIP-2200/2929/3529), including the cold surcharge.
pub(crate) fn sstore_cost(r: &SStoreResult) -> u64 {
    let cold = if r.cold { COLD_SLOAD } else { 0 };
    let base = if r.present == r.new {
        WARM_ACCESS
    } else if r.original == r.present {
        if r.original.is_zero() {
            SSTORE_SET
        } else {
            SSTORE_RESET - COLD_SLOAD
        }
    } else {
        WARM_ACCESS
    };
    base + cold
}

/// SSTORE refund delta (EIP-3529), may be negative.
pub(crate) fn sstore_refund(r: &SStoreResult) -> i64 {
    if r.present == r.new {
        return 0;
    }
    let mut refund = 0;
    if r.original == r.present {
        if !r.original.is_zero() && r.new.is_zero() {
            refund += SSTORE_CLEARS_REFUND;
        }
        return refund;
    }
    if !r.original.is_zero() {
        if r.present.is_zero() {
            refund -= SSTORE_CLEARS_REFUND;
        } else if r.new.is_zero() {
            refund += SSTORE_CLEARS_REFUND;
        }
    }
    if r.original == r.new {
        if r.original.is_zero() {
            refund += (SSTORE_SET - WARM_ACCESS) as i64;
        } else {
            refund += (SSTORE_RESET - COLD_SLOAD - WARM_ACCESS) as i64;
        }
    }
    refund
}

/// Largest refund a transaction may receive: gas used / 5 (EIP-3529), / 2 before London.
pub(crate) fn max_refund(spec: SpecId, gas_used: u64) -> u64 {
    if spec >= SpecId::London {
        gas_used / 5
    } else {
        gas_used / 2
    }
}

/// All but one 64th of `gas` (EIP-150).
#[inline]
pub(crate) fn all_but_one_64th(gas: u64) -> u64 {
    gas - gas / 64
}
