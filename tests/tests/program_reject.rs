//! The sealevm program refuses invalid transactions and substituted accounts, and then
//! nothing changes.

mod program_support;

use program_support::{wei, Chain, Failure, Kind, TxParams, Wallet, GAS_ACCOUNT, GWEI};
use sealevm_primitives::{Address as EthAddress, U256};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::SealevmError;
use solana_account::Account;
use solana_address::Address;
use solana_instruction::AccountMeta;
use solana_signer::Signer;

const ONE_TENTH: u64 = 100_000_000_000_000_000;

struct Setup {
    chain: Chain,
    alice: Wallet,
    bob: Wallet,
}

fn setup() -> Setup {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    let bob = Wallet::new(2);
    chain.deposit(&alice.address, 1_000_000_000);
    Setup { chain, alice, bob }
}

fn both(s: &Setup) -> [Touched; 2] {
    [
        Touched::Account(s.alice.address, true),
        Touched::Account(s.bob.address, true),
    ]
}

/// Every account the tests look at, to prove a failure changed nothing.
fn snapshot(s: &Setup) -> Vec<Option<Vec<u8>>> {
    [s.alice.address, s.bob.address, GAS_ACCOUNT]
        .iter()
        .map(|a| s.chain.data(&client::account_address(a).0))
        .collect()
}

fn expect_error(s: &mut Setup, raw: &[u8], touched: &[Touched], expected: SealevmError) {
    let before = snapshot(s);
    let failure = match s.chain.execute(raw, touched) {
        Err(failure) => failure,
        Ok(executed) => panic!("expected {expected:?}, got {executed:#?}"),
    };
    assert_eq!(failure.sealevm(), Some(expected), "{failure:#?}");
    assert_eq!(snapshot(s), before, "a failed transaction changed accounts");
}

#[test]
fn invalid_transactions_fail_and_change_nothing() {
    let mut s = setup();
    let transfer = TxParams::transfer(0, s.bob.address, wei(ONE_TENTH));
    let touched = both(&s);

    let wrong_chain = TxParams {
        chain_id: 1,
        ..transfer.clone()
    };
    let raw = s.alice.sign(&wrong_chain);
    expect_error(&mut s, &raw, &touched, SealevmError::WrongChainId);

    let gap = TxParams {
        nonce: 1,
        ..transfer.clone()
    };
    let raw = s.alice.sign(&gap);
    expect_error(&mut s, &raw, &touched, SealevmError::NonceTooHigh);

    let too_much = TxParams {
        value: wei(1_000_000_000_000_000_000),
        ..transfer.clone()
    };
    let raw = s.alice.sign(&too_much);
    expect_error(&mut s, &raw, &touched, SealevmError::InsufficientFunds);

    let low_gas = TxParams {
        gas_limit: 20_999,
        ..transfer.clone()
    };
    let raw = s.alice.sign(&low_gas);
    expect_error(&mut s, &raw, &touched, SealevmError::IntrinsicGasTooLow);

    // Malformed RLP: truncated, and a trailing byte.
    let raw = s.alice.sign(&transfer);
    expect_error(
        &mut s,
        &raw[..raw.len() - 1],
        &touched,
        SealevmError::MalformedTransaction,
    );
    let mut long = raw.clone();
    long.push(0);
    expect_error(&mut s, &long, &touched, SealevmError::MalformedTransaction);

    // Blob transactions are not supported.
    expect_error(
        &mut s,
        &[0x03, 0xc0],
        &touched,
        SealevmError::UnsupportedTxType,
    );

    // A high-s signature (s' = n - s) is malleable and rejected.
    let mut fields = rlp_items(&raw);
    let s_value = U256::from_be_slice(&fields[8][1..]);
    let n = U256::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        .expect("n");
    fields[8] = program_support::rlp_u256(&n.wrapping_sub(s_value));
    let raw_high_s = program_support::rlp_list(&fields);
    expect_error(
        &mut s,
        &raw_high_s,
        &touched,
        SealevmError::InvalidSignature,
    );

    // A tampered value recovers another sender, whose account is not declared.
    let mut fields = rlp_items(&raw);
    fields[4] = program_support::rlp_u256(&wei(ONE_TENTH + 1));
    let tampered = program_support::rlp_list(&fields);
    expect_error(&mut s, &tampered, &touched, SealevmError::UndeclaredAccount);

    // The valid transaction still goes through afterwards, with nonce 0.
    s.chain.execute(&raw, &touched).expect("valid transfer");
    assert_eq!(s.chain.nonce(&s.alice.address), 1);
    // Replaying it fails: the nonce is used.
    expect_error(&mut s, &raw, &touched, SealevmError::NonceTooLow);
}

