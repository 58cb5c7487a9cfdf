//! Native emulation over the program's accounts (feature `client`): the EVM core runs over EVM
//! accounts and slots read from wherever the program's accounts live (an embedded LiteSVM, a
//! Solana cluster over RPC), which tells a client the accounts and slots to declare in
//! `Execute` (writable only when their bytes change), the code sizes a deployment will store
//! (for `AllocateAccount`), and, for an unsigned call, the answer to `eth_call`.
//!
//! A backend implements the one-method [`ProgramAccounts`]; [`ProgramState`] turns it into the
//! EVM's [`State`] and [`emulate`] runs a transaction over it.

use crate::client::{account_address, storage_address, Touched};
use crate::state::{AccountHeader, StorageSlot};
use alloc::rc::Rc;
use alloc::vec::Vec;
use sealevm_evm::{
    transact, AccountInfo, Address, Bytecode, Env, ExecError, Journal, Outcome, State, StateError,
    B256, U256,
};
use solana_address::Address as SolAddress;

/// [`StateError::Corrupt`] code of an EVM account whose header does not parse (the program's
/// `CorruptAccount`).
pub const CORRUPT_HEADER: u32 = crate::SealevmError::CorruptAccount as u32;

/// The program's accounts, by Solana address.
pub trait ProgramAccounts {
    /// The data of the account at `address` when it exists and the program owns it, `None`
    /// otherwise. A backend that cannot answer returns an error (it may keep the cause to
    /// report after [`emulate`] returns).
    fn program_account(&mut self, address: &SolAddress) -> Result<Option<Vec<u8>>, StateError>;
}

/// The EVM's [`State`] over a [`ProgramAccounts`]: accounts and slots at their PDAs, decoded
/// with the layouts of [`crate::state`]. BLOCKHASH is zero, as in the program.
pub struct ProgramState<A> {
    /// The account source.
    pub accounts: A,
}

impl<A: ProgramAccounts> State for ProgramState<A> {
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError> {
        let Some(data) = self.accounts.program_account(&account_address(address).0)? else {
            return Ok(None);
        };
        let h = AccountHeader::read(&data).ok_or(StateError::Corrupt(CORRUPT_HEADER))?;
        Ok(Some(AccountInfo {
            balance: h.balance,
            nonce: h.nonce,
            code_hash: h.code_hash,
        }))
    }

    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        let Some(data) = self.accounts.program_account(&account_address(address).0)? else {
            return Ok(Rc::new(Bytecode::default()));
        };
        let (code, _) = AccountHeader::code_of(&data).ok_or(StateError::Corrupt(CORRUPT_HEADER))?;
        Ok(Rc::new(Bytecode::new(code)))
    }

    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError> {
        Ok(self
            .accounts
            .program_account(&storage_address(address, index).0)?
            .and_then(|d| StorageSlot::read(&d))
            .map_or(U256::ZERO, |s| s.value))
    }

    fn block_hash(&mut self, _number: u64) -> Result<B256, StateError> {
        Ok(B256::ZERO)
    }
}

/// What an emulated transaction did.
#[derive(Debug)]
pub struct Emulated {
    /// The EVM's outcome.
    pub outcome: Outcome,
    /// Every account and slot to declare (the gas account, `env.block.coinbase`, excluded),
    /// writable when its bytes change.
    pub touched: Vec<Touched>,
    /// Created contracts with their code lengths (for [`crate::client::allocations_for_code`]).
    pub deployed: Vec<(Address, usize)>,
}

