//! Journaled world state: a cache over the backend plus an undo log for nested calls.
//!
//! Every account and slot the EVM reads is cached here (and stays cached across reverts, so the
//! cache doubles as the record of what was touched); every change pushes an undo entry, and
//! reverting a call pops entries back to the call's checkpoint.

use crate::bytecode::Bytecode;
use crate::result::{AccessRecord, AccountChange, Log, StateChanges};
use crate::state::{AccountInfo, State, StateError};
use crate::vec::GrowVec;
use alloc::collections::{btree_map, BTreeMap};
use alloc::rc::Rc;
use sealevm_primitives::{Address, SpecId, U256};

/// A cached storage slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    /// Value at the start of the transaction.
    pub(crate) original: U256,
    /// Current value.
    pub(crate) current: U256,
    /// Accessed in this transaction (EIP-2929).
    pub(crate) warm: bool,
    /// Ever written in this transaction (for the access record).
    pub(crate) written: bool,
}

/// A cached account.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) info: AccountInfo,
    /// `info` and `exists` at the start of the transaction, to tell what changed.
    pub(crate) original_info: AccountInfo,
    pub(crate) original_exists: bool,
    /// Exists in the backend or was created in this transaction.
    pub(crate) exists: bool,
    pub(crate) warm: bool,
    pub(crate) touched: bool,
    /// Created in this transaction (EIP-6780 and storage semantics).
    pub(crate) created: bool,
    pub(crate) selfdestructed: bool,
    /// Balance, nonce or code ever written in this transaction.
    pub(crate) written: bool,
    pub(crate) code: Option<Rc<Bytecode>>,
    /// Code was deployed in this transaction.
    pub(crate) new_code: bool,
    pub(crate) storage: BTreeMap<U256, Slot>,
}

/// Undo entries allocated up front (see [`Journal::new`]).
const INITIAL_UNDO_CAPACITY: usize = 32;

/// One undoable change.
#[derive(Debug)]
enum Undo {
    Warmed(Address),
    SlotWarmed(Address, U256),
    Touched(Address),
    Balance(Address, U256),
    Nonce(Address, u64),
    Storage(Address, U256, U256),
    Transient(Address, U256, U256),
    Created {
        address: Address,
        was_existing: bool,
    },
    Code(Address),
    SelfDestructed(Address),
}

/// Position in the undo log and the log list to revert to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checkpoint {
    undo_len: usize,
    logs_len: usize,
}

impl Checkpoint {
    /// The start of the transaction.
    pub(crate) const ZERO: Checkpoint = Checkpoint {
        undo_len: 0,
        logs_len: 0,
    };
}

/// Result of an SSTORE, for gas and refund computation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SStoreResult {
    pub(crate) original: U256,
    pub(crate) present: U256,
    pub(crate) new: U256,
    pub(crate) cold: bool,
}

/// The journaled state over a backend `S`.
pub struct Journal<S: State> {
    backend: S,
    spec: SpecId,
    accounts: BTreeMap<Address, Entry>,
    transient: BTreeMap<(Address, U256), U256>,
    undo: GrowVec<Undo>,
    logs: GrowVec<Log>,
    code_read: GrowVec<Address>,
}

impl<S: State> Journal<S> {
    /// An empty journal over `backend`.
    pub fn new(backend: S, spec: SpecId) -> Self {
        Self {
            backend,
            spec,
            accounts: BTreeMap::new(),
            transient: BTreeMap::new(),
            // Sized for a typical transaction (an ERC-20 transfer journals about ten
            // changes): on SBF each doubling reallocates and copies every entry.
            undo: GrowVec::with_capacity(INITIAL_UNDO_CAPACITY),
            logs: GrowVec::new(),
            code_read: GrowVec::new(),
        }
    }

    /// The backend.
    pub fn backend(&mut self) -> &mut S {
        &mut self.backend
    }

