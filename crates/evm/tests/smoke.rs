//! End-to-end checks of hand-assembled programs through `transact`.

use sealevm_evm::memory_state::MemoryState;
use sealevm_evm::{
    transact, Address, BlockEnv, CfgEnv, Env, ExecError, GrowVec, InvalidTx, Journal, SpecId,
    Status, TxEnv, TxKind, U256,
};

const SENDER: Address = Address([0x11; 20]);
const CONTRACT: Address = Address([0x22; 20]);

fn env(kind: TxKind, data: Vec<u8>, nonce: u64) -> Env {
    Env {
        cfg: CfgEnv::new(1, SpecId::Cancun),
        block: BlockEnv {
            number: 10,
            gas_limit: 30_000_000,
            basefee: U256::from_u64(7),
            blob_basefee: U256::ONE,
            ..Default::default()
        },
        tx: TxEnv {
            caller: SENDER,
            gas_limit: 1_000_000,
            gas_price: U256::from_u64(10),
            gas_priority_fee: Some(U256::from_u64(1)),
            kind,
            value: U256::ZERO,
            data,
            nonce,
            chain_id: Some(1),
            access_list: GrowVec::new(),
        },
    }
}

fn state_with(code: &[u8]) -> MemoryState {
    let mut state = MemoryState::new();
    state.insert(SENDER, U256::from_u64(1_000_000_000_000), 0, &[], []);
    state.insert(CONTRACT, U256::ZERO, 1, code, []);
    state
}

#[test]
fn sstore_then_return_word() {
    // PUSH1 0x2a PUSH1 0x01 SSTORE  PUSH1 0x01 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    let code = [
        0x60, 0x2a, 0x60, 0x01, 0x55, 0x60, 0x01, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00,
        0xf3,
    ];
    let mut journal = Journal::new(state_with(&code), SpecId::Cancun);
    let outcome = transact(&mut journal, &env(TxKind::Call(CONTRACT), vec![], 0)).expect("valid");
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(U256::from_be_slice(&outcome.output), U256::from_u64(42));
    // 21000 + pushes (6*3) + cold SSTORE 22100 + warm SLOAD 100 + MSTORE 3 + memory 3 + RETURN 0
    assert_eq!(outcome.gas_used, 21_000 + 18 + 22_100 + 100 + 3 + 3);
    let changes = journal.finalize();
    let mut state = journal.into_backend();
    state.apply(&changes);
    assert_eq!(
        state.accounts[&CONTRACT].storage[&U256::ONE],
        U256::from_u64(42)
    );
    assert_eq!(state.accounts[&SENDER].info.nonce, 1);
}

#[test]
fn revert_keeps_fee_and_nonce_but_drops_storage() {
    // PUSH1 1 PUSH1 1 SSTORE PUSH1 0 PUSH1 0 REVERT
    let code = [0x60, 0x01, 0x60, 0x01, 0x55, 0x60, 0x00, 0x60, 0x00, 0xfd];
    let mut journal = Journal::new(state_with(&code), SpecId::Cancun);
    let outcome = transact(&mut journal, &env(TxKind::Call(CONTRACT), vec![], 0)).expect("valid");
    assert_eq!(outcome.status, Status::Revert);
    let changes = journal.finalize();
    let mut state = journal.into_backend();
    state.apply(&changes);
    assert!(state.accounts[&CONTRACT].storage.is_empty());
    assert_eq!(state.accounts[&SENDER].info.nonce, 1);
    let paid = U256::from_u64(outcome.gas_used * 8);
    assert_eq!(
        state.accounts[&SENDER].info.balance,
        U256::from_u64(1_000_000_000_000).wrapping_sub(paid)
    );
}

#[test]
fn deep_call_chain_does_not_overflow_native_stack() {
    // Calls itself with all gas until the depth limit: ADDRESS GAS CALL-style recursion.
    // PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 ADDRESS GAS CALL STOP
    let code = [
        0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x60, 0, 0x30, 0x5a, 0xf1, 0x00,
    ];
    let mut journal = Journal::new(state_with(&code), SpecId::Cancun);
    let mut e = env(TxKind::Call(CONTRACT), vec![], 0);
    e.tx.gas_limit = 30_000_000;
    let outcome = transact(&mut journal, &e).expect("valid");
    assert_eq!(outcome.status, Status::Success);
}

