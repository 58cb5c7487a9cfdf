//! A Uniswap V2 swap: the factory (from `@uniswap/v2-core`, `tests/fixtures/uniswap`) creates
//! a pair of two ERC-20 fixtures, liquidity is added (`mint`), then the swap is measured: the
//! pair's `swap` after the input tokens were transferred to it (what the router does in one
//! transaction is two here; the transfer is an ERC-20 transfer).

use crate::program_support::{Chain, SignatureRoute, Submitted, TxParams, Wallet};
use crate::workloads::{deploy_token, submit, token_transfer};
use sealevm_evm::create_address;
use sealevm_evm_bench::abi;
use sealevm_primitives::{Address as EthAddress, U256};

/// UniswapV2Factory creation code (constructor argument `feeToSetter` appended at run time).
const FACTORY_CREATION: &str =
    include_str!("../../../tests/fixtures/uniswap/UniswapV2Factory.creation.hex");

/// Bytes of a hex string (whitespace ignored).
fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A call of `data` to `to`.
fn call(nonce: u64, to: EthAddress, data: Vec<u8>) -> TxParams {
    TxParams {
        gas_limit: 5_000_000,
        data,
        ..TxParams::transfer(nonce, to, U256::ZERO)
    }
}

/// amountOut of Uniswap V2 for `amount_in` against reserves (`r_in`, `r_out`), 0.3% fee.
fn amount_out(amount_in: U256, r_in: U256, r_out: U256) -> U256 {
    let with_fee = amount_in.wrapping_mul(U256::from_u64(997));
    let numerator = with_fee.wrapping_mul(r_out);
    let denominator = r_in
        .wrapping_mul(U256::from_u64(1000))
        .wrapping_add(with_fee);
    numerator.div_rem(denominator).0
}

/// Deploys the factory, two tokens and their pair, adds liquidity and returns the swap, with
/// signatures checked by `route` where the transaction fits one packet.
pub(crate) fn run(route: SignatureRoute) -> Submitted {
    let mut chain = Chain::new();
    chain.route = route;
    let alice = Wallet::new(1);
    chain.deposit(&alice.address, 100_000_000_000);
    let mut nonce = 0;
    let mut next = || {
        nonce += 1;
        nonce - 1
    };
    let mut creation = unhex(FACTORY_CREATION);
    creation.extend_from_slice(&alice.address.to_word().to_be_bytes());
    let factory_nonce = next();
    submit(
        &mut chain,
        &alice,
        &TxParams {
            to: None,
            gas_limit: 5_000_000,
            data: creation,
            ..TxParams::transfer(factory_nonce, EthAddress::ZERO, U256::ZERO)
        },
    );
    let factory = create_address(&alice.address, factory_nonce);
    let (token_a, _) = deploy_token(&mut chain, &alice, next());
    let (token_b, _) = deploy_token(&mut chain, &alice, next());
    let create_pair = abi::call(
        "createPair(address,address)",
        &[abi::address(token_a), abi::address(token_b)],
    );
    let created = submit(&mut chain, &alice, &call(next(), factory, create_pair));
    let pair = EthAddress::from_slice(&created.receipt.output[12..32]);
    let (token0, token1) = if token_a < token_b {
        (token_a, token_b)
    } else {
        (token_b, token_a)
    };
    let reserve = U256::from_dec("1000000000000000000000000").expect("dec");
    for token in [token0, token1] {
        submit(
            &mut chain,
            &alice,
            &token_transfer(next(), token, pair, reserve),
        );
    }
    let mint = abi::call("mint(address)", &[abi::address(alice.address)]);
    submit(&mut chain, &alice, &call(next(), pair, mint));

    let amount_in = U256::from_dec("1000000000000000000000").expect("dec");
    submit(
        &mut chain,
        &alice,
        &token_transfer(next(), token0, pair, amount_in),
    );
    let out = amount_out(amount_in, reserve, reserve);
    let mut swap = abi::call(
        "swap(uint256,uint256,address,bytes)",
        &[
            U256::ZERO,
            out,
            abi::address(alice.address),
            U256::from_u64(0x80),
            U256::ZERO,
        ],
    );
    swap.truncate(4 + 5 * 32);
    let swapped = submit(&mut chain, &alice, &call(next(), pair, swap));
    let balance = chain.call(
        &alice.address,
        &token1,
        abi::call("balanceOf(address)", &[abi::address(alice.address)]),
    );
    let expected = U256::from_dec("999000000000000000000000000")
        .expect("dec")
        .wrapping_add(out);
    assert_eq!(abi::word(&balance, 0), Some(expected), "swap output");
    swapped
}
