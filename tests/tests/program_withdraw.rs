//! Withdrawals back to Solana with an Ethereum signature, and value conservation: after a
//! random workload of deposits, transfers and withdrawals, the wei of every EVM account adds
//! up to the vault's lamports above its rent, times 10^9.

mod program_support;

use program_support::{Chain, Failure, TxParams, Wallet, GAS_ACCOUNT, GWEI};
use sealevm_primitives::{Address as EthAddress, U256};
use sealevm_sdk::chain::WITHDRAW_ADDRESS;
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::receipt::STATUS_SUCCESS;
use sealevm_sdk::state::Vault;
use sealevm_sdk::units::lamports_to_wei;
use sealevm_sdk::SealevmError;
use solana_address::Address;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The signed withdrawal of `lamports` from `wallet` (at `nonce`) to `destination`.
fn withdrawal(wallet: &Wallet, nonce: u64, lamports: u64, destination: &Address) -> Vec<u8> {
    wallet.sign(&TxParams {
        gas_limit: 30_000,
        data: destination.to_bytes().to_vec(),
        ..TxParams::transfer(nonce, WITHDRAW_ADDRESS, lamports_to_wei(lamports))
    })
}

/// Sends a `Withdraw`.
fn withdraw(
    chain: &mut Chain,
    raw: &[u8],
    sender: &EthAddress,
    destination: &Address,
) -> Result<u64, Failure> {
    let ix = client::withdraw(
        &chain.operator.pubkey(),
        &GAS_ACCOUNT,
        raw,
        sender,
        destination,
    );
    chain.execute_ix(ix).map(|executed| {
        assert_eq!(executed.receipt.status, STATUS_SUCCESS);
        executed.compute_units
    })
}

#[test]
fn withdraw_pays_lamports_from_the_vault() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 3_000_000_000);
    let destination = Keypair::new().pubkey();
    let vault = chain.vault_lamports();
    let raw = withdrawal(&alice, 0, 1_250_000_000, &destination);
    let cu = withdraw(&mut chain, &raw, &alice.address, &destination)
        .unwrap_or_else(|f| panic!("{f:#?}"));
    println!("withdraw: {cu} CU");
    assert_eq!(chain.svm.get_balance(&destination), Some(1_250_000_000));
    assert_eq!(chain.vault_lamports(), vault - 1_250_000_000);
    let fee = U256::from_u64(chain.balance(&GAS_ACCOUNT).to_u64().expect("small"));
    assert!(fee >= U256::from_u64(21_000 * GWEI));
    assert_eq!(
        chain.balance(&alice.address),
        lamports_to_wei(1_750_000_000).wrapping_sub(fee)
    );
    assert_eq!(chain.nonce(&alice.address), 1);
    // The withdrawal address never gets an account.
    assert!(chain.account(&WITHDRAW_ADDRESS).is_none());

    // Replaying the same signed withdrawal fails (nonce).
    let failure = withdraw(&mut chain, &raw, &alice.address, &destination).expect_err("replay");
    assert_eq!(failure.sealevm(), Some(SealevmError::NonceTooLow));
}

#[test]
fn malformed_withdrawals_are_refused() {
    let mut chain = Chain::new();
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 3_000_000_000);
    let destination = Keypair::new().pubkey();
    // Another destination than the one signed.
    let raw = withdrawal(&alice, 0, 1_000_000_000, &destination);
    let other = Keypair::new().pubkey();
    let failure =
        withdraw(&mut chain, &raw, &alice.address, &other).expect_err("wrong destination");
    assert_eq!(failure.sealevm(), Some(SealevmError::InvalidWithdrawal));
    // A value that is not a whole number of lamports.
    let raw = alice.sign(&TxParams {
        gas_limit: 30_000,
        data: destination.to_bytes().to_vec(),
        ..TxParams::transfer(0, WITHDRAW_ADDRESS, U256::from_u64(1_500_000_001))
    });
    let failure = withdraw(&mut chain, &raw, &alice.address, &destination).expect_err("fractional");
    assert_eq!(failure.sealevm(), Some(SealevmError::InvalidWithdrawal));
    // A transfer to the withdrawal address through Execute would trap the value.
    let raw = withdrawal(&alice, 0, 1_000_000_000, &destination);
    let touched = [Touched::Account(alice.address, true)];
    let failure = chain.execute(&raw, &touched).expect_err("not a withdrawal");
    assert_eq!(failure.sealevm(), Some(SealevmError::InvalidWithdrawal));
    assert_eq!(
        chain.balance(&alice.address),
        lamports_to_wei(3_000_000_000)
    );
}

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Sum of wei over `addresses` == (vault lamports - vault rent) * 10^9.
fn assert_conserved(chain: &Chain, addresses: &[EthAddress]) {
    let total = addresses
        .iter()
        .fold(U256::ZERO, |sum, a| sum.wrapping_add(chain.balance(a)));
    let rent = chain.svm.minimum_balance_for_rent_exemption(Vault::LEN);
    assert_eq!(total, lamports_to_wei(chain.vault_lamports() - rent));
}

#[test]
fn value_is_conserved_under_a_random_workload() {
    let mut chain = Chain::new();
    let wallets: Vec<Wallet> = (1..=6).map(Wallet::new).collect();
    let mut addresses: Vec<EthAddress> = wallets.iter().map(|w| w.address).collect();
    addresses.push(GAS_ACCOUNT);
    let destinations: Vec<Address> = (0..3).map(|_| Keypair::new().pubkey()).collect();
    for d in &destinations {
        chain.svm.airdrop(d, 1_000_000_000).expect("airdrop");
    }
    let mut nonces = [0u64; 6];
    let mut rng = Rng(0x5ea1_e7c0_ffee);
    let (mut transfers, mut withdrawals) = (0, 0);
    for step in 0..60 {
        let who = rng.below(6) as usize;
        let wallet = &wallets[who];
        let balance = chain.balance(&wallet.address);
        let affordable = balance > lamports_to_wei(100_000_000);
        match rng.below(3) {
            0 => chain.deposit(&wallet.address, 1_000_000 + rng.below(2_000_000_000)),
            1 if affordable => {
                let to = addresses[rng.below(6) as usize];
                let value = U256::from_u64(rng.below(50_000_000_000_000_000) + 1);
                let raw = wallet.sign(&TxParams::transfer(nonces[who], to, value));
                let touched = [
                    Touched::Account(wallet.address, true),
                    Touched::Account(to, true),
                ];
                let executed = chain
                    .execute(&raw, &touched)
                    .unwrap_or_else(|f| panic!("step {step}: {f:#?}"));
                assert_eq!(executed.receipt.status, STATUS_SUCCESS);
                nonces[who] += 1;
                transfers += 1;
            }
            2 if affordable => {
                let lamports = 1 + rng.below(50_000_000);
                let destination = destinations[rng.below(3) as usize];
                let before = chain.svm.get_balance(&destination).unwrap_or(0);
                let raw = withdrawal(wallet, nonces[who], lamports, &destination);
                withdraw(&mut chain, &raw, &wallet.address, &destination)
                    .unwrap_or_else(|f| panic!("step {step}: {f:#?}"));
                assert_eq!(chain.svm.get_balance(&destination), Some(before + lamports));
                nonces[who] += 1;
                withdrawals += 1;
            }
            _ => chain.deposit(&wallet.address, 0),
        }
        assert_conserved(&chain, &addresses);
    }
    assert!(
        transfers > 5 && withdrawals > 5,
        "{transfers} {withdrawals}"
    );
}
