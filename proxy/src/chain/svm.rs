//! [`SvmChain`]: the embedded mode over the real program. The sealevm program (`.so`) runs in an
//! in-process LiteSVM; the EVM core runs natively over the program's accounts to learn what a
//! transaction touches, then the sdk's instructions carry the signed transaction on chain and
//! the program's receipt becomes the [`Outcome`].

use super::lookup_tables::OperatorTables;
use super::overrides::{OverriddenState, Overrides};
use super::snapshots::Snapshots;
use super::submit::{self, SendError, SolanaSender};
use super::{packet, AccountView, Chain, ChainError};
use litesvm::LiteSVM;
use sealevm_evm::{transact, Address, Env, Journal, Outcome, State, StateError, B256, U256};
use sealevm_sdk::client;
use sealevm_sdk::emulate::{self, Emulated, ProgramAccounts, ProgramState};
use solana_account::Account;
use solana_address::Address as SolAddress;
use solana_clock::Clock;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::{AddressLookupTableAccount, VersionedMessage};
use solana_signer::Signer;
use solana_slot_hashes::SlotHashes;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::{InstructionError, TransactionError};
use std::path::Path;

/// The program's accounts in the SVM.
struct SvmAccounts<'a>(&'a LiteSVM);

impl ProgramAccounts for SvmAccounts<'_> {
    fn program_account(&mut self, address: &SolAddress) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self
            .0
            .get_account(address)
            .filter(|a| a.owner == client::program_id())
            .map(|a| a.data))
    }
}

/// The EVM state of the program's accounts in `svm`.
fn svm_state(svm: &LiteSVM) -> ProgramState<SvmAccounts<'_>> {
    ProgramState {
        accounts: SvmAccounts(svm),
    }
}

/// The sealevm program in an embedded LiteSVM, with an operator that pays and signs.
pub struct SvmChain {
    svm: LiteSVM,
    operator: Keypair,
    gas_account: Address,
    /// The operator's address lookup tables (for transactions whose accounts do not fit a
    /// legacy message).
    tables: OperatorTables,
    /// Copies of the whole SVM (`LiteSVM` is `Clone`) and of the tables it holds, for
    /// evm_snapshot / evm_revert.
    snapshots: Snapshots<(LiteSVM, OperatorTables)>,
    /// Compute units the last Solana transaction consumed.
    last_compute_units: u64,
    /// The slot the block being mined runs in: its number.
    execution_slot: u64,
}

impl SvmChain {
    /// Loads the program from `program`, initializes it for `chain_id`, creates the operator's
    /// gas account and deposits `balances` (rounded down to lamports).
    pub fn new(
        program: &Path,
        chain_id: u64,
        gas_account: Address,
        balances: &[(Address, U256)],
    ) -> Result<Self, ChainError> {
        // Every Solana transaction here is built and signed by this process's operator, so
        // checking its ed25519 signature again proves nothing and costs a tenth of a commit.
        // The Ethereum signature, the one that matters, is still verified by the program.
        let mut svm = LiteSVM::new()
            .with_lamports(u64::MAX / 2)
            .with_sigverify(false);
        // Slot = block number (NUMBER): genesis is slot 0 (LiteSVM starts at a mainnet-like slot).
        svm.warp_to_slot(0);
        svm.add_program_from_file(client::program_id(), program)
            .map_err(|e| ChainError::Backend(format!("loading {}: {e:?}", program.display())))?;
        let operator = Keypair::new();
        svm.airdrop(&operator.pubkey(), u64::MAX / 4)
            .map_err(|e| ChainError::Backend(format!("funding the operator: {:?}", e.err)))?;
        let mut chain = Self {
            svm,
            operator,
            gas_account,
            tables: OperatorTables::default(),
            snapshots: Snapshots::default(),
            last_compute_units: 0,
            execution_slot: 0,
        };
        let operator = chain.operator.pubkey();
        chain.send(vec![client::initialize(&operator, chain_id)], &[])?;
        chain.send(vec![client::deposit(&operator, &gas_account, 0)], &[])?;
        for (address, wei) in balances {
            let (lamports, _) = sealevm_sdk::units::wei_to_lamports(*wei)
                .ok_or_else(|| ChainError::Backend("genesis balance above u64 lamports".into()))?;
            chain.send(vec![client::deposit(&operator, address, lamports)], &[])?;
        }
        Ok(chain)
    }

    /// The environment the program will see: NUMBER and TIMESTAMP as the node chose them
    /// (`commit` runs the program at the slot of the block's number and writes the timestamp
    /// into the Clock), gas paid to the operator's gas account instead of a COINBASE reward.
    fn program_env(&self, env: &Env) -> Env {
        emulate::program_env(env, env.block.number, env.block.timestamp, self.gas_account)
    }

