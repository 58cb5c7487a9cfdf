//! Write-lock conflicts among 64 independent ERC-20 transfers.
//!
//! 64 senders each move tokens of one ERC-20 to their own recipient, each through its own
//! operator (fee payer) with its own gas account, with the account list the proxy builds
//! (emulation; writable only what changes). Two Solana transactions conflict when one's
//! writable accounts meet the other's writable or read-only accounts. All 64 are executed
//! afterwards to show the lists were right.

use crate::program_support::{Chain, Wallet, CHAIN_ID};
use crate::workloads::{deploy_token, submit, token_transfer};
use sealevm_primitives::{Address as EthAddress, U256};
use sealevm_sdk::client;
use sealevm_tests::sbf::{MAX_COMPUTE_UNIT_LIMIT, MAX_HEAP_FRAME_BYTES};
use solana_address::Address;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::collections::HashSet;

/// Number of transfers.
const N: usize = 64;

/// Writable and read-only accounts of a message.
fn locks(message: &Message) -> (HashSet<Address>, HashSet<Address>) {
    let h = message.header;
    let keys = &message.account_keys;
    let signed = h.num_required_signatures as usize;
    let mut writable = HashSet::new();
    let mut readonly = HashSet::new();
    for (i, key) in keys.iter().enumerate() {
        let is_writable = if i < signed {
            i < signed - h.num_readonly_signed_accounts as usize
        } else {
            i < keys.len() - h.num_readonly_unsigned_accounts as usize
        };
        if is_writable {
            writable.insert(*key);
        } else {
            readonly.insert(*key);
        }
    }
    (writable, readonly)
}

/// Sends `message` signed by `payer`.
fn send(chain: &mut Chain, message: Message, payer: &Keypair) {
    let tx = Transaction::new(&[payer], message, chain.svm.latest_blockhash());
    let result = chain.svm.send_transaction(tx);
    chain.svm.expire_blockhash();
    if let Err(failed) = result {
        panic!("{:?}: {:#?}", failed.err, failed.meta.logs);
    }
}

/// Counts the conflicting pairs (and checks every transfer runs).
pub(crate) fn run() -> usize {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 100_000_000_000);
    let (token, _) = deploy_token(&mut chain, &alice, 0);
    let senders: Vec<Wallet> = (0..N).map(|i| Wallet::new(100 + i as u8)).collect();
    let recipients: Vec<Wallet> = (0..N).map(|i| Wallet::new(180 + i as u8)).collect();
    let amount = U256::from_u64(1_000_000_000_000_000_000);
    for (i, sender) in senders.iter().enumerate() {
        chain.deposit(&sender.address, 100_000_000);
        let params = token_transfer(1 + i as u64, token, sender.address, amount);
        submit(&mut chain, &alice, &params);
    }
    let operators: Vec<Keypair> = (0..N).map(|_| Keypair::new()).collect();
    let gas_accounts: Vec<EthAddress> = (0..N)
        .map(|i| {
            let mut a = [0x6a; 20];
            a[19] = i as u8;
            EthAddress(a)
        })
        .collect();
    for (operator, gas) in operators.iter().zip(&gas_accounts) {
        chain
            .svm
            .airdrop(&operator.pubkey(), 10_000_000_000)
            .expect("airdrop");
        let message = Message::new(
            &[client::deposit(&operator.pubkey(), gas, 0)],
            Some(&operator.pubkey()),
        );
        send(&mut chain, message, operator);
    }

    let mut messages = Vec::new();
    for i in 0..N {
        let params = token_transfer(0, token, recipients[i].address, amount.shr_u32(1));
        debug_assert_eq!(params.chain_id, CHAIN_ID);
        let raw = senders[i].sign(&params);
        let touched = chain.emulate(&raw).touched;
        let ix = client::execute(&operators[i].pubkey(), &gas_accounts[i], &raw, &touched);
        let all = [
            ComputeBudgetInstruction::set_compute_unit_limit(MAX_COMPUTE_UNIT_LIMIT),
            ComputeBudgetInstruction::request_heap_frame(MAX_HEAP_FRAME_BYTES),
            ix,
        ];
        messages.push(Message::new(&all, Some(&operators[i].pubkey())));
    }
    let sets: Vec<_> = messages.iter().map(locks).collect();
    let mut conflicts = 0;
    for i in 0..N {
        for j in i + 1..N {
            let (wi, ri) = &sets[i];
            let (wj, rj) = &sets[j];
            if !wi.is_disjoint(wj) || !wi.is_disjoint(rj) || !wj.is_disjoint(ri) {
                conflicts += 1;
            }
        }
    }
    for (message, operator) in messages.into_iter().zip(&operators) {
        send(&mut chain, message, operator);
    }
    for r in &recipients {
        let balance = chain.storage(&token, &balance_slot(&r.address));
        assert_eq!(balance, Some(amount.shr_u32(1)));
    }
    conflicts
}

/// The slot of `balances[owner]` in OpenZeppelin's ERC20 (mapping at slot 0).
fn balance_slot(owner: &EthAddress) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[12..32].copy_from_slice(owner.as_bytes());
    U256::from_be_bytes(sealevm_primitives::keccak256(&preimage).0)
}
