//! Counting executed EVM instructions with a revm [`Inspector`].

use crate::model::{AccountSpec, BlockSpec, Execution, TxSpec};
use crate::revm_runner;
use revm::interpreter::interpreter::EthInterpreter;
use revm::interpreter::Interpreter;
use revm::{InspectCommitEvm, Inspector, MainBuilder};

/// Counts interpreter steps (one per executed instruction, in every call frame).
#[derive(Clone, Copy, Debug, Default)]
pub struct StepCounter {
    /// Instructions executed so far.
    pub steps: u64,
}

impl<CTX> Inspector<CTX, EthInterpreter> for StepCounter {
    fn step(&mut self, _interp: &mut Interpreter<EthInterpreter>, _context: &mut CTX) {
        self.steps += 1;
    }
}

/// Executes `txs` in order on a fresh revm world holding `accounts` and returns, for the last
/// one, the number of EVM instructions it executed and its result.
pub fn count_last(
    accounts: &[AccountSpec],
    block: &BlockSpec,
    txs: &[TxSpec],
) -> Result<(u64, Execution), String> {
    let mut evm =
        revm_runner::context(accounts, block).build_mainnet_with_inspector(StepCounter::default());
    let mut last = Err("no transaction".to_string());
    for tx in txs {
        evm.inspector.steps = 0;
        last = evm
            .inspect_tx_commit(revm_runner::tx_env(tx))
            .map(|r| (evm.inspector.steps, revm_runner::execution(&r)))
            .map_err(|e| format!("{e:?}"));
    }
    last
}
