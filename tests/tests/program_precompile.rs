//! The precompile route (`ExecuteVerified`) in LiteSVM with Solana's real secp256k1
//! precompile: it executes like `Execute` for every transaction type at a fraction of the
//! compute units, and the program refuses precompile instructions that verified something else
//! than the transaction (forged address, message, another transaction, missing or foreign
//! instruction, parts in another instruction, a substituted sysvar), changing nothing.
//!
//! LiteSVM runs precompiles only with its `precompiles` feature, which `sealevm-cu-report`
//! enables: `cargo test --workspace`, or `cargo test -p sealevm-tests -p sealevm-cu-report
//! --test program_precompile`. Built without it, these tests say so and return.

mod program_support;

use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use program_support::{
    wei, Chain, Executed, Failure, Kind, TxParams, Wallet, GAS_ACCOUNT, GWEI, PRECOMPILE_INDEX,
};
use sealevm_primitives::{keccak256, Address as EthAddress};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::secp256k1::{self, Offsets};
use sealevm_sdk::tx;
use sealevm_sdk::SealevmError;
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};
use solana_signer::Signer;

const ONE_TENTH: u64 = 100_000_000_000_000_000;

struct Setup {
    chain: Chain,
    alice: Wallet,
    bob: Wallet,
}

/// A chain with alice funded, or `None` (with a note) when LiteSVM has no precompiles.
fn setup() -> Option<Setup> {
    let mut chain = Chain::new();
    if !chain.has_precompiles() {
        eprintln!(
            "SKIPPED: this LiteSVM build has no precompiles (litesvm feature `precompiles`); \
             run with `-p sealevm-tests -p sealevm-cu-report` or `--workspace`"
        );
        return None;
    }
    let alice = Wallet::new(1);
    let bob = Wallet::new(2);
    chain.deposit(&alice.address, 1_000_000_000);
    // Bob's account exists, so the transfers below create no account (no rent charged) and
    // the routes compare on the same work.
    chain.deposit(&bob.address, 1);
    Some(Setup { chain, alice, bob })
}

fn both(s: &Setup) -> [Touched; 2] {
    [
        Touched::Account(s.alice.address, true),
        Touched::Account(s.bob.address, true),
    ]
}

/// The accounts a failure must leave as they were.
fn snapshot(s: &Setup) -> Vec<Option<Vec<u8>>> {
    [s.alice.address, s.bob.address, GAS_ACCOUNT]
        .iter()
        .map(|a| s.chain.data(&client::account_address(a).0))
        .collect()
}

/// Sends `ixs` and returns the failure, checking that nothing changed.
fn refused(s: &mut Setup, ixs: Vec<Instruction>) -> Failure {
    let before = snapshot(s);
    let failure = match s.chain.execute_ixs(ixs) {
        Err(failure) => failure,
        Ok(executed) => panic!("expected a failure, got {executed:#?}"),
    };
    assert_eq!(snapshot(s), before, "a failed transaction changed accounts");
    failure
}

/// The address that "signed" `message` with the signature of `raw` (what the precompile
/// recovers), so that a forged instruction still passes the precompile.
fn recovered_signer(raw: &[u8], message: &[u8]) -> EthAddress {
    let signed = tx::decode(raw).expect("decodes");
    let sig = Signature::from_slice(&signed.signature).expect("signature");
    let id = RecoveryId::from_byte(signed.recovery_id).expect("recovery id");
    let key = VerifyingKey::recover_from_prehash(keccak256(message).as_bytes(), &sig, id)
        .expect("recovers");
    let point = key.to_encoded_point(false);
    let mut public = [0u8; 64];
    public.copy_from_slice(&point.as_bytes()[1..]);
    tx::sender_from_public_key(&public)
}

/// A precompile instruction verifying `raw`'s signature over `message` by `signer`.
fn precompile_ix(raw: &[u8], signer: &EthAddress, message: &[u8]) -> Instruction {
    let signed = tx::decode(raw).expect("decodes");
    let data = secp256k1::instruction_data(
        &signed.signature,
        signed.recovery_id,
        &signer.0,
        message,
        PRECOMPILE_INDEX,
    )
    .expect("fits");
    Instruction::new_with_bytes(client::secp256k1_program_id(), &data, Vec::new())
}