    /// Moves the Clock forward to `slot` (never back) and, when given, sets its Unix
    /// timestamp, which the program reads for TIMESTAMP (the node's evm_increaseTime /
    /// evm_setNextBlockTimestamp reach the program this way): one sysvar write.
    fn set_clock(&mut self, slot: u64, timestamp: Option<u64>) -> Result<(), ChainError> {
        let mut clock: Clock = self.svm.get_sysvar();
        clock.slot = clock.slot.max(slot);
        if let Some(timestamp) = timestamp {
            clock.unix_timestamp = i64::try_from(timestamp)
                .map_err(|_| ChainError::Backend(format!("timestamp {timestamp} above i64")))?;
        }
        self.svm.set_sysvar(&clock);
        Ok(())
    }

    /// Compute units the last Solana transaction consumed (diagnostics and tests).
    pub fn last_compute_units(&self) -> u64 {
        self.last_compute_units
    }

    /// The Clock's slot.
    fn slot(&self) -> u64 {
        self.svm.get_sysvar::<Clock>().slot
    }

    fn emulate(&self, env: &Env) -> Result<Emulated, ChainError> {
        Ok(emulate::emulate(&mut svm_state(&self.svm), env)?)
    }

    /// Sends `instructions` (after the compute-budget ones) signed by the operator and `signers`.
    fn send(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<litesvm::types::TransactionMetadata, SendError> {
        let message = packet::message(&instructions, &self.operator.pubkey());
        self.send_message(VersionedMessage::Legacy(message), signers)
    }

    /// Signs `message` with the latest blockhash by the operator and `signers`, and sends it.
    fn send_message(
        &mut self,
        mut message: VersionedMessage,
        signers: &[&Keypair],
    ) -> Result<litesvm::types::TransactionMetadata, SendError> {
        message.set_recent_blockhash(self.svm.latest_blockhash());
        let mut keypairs = vec![&self.operator];
        keypairs.extend_from_slice(signers);
        let tx = VersionedTransaction::try_new(message, &keypairs)
            .map_err(|e| ChainError::Backend(format!("signing a transaction: {e}")))?;
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        self.last_compute_units = match &result {
            Ok(meta) => meta.compute_units_consumed,
            Err(failed) => failed.meta.compute_units_consumed,
        };
        tracing::debug!(
            compute_units = self.last_compute_units,
            "solana transaction"
        );
        result.map_err(|failed| SendError::Failed {
            code: match failed.err {
                TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(code),
                _ => None,
            },
            detail: format!("{:?}; logs: {}", failed.err, failed.meta.logs.join(" | ")),
        })
    }
}

impl SolanaSender for SvmChain {
    fn operator(&self) -> &Keypair {
        &self.operator
    }

