//! A process-wide memo of the EVM-account and storage-slot PDAs (feature `client`).
//!
//! `find_program_address` hashes and checks the curve once per bump tried (tens of
//! microseconds natively); a proxy derives the same few addresses for every emulation and
//! every instruction it builds, so it asks this memo instead. The memo is emptied when it
//! reaches [`LIMIT`] entries, which bounds its memory.

use solana_address::Address;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

/// Most entries kept per map (about 100 MB at most for the slot map).
const LIMIT: usize = 1 << 20;

type Memo<K> = OnceLock<Mutex<HashMap<K, (Address, u8)>>>;

static ACCOUNTS: Memo<[u8; 20]> = OnceLock::new();
static SLOTS: Memo<([u8; 20], [u8; 32])> = OnceLock::new();

fn memoized<K: Eq + core::hash::Hash + Copy>(
    memo: &Memo<K>,
    key: K,
    derive: impl FnOnce() -> (Address, u8),
) -> (Address, u8) {
    let map = memo.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = map.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return *found;
    }
    // Derived outside the lock: another thread may derive the same key, with the same result.
    let derived = derive();
    let mut map = map.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= LIMIT {
        map.clear();
    }
    map.insert(key, derived);
    derived
}

/// The memoized PDA of an EVM account.
pub(crate) fn account(address: [u8; 20], derive: impl FnOnce() -> (Address, u8)) -> (Address, u8) {
    memoized(&ACCOUNTS, address, derive)
}

/// The memoized PDA of a storage slot.
pub(crate) fn slot(
    address: [u8; 20],
    key: [u8; 32],
    derive: impl FnOnce() -> (Address, u8),
) -> (Address, u8) {
    memoized(&SLOTS, (address, key), derive)
}

#[cfg(test)]
mod tests {
    use crate::client::{account_address, program_id, storage_address};
    use crate::id::{ACCOUNT_SEED, STORAGE_SEED};
    use sealevm_primitives::{Address as EthAddress, U256};
    use solana_address::Address;

    /// Asked twice, the memo answers what a fresh derivation does, per address and per key.
    #[test]
    fn memo_matches_fresh_derivation() {
        for i in 0..20u8 {
            let address = EthAddress([i; 20]);
            let key = U256::from_u64(u64::from(i) * 7);
            let account = Address::find_program_address(&[ACCOUNT_SEED, &address.0], &program_id());
            let slot = Address::find_program_address(
                &[STORAGE_SEED, &address.0, &key.to_be_bytes()],
                &program_id(),
            );
            for _ in 0..2 {
                assert_eq!(account_address(&address), account);
                assert_eq!(storage_address(&address, &key), slot);
            }
            assert_ne!(
                storage_address(&address, &U256::from_u64(1_000 + u64::from(i))),
                slot
            );
        }
    }
}