/// `ExecuteVerified` of `raw` by `operator`, declaring `touched`, pointing at `index`.
fn verified_ix(operator: &Address, touched: &[Touched], raw: &[u8], index: u8) -> Instruction {
    let sender = EthAddress::ZERO;
    let [_, mut ix] = client::execute_verified(
        operator,
        &GAS_ACCOUNT,
        raw,
        &sender,
        touched,
        PRECOMPILE_INDEX,
    )
    .expect("builds");
    ix.data[1] = index;
    ix
}

#[test]
fn precompile_route_runs_every_type_for_fewer_compute_units() {
    let Some(mut s) = setup() else { return };
    let value = wei(ONE_TENTH);
    let mut nonce = 0;
    for kind in [Kind::Legacy, Kind::AccessList, Kind::DynamicFee] {
        let mut units = Vec::new();
        for verified in [false, true] {
            let mut params = TxParams::transfer(nonce, s.bob.address, value);
            params.kind = kind;
            if kind == Kind::DynamicFee {
                params.gas_price = wei(3 * GWEI);
                params.tip = wei(2 * GWEI);
            }
            let raw = s.alice.sign(&params);
            let touched = both(&s);
            let (alice, bob) = (
                s.chain.balance(&s.alice.address),
                s.chain.balance(&s.bob.address),
            );
            let executed: Executed = if verified {
                s.chain.execute_verified(&raw, &touched)
            } else {
                s.chain.execute(&raw, &touched)
            }
            .unwrap_or_else(|f| panic!("{kind:?} verified={verified}: {f:#?}"));
            assert_eq!(executed.receipt.status, 1);
            let price = if kind == Kind::DynamicFee {
                2 * GWEI
            } else {
                GWEI
            };
            let fee = wei(21_000 * price);
            assert_eq!(
                s.chain.balance(&s.alice.address),
                alice.wrapping_sub(value).wrapping_sub(fee)
            );
            assert_eq!(s.chain.balance(&s.bob.address), bob.wrapping_add(value));
            nonce += 1;
            assert_eq!(s.chain.nonce(&s.alice.address), nonce);
            units.push(executed.compute_units);
        }
        println!(
            "native transfer ({kind:?}): syscall route {} CU, precompile route {} CU",
            units[0], units[1]
        );
        assert!(units[1] + 20_000 < units[0], "{units:?}");
    }
}