    fn send(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<Vec<u8>, SendError> {
        Ok(SvmChain::send(self, instructions, signers)?
            .return_data
            .data)
    }

    fn send_with_tables(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> Result<Vec<u8>, SendError> {
        let message = packet::v0_message(&instructions, &self.operator.pubkey(), tables)
            .map_err(|e| ChainError::Backend(format!("compiling a v0 message: {e}")))?;
        Ok(self.send_message(message, &[])?.return_data.data)
    }

    fn rent_exemption(&mut self, len: usize) -> Result<u64, ChainError> {
        Ok(self.svm.minimum_balance_for_rent_exemption(len))
    }

    fn solana_account(&mut self, address: &SolAddress) -> Result<Option<Account>, ChainError> {
        Ok(self.svm.get_account(address))
    }

    fn lookup_tables(&mut self) -> &mut OperatorTables {
        &mut self.tables
    }

    /// The current slot, entered into SlotHashes first: LiteSVM does not record the slots it
    /// warps to, and a new lookup table's slot must be there. (Done here, not on every warp:
    /// rewriting the sysvar per block would cost every transaction.)
    fn recent_slot(&mut self) -> Result<u64, ChainError> {
        let slot = self.slot();
        let mut hashes: SlotHashes = self.svm.get_sysvar();
        if hashes.get(&slot).is_none() {
            hashes.add(slot, self.svm.latest_blockhash());
            self.svm.set_sysvar(&hashes);
        }
        Ok(slot)
    }

    /// Moves to the next slot: a block's preparatory transactions run in the slot before the
    /// block's number, so addresses they add to lookup tables are active in the block's own.
    fn next_slot(&mut self) -> Result<(), ChainError> {
        let slot = self
            .slot()
            .checked_add(1)
            .ok_or_else(|| ChainError::Backend("slot overflow".into()))?;
        self.set_clock(slot, None)
    }

    /// The Ethereum transaction runs in the slot of its block's number: NUMBER is the number
    /// the node gives the block.
    fn before_execution(&mut self) -> Result<(), ChainError> {
        self.set_clock(self.execution_slot, None)
    }
}

impl Chain for SvmChain {
    fn account(&mut self, address: &Address) -> Result<AccountView, ChainError> {
        let mut state = svm_state(&self.svm);
        let info = state
            .account(address)
            .map_err(|e| ChainError::Backend(format!("reading {address}: {e:?}")))?;
        let Some(info) = info else {
            return Ok(AccountView::default());
        };
        let code = state
            .code(address)
            .map_err(|e| ChainError::Backend(format!("reading code of {address}: {e:?}")))?;
        Ok(AccountView {
            balance: info.balance,
            nonce: info.nonce,
            code: code.bytes().to_vec(),
        })
    }

    fn storage(&mut self, address: &Address, slot: &U256) -> Result<U256, ChainError> {
        svm_state(&self.svm)
            .storage(address, slot)
            .map_err(|e| ChainError::Backend(format!("reading storage of {address}: {e:?}")))
    }

    fn simulate(&mut self, env: &Env, overrides: &Overrides) -> Result<Outcome, ChainError> {
        let env = self.program_env(env);
        let state = OverriddenState::new(svm_state(&self.svm), overrides);
        Ok(transact(&mut Journal::new(state, env.cfg.spec), &env)?)
    }

    fn commit(&mut self, raw: &[u8], env: &Env) -> Result<Outcome, ChainError> {
        // Preparatory transactions (code room, lookup tables, holder writes) run in the slot
        // before the block's number, the Ethereum transaction in the block's own.
        self.set_clock(
            env.block.number.saturating_sub(1),
            Some(env.block.timestamp),
        )?;
        self.execution_slot = env.block.number;
        let env = self.program_env(env);
        let emulated = self.emulate(&env)?;
        let gas_account = self.gas_account;
        let receipt = submit::submit(self, raw, &env.tx.caller, &gas_account, &emulated)?;
        Ok(submit::outcome_of(receipt, emulated.outcome))
    }

    fn check_account_limit(&mut self, env: &Env) -> Result<(), ChainError> {
        let env = self.program_env(env);
        let emulated = self.emulate(&env)?;
        let gas_account = self.gas_account;
        submit::check_account_limit(self, &gas_account, &emulated.touched)
    }

    fn record_block_hash(&mut self, _number: u64, _hash: B256) {
        // The program answers BLOCKHASH itself.
    }

    fn snapshot(&mut self) -> Result<u64, ChainError> {
        Ok(self.snapshots.save((self.svm.clone(), self.tables.clone())))
    }

    fn revert(&mut self, id: u64) -> Result<bool, ChainError> {
        match self.snapshots.take(id) {
            Some((svm, tables)) => {
                self.svm = svm;
                self.tables = tables;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::evm_address;
    use crate::tx::SignedTx;
    use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy::eips::eip2718::Encodable2718;
    use alloy::primitives::{TxKind, U256 as AlloyU256};
    use alloy::signers::local::PrivateKeySigner;
    use alloy::signers::SignerSync;
    use sealevm_evm::{BlockEnv, CfgEnv};

    const CHAIN_ID: u64 = 7325;

    /// A one-packet transaction takes the precompile route: a native transfer that creates its
    /// recipient costs about 12,800 compute units, against some 37,000 through the program's
    /// own `secp256k1_recover`.
    #[test]
    fn one_packet_transactions_are_verified_by_the_precompile() {
        let program = crate::launch::default_program_path();
        if !program.exists() {
            eprintln!("skipped: {} is not built", program.display());
            return;
        }
        let signer = PrivateKeySigner::random();
        let sender = evm_address(signer.address());
        let balance = U256::from_u64(1_000_000_000_000_000_000);
        let mut chain = SvmChain::new(&program, CHAIN_ID, Address::ZERO, &[(sender, balance)])
            .expect("embedded chain");
        let tx = TxEip1559 {
            chain_id: CHAIN_ID,
            nonce: 0,
            gas_limit: 21_000,
            max_fee_per_gas: 1_000_000_000,
            max_priority_fee_per_gas: 0,
            to: TxKind::Call(alloy::primitives::Address::repeat_byte(0x42)),
            value: AlloyU256::from(1_000_000_000u64),
            ..Default::default()
        };
        let signature = signer.sign_hash_sync(&tx.signature_hash()).expect("signs");
        let raw = TxEnvelope::from(tx.into_signed(signature)).encoded_2718();
        let signed = SignedTx::decode(&raw, CHAIN_ID).expect("decodes");
        let env = Env {
            cfg: CfgEnv::new(CHAIN_ID, sealevm_sdk::chain::SPEC),
            block: BlockEnv {
                number: 1,
                timestamp: 1_700_000_000,
                gas_limit: sealevm_sdk::chain::BLOCK_GAS_LIMIT,
                blob_basefee: U256::ONE,
                ..Default::default()
            },
            tx: signed.tx_env(),
        };
        let outcome = chain.commit(&raw, &env).expect("commits");
        assert_eq!(chain.slot(), 1, "block 1 ran in slot 1");
        assert!(outcome.is_success(), "{outcome:?}");
        let units = chain.last_compute_units();
        assert!(
            (1..20_000).contains(&units),
            "a native transfer took {units} compute units"
        );
    }
}
