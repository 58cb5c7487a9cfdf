//! Compute units the SBF build of the interpreter spends per EVM instruction.
//!
//! The probe program (`programs/evm-probe`, built by `scripts/build-sbf.sh`) runs one call
//! against a contract holding the given code in an otherwise empty state. We give it the
//! runtime code of the [`FIXTURE_TOKEN`](crate::fixtures::FIXTURE_TOKEN) and the calldata of
//! `transfer(recipient, 0)`: with empty balances a zero-amount transfer takes the same code path
//! as any transfer (both SLOADs, both SSTOREs, the `Transfer` event). revm's inspector counts the
//! EVM instructions of the same call; the figure is
//! `(CU of the transfer - CU of a run that stops at once) / (instructions - 1)`, so the
//! per-transaction cost of the program (decoding, jump-table analysis of the code, state
//! setup) is left out. [`SbfMeasurement::per_instruction_total`] keeps it in.

use crate::fixtures::FIXTURE_TOKEN;
use crate::model::{AccountSpec, BlockSpec, StatusClass, TxSpec};
use crate::{abi, steps};
use sealevm_evm::{Address, U256};
use sealevm_evm_probe::codec::{self, RunResult, RunStatus};
use sealevm_evm_probe::run;
use sealevm_tests::sbf::{Budget, SbfProgram};

/// Library name of the probe's `.so`.
const PROBE: &str = "sealevm_evm_probe";
/// Gas limit of the measured call.
const GAS_LIMIT: u64 = 1_000_000;

/// One measurement of the ERC-20 transfer on SBF.
#[derive(Clone, Copy, Debug)]
pub struct SbfMeasurement {
    /// CU of the whole transaction running the transfer.
    pub transfer_cu: u64,
    /// CU of the same transaction whose code stops at its first instruction.
    pub baseline_cu: u64,
    /// EVM instructions of the transfer (revm inspector).
    pub instructions: u64,
    /// Gas the transfer used (the same on-chain, natively and on revm).
    pub gas_used: u64,
}

impl SbfMeasurement {
    /// CU per EVM instruction, without the fixed per-transaction cost.
    pub fn per_instruction(&self) -> f64 {
        self.transfer_cu.saturating_sub(self.baseline_cu) as f64
            / self.instructions.saturating_sub(1).max(1) as f64
    }

    /// CU per EVM instruction including the fixed per-transaction cost.
    pub fn per_instruction_total(&self) -> f64 {
        self.transfer_cu as f64 / self.instructions.max(1) as f64
    }
}

/// Runs `code` with `calldata` in the probe; checks the result against the native run.
fn run_on_chain(
    program: &mut SbfProgram,
    code: &[u8],
    calldata: &[u8],
) -> Result<(RunResult, u64), String> {
    let request = codec::encode_run(GAS_LIMIT, code, calldata).ok_or("code too long")?;
    let invocation = program
        .invoke(&request, Vec::new(), Budget::default())
        .map_err(|e| e.to_string())?;
    let on_chain = codec::decode_result(&invocation.return_data)
        .ok_or_else(|| format!("malformed return data {:?}", invocation.return_data))?;
    let native =
        run::execute(GAS_LIMIT, code, calldata).map_err(|e| format!("native run: {e:?}"))?;
    if on_chain != native {
        return Err(format!(
            "on-chain result {on_chain:?} differs from native {native:?}"
        ));
    }
    Ok((on_chain, invocation.compute_units))
}

/// Instructions revm executes for the probe's call of `code` with `calldata`, and its gas.
fn count_instructions(code: &[u8], calldata: &[u8]) -> Result<(u64, u64), String> {
    let accounts = [
        AccountSpec::eoa(run::SENDER, U256::ZERO),
        AccountSpec::contract(run::CONTRACT, code.to_vec()),
    ];
    let block = BlockSpec {
        basefee: 0,
        ..BlockSpec::default()
    };
    let mut tx = TxSpec::call(run::SENDER, run::CONTRACT, calldata.to_vec(), 0, GAS_LIMIT);
    tx.gas_price = 0;
    let (steps, result) = steps::count_last(&accounts, &block, &[tx])?;
    if result.status != StatusClass::Success {
        return Err(format!("revm: the transfer did not succeed: {result:?}"));
    }
    Ok((steps, result.gas_used))
}

/// Measures the ERC-20 transfer; `Err` explains why it could not (e.g. the `.so` is missing).
pub fn measure_erc20_transfer() -> Result<SbfMeasurement, String> {
    let runtime = FIXTURE_TOKEN.runtime()?;
    let recipient = Address([0x33; 20]);
    let calldata = abi::call(
        "transfer(address,uint256)",
        &[abi::address(recipient), U256::ZERO],
    );
    let mut program = SbfProgram::load(PROBE).map_err(|e| e.to_string())?;

    let (result, transfer_cu) = run_on_chain(&mut program, &runtime, &calldata)?;
    if result.status != RunStatus::Success {
        return Err(format!("the transfer did not succeed on-chain: {result:?}"));
    }
    let mut stopped = vec![0x00];
    stopped.extend_from_slice(&runtime);
    let (_, baseline_cu) = run_on_chain(&mut program, &stopped, &calldata)?;

    let (instructions, revm_gas) = count_instructions(&runtime, &calldata)?;
    if revm_gas != result.gas_used {
        return Err(format!(
            "gas differs: {} on-chain, {revm_gas} on revm",
            result.gas_used
        ));
    }
    Ok(SbfMeasurement {
        transfer_cu,
        baseline_cu,
        instructions,
        gas_used: result.gas_used,
    })
}