#[test]
fn forged_precompile_instructions_are_refused() {
    let Some(mut s) = setup() else { return };
    let raw = s
        .alice
        .sign(&TxParams::transfer(0, s.bob.address, wei(ONE_TENTH)));
    let preimage = tx::signing_preimage(&raw).expect("preimage");
    let alice = s.alice.address;
    let code = |f: &Failure| f.sealevm();
    let operator = s.chain.operator.pubkey();
    let touched = both(&s);
    let ver = |index: u8| verified_ix(&operator, &touched, &raw, index);

    // Wrong address: the precompile itself fails (instruction 3), the program never runs.
    let forged = precompile_ix(&raw, &s.bob.address, &preimage);
    let f = refused(&mut s, vec![forged, ver(PRECOMPILE_INDEX)]);
    assert!(f.error.contains("InstructionError(3,"), "{f:#?}");

    // Wrong message: alice's signature over other bytes, with the address it recovers to, so
    // the precompile passes; the program sees that the message is not the preimage.
    let mut other = preimage.clone();
    *other.last_mut().expect("non-empty") ^= 1;
    let signer = recovered_signer(&raw, &other);
    let forged = precompile_ix(&raw, &signer, &other);
    let f = refused(&mut s, vec![forged, ver(PRECOMPILE_INDEX)]);
    assert_eq!(code(&f), Some(SealevmError::PrecompileMismatch), "{f:#?}");

    // A genuine precompile instruction for another transaction of alice's.
    let second = s
        .alice
        .sign(&TxParams::transfer(0, s.bob.address, wei(2 * ONE_TENTH)));
    let genuine_other = precompile_ix(
        &second,
        &alice,
        &tx::signing_preimage(&second).expect("preimage"),
    );
    let f = refused(&mut s, vec![genuine_other, ver(PRECOMPILE_INDEX)]);
    assert_eq!(code(&f), Some(SealevmError::PrecompileMismatch), "{f:#?}");

    // No precompile instruction: the index is the program's own, or past the end.
    for index in [PRECOMPILE_INDEX, 9] {
        let f = refused(&mut s, vec![ver(index)]);
        assert_eq!(code(&f), Some(SealevmError::MissingPrecompile), "{f:#?}");
    }

    // Another program at the index (the first compute-budget instruction).
    let genuine = precompile_ix(&raw, &alice, &preimage);
    let f = refused(&mut s, vec![genuine.clone(), ver(0)]);
    assert_eq!(
        code(&f),
        Some(SealevmError::WrongPrecompileProgram),
        "{f:#?}"
    );

    // The message taken from another instruction (the raw transaction inside ExecuteVerified's
    // data, at instruction 4), with the address that recovers to: the precompile passes.
    let signed = tx::decode(&raw).expect("decodes");
    let signer = recovered_signer(&raw, &raw);
    let mut data = secp256k1::instruction_data(
        &signed.signature,
        signed.recovery_id,
        &signer.0,
        &[],
        PRECOMPILE_INDEX,
    )
    .expect("fits");
    let offsets = Offsets {
        message_data_offset: 2,
        message_data_size: raw.len() as u16,
        message_instruction_index: PRECOMPILE_INDEX + 1,
        ..Offsets::read(data[1..12].try_into().expect("11 bytes"))
    };
    data[1..12].copy_from_slice(&offsets.to_bytes());
    let elsewhere = Instruction::new_with_bytes(client::secp256k1_program_id(), &data, Vec::new());
    let f = refused(&mut s, vec![elsewhere, ver(PRECOMPILE_INDEX)]);
    assert_eq!(
        code(&f),
        Some(SealevmError::InvalidPrecompileData),
        "{f:#?}"
    );

    // Two signatures (both genuine) in one precompile instruction.
    let mut two = genuine.data.clone();
    let record = Offsets::read(two[1..12].try_into().expect("11 bytes"));
    let shift = |o: u16| o + secp256k1::OFFSETS_LEN as u16;
    let shifted = Offsets {
        signature_offset: shift(record.signature_offset),
        eth_address_offset: shift(record.eth_address_offset),
        message_data_offset: shift(record.message_data_offset),
        ..record
    };
    two[0] = 2;
    two.splice(1..12, [shifted.to_bytes(), shifted.to_bytes()].concat());
    let double = Instruction::new_with_bytes(client::secp256k1_program_id(), &two, Vec::new());
    let f = refused(&mut s, vec![double, ver(PRECOMPILE_INDEX)]);
    assert_eq!(
        code(&f),
        Some(SealevmError::InvalidPrecompileData),
        "{f:#?}"
    );

    // Another account in place of the Instructions sysvar.
    let mut substituted = ver(PRECOMPILE_INDEX);
    let clock: Address = "SysvarC1ock11111111111111111111111111111111"
        .parse()
        .expect("base58");
    substituted.accounts[0] = AccountMeta::new_readonly(clock, false);
    let f = refused(&mut s, vec![genuine.clone(), substituted]);
    assert_eq!(
        code(&f),
        Some(SealevmError::InvalidInstructionsSysvar),
        "{f:#?}"
    );

    // The genuine pair still goes through, once.
    let executed = s
        .chain
        .execute_ixs(vec![genuine.clone(), ver(PRECOMPILE_INDEX)])
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(executed.receipt.status, 1);
    assert_eq!(s.chain.nonce(&alice), 1);
    let f = refused(&mut s, vec![genuine, ver(PRECOMPILE_INDEX)]);
    assert_eq!(code(&f), Some(SealevmError::NonceTooLow), "{f:#?}");
}
