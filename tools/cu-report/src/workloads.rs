//! Native transfer, ERC-20 deployment and ERC-20 transfer.

use crate::program_support::{Chain, SignatureRoute, Submitted, TxParams, Wallet};
use sealevm_evm::create_address;
use sealevm_evm_bench::{abi, fixtures};
use sealevm_primitives::{Address as EthAddress, U256};

/// The measured submissions.
pub(crate) struct TokenWorkloads {
    /// A native transfer between two existing accounts.
    pub(crate) native_transfer: Submitted,
    /// The deployment of the OpenZeppelin ERC-20 fixture (through a holder).
    pub(crate) erc20_deploy: Submitted,
    /// An ERC-20 transfer between two holders whose balance slots exist.
    pub(crate) erc20_transfer: Submitted,
}

/// Submits `params` signed by `wallet`, panicking unless it succeeds.
pub(crate) fn submit(chain: &mut Chain, wallet: &Wallet, params: &TxParams) -> Submitted {
    let submitted = chain
        .submit(&wallet.sign(params))
        .unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(submitted.receipt.status, 1, "{submitted:?}");
    submitted
}

/// Deploys the ERC-20 fixture from `wallet` at `nonce`.
pub(crate) fn deploy_token(
    chain: &mut Chain,
    wallet: &Wallet,
    nonce: u64,
) -> (EthAddress, Submitted) {
    let initcode = fixtures::FIXTURE_TOKEN.creation().expect("fixture");
    let params = TxParams {
        to: None,
        gas_limit: 3_000_000,
        data: initcode,
        ..TxParams::transfer(nonce, EthAddress::ZERO, U256::ZERO)
    };
    let submitted = submit(chain, wallet, &params);
    (create_address(&wallet.address, nonce), submitted)
}

/// `transfer(to, amount)` on `token`.
pub(crate) fn token_transfer(
    nonce: u64,
    token: EthAddress,
    to: EthAddress,
    amount: U256,
) -> TxParams {
    TxParams {
        gas_limit: 100_000,
        data: abi::call("transfer(address,uint256)", &[abi::address(to), amount]),
        ..TxParams::transfer(nonce, token, U256::ZERO)
    }
}

/// Runs the three token workloads on a fresh chain, signatures checked by `route` (the
/// deployment goes through a holder, which always uses the syscall).
pub(crate) fn run(route: SignatureRoute) -> TokenWorkloads {
    let mut chain = Chain::new();
    chain.route = route;
    let alice = Wallet::new(1);
    let bob = Wallet::new(2);
    chain.deposit(&alice.address, 100_000_000_000);
    chain.deposit(&bob.address, 1_000_000_000);
    let native_transfer = submit(
        &mut chain,
        &alice,
        &TxParams::transfer(0, bob.address, U256::from_u64(1_000_000_000_000)),
    );
    let (token, erc20_deploy) = deploy_token(&mut chain, &alice, 1);
    let amount = U256::from_u64(1_000_000_000_000_000_000);
    // The first transfer creates bob's balance slot; the second is the measured one.
    submit(
        &mut chain,
        &alice,
        &token_transfer(2, token, bob.address, amount),
    );
    let erc20_transfer = submit(
        &mut chain,
        &alice,
        &token_transfer(3, token, bob.address, amount),
    );
    TokenWorkloads {
        native_transfer,
        erc20_deploy,
        erc20_transfer,
    }
}
