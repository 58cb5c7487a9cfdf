//! [`SvmChain`]: the embedded mode over the real program. The sealevm program (`.so`) runs in an
//! in-process LiteSVM; the EVM core runs natively over the program's accounts to learn what a
//! transaction touches, then the sdk's instructions carry the signed transaction on chain and
//! the program's receipt becomes the [`Outcome`].

use super::snapshots::Snapshots;
use super::{AccountView, Chain, ChainError};
use litesvm::LiteSVM;
use sealevm_evm::{
    transact, AccountInfo, Address, Bytecode, Env, GrowVec, Journal, Log, Outcome, State,
    StateError, Status, B256, U256,
};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::receipt::{self, Receipt, STATUS_HALT, STATUS_SUCCESS};
use sealevm_sdk::state::{AccountHeader, StorageSlot};
use solana_address::Address as SolAddress;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::path::Path;
use std::rc::Rc;
use std::str::FromStr;

/// Largest serialized Solana transaction.
const PACKET: usize = 1232;
/// Compute units requested by every transaction.
const COMPUTE_UNIT_LIMIT: u32 = 1_400_000;
/// Heap frame requested by every transaction.
const HEAP_FRAME: u32 = 256 * 1024;
/// Loaded-accounts-data limit requested by every transaction (the program is ~380 KB).
const LOADED_DATA_LIMIT: u32 = 1024 * 1024;
/// The Clock sysvar.
const CLOCK_SYSVAR: &str = "SysvarC1ock11111111111111111111111111111111";
/// Offset of `unix_timestamp` (i64, little endian) in the Clock sysvar's data.
const CLOCK_UNIX_TIMESTAMP_AT: usize = 32;

/// EVM state read from the program's accounts in the SVM.
struct SvmState<'a> {
    svm: &'a LiteSVM,
}

impl SvmState<'_> {
    fn data(&self, address: &SolAddress) -> Option<Vec<u8>> {
        self.svm
            .get_account(address)
            .filter(|a| a.owner == client::program_id())
            .map(|a| a.data)
    }
}

/// Backend-specific code of [`StateError::Corrupt`]: an account header that does not parse.
const CORRUPT_HEADER: u32 = 16;

impl State for SvmState<'_> {
    fn account(&mut self, address: &Address) -> Result<Option<AccountInfo>, StateError> {
        let Some(data) = self.data(&client::account_address(address).0) else {
            return Ok(None);
        };
        let h = AccountHeader::read(&data).ok_or(StateError::Corrupt(CORRUPT_HEADER))?;
        Ok(Some(AccountInfo {
            balance: h.balance,
            nonce: h.nonce,
            code_hash: h.code_hash,
        }))
    }

    fn code(&mut self, address: &Address) -> Result<Rc<Bytecode>, StateError> {
        let Some(data) = self.data(&client::account_address(address).0) else {
            return Ok(Rc::new(Bytecode::default()));
        };
        let (code, _) = AccountHeader::code_of(&data).ok_or(StateError::Corrupt(CORRUPT_HEADER))?;
        Ok(Rc::new(Bytecode::new(code)))
    }

    fn storage(&mut self, address: &Address, index: &U256) -> Result<U256, StateError> {
        Ok(self
            .data(&client::storage_address(address, index).0)
            .and_then(|d| StorageSlot::read(&d))
            .map_or(U256::ZERO, |s| s.value))
    }

    fn block_hash(&mut self, _number: u64) -> Result<B256, StateError> {
        Ok(B256::ZERO)
    }
}

/// What emulating a transaction learned.
struct Emulated {
    outcome: Outcome,
    touched: Vec<Touched>,
    deployed: Vec<(Address, usize)>,
}