/// Splits a legacy transaction into its encoded items.
fn rlp_items(raw: &[u8]) -> Vec<Vec<u8>> {
    let mut list = sealevm_sdk::rlp::decode_list(raw).expect("list");
    let mut items = Vec::new();
    while !list.is_empty() {
        items.push(list.next_item().expect("item").raw.to_vec());
    }
    items
}

#[test]
fn undeclared_accounts_fail_with_their_own_error() {
    let mut s = setup();
    let raw = s
        .alice
        .sign(&TxParams::transfer(0, s.bob.address, wei(ONE_TENTH)));
    // The recipient is missing.
    let only_alice = [Touched::Account(s.alice.address, true)];
    expect_error(&mut s, &raw, &only_alice, SealevmError::UndeclaredAccount);
    // The sender is missing.
    let only_bob = [Touched::Account(s.bob.address, true)];
    expect_error(&mut s, &raw, &only_bob, SealevmError::UndeclaredAccount);
    // Another account in the recipient's place.
    let carol = EthAddress([0xca; 20]);
    let wrong = [
        Touched::Account(s.alice.address, true),
        Touched::Account(carol, true),
    ];
    expect_error(&mut s, &raw, &wrong, SealevmError::UndeclaredAccount);
}

#[test]
fn substituted_and_read_only_accounts_are_rejected() {
    let mut s = setup();
    s.chain.deposit(&s.bob.address, 1);
    let raw = s
        .alice
        .sign(&TxParams::transfer(0, s.bob.address, wei(ONE_TENTH)));

    // Bob's account passed read-only: the write is refused.
    let read_only_bob = [
        Touched::Account(s.alice.address, true),
        Touched::Account(s.bob.address, false),
    ];
    expect_error(&mut s, &raw, &read_only_bob, SealevmError::NotWritable);

    // A copy of Bob's account owned by another program, at another address.
    let bob_pda = client::account_address(&s.bob.address).0;
    let real = s.chain.svm.get_account(&bob_pda).expect("bob exists");
    let fake = Address::new_unique();
    s.chain
        .svm
        .set_account(
            fake,
            Account {
                owner: Address::new_unique(),
                ..real.clone()
            },
        )
        .expect("set");
    let mut ix = client::execute(
        &s.chain.operator.pubkey(),
        &GAS_ACCOUNT,
        &raw,
        &[Touched::Account(s.alice.address, true)],
    );
    ix.accounts.push(AccountMeta::new(fake, false));
    let before = snapshot(&s);
    let failure = s.chain.execute_ix(ix).expect_err("foreign owner");
    assert_eq!(failure.sealevm(), Some(SealevmError::UndeclaredAccount));
    assert_eq!(snapshot(&s), before);

    // The gas account read-only, or not an EVM account of the program.
    let mut ix = client::execute(&s.chain.operator.pubkey(), &GAS_ACCOUNT, &raw, &both(&s));
    ix.accounts[3].is_writable = false;
    assert_sealevm(s.chain.execute_ix(ix), SealevmError::NotWritable);
    let mut ix = client::execute(&s.chain.operator.pubkey(), &GAS_ACCOUNT, &raw, &both(&s));
    ix.accounts[3] = AccountMeta::new(fake, false);
    assert_sealevm(s.chain.execute_ix(ix), SealevmError::InvalidGasAccount);

    // A config that is not the program's.
    let mut ix = client::execute(&s.chain.operator.pubkey(), &GAS_ACCOUNT, &raw, &both(&s));
    ix.accounts[1] = AccountMeta::new_readonly(fake, false);
    assert_sealevm(s.chain.execute_ix(ix), SealevmError::InvalidConfig);

    // A deposit to an account whose PDA does not match the address.
    let mut ix = client::deposit(&s.chain.operator.pubkey(), &s.alice.address, 5);
    ix.accounts[2] = AccountMeta::new(client::account_address(&EthAddress([7; 20])).0, false);
    assert_sealevm(s.chain.send(vec![ix]).map(|_| ()), SealevmError::InvalidPda);

    // Initialize runs once.
    let ix = client::initialize(&s.chain.operator.pubkey(), 1);
    assert_sealevm(
        s.chain.send(vec![ix]).map(|_| ()),
        SealevmError::AlreadyInitialized,
    );

    // Everything still works with the right accounts.
    s.chain.execute(&raw, &both(&s)).expect("valid transfer");
    assert_eq!(s.chain.balance(&s.bob.address), wei(ONE_TENTH + GWEI));
}