    /// Consumes the journal, returning the backend.
    pub fn into_backend(self) -> S {
        self.backend
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            undo_len: self.undo.len(),
            logs_len: self.logs.len(),
        }
    }

    /// Undoes every change made since `cp`.
    pub(crate) fn revert_to(&mut self, cp: Checkpoint) {
        self.logs.truncate(cp.logs_len);
        while self.undo.len() > cp.undo_len {
            let Some(entry) = self.undo.pop() else { break };
            self.undo_one(entry);
        }
    }

    fn undo_one(&mut self, entry: Undo) {
        match entry {
            Undo::Warmed(a) => self.entry_mut(&a).warm = false,
            Undo::SlotWarmed(a, k) => {
                if let Some(slot) = self.entry_mut(&a).storage.get_mut(&k) {
                    slot.warm = false;
                }
            }
            Undo::Touched(a) => self.entry_mut(&a).touched = false,
            Undo::Balance(a, old) => self.entry_mut(&a).info.balance = old,
            Undo::Nonce(a, old) => self.entry_mut(&a).info.nonce = old,
            Undo::Storage(a, k, old) => {
                if let Some(slot) = self.entry_mut(&a).storage.get_mut(&k) {
                    slot.current = old;
                }
            }
            Undo::Transient(a, k, old) => {
                if old.is_zero() {
                    self.transient.remove(&(a, k));
                } else {
                    self.transient.insert((a, k), old);
                }
            }
            Undo::Created {
                address,
                was_existing,
            } => {
                let e = self.entry_mut(&address);
                e.created = false;
                e.exists = was_existing;
            }
            Undo::Code(a) => {
                let e = self.entry_mut(&a);
                e.new_code = false;
                e.code = None;
                e.info.code_hash = sealevm_primitives::KECCAK_EMPTY;
            }
            Undo::SelfDestructed(a) => self.entry_mut(&a).selfdestructed = false,
        }
    }

    fn entry_mut(&mut self, address: &Address) -> &mut Entry {
        match self.accounts.get_mut(address) {
            Some(e) => e,
            None => unreachable_entry(),
        }
    }

    /// The cached account; it must have been loaded.
    pub(crate) fn entry(&self, address: &Address) -> &Entry {
        match self.accounts.get(address) {
            Some(e) => e,
            None => unreachable_entry(),
        }
    }

    /// Loads `address` into the cache without warming it.
    pub(crate) fn load(&mut self, address: &Address) -> Result<&mut Entry, StateError> {
        match self.accounts.entry(*address) {
            btree_map::Entry::Occupied(o) => Ok(o.into_mut()),
            btree_map::Entry::Vacant(v) => {
                let found = self.backend.account(address)?;
                let info = found.unwrap_or_default();
                Ok(v.insert(Entry {
                    exists: found.is_some(),
                    info,
                    original_info: info,
                    original_exists: found.is_some(),
                    // Precompiles are always warm (EIP-2929) without being loaded up front.
                    warm: sealevm_precompiles::is_precompile(&address.0, self.spec),
                    touched: false,
                    created: false,
                    selfdestructed: false,
                    written: false,
                    code: None,
                    new_code: false,
                    storage: BTreeMap::new(),
                }))
            }
        }
    }

    /// Loads and warms `address`; returns true when it was cold (EIP-2929).
    pub(crate) fn warm_account(&mut self, address: &Address) -> Result<bool, StateError> {
        let entry = self.load(address)?;
        if entry.warm {
            return Ok(false);
        }
        entry.warm = true;
        self.undo.push(Undo::Warmed(*address));
        Ok(true)
    }

    /// Marks `address` warm without journaling (transaction-level pre-warming).
    pub(crate) fn prewarm_account(&mut self, address: &Address) -> Result<(), StateError> {
        self.load(address)?.warm = true;
        Ok(())
    }

    /// Warms a storage slot without journaling (access lists).
    pub(crate) fn prewarm_slot(&mut self, address: &Address, key: U256) -> Result<(), StateError> {
        self.sload(address, key)?;
        Ok(())
    }

    /// Marks an account touched (EIP-161: deleted at the end if empty).
    pub(crate) fn touch(&mut self, address: &Address) {
        let e = self.entry_mut(address);
        if !e.touched {
            e.touched = true;
            self.undo.push(Undo::Touched(*address));
        }
    }

    /// The code of a loaded account.
    pub(crate) fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        let e = self.entry(address);
        if let Some(code) = &e.code {
            return Ok(code.clone());
        }
        let code = if e.info.has_code() {
            self.code_read.push(*address);
            self.backend.code(address)?
        } else {
            Rc::new(Bytecode::default())
        };
        self.entry_mut(address).code = Some(code.clone());
        Ok(code)
    }

    /// The cached slot `key` of a loaded account, read from the backend on first use, and
    /// whether this access was cold (the slot is warm afterwards). One lookup per map.
    fn slot_mut(&mut self, address: &Address, key: U256) -> Result<(&mut Slot, bool), StateError> {
        let Some(e) = self.accounts.get_mut(address) else {
            unreachable_entry()
        };
        let fresh = e.created || !e.exists;
        let (slot, cold) = match e.storage.entry(key) {
            btree_map::Entry::Occupied(o) => {
                let slot = o.into_mut();
                let cold = !slot.warm;
                slot.warm = true;
                (slot, cold)
            }
            btree_map::Entry::Vacant(v) => {
                let value = if fresh {
                    U256::ZERO
                } else {
                    self.backend.storage(address, &key)?
                };
                let slot = v.insert(Slot {
                    original: value,
                    current: value,
                    warm: true,
                    written: false,
                });
                (slot, true)
            }
        };
        if cold {
            self.undo.push(Undo::SlotWarmed(*address, key));
        }
        Ok((slot, cold))
    }

    /// SLOAD: value and whether the slot was cold. The account must be loaded.
    pub(crate) fn sload(
        &mut self,
        address: &Address,
        key: U256,
    ) -> Result<(U256, bool), StateError> {
        let (slot, cold) = self.slot_mut(address, key)?;
        Ok((slot.current, cold))
    }

    /// SSTORE: writes and returns the values gas and refunds depend on.
    pub(crate) fn sstore(
        &mut self,
        address: &Address,
        key: U256,
        new: U256,
    ) -> Result<SStoreResult, StateError> {
        let (slot, cold) = self.slot_mut(address, key)?;
        let (original, present) = (slot.original, slot.current);
        if present != new {
            slot.current = new;
            slot.written = true;
            self.undo.push(Undo::Storage(*address, key, present));
        }
        Ok(SStoreResult {
            original,
            present,
            new,
            cold,
        })
    }

    /// TLOAD.
    pub(crate) fn tload(&self, address: &Address, key: U256) -> U256 {
        self.transient
            .get(&(*address, key))
            .copied()
            .unwrap_or(U256::ZERO)
    }

    /// TSTORE.
    pub(crate) fn tstore(&mut self, address: &Address, key: U256, value: U256) {
        let old = if value.is_zero() {
            self.transient.remove(&(*address, key))
        } else {
            self.transient.insert((*address, key), value)
        }
        .unwrap_or(U256::ZERO);
        if old != value {
            self.undo.push(Undo::Transient(*address, key, old));
        }
    }

    /// Sets the balance of a loaded account.
    pub(crate) fn set_balance(&mut self, address: &Address, balance: U256) {
        let e = self.entry_mut(address);
        let old = e.info.balance;
        if old != balance {
            e.info.balance = balance;
            e.written = true;
            self.undo.push(Undo::Balance(*address, old));
        }
    }

    /// Moves `value` between two loaded accounts and touches both. Returns false (changing
    /// nothing) when `from` cannot afford it.
    pub(crate) fn transfer(&mut self, from: &Address, to: &Address, value: U256) -> bool {
        let from_balance = self.entry(from).info.balance;
        let Some(left) = from_balance.checked_sub(value) else {
            return false;
        };
        self.touch(from);
        self.touch(to);
        if value.is_zero() {
            return true;
        }
        self.set_balance(from, left);
        let to_balance = self.entry(to).info.balance;
        self.set_balance(to, to_balance.wrapping_add(value));
        true
    }

    /// Increments a loaded account's nonce; `None` (changing nothing) on overflow.
    pub(crate) fn bump_nonce(&mut self, address: &Address) -> Option<u64> {
        let e = self.entry_mut(address);
        let old = e.info.nonce;
        let new = old.checked_add(1)?;
        e.info.nonce = new;
        e.written = true;
        self.undo.push(Undo::Nonce(*address, old));
        Some(old)
    }

    /// Turns a loaded address into a new contract account (nonce 1 from Spurious Dragon on).
    /// Returns false on a collision (existing code, nonce or storage).
    pub(crate) fn create_account(&mut self, address: &Address) -> Result<bool, StateError> {
        let spec = self.spec;
        let e = self.entry(address);
        if e.info.has_code() || e.info.nonce != 0 {
            return Ok(false);
        }
        let stored = e.exists && !e.created && self.backend.has_storage(address)?;
        let e = self.entry_mut(address);
        if stored || e.storage.values().any(|s| !s.current.is_zero()) {
            return Ok(false);
        }
        let was_existing = e.exists;
        e.created = true;
        e.exists = true;
        e.written = true;
        // Cached slots (e.g. pre-warmed by an access list) keep their warmth; all read zero.
        for slot in e.storage.values_mut() {
            slot.original = U256::ZERO;
            slot.current = U256::ZERO;
        }
        self.undo.push(Undo::Created {
            address: *address,
            was_existing,
        });
        self.touch(address);
        if spec >= SpecId::SpuriousDragon {
            self.bump_nonce(address);
        }
        Ok(true)
    }

    /// Installs code on an account created in this transaction.
    pub(crate) fn set_code(&mut self, address: &Address, code: Bytecode) {
        let hash = code.hash();
        let e = self.entry_mut(address);
        e.info.code_hash = hash;
        e.code = Some(Rc::new(code));
        e.new_code = true;
        e.written = true;
        self.undo.push(Undo::Code(*address));
    }

    /// SELFDESTRUCT per EIP-6780: moves the balance to `target`; the account is deleted only
    /// when it was created in this transaction. Both accounts must be loaded.
    pub(crate) fn selfdestruct(&mut self, address: &Address, target: &Address) {
        let balance = self.entry(address).info.balance;
        let created = self.entry(address).created;
        let destroys = created || self.spec < SpecId::Cancun;
        self.touch(target);
        if address != target {
            let to_balance = self.entry(target).info.balance;
            self.set_balance(target, to_balance.wrapping_add(balance));
            self.set_balance(address, U256::ZERO);
        } else if destroys {
            // Burning: a created contract destroying itself to itself loses its balance.
            self.set_balance(address, U256::ZERO);
        }
        if destroys && !self.entry(address).selfdestructed {
            self.entry_mut(address).selfdestructed = true;
            self.undo.push(Undo::SelfDestructed(*address));
        }
    }

    /// Appends a log.
    pub(crate) fn log(&mut self, log: Log) {
        self.logs.push(log);
    }

    /// Takes the logs collected so far.
    pub(crate) fn take_logs(&mut self) -> GrowVec<Log> {
        core::mem::take(&mut self.logs)
    }

    /// Forgets the undo log and the per-transaction flags so the cache can serve the next
    /// transaction against the updated state, returning the changes of the one just executed.
    pub fn finalize(&mut self) -> StateChanges {
        let spec = self.spec;
        let mut changes = StateChanges::default();
        for (address, e) in self.accounts.iter_mut() {
            let deleted = e.selfdestructed
                || (spec >= SpecId::SpuriousDragon && e.touched && e.info.is_empty());
            let mut storage = GrowVec::new();
            for (key, slot) in e.storage.iter_mut() {
                if slot.current != slot.original {
                    storage.push((*key, slot.current));
                }
                slot.original = slot.current;
                slot.warm = false;
            }
            let changed = deleted
                || e.new_code
                || e.exists != e.original_exists
                || e.info != e.original_info
                || !storage.is_empty();
            if changed {
                changes.accounts.push(AccountChange {
                    address: *address,
                    info: e.info,
                    new_code: if e.new_code { e.code.clone() } else { None },
                    storage,
                    created: e.created,
                    deleted,
                });
            }
            if deleted {
                e.info = AccountInfo::default();
                e.exists = false;
                e.code = None;
                e.storage.clear();
            }
            e.original_info = e.info;
            e.original_exists = e.exists;
            e.warm = sealevm_precompiles::is_precompile(&address.0, spec);
            e.touched = false;
            e.created = false;
            e.selfdestructed = false;
            e.new_code = false;
        }
        self.transient.clear();
        self.undo.clear();
        self.logs.clear();
        changes
    }

    /// Everything loaded so far, with what was written, for account-list building.
    pub fn access_record(&self) -> AccessRecord {
        let mut record = AccessRecord::default();
        for (address, e) in self.accounts.iter() {
            record.accounts.push((*address, e.written));
            for (key, slot) in e.storage.iter() {
                record.storage.push((*address, *key, slot.written));
            }
        }
        for a in self.code_read.iter() {
            record.code.push(*a);
        }
        record
    }
}

#[cold]
fn unreachable_entry() -> ! {
    panic!("journal: account used before it was loaded")
}