/// Runs `env` over `state` and drops its changes, recording what the program will need.
///
/// An account or slot is writable only when the transaction changes its bytes: the program
/// writes nothing else, and accounts only read (a token contract, unchanged slots) can then be
/// shared by parallel Solana transactions.
pub fn emulate<A: ProgramAccounts>(
    state: &mut ProgramState<A>,
    env: &Env,
) -> Result<Emulated, ExecError> {
    let (outcome, record, changes) = {
        let mut journal = Journal::new(&mut *state, env.cfg.spec);
        let outcome = transact(&mut journal, env)?;
        let record = journal.access_record();
        (outcome, record, journal.finalize())
    };
    let mut touched = Vec::new();
    for (address, _) in record.accounts.iter() {
        if *address == env.block.coinbase {
            continue;
        }
        let before = state.account(address)?;
        let written = changes.accounts.iter().any(|c| {
            c.address == *address
                && (c.new_code.is_some()
                    || match (&before, c.deleted) {
                        (Some(b), false) => b.balance != c.info.balance || b.nonce != c.info.nonce,
                        (Some(b), true) => !b.balance.is_zero() || b.nonce != 0,
                        (None, deleted) => !deleted,
                    })
        });
        touched.push(Touched::Account(*address, written));
    }
    for (address, key, _) in record.storage.iter() {
        let before = state.storage(address, key)?;
        let written = changes.accounts.iter().any(|c| {
            c.address == *address && c.storage.iter().any(|(k, v)| k == key && *v != before)
        });
        touched.push(Touched::Storage(*address, *key, written));
    }
    let deployed = changes
        .accounts
        .iter()
        .filter_map(|c| c.new_code.as_ref().map(|code| (c.address, code.len())))
        .collect();
    Ok(Emulated {
        outcome,
        touched,
        deployed,
    })
}

/// The Clock sysvar's address (`SysvarC1ock11111111111111111111111111111111`).
pub const CLOCK_SYSVAR_ID: [u8; 32] = [
    6, 167, 213, 23, 24, 199, 116, 201, 40, 86, 99, 152, 105, 29, 94, 182, 139, 94, 184, 163, 155,
    75, 109, 92, 115, 85, 91, 33, 0, 0, 0, 0,
];

/// Offset of the Unix timestamp (i64 LE) in the Clock sysvar's data; the slot is at 0.
pub const CLOCK_UNIX_TIMESTAMP_AT: usize = 32;

/// Slot and Unix timestamp from the Clock sysvar's data (slot, epoch start timestamp, epoch,
/// leader schedule epoch, unix timestamp; 8 bytes LE each): NUMBER and TIMESTAMP as the program
/// sees them. Missing bytes read as zero.
pub fn clock_of(data: &[u8]) -> (u64, u64) {
    let word = |at: usize| {
        data.get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes)
    };
    (word(0), word(CLOCK_UNIX_TIMESTAMP_AT))
}

/// `env` as the program will see it: NUMBER and TIMESTAMP from the Clock, COINBASE the
/// operator's gas account, its block gas limit and base fee, and gas paid to the gas account
/// instead of a COINBASE reward (see `docs/program.md`).
pub fn program_env(env: &Env, slot: u64, timestamp: u64, gas_account: Address) -> Env {
    let mut env = env.clone();
    env.block.number = slot;
    env.block.timestamp = timestamp;
    env.block.coinbase = gas_account;
    env.block.gas_limit = crate::chain::BLOCK_GAS_LIMIT;
    env.block.basefee = crate::chain::BASE_FEE;
    env.cfg.coinbase_reward = false;
    env
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;

    #[test]
    fn clock_sysvar_id_matches_its_base58() {
        let parsed: SolAddress = "SysvarC1ock11111111111111111111111111111111"
            .parse()
            .expect("base58");
        assert_eq!(parsed, SolAddress::new_from_array(CLOCK_SYSVAR_ID));
    }

    #[test]
    fn clock_reads_slot_and_timestamp() {
        let mut data = [0u8; 40];
        data[..8].copy_from_slice(&77u64.to_le_bytes());
        data[32..].copy_from_slice(&1_700_000_000u64.to_le_bytes());
        assert_eq!(clock_of(&data), (77, 1_700_000_000));
        assert_eq!(clock_of(&[]), (0, 0));
    }

    /// Program accounts in a map.
    struct Accounts(BTreeMap<[u8; 32], Vec<u8>>);

    impl ProgramAccounts for Accounts {
        fn program_account(&mut self, address: &SolAddress) -> Result<Option<Vec<u8>>, StateError> {
            Ok(self.0.get(&address.to_bytes()).cloned())
        }
    }

    #[test]
    fn a_missing_account_reads_as_absent_and_a_broken_one_as_corrupt() {
        let a = Address([7; 20]);
        let mut state = ProgramState {
            accounts: Accounts(BTreeMap::new()),
        };
        assert_eq!(state.account(&a), Ok(None));
        assert_eq!(state.storage(&a, &U256::ONE), Ok(U256::ZERO));
        state
            .accounts
            .0
            .insert(account_address(&a).0.to_bytes(), alloc::vec![3, 1]);
        assert_eq!(state.account(&a), Err(StateError::Corrupt(CORRUPT_HEADER)));
    }
}
