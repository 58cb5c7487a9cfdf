//! Contracts on the sealevm program: deployment (code and constructor storage written to new
//! accounts) and calls (storage slots as their own accounts, code read-only).

mod program_support;

use program_support::{wei, Chain, TxParams, Wallet, GAS_ACCOUNT, GWEI};
use sealevm_evm::{create_address, KECCAK_EMPTY};
use sealevm_primitives::{keccak256, U256};
use sealevm_sdk::client::Touched;
use sealevm_sdk::receipt::STATUS_SUCCESS;
use sealevm_sdk::SealevmError;

/// Runtime: `slot0 += 1; return slot0`.
const COUNTER_RUNTIME: [u8; 18] = [
    0x60, 0x00, 0x54, // SLOAD(0)
    0x60, 0x01, 0x01, // +1
    0x80, 0x60, 0x00, 0x55, // SSTORE(0, v)
    0x60, 0x00, 0x52, // MSTORE(0, v)
    0x60, 0x20, 0x60, 0x00, 0xf3, // RETURN(0, 32)
];

/// Initcode: `slot1 = 7`, then return the runtime.
fn counter_initcode() -> Vec<u8> {
    let mut code = vec![
        0x60, 0x07, 0x60, 0x01, 0x55, // SSTORE(1, 7)
        0x60, 0x12, 0x80, 0x60, 0x10, 0x60, 0x00, 0x39, // CODECOPY(0, 16, 18)
        0x60, 0x00, 0xf3, // RETURN(0, 18)
    ];
    assert_eq!(code.len(), 16);
    code.extend_from_slice(&COUNTER_RUNTIME);
    code
}

#[test]
fn deploy_and_call_a_counter() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 1_000_000_000);
    let contract = create_address(&alice.address, 0);
    let deploy = TxParams {
        to: None,
        gas_limit: 200_000,
        data: counter_initcode(),
        ..TxParams::transfer(0, alice.address, U256::ZERO)
    };
    let raw = alice.sign(&deploy);
    let touched = [
        Touched::Account(alice.address, true),
        Touched::Account(contract, true),
        Touched::Storage(contract, U256::from_u64(1), true),
    ];
    let executed = chain
        .execute(&raw, &touched)
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(executed.receipt.status, STATUS_SUCCESS);
    assert_eq!(executed.receipt.created_address, Some(contract));
    println!(
        "deploy ({} gas): {} CU",
        executed.receipt.gas_used, executed.compute_units
    );
    let header = chain.account(&contract).expect("contract account");
    assert_eq!(header.nonce, 1);
    assert_eq!(header.code_len, 18);
    assert_eq!(header.code_hash, keccak256(&COUNTER_RUNTIME));
    assert_ne!(header.code_hash, KECCAK_EMPTY);
    assert_eq!(
        chain.storage(&contract, &U256::from_u64(1)),
        Some(U256::from_u64(7))
    );

    // Calls: the contract account is only read; its slot 0 is created, then updated.
    for (nonce, expected) in [(1u64, 1u64), (2, 2)] {
        let call = TxParams {
            gas_limit: 100_000,
            ..TxParams::transfer(nonce, contract, U256::ZERO)
        };
        let raw = alice.sign(&call);
        let touched = [
            Touched::Account(alice.address, true),
            Touched::Account(contract, false),
            Touched::Storage(contract, U256::ZERO, true),
        ];
        let executed = chain
            .execute(&raw, &touched)
            .unwrap_or_else(|f| panic!("{f:#?}"));
        let receipt = &executed.receipt;
        assert_eq!(receipt.status, STATUS_SUCCESS);
        assert_eq!(
            receipt.output,
            U256::from_u64(expected).to_be_bytes().to_vec()
        );
        assert_eq!(
            chain.storage(&contract, &U256::ZERO),
            Some(U256::from_u64(expected))
        );
        println!(
            "counter call {expected} ({} gas): {} CU",
            receipt.gas_used, executed.compute_units
        );
    }

    // A call that does not declare the slot fails with the storage error.
    let call = TxParams {
        gas_limit: 100_000,
        ..TxParams::transfer(3, contract, U256::ZERO)
    };
    let raw = alice.sign(&call);
    let touched = [
        Touched::Account(alice.address, true),
        Touched::Account(contract, false),
    ];
    let failure = chain.execute(&raw, &touched).expect_err("slot undeclared");
    assert_eq!(failure.sealevm(), Some(SealevmError::UndeclaredStorage));
    // The gas account collected every fee.
    assert!(chain.balance(&GAS_ACCOUNT) > wei(21_000 * GWEI));
}
