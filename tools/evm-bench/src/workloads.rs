//! The benchmark workloads: a pre-state, a block and the transactions to time.
//!
//! Pre-states are built by deploying the fixtures with revm (the oracle) and snapshotting the
//! result, so both engines start from exactly the same accounts and storage.

use crate::abi;
use crate::fixtures::{self, Fixture};
use crate::model::{AccountSpec, BlockSpec, StatusClass, TxSpec, WorldSnapshot};
use crate::revm_runner::RevmChain;
use sealevm_evm::{Address, U256};

/// One benchmark: `txs` run in order against `pre`, committing after each.
#[derive(Clone, Debug)]
pub struct Workload {
    /// Name printed in the report.
    pub name: &'static str,
    /// Pre-state.
    pub pre: Vec<AccountSpec>,
    /// Block.
    pub block: BlockSpec,
    /// The transactions timed together.
    pub txs: Vec<TxSpec>,
}

/// Gas limit of every workload transaction (the block allows far more).
pub const TX_GAS_LIMIT: u64 = 200_000_000;
/// The deployer of every fixture.
pub const DEPLOYER: Address = Address([0xde; 20]);
/// Ether (wei) each funded account starts with.
const FUNDS: u64 = 1_000_000_000_000_000_000;

/// A pre-state with `fixture` deployed by [`DEPLOYER`], plus `extra` accounts.
/// Returns the world (as revm left it) and the contract address.
fn deploy(fixture: &Fixture, extra: &[AccountSpec]) -> Result<(RevmChain, Address), String> {
    let mut accounts = vec![AccountSpec::eoa(DEPLOYER, U256::from_u64(FUNDS))];
    accounts.extend_from_slice(extra);
    let mut chain = RevmChain::new(&accounts, &BlockSpec::default());
    let result = chain.execute(&TxSpec::create(
        DEPLOYER,
        fixture.creation()?,
        0,
        TX_GAS_LIMIT,
    ))?;
    match (result.status, result.created) {
        (StatusClass::Success, Some(address)) => Ok((chain, address)),
        _ => Err(format!("deploying {} failed: {result:?}", fixture.name)),
    }
}

/// Address of ERC-20 holder `i`.
pub fn holder(i: usize) -> Address {
    let mut a = [0u8; 20];
    a[0] = 0xaa;
    a[12..20].copy_from_slice(&(i as u64 + 1).to_be_bytes());
    Address(a)
}

/// ERC-20 transfers: `holders` accounts each receive tokens at setup, then `transfers`
/// transactions move tokens between distinct holders (every sender pays gas in ether).
pub fn erc20_transfers(holders: usize, transfers: usize) -> Result<Workload, String> {
    let funded: Vec<AccountSpec> = (0..holders)
        .map(|i| AccountSpec::eoa(holder(i), U256::from_u64(FUNDS)))
        .collect();
    let (mut chain, token) = deploy(&fixtures::FIXTURE_TOKEN, &funded)?;
    let amount = U256::from_u64(1_000_000_000_000);
    for i in 0..holders {
        let data = abi::call(
            "transfer(address,uint256)",
            &[abi::address(holder(i)), amount],
        );
        let r = chain.execute(&TxSpec::call(DEPLOYER, token, data, 1 + i as u64, 100_000))?;
        if r.status != StatusClass::Success {
            return Err(format!("funding holder {i} failed: {r:?}"));
        }
    }
    let mut nonces = vec![0u64; holders];
    let mut txs = Vec::with_capacity(transfers);
    for k in 0..transfers {
        let from = k % holders;
        let mut to = (k * 7 + 3) % holders;
        if to == from {
            to = (to + 1) % holders;
        }
        let value = U256::from_u64(1 + (k % 97) as u64);
        let data = abi::call(
            "transfer(address,uint256)",
            &[abi::address(holder(to)), value],
        );
        txs.push(TxSpec::call(
            holder(from),
            token,
            data,
            nonces[from],
            100_000,
        ));
        nonces[from] += 1;
    }
    Ok(Workload {
        name: "erc20-transfer",
        pre: chain.snapshot().to_specs(),
        block: BlockSpec::default(),
        txs,
    })
}

/// The deployer's next transaction to `contract` with `data`, its nonce being 1 after the deployment.
fn calls(contract: Address, data: Vec<Vec<u8>>) -> Vec<TxSpec> {
    data.into_iter()
        .enumerate()
        .map(|(i, d)| TxSpec::call(DEPLOYER, contract, d, 1 + i as u64, TX_GAS_LIMIT))
        .collect()
}

fn single_fixture(
    name: &'static str,
    fixture: &Fixture,
    data: impl FnOnce(Address) -> Vec<Vec<u8>>,
) -> Result<Workload, String> {
    let (chain, contract) = deploy(fixture, &[])?;
    let pre: WorldSnapshot = chain.snapshot();
    Ok(Workload {
        name,
        pre: pre.to_specs(),
        block: BlockSpec::default(),
        txs: calls(contract, data(contract)),
    })
}

/// `txs` transactions each hashing `rounds` times.
pub fn keccak_loop(txs: usize, rounds: u64) -> Result<Workload, String> {
    single_fixture("keccak-loop", &fixtures::KECCAK_LOOP, |_| {
        (0..txs)
            .map(|i| {
                abi::call(
                    "run(bytes32,uint256)",
                    &[U256::from_u64(i as u64), U256::from_u64(rounds)],
                )
            })
            .collect()
    })
}

/// Writes `count` fresh slots, updates them, then clears them (three transactions).
pub fn storage_loop(count: u64) -> Result<Workload, String> {
    single_fixture("storage-loop", &fixtures::STORAGE_LOOP, |_| {
        let args = [U256::ZERO, U256::from_u64(count)];
        vec![
            abi::call("run(uint256,uint256)", &args),
            abi::call("run(uint256,uint256)", &args),
            abi::call("clear(uint256,uint256)", &args),
        ]
    })
}

/// Renders a `width` x `height` image with the RayTracer fixture (CPU-heavy substitute for
/// snailtracer).
pub fn ray_tracer(width: u64, height: u64) -> Result<Workload, String> {
    single_fixture("ray-tracer", &fixtures::RAY_TRACER, |_| {
        vec![abi::call(
            "checksum(uint256,uint256)",
            &[U256::from_u64(width), U256::from_u64(height)],
        )]
    })
}