/// The sealevm program in an embedded LiteSVM, with an operator that pays and signs.
pub struct SvmChain {
    svm: LiteSVM,
    operator: Keypair,
    gas_account: Address,
    /// Copies of the whole SVM (`LiteSVM` is `Clone`) for evm_snapshot / evm_revert.
    snapshots: Snapshots<LiteSVM>,
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
        let mut svm = LiteSVM::new().with_lamports(u64::MAX / 2);
        svm.add_program_from_file(client::program_id(), program)
            .map_err(|e| ChainError::Backend(format!("loading {}: {e:?}", program.display())))?;
        let operator = Keypair::new();
        svm.airdrop(&operator.pubkey(), u64::MAX / 4)
            .map_err(|e| ChainError::Backend(format!("funding the operator: {:?}", e.err)))?;
        let mut chain = Self {
            svm,
            operator,
            gas_account,
            snapshots: Snapshots::default(),
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

    /// The environment the program will see: NUMBER from the Clock, TIMESTAMP as the node
    /// chose it (`commit` writes it into the Clock first), gas paid to the operator's gas
    /// account instead of a COINBASE reward.
    fn program_env(&self, env: &Env) -> Env {
        let mut env = env.clone();
        env.block.number = self.clock_slot();
        env.block.coinbase = self.gas_account;
        env.block.gas_limit = sealevm_sdk::chain::BLOCK_GAS_LIMIT;
        env.block.basefee = sealevm_sdk::chain::BASE_FEE;
        env.cfg.coinbase_reward = false;
        env
    }

    /// The Clock sysvar's slot.
    fn clock_slot(&self) -> u64 {
        let data = SolAddress::from_str(CLOCK_SYSVAR)
            .ok()
            .and_then(|id| self.svm.get_account(&id))
            .map(|a| a.data)
            .unwrap_or_default();
        data.get(..8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_le_bytes)
    }

    /// Sets the Clock's Unix timestamp, which the program reads for TIMESTAMP (the node's
    /// evm_increaseTime / evm_setNextBlockTimestamp reach the program this way).
    fn set_clock_timestamp(&mut self, timestamp: u64) -> Result<(), ChainError> {
        let id = SolAddress::from_str(CLOCK_SYSVAR)
            .map_err(|e| ChainError::Backend(format!("clock sysvar id: {e:?}")))?;
        let mut account = self
            .svm
            .get_account(&id)
            .ok_or_else(|| ChainError::Backend("the Clock sysvar is missing".into()))?;
        let seconds = i64::try_from(timestamp)
            .map_err(|_| ChainError::Backend(format!("timestamp {timestamp} above i64")))?;
        let field = account
            .data
            .get_mut(CLOCK_UNIX_TIMESTAMP_AT..CLOCK_UNIX_TIMESTAMP_AT + 8)
            .ok_or_else(|| ChainError::Backend("short Clock sysvar".into()))?;
        field.copy_from_slice(&seconds.to_le_bytes());
        self.svm
            .set_account(id, account)
            .map_err(|e| ChainError::Backend(format!("setting the Clock: {e:?}")))
    }

    fn emulate(&self, env: &Env) -> Result<Emulated, ChainError> {
        let mut journal = Journal::new(SvmState { svm: &self.svm }, env.cfg.spec);
        let outcome = transact(&mut journal, env)?;
        let record = journal.access_record();
        let changes = journal.finalize();
        let mut state = SvmState { svm: &self.svm };
        let mut touched = Vec::new();
        // Writable only when the bytes change, so read-only accounts can be shared by
        // parallel Solana transactions.
        for (address, _) in record.accounts.iter() {
            if *address == env.block.coinbase {
                continue;
            }
            let before = state.account(address).ok().flatten();
            let written = changes.accounts.iter().any(|c| {
                c.address == *address
                    && (c.new_code.is_some()
                        || match (&before, c.deleted) {
                            (Some(b), false) => {
                                b.balance != c.info.balance || b.nonce != c.info.nonce
                            }
                            (Some(b), true) => !b.balance.is_zero() || b.nonce != 0,
                            (None, deleted) => !deleted,
                        })
            });
            touched.push(Touched::Account(*address, written));
        }
        for (address, key, _) in record.storage.iter() {
            let before = state.storage(address, key).unwrap_or(U256::ZERO);
            let written = changes.accounts.iter().any(|c| {
                c.address == *address && c.storage.iter().any(|(k, v)| k == key && *v != before)
            });
            touched.push(Touched::Storage(*address, *key, written));
        }
        let deployed = changes
            .accounts
            .iter()
            .filter_map(|c| c.new_code.as_ref().map(|code| (c.address, code.len())))
            .collect();
        Ok(Emulated {
            outcome,
            touched,
            deployed,
        })
    }

    fn with_budget(instructions: &[Instruction]) -> Vec<Instruction> {
        let mut all = vec![
            ComputeBudgetInstruction::set_compute_unit_limit(COMPUTE_UNIT_LIMIT),
            ComputeBudgetInstruction::request_heap_frame(HEAP_FRAME),
            ComputeBudgetInstruction::set_loaded_accounts_data_size_limit(LOADED_DATA_LIMIT),
        ];
        all.extend_from_slice(instructions);
        all
    }

    fn size_of(&self, instructions: &[Instruction]) -> usize {
        let message = Message::new(
            &Self::with_budget(instructions),
            Some(&self.operator.pubkey()),
        );
        1 + 64 * message.header.num_required_signatures as usize + message.serialize().len()
    }

    /// Sends `instructions` (after the compute-budget ones) signed by the operator and `signers`.
    fn send(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<litesvm::types::TransactionMetadata, ChainError> {
        let message = Message::new(
            &Self::with_budget(&instructions),
            Some(&self.operator.pubkey()),
        );
        let mut keypairs = vec![&self.operator];
        keypairs.extend_from_slice(signers);
        let tx = Transaction::new(&keypairs, message, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        self.svm.expire_blockhash();
        result.map_err(|failed| {
            ChainError::Backend(format!(
                "Solana transaction failed: {:?}; logs: {}",
                failed.err,
                failed.meta.logs.join(" | ")
            ))
        })
    }

    /// Sends the signed `raw` as the program expects: room for large code first, then
    /// `Execute` in one packet or through a holder account.
    fn submit(&mut self, raw: &[u8], emulated: &Emulated) -> Result<Receipt, ChainError> {
        let operator = self.operator.pubkey();
        for (address, code_len) in &emulated.deployed {
            let allocations = client::allocations_for_code(&operator, address, *code_len);
            if !allocations.is_empty() {
                self.send(allocations, &[])?;
            }
        }
        let ix = client::execute(&operator, &self.gas_account, raw, &emulated.touched);
        let meta = if self.size_of(std::slice::from_ref(&ix)) <= PACKET {
            self.send(vec![ix], &[])?
        } else {
            let holder = Keypair::new();
            let rent = self
                .svm
                .minimum_balance_for_rent_exemption(sealevm_sdk::state::Holder::LEN + raw.len());
            let create = client::holder_create(&operator, &holder.pubkey(), raw.len(), rent);
            self.send(create.to_vec(), &[&holder])?;
            let empty = client::holder_write(&operator, &holder.pubkey(), 0, &[]);
            let chunk_len = PACKET - self.size_of(&[empty]) - 8;
            for (i, chunk) in raw.chunks(chunk_len).enumerate() {
                let offset = u32::try_from(i * chunk_len)
                    .map_err(|_| ChainError::Backend("transaction too large".into()))?;
                let ix = client::holder_write(&operator, &holder.pubkey(), offset, chunk);
                self.send(vec![ix], &[])?;
            }
            let ix = client::execute_from_holder(
                &operator,
                &holder.pubkey(),
                &self.gas_account,
                &emulated.touched,
            );
            let meta = self.send(vec![ix], &[])?;
            self.send(vec![client::holder_close(&operator, &holder.pubkey())], &[])?;
            meta
        };
        receipt::decode(&meta.return_data.data).ok_or_else(|| {
            ChainError::Backend(format!("undecodable receipt {:?}", meta.return_data.data))
        })
    }
}

/// The program's receipt as an [`Outcome`]; fields the receipt leaves out (the halt reason's
/// type, truncated logs) come from the emulation of the same transaction.
fn outcome_of(receipt: Receipt, emulated: Outcome) -> Outcome {
    let status = match receipt.status {
        STATUS_SUCCESS => Status::Success,
        STATUS_HALT => match emulated.status {
            Status::Halt(reason) => Status::Halt(reason),
            _ => Status::Halt(sealevm_evm::HaltReason::OutOfGas),
        },
        _ => Status::Revert,
    };
    let truncated = receipt.flags & receipt::FLAG_TRUNCATED != 0;
    let logs = if truncated {
        emulated.logs
    } else {
        let mut logs = GrowVec::new();
        for log in receipt.logs {
            let mut topics = GrowVec::new();
            for t in log.topics {
                topics.push(t);
            }
            logs.push(Log {
                address: log.address,
                topics,
                data: log.data,
            });
        }
        logs
    };
    Outcome {
        status,
        gas_used: receipt.gas_used,
        gas_refunded: emulated.gas_refunded,
        output: if truncated {
            emulated.output
        } else {
            receipt.output
        },
        logs,
        created_address: receipt.created_address,
    }
}

impl Chain for SvmChain {
    fn account(&mut self, address: &Address) -> Result<AccountView, ChainError> {
        let mut state = SvmState { svm: &self.svm };
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
        SvmState { svm: &self.svm }
            .storage(address, slot)
            .map_err(|e| ChainError::Backend(format!("reading storage of {address}: {e:?}")))
    }

    fn simulate(&mut self, env: &Env) -> Result<Outcome, ChainError> {
        let env = self.program_env(env);
        Ok(self.emulate(&env)?.outcome)
    }

    fn commit(&mut self, raw: &[u8], env: &Env) -> Result<Outcome, ChainError> {
        self.set_clock_timestamp(env.block.timestamp)?;
        let env = self.program_env(env);
        let emulated = self.emulate(&env)?;
        let receipt = self.submit(raw, &emulated)?;
        Ok(outcome_of(receipt, emulated.outcome))
    }

    fn record_block_hash(&mut self, _number: u64, _hash: B256) {
        // The program answers BLOCKHASH itself.
    }

    fn snapshot(&mut self) -> Result<u64, ChainError> {
        Ok(self.snapshots.save(self.svm.clone()))
    }

    fn revert(&mut self, id: u64) -> Result<bool, ChainError> {
        match self.snapshots.take(id) {
            Some(svm) => {
                self.svm = svm;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
