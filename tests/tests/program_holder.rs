//! Transactions larger than a Solana packet: the holder path (HolderCreate, HolderWrite,
//! ExecuteFromHolder, HolderClose) and code larger than one instruction may allocate
//! (AllocateAccount). Deploys the OpenZeppelin ERC-20 fixture and a 24 KiB contract.

mod program_support;

use program_support::{Chain, Kind, TxParams, Wallet, GWEI, PACKET};
use sealevm_evm::create_address;
use sealevm_evm_bench::{abi, fixtures};
use sealevm_primitives::{keccak256, Address as EthAddress, U256};
use sealevm_sdk::client;
use sealevm_sdk::receipt::STATUS_SUCCESS;
use sealevm_sdk::state::AccountHeader;
use sealevm_sdk::SealevmError;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// A creation transaction of `initcode` at `nonce`.
fn deployment(nonce: u64, initcode: Vec<u8>, gas_limit: u64) -> TxParams {
    TxParams {
        kind: Kind::DynamicFee,
        to: None,
        gas_limit,
        data: initcode,
        gas_price: U256::from_u64(2 * GWEI),
        tip: U256::from_u64(GWEI),
        ..TxParams::transfer(nonce, EthAddress::ZERO, U256::ZERO)
    }
}

/// `balanceOf(owner)` through `eth_call`.
fn balance_of(chain: &Chain, token: &EthAddress, owner: &EthAddress) -> U256 {
    let output = chain.call(
        owner,
        token,
        abi::call("balanceOf(address)", &[abi::address(*owner)]),
    );
    abi::word(&output, 0).expect("one word")
}

/// The storage slot of `balances[owner]` in OpenZeppelin 5's ERC20 (mapping at slot 0).
fn balance_slot(owner: &EthAddress) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(owner.as_bytes());
    U256::from_be_bytes(keccak256(&preimage).0)
}

#[test]
fn erc20_deploys_through_a_holder_and_transfers() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    let bob = Wallet::new(2);
    chain.deposit(&alice.address, 10_000_000_000);
    let token = create_address(&alice.address, 0);
    let initcode = fixtures::FIXTURE_TOKEN.creation().expect("fixture");
    let raw = alice.sign(&deployment(0, initcode, 3_000_000));
    assert!(raw.len() > PACKET, "the deployment needs a holder");
    let operator_before = chain.svm.get_balance(&chain.operator.pubkey()).unwrap_or(0);
    let deployed = chain.submit(&raw).unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(deployed.receipt.status, STATUS_SUCCESS);
    assert_eq!(deployed.receipt.created_address, Some(token));
    for sent in &deployed.sends {
        assert!(sent.size <= PACKET, "{sent:?}");
    }
    println!(
        "ERC-20 deploy ({} gas, {} Solana transactions): {} CU, block cost {}",
        deployed.receipt.gas_used,
        deployed.sends.len(),
        deployed.compute_units(),
        deployed.block_cost()
    );
    let runtime = fixtures::FIXTURE_TOKEN.runtime().expect("fixture");
    let header = chain.account(&token).expect("token account");
    assert_eq!(header.code_hash, keccak256(&runtime));
    assert_eq!(header.code_len as usize, runtime.len());
    // The holder is gone and its rent is back: the operator paid only fees and new accounts.
    let operator_after = chain.svm.get_balance(&chain.operator.pubkey()).unwrap_or(0);
    let spent = operator_before - operator_after;
    let created_rent = chain
        .svm
        .minimum_balance_for_rent_exemption(AccountHeader::data_len(runtime.len()))
        + 4 * chain.svm.minimum_balance_for_rent_exemption(86);
    assert_eq!(
        spent,
        created_rent + 5000 * deployed.sends.len() as u64 + 5000
    );

    let supply = U256::from_dec("1000000000000000000000000000").expect("dec");
    assert_eq!(balance_of(&chain, &token, &alice.address), supply);

    // A signed ERC-20 transfer fits one packet: plain Execute.
    let amount = U256::from_dec("1234500000000000000000").expect("dec");
    let transfer = TxParams {
        gas_limit: 100_000,
        data: abi::call(
            "transfer(address,uint256)",
            &[abi::address(bob.address), amount],
        ),
        ..TxParams::transfer(1, token, U256::ZERO)
    };
    let sent = chain
        .submit(&alice.sign(&transfer))
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(sent.receipt.status, STATUS_SUCCESS);
    assert_eq!(sent.sends.len(), 1);
    println!(
        "ERC-20 transfer ({} gas): {} CU, block cost {}",
        sent.receipt.gas_used,
        sent.compute_units(),
        sent.block_cost()
    );
    assert_eq!(balance_of(&chain, &token, &bob.address), amount);
    assert_eq!(
        balance_of(&chain, &token, &alice.address),
        supply.wrapping_sub(amount)
    );
    // The same balances straight from the storage accounts.
    assert_eq!(
        chain.storage(&token, &balance_slot(&bob.address)),
        Some(amount)
    );
    assert_eq!(
        chain.storage(&token, &balance_slot(&alice.address)),
        Some(supply.wrapping_sub(amount))
    );
}

