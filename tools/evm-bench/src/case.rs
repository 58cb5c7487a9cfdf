//! Differential cases: a random world and transactions, run on both engines and compared,
//! with a shrinker that minimises a failing case.

use crate::model::{hex, AccountSpec, BlockSpec, TxSpec};
use crate::program::{disassemble, initcode, ProgramGen, Targets};
use crate::rng::Rng;
use crate::{RevmChain, SealevmChain};
use sealevm_evm::{Address, U256};
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Sender of every generated transaction.
pub const SENDER: Address = Address([0x5e; 20]);

/// How contract code is generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Biased programs with mostly valid stack usage ([`ProgramGen`]).
    Programs,
    /// Uniformly random bytes.
    RandomBytes,
}

/// A world and the transactions to run in it. Nonces are filled in when running (each
/// transaction uses the sender's current nonce), so transactions can be dropped freely.
#[derive(Clone, Debug)]
pub struct Case {
    /// Pre-state.
    pub accounts: Vec<AccountSpec>,
    /// Block.
    pub block: BlockSpec,
    /// Transactions, run in order.
    pub txs: Vec<TxSpec>,
}

/// Where and how the engines disagreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// Index of the first transaction after which results or state differ.
    pub tx_index: usize,
    /// One line per difference, sealevm's value first.
    pub lines: Vec<String>,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "after transaction {} (sealevm vs revm):", self.tx_index)?;
        for line in &self.lines {
            writeln!(f, "    {line}")?;
        }
        Ok(())
    }
}

fn address(tag: u8, i: u8) -> Address {
    let mut a = [tag; 20];
    a[19] = i;
    Address(a)
}

/// The addresses of every generated world.
pub fn targets(block: &BlockSpec) -> Targets {
    Targets {
        contracts: (0..4).map(|i| address(0xcc, i)).collect(),
        eoas: vec![address(0xee, 0), address(0xee, 1), SENDER],
        empty: vec![address(0xdd, 0), address(0xdd, 1)],
        precompiles: (1..=9).map(|i| address(0, i)).collect(),
        block_number: block.number,
    }
}

/// A small random value for balances and transfers.
fn wei(rng: &mut Rng) -> U256 {
    match rng.weighted(&[30, 50, 20]) {
        0 => U256::ZERO,
        1 => U256::from_u64(rng.range(1, 1_000_000)),
        _ => U256::from_u64(rng.next_u64()),
    }
}

/// The case for `seed`.
pub fn random_case(seed: u64, style: Style) -> Case {
    let mut rng = Rng::new(seed);
    let block = BlockSpec::default();
    let targets = targets(&block);
    let mut accounts = vec![AccountSpec::eoa(SENDER, U256::from_u64(u64::MAX))];
    accounts[0].balance = accounts[0].balance.wrapping_mul(U256::from_u64(1 << 20));
    for c in &targets.contracts {
        let code = match style {
            Style::Programs => ProgramGen::program(&mut rng, &targets, 2, 30),
            Style::RandomBytes => {
                let n = rng.range(1, 200) as usize;
                rng.bytes(n)
            }
        };
        let storage = (0..rng.below(4))
            .map(|_| {
                (
                    U256::from_u64(rng.below(5)),
                    U256::from_u64(rng.range(1, 3)),
                )
            })
            .collect();
        accounts.push(AccountSpec {
            address: *c,
            balance: wei(&mut rng),
            nonce: 1,
            code,
            storage,
        });
    }
    accounts.push(AccountSpec::eoa(targets.eoas[0], wei(&mut rng)));
    // An existing but empty account: touching it deletes it (EIP-161).
    accounts.push(AccountSpec::eoa(targets.eoas[1], U256::ZERO));

    let txs = (0..rng.range(1, 3))
        .map(|_| random_tx(&mut rng, &targets, &block))
        .collect();
    Case {
        accounts,
        block,
        txs,
    }
}

/// Calldata of up to 100 random bytes.
fn random_data(rng: &mut Rng) -> Vec<u8> {
    let n = rng.below(101) as usize;
    rng.bytes(n)
}