fn assert_sealevm<T: std::fmt::Debug>(result: Result<T, Failure>, expected: SealevmError) {
    match result {
        Err(failure) => assert_eq!(failure.sealevm(), Some(expected), "{failure:#?}"),
        Ok(ok) => panic!("expected {expected:?}, got {ok:#?}"),
    }
}

#[test]
fn eip1559_fee_rules() {
    let mut s = setup();
    let mut params = TxParams::transfer(0, s.bob.address, wei(1));
    params.kind = Kind::DynamicFee;
    params.gas_price = wei(GWEI);
    params.tip = wei(2 * GWEI);
    let raw = s.alice.sign(&params);
    let touched = both(&s);
    expect_error(&mut s, &raw, &touched, SealevmError::PriorityFeeAboveMaxFee);
}

/// A transfer that creates its recipient charges the sender the new account's rent; a sender
/// who can pay value and gas but not that rent is refused, and nothing changes.
#[test]
fn a_sender_who_cannot_pay_the_rent_of_new_accounts_is_refused() {
    let mut s = setup();
    let carol = Wallet::new(3);
    let value = wei(ONE_TENTH);
    // 0.1 SOL of value plus 21,000 gas at 1 gwei (21,000 lamports): nothing left for rent.
    s.chain.deposit(&carol.address, 100_000_000 + 21_000);
    let raw = carol.sign(&TxParams::transfer(0, s.bob.address, value));
    let touched = [
        Touched::Account(carol.address, true),
        Touched::Account(s.bob.address, true),
    ];
    let carol_account = client::account_address(&carol.address).0;
    let before = (snapshot(&s), s.chain.data(&carol_account));
    let failure = match s.chain.execute(&raw, &touched) {
        Err(failure) => failure,
        Ok(executed) => panic!("expected InsufficientFundsForRent, got {executed:#?}"),
    };
    assert_eq!(
        failure.sealevm(),
        Some(SealevmError::InsufficientFundsForRent),
        "{failure:#?}"
    );
    assert_eq!((snapshot(&s), s.chain.data(&carol_account)), before);

    // With the rent on top, the same transaction goes through and the gas account gets it.
    let rent_lamports = s
        .chain
        .svm
        .minimum_balance_for_rent_exemption(sealevm_sdk::state::AccountHeader::data_len(0));
    s.chain.deposit(&carol.address, rent_lamports);
    let gas_before = s.chain.balance(&GAS_ACCOUNT);
    s.chain.execute(&raw, &touched).expect("rent covered");
    assert_eq!(s.chain.balance(&carol.address), U256::ZERO);
    assert_eq!(s.chain.balance(&s.bob.address), value);
    let rent = sealevm_sdk::units::lamports_to_wei(rent_lamports);
    assert_eq!(
        s.chain.balance(&GAS_ACCOUNT),
        gas_before
            .wrapping_add(wei(21_000 * GWEI))
            .wrapping_add(rent)
    );
}