#[test]
fn create_deploys_code() {
    // initcode: returns runtime 0x00 (1 byte STOP): PUSH1 1 PUSH1 0 MSTORE8? simpler: RETURN 1 byte of zeroed memory
    // PUSH1 1 PUSH1 0 RETURN
    let init = vec![0x60, 0x01, 0x60, 0x00, 0xf3];
    let mut journal = Journal::new(state_with(&[]), SpecId::Cancun);
    let outcome = transact(&mut journal, &env(TxKind::Create, init, 0)).expect("valid");
    assert_eq!(outcome.status, Status::Success);
    let created = outcome.created_address.expect("address");
    assert_eq!(created, sealevm_evm::create_address(&SENDER, 0));
    let changes = journal.finalize();
    let mut state = journal.into_backend();
    state.apply(&changes);
    assert_eq!(state.accounts[&created].code.bytes(), &[0u8]);
    assert_eq!(state.accounts[&created].info.nonce, 1);
}

#[test]
fn invalid_transactions_change_nothing() {
    let mut journal = Journal::new(state_with(&[]), SpecId::Cancun);
    let err = transact(&mut journal, &env(TxKind::Call(CONTRACT), vec![], 5)).unwrap_err();
    assert_eq!(err, ExecError::Invalid(InvalidTx::NonceTooHigh));
    let mut e = env(TxKind::Call(CONTRACT), vec![], 0);
    e.tx.chain_id = Some(2);
    assert_eq!(
        transact(&mut journal, &e).unwrap_err(),
        ExecError::Invalid(InvalidTx::WrongChainId)
    );
    assert!(journal.finalize().accounts.is_empty());
}

/// A backend that refuses one address, as the on-chain program does for undeclared accounts.
struct Partial {
    inner: MemoryState,
    missing: Address,
}

impl sealevm_evm::State for Partial {
    fn account(
        &mut self,
        address: &Address,
    ) -> Result<Option<sealevm_evm::AccountInfo>, sealevm_evm::StateError> {
        if *address == self.missing {
            return Err(sealevm_evm::StateError::Unavailable(*address));
        }
        self.inner.account(address)
    }
    fn code(
        &mut self,
        address: &Address,
    ) -> Result<std::rc::Rc<sealevm_evm::Bytecode>, sealevm_evm::StateError> {
        self.inner.code(address)
    }
    fn storage(
        &mut self,
        address: &Address,
        index: &U256,
    ) -> Result<U256, sealevm_evm::StateError> {
        self.inner.storage(address, index)
    }
    fn block_hash(&mut self, number: u64) -> Result<sealevm_evm::B256, sealevm_evm::StateError> {
        self.inner.block_hash(number)
    }
}

#[test]
fn unavailable_account_is_a_distinct_error_and_access_is_recorded() {
    use sealevm_evm::State as _;
    const OTHER: Address = Address([0x33; 20]);
    // SSTORE(1, ISZERO(BALANCE(0x33..33)))
    let mut code = vec![0x73];
    code.extend_from_slice(&OTHER.0);
    code.extend_from_slice(&[0x31, 0x15, 0x60, 0x01, 0x55, 0x00]);
    let backend = Partial {
        inner: state_with(&code),
        missing: OTHER,
    };
    let mut journal = Journal::new(backend, SpecId::Cancun);
    let err = transact(&mut journal, &env(TxKind::Call(CONTRACT), vec![], 0)).unwrap_err();
    assert_eq!(
        err,
        ExecError::StateUnavailable(sealevm_evm::StateError::Unavailable(OTHER))
    );

    // With the account available, the record lists what was read and written.
    let mut journal = Journal::new(state_with(&code), SpecId::Cancun);
    let outcome = transact(&mut journal, &env(TxKind::Call(CONTRACT), vec![], 0)).expect("valid");
    assert_eq!(outcome.status, Status::Success);
    let record = journal.access_record();
    let accounts: Vec<Address> = record.accounts.iter().map(|(a, _)| *a).collect();
    assert!(
        accounts.contains(&OTHER) && accounts.contains(&CONTRACT) && accounts.contains(&SENDER)
    );
    let sender_written = record
        .accounts
        .iter()
        .find(|(a, _)| *a == SENDER)
        .map(|(_, w)| *w);
    assert_eq!(sender_written, Some(true));
    let other_written = record
        .accounts
        .iter()
        .find(|(a, _)| *a == OTHER)
        .map(|(_, w)| *w);
    assert_eq!(other_written, Some(false));
    assert!(record
        .storage
        .iter()
        .any(|(a, k, written)| *a == CONTRACT && *k == U256::ONE && *written));
    let mut state = state_with(&[]);
    assert!(state.account(&OTHER).expect("memory state").is_none());
}
