//! The sealevm program in LiteSVM: initialize, deposit and native ETH transfers signed with
//! real keys, for every supported transaction type.

mod program_support;

use program_support::{wei, Chain, Kind, TxParams, Wallet, GAS_ACCOUNT, GWEI};
use sealevm_primitives::U256;
use sealevm_sdk::client::Touched;
use sealevm_sdk::receipt::STATUS_SUCCESS;
use sealevm_sdk::state::AccountHeader;
use sealevm_sdk::units::lamports_to_wei;

/// Compute units a native transfer may use (last measured: see the test output).
const TRANSFER_CU_LIMIT: u64 = 120_000;

#[test]
fn deposit_credits_wei_and_fills_the_vault() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    let vault_before = chain.vault_lamports();
    chain.deposit(&alice.address, 2_000_000_000);
    assert_eq!(
        chain.balance(&alice.address),
        lamports_to_wei(2_000_000_000)
    );
    assert_eq!(chain.vault_lamports(), vault_before + 2_000_000_000);
    // A second deposit adds up.
    chain.deposit(&alice.address, 5);
    assert_eq!(
        chain.balance(&alice.address),
        lamports_to_wei(2_000_000_005)
    );
    let header = chain.account(&alice.address).expect("account");
    assert_eq!(header.nonce, 0);
    assert_eq!(header.address, alice.address);
}

#[test]
fn native_transfers_of_every_type() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    let bob = Wallet::new(2);
    chain.deposit(&alice.address, 1_000_000_000); // 1 SOL = 10^18 wei
    let value = wei(100_000_000_000_000_000); // 0.1
    let mut expected_alice = chain.balance(&alice.address);
    let mut expected_bob = U256::ZERO;
    let mut expected_gas = chain.balance(&GAS_ACCOUNT);
    for (nonce, kind) in [Kind::Legacy, Kind::AccessList, Kind::DynamicFee]
        .into_iter()
        .enumerate()
    {
        let mut params = TxParams::transfer(nonce as u64, bob.address, value);
        params.kind = kind;
        if kind == Kind::DynamicFee {
            params.gas_price = wei(3 * GWEI);
            params.tip = wei(2 * GWEI);
        }
        let raw = alice.sign(&params);
        let touched = [
            Touched::Account(alice.address, true),
            Touched::Account(bob.address, true),
        ];
        let executed = chain
            .execute(&raw, &touched)
            .unwrap_or_else(|f| panic!("{kind:?}: {f:#?}"));
        let receipt = &executed.receipt;
        assert_eq!(receipt.status, STATUS_SUCCESS, "{kind:?}");
        assert_eq!(receipt.gas_used, 21_000);
        // Base fee 0: EIP-1559 pays min(max fee, tip) = 2 gwei.
        let price = if kind == Kind::DynamicFee {
            2 * GWEI
        } else {
            GWEI
        };
        assert_eq!(receipt.gas_price, wei(price));
        let fee = wei(21_000 * price);
        // The first transfer creates Bob's EVM account: Alice pays its rent, in wei, to the
        // operator's gas account along with the fee (the operator paid the lamports).
        let rent = if nonce == 0 {
            let lamports = chain
                .svm
                .minimum_balance_for_rent_exemption(AccountHeader::data_len(0));
            lamports_to_wei(lamports)
        } else {
            U256::ZERO
        };
        expected_alice = expected_alice
            .wrapping_sub(value)
            .wrapping_sub(fee)
            .wrapping_sub(rent);
        expected_bob = expected_bob.wrapping_add(value);
        expected_gas = expected_gas.wrapping_add(fee).wrapping_add(rent);
        assert_eq!(chain.balance(&alice.address), expected_alice, "{kind:?}");
        assert_eq!(chain.balance(&bob.address), expected_bob, "{kind:?}");
        assert_eq!(chain.balance(&GAS_ACCOUNT), expected_gas, "{kind:?}");
        assert_eq!(chain.nonce(&alice.address), nonce as u64 + 1);
        println!(
            "native transfer ({kind:?}{}): {} CU",
            if nonce == 0 {
                ", creates the recipient"
            } else {
                ""
            },
            executed.compute_units
        );
        assert!(
            executed.compute_units < TRANSFER_CU_LIMIT,
            "{} CU",
            executed.compute_units
        );
    }
}