fn random_tx(rng: &mut Rng, targets: &Targets, block: &BlockSpec) -> TxSpec {
    let (to, data) = match rng.weighted(&[75, 8, 17]) {
        0 => (Some(rng.pick(&targets.contracts)), random_data(rng)),
        1 => {
            let to = match rng.weighted(&[40, 30, 30]) {
                0 => rng.pick(&targets.eoas),
                1 => rng.pick(&targets.empty),
                _ => rng.pick(&targets.precompiles),
            };
            (Some(to), random_data(rng))
        }
        _ => (None, initcode(rng, targets, 2)),
    };
    let value = match rng.weighted(&[70, 25, 5]) {
        0 => U256::ZERO,
        1 => U256::from_u64(rng.range(1, 1_000_000)),
        _ => U256::from_u64(1u64 << 62),
    };
    let gas_limit = match rng.weighted(&[5, 45, 50]) {
        0 => rng.range(21_000, 60_000),
        1 => rng.range(60_000, 1_000_000),
        _ => rng.range(1_000_000, 5_000_000),
    };
    let basefee = block.basefee as u128;
    let (gas_price, priority_fee) = match rng.weighted(&[48, 48, 2, 2]) {
        0 => (basefee + rng.below(10) as u128, None),
        1 => {
            let max_fee = basefee + rng.below(20) as u128;
            (max_fee, Some(rng.below(max_fee as u64 + 1) as u128))
        }
        // Invalid: below the base fee.
        2 => (basefee - 1, None),
        // Invalid: priority fee above the max fee.
        _ => (basefee + 1, Some(basefee + 2)),
    };
    let access_list = if rng.chance(20) {
        (0..rng.range(1, 2))
            .map(|_| {
                let a = match rng.weighted(&[60, 20, 20]) {
                    0 => rng.pick(&targets.contracts),
                    1 => rng.pick(&targets.eoas),
                    _ => rng.pick(&targets.precompiles),
                };
                let keys = (0..rng.below(3))
                    .map(|_| U256::from_u64(rng.below(5)))
                    .collect();
                (a, keys)
            })
            .collect()
    } else {
        Vec::new()
    };
    TxSpec {
        caller: SENDER,
        to,
        value,
        data,
        gas_limit,
        gas_price,
        priority_fee,
        nonce: 0,
        access_list,
    }
}

/// Runs `case` on both engines, comparing every transaction's result and the whole world after
/// it. A panic inside either engine counts as a divergence.
pub fn run(case: &Case) -> Result<(), Divergence> {
    let mut tx_index = 0;
    let outcome = catch_unwind(AssertUnwindSafe(|| run_inner(case, &mut tx_index)));
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic".to_string());
            Err(Divergence {
                tx_index,
                lines: vec![format!("panic: {message}")],
            })
        }
    }
}

fn run_inner(case: &Case, tx_index: &mut usize) -> Result<(), Divergence> {
    let mut ours = SealevmChain::new(&case.accounts, &case.block);
    let mut oracle = RevmChain::new(&case.accounts, &case.block);
    for (i, tx) in case.txs.iter().enumerate() {
        *tx_index = i;
        let before = oracle.snapshot();
        let mut tx = tx.clone();
        tx.nonce = before
            .accounts
            .get(&tx.caller)
            .map(|a| a.nonce)
            .unwrap_or(0);
        let mut lines = match (ours.execute(&tx), oracle.execute(&tx)) {
            (Ok(a), Ok(b)) => a.diff(&b),
            (Err(_), Err(_)) => Vec::new(),
            (Ok(a), Err(e)) => vec![format!(
                "sealevm executed it ({a:?}); revm rejected it: {e}"
            )],
            (Err(e), Ok(b)) => vec![format!(
                "sealevm rejected it ({e}); revm executed it: {b:?}"
            )],
        };
        lines.extend(ours.snapshot().diff(&oracle.snapshot()));
        if !lines.is_empty() {
            return Err(Divergence { tx_index: i, lines });
        }
    }
    Ok(())
}