/// Initcode returning `len` zero bytes (STOPs) as the runtime code.
fn zero_code_initcode(len: u16) -> Vec<u8> {
    let [hi, lo] = len.to_be_bytes();
    vec![0x61, hi, lo, 0x60, 0x00, 0xf3] // RETURN(0, len)
}

#[test]
fn a_24_kib_contract_deploys_after_allocate_account() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 10_000_000_000);
    let contract = create_address(&alice.address, 0);
    let raw = alice.sign(&deployment(0, zero_code_initcode(24_576), 6_000_000));

    // Without the allocation the deployment cannot create a 27 KB account.
    let emulated = chain.emulate(&raw);
    let direct = client::execute(
        &chain.operator.pubkey(),
        &program_support::GAS_ACCOUNT,
        &raw,
        &emulated.touched,
    );
    let failure = chain.execute_ix(direct).expect_err("too large");
    assert_eq!(failure.sealevm(), Some(SealevmError::AccountTooLarge));

    let deployed = chain.submit(&raw).unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(deployed.receipt.status, STATUS_SUCCESS, "{deployed:?}");
    println!(
        "24 KiB contract deploy: {} CU over {} transactions",
        deployed.compute_units(),
        deployed.sends.len()
    );
    let header = chain.account(&contract).expect("contract");
    assert_eq!(header.code_len, 24_576);
    assert_eq!(header.nonce, 1);
    assert_eq!(header.code_hash, keccak256(&vec![0u8; 24_576]));
    let data = chain
        .data(&client::account_address(&contract).0)
        .expect("data");
    assert_eq!(data.len(), AccountHeader::data_len(24_576));
    // Calling it runs (STOP).
    let call = TxParams {
        gas_limit: 50_000,
        ..TxParams::transfer(1, contract, U256::ZERO)
    };
    let called = chain
        .submit(&alice.sign(&call))
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(called.receipt.status, STATUS_SUCCESS);
}

#[test]
fn a_holder_belongs_to_its_operator() {
    let mut chain = Chain::new();
    let holder = Keypair::new();
    let operator = chain.operator.pubkey();
    let rent = chain.svm.minimum_balance_for_rent_exemption(40 + 100);
    let create = client::holder_create(&operator, &holder.pubkey(), 100, rent);
    chain
        .send_signed(create.to_vec(), &[&holder])
        .unwrap_or_else(|f| panic!("{f:#?}"));
    // Binding it again fails.
    let again = client::holder_create(&operator, &holder.pubkey(), 100, rent);
    assert!(chain.send_signed(again[1..].to_vec(), &[&holder]).is_err());
    // Writes stay inside the payload.
    let write = client::holder_write(&operator, &holder.pubkey(), 90, &[1; 10]);
    chain.send(vec![write]).unwrap_or_else(|f| panic!("{f:#?}"));
    let write = client::holder_write(&operator, &holder.pubkey(), 91, &[1; 10]);
    let failure = chain.send(vec![write]).expect_err("out of bounds");
    assert_eq!(failure.sealevm(), Some(SealevmError::HolderOutOfBounds));
    // Another operator can neither write nor close it.
    let intruder = Keypair::new();
    chain
        .svm
        .airdrop(&intruder.pubkey(), 1_000_000_000)
        .expect("airdrop");
    let write = client::holder_write(&intruder.pubkey(), &holder.pubkey(), 0, &[1]);
    let failure = chain
        .send_signed(vec![write], &[&intruder])
        .expect_err("not its holder");
    assert_eq!(failure.sealevm(), Some(SealevmError::InvalidHolder));
    let close = client::holder_close(&intruder.pubkey(), &holder.pubkey());
    let failure = chain
        .send_signed(vec![close], &[&intruder])
        .expect_err("not its holder");
    assert_eq!(failure.sealevm(), Some(SealevmError::InvalidHolder));
    // Its operator closes it and gets the rent back.
    let before = chain.svm.get_balance(&operator).unwrap_or(0);
    let close = client::holder_close(&operator, &holder.pubkey());
    chain.send(vec![close]).unwrap_or_else(|f| panic!("{f:#?}"));
    let after = chain.svm.get_balance(&operator).unwrap_or(0);
    assert_eq!(after + 5000, before + rent);
    assert!(chain
        .svm
        .get_account(&holder.pubkey())
        .is_none_or(|a| a.lamports == 0));
}