/// Removes chunks of `bytes` (halving the chunk size down to one byte) while `fails` holds.
fn shrink_bytes(bytes: &mut Vec<u8>, budget: &mut usize, mut fails: impl FnMut(&[u8]) -> bool) {
    let mut chunk = (bytes.len() / 2).max(1);
    loop {
        let mut i = 0;
        while i < bytes.len() && *budget > 0 {
            *budget -= 1;
            let mut candidate = bytes.clone();
            candidate.drain(i..(i + chunk).min(bytes.len()));
            if fails(&candidate) {
                *bytes = candidate;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 || *budget == 0 {
            break;
        }
        chunk /= 2;
    }
}

/// A smaller case that still diverges: later transactions dropped, then transactions,
/// accounts, storage slots, code bytes and calldata removed one by one while the case keeps
/// failing. `budget` caps the number of runs.
pub fn shrink(case: &Case, failure: &Divergence, mut budget: usize) -> Case {
    let mut best = case.clone();
    best.txs.truncate(failure.tx_index + 1);
    let fails = |c: &Case| run(c).is_err();

    // Whole transactions, then whole accounts (never the sender).
    let mut i = 0;
    while i < best.txs.len() && best.txs.len() > 1 && budget > 0 {
        budget -= 1;
        let mut candidate = best.clone();
        candidate.txs.remove(i);
        if fails(&candidate) {
            best = candidate;
        } else {
            i += 1;
        }
    }
    let mut i = 1;
    while i < best.accounts.len() && budget > 0 {
        budget -= 1;
        let mut candidate = best.clone();
        candidate.accounts.remove(i);
        if fails(&candidate) {
            best = candidate;
        } else {
            i += 1;
        }
    }
    // Storage slots and balances.
    for a in 0..best.accounts.len() {
        let mut s = 0;
        while s < best.accounts[a].storage.len() && budget > 0 {
            budget -= 1;
            let mut candidate = best.clone();
            candidate.accounts[a].storage.remove(s);
            if fails(&candidate) {
                best = candidate;
            } else {
                s += 1;
            }
        }
        if a > 0 && !best.accounts[a].balance.is_zero() && budget > 0 {
            budget -= 1;
            let mut candidate = best.clone();
            candidate.accounts[a].balance = U256::ZERO;
            if fails(&candidate) {
                best = candidate;
            }
        }
    }
    // Code bytes.
    for a in 0..best.accounts.len() {
        let mut code = best.accounts[a].code.clone();
        shrink_bytes(&mut code, &mut budget, |candidate| {
            let mut c = best.clone();
            c.accounts[a].code = candidate.to_vec();
            fails(&c)
        });
        best.accounts[a].code = code;
    }
    // Calldata and initcode; then simpler transaction fields.
    for t in 0..best.txs.len() {
        let mut data = best.txs[t].data.clone();
        shrink_bytes(&mut data, &mut budget, |candidate| {
            let mut c = best.clone();
            c.txs[t].data = candidate.to_vec();
            fails(&c)
        });
        best.txs[t].data = data;
        let simpler = [
            |tx: &mut TxSpec| tx.access_list.clear(),
            |tx: &mut TxSpec| tx.value = U256::ZERO,
            |tx: &mut TxSpec| tx.priority_fee = None,
        ];
        for simplify in simpler {
            if budget == 0 {
                break;
            }
            budget -= 1;
            let mut candidate = best.clone();
            simplify(&mut candidate.txs[t]);
            if fails(&candidate) {
                best = candidate;
            }
        }
    }
    best
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  block: {:?}", self.block)?;
        for a in &self.accounts {
            writeln!(
                f,
                "  account 0x{}: balance {}, nonce {}",
                hex(&a.address.0),
                a.balance,
                a.nonce
            )?;
            for (k, v) in &a.storage {
                writeln!(f, "    storage[{k:x}] = {v:x}")?;
            }
            if !a.code.is_empty() {
                writeln!(f, "    code: 0x{}", hex(&a.code))?;
                writeln!(f, "    asm:  {}", disassemble(&a.code))?;
            }
        }
        for (i, tx) in self.txs.iter().enumerate() {
            let to = tx
                .to
                .map(|a| format!("0x{}", hex(&a.0)))
                .unwrap_or_else(|| "CREATE".to_string());
            writeln!(
                f,
                "  tx {i}: from 0x{} to {to}, value {}, gas {}, gas price {}, priority fee {:?}, access list {:?}",
                hex(&tx.caller.0),
                tx.value,
                tx.gas_limit,
                tx.gas_price,
                tx.priority_fee,
                tx.access_list
            )?;
            writeln!(f, "    data: 0x{}", hex(&tx.data))?;
            if tx.to.is_none() && !tx.data.is_empty() {
                writeln!(f, "    asm:  {}", disassemble(&tx.data))?;
            }
        }
        Ok(())
    }
}
