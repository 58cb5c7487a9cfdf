//! [`RemoteChain`]: the sealevm program on a real Solana cluster, driven over its JSON-RPC.
//!
//! Like the embedded chain: the EVM core emulates each transaction over the program's accounts
//! (read with getMultipleAccounts / getAccountInfo at `confirmed`, cached for the duration of
//! one request) to learn the accounts and slots to declare, then the signed Ethereum
//! transaction goes to the program as `Execute` (one packet) or through a holder account, and
//! the program's receipt, read from getTransaction's return data, becomes the [`Outcome`]. A
//! transaction that fails with `UndeclaredAccount`/`UndeclaredStorage` (state moved between
//! emulation and execution) is emulated and sent again.

pub mod rpc;

use super::lookup_tables::OperatorTables;
use super::overrides::{OverriddenState, Overrides};
use super::submit::{self, SendError, SolanaSender};
use super::{packet, AccountView, Chain, ChainError};
use rpc::{custom_code, RemoteAccount, RpcError, SolanaRpc};
use sealevm_evm::{
    transact, Address, Env, ExecError, Journal, Outcome, State, StateError, TxKind, B256, U256,
};
use sealevm_sdk::client;
use sealevm_sdk::emulate::{self, Emulated, ProgramAccounts, ProgramState};
use sealevm_sdk::state::Config;
use solana_account::Account;
use solana_address::Address as SolAddress;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::{AddressLookupTableAccount, VersionedMessage};
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a sent transaction's status is polled.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// Longest wait for one transaction (blockhash expiry comes first: ~150 blocks, ~60 s).
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(120);
/// How many times an expired transaction is re-signed with a fresh blockhash and resent.
const MAX_RESENDS: usize = 3;
/// How many times a transaction is emulated again after the program found an undeclared
/// account or slot.
const MAX_REEMULATIONS: usize = 3;
/// getMultipleAccounts takes at most 100 keys.
const MAX_ACCOUNTS_PER_CALL: usize = 100;
/// Longest wait for the cluster to finalize a slot (lookup-table activation; ~13 s normally).
const SLOT_TIMEOUT: Duration = Duration::from_secs(90);
/// Lamports the operator keeps for fees and rent (holders, new accounts): 10 SOL.
const OPERATOR_RESERVE: u64 = 10_000_000_000;

/// Genesis hashes of the public clusters (mainnet-beta, testnet, devnet): never dev-funded.
const PUBLIC_GENESIS_HASHES: [&str; 3] = [
    "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
    "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY",
    "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
];

/// What [`RemoteChain::connect`] needs.
#[derive(Clone, Debug)]
pub struct RemoteConfig {
    /// Solana JSON-RPC URL.
    pub url: String,
    /// The operator's keypair file (Solana CLI JSON: 64 numbers); `None` = a new keypair
    /// funded by requestAirdrop (development clusters).
    pub operator_keypair: Option<PathBuf>,
    /// EIP-155 chain id the program must be initialized with.
    pub chain_id: u64,
    /// The operator's gas account (COINBASE).
    pub gas_account: Address,
    /// Balances deposited into EVM accounts that do not exist yet (development clusters only).
    pub dev_balances: Vec<(Address, U256)>,
    /// Whether to deposit `dev_balances` (and airdrop the operator what that needs).
    pub fund_dev_accounts: bool,
}

/// Why the remote chain could not start.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// An RPC call failed.
    #[error("Solana RPC: {0}")]
    Rpc(#[from] RpcError),
    /// The program is not deployed at its id.
    #[error(
        "the sealevm program is not deployed at {program} on {url}; on a local cluster start \
         `solana-test-validator --bpf-program {program} sealevm_program.so`"
    )]
    ProgramMissing {
        /// Program id.
        program: SolAddress,
        /// Cluster.
        url: String,
    },
    /// The config PDA holds another chain id.
    #[error(
        "the sealevm program on {url} is initialized for chain id {found}, not {expected} \
         (pass --chain-id {found})"
    )]
    ChainIdMismatch {
        /// Cluster.
        url: String,
        /// Chain id in the config account.
        found: u64,
        /// Chain id asked for.
        expected: u64,
    },
    /// The config PDA exists but is not the program's config.
    #[error("the account at the config address {0} is not a sealevm config")]
    InvalidConfig(SolAddress),
    /// The keypair file could not be read.
    #[error("operator keypair {path}: {reason}")]
    Keypair {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The operator lacks lamports and none could be had.
    #[error("operator {operator} has {balance} lamports and needs {needed}: {reason}")]
    Unfunded {
        /// Operator address.
        operator: SolAddress,
        /// Its balance.
        balance: u64,
        /// What it needs.
        needed: u64,
        /// Why no airdrop helped.
        reason: String,
    },
    /// A setup transaction failed.
    #[error("{what}: {source}")]
    Setup {
        /// Which step.
        what: &'static str,
        /// Cause.
        source: SendError,
    },
}

impl From<ConnectError> for ChainError {
    fn from(e: ConnectError) -> Self {
        ChainError::Backend(e.to_string())
    }
}

/// The program's accounts read over RPC, cached for one request.
struct AccountReader {
    rpc: SolanaRpc,
    /// Program-owned account data by address (`None`: absent or not the program's).
    cache: HashMap<SolAddress, Option<Vec<u8>>>,
    /// The last read failure (the EVM's state error cannot carry it).
    error: Option<RpcError>,
}

impl AccountReader {
    /// Fetches the addresses not cached yet, in batches.
    fn prefetch(&mut self, addresses: &[SolAddress]) -> Result<(), RpcError> {
        let missing: Vec<SolAddress> = addresses
            .iter()
            .filter(|a| !self.cache.contains_key(a))
            .copied()
            .collect();
        for chunk in missing.chunks(MAX_ACCOUNTS_PER_CALL) {
            let accounts = self.rpc.multiple_accounts(chunk)?;
            for (address, account) in chunk.iter().zip(accounts) {
                self.cache.insert(*address, program_data(account));
            }
        }
        Ok(())
    }
}

/// The data of `account` when the program owns it.
fn program_data(account: Option<RemoteAccount>) -> Option<Vec<u8>> {
    account
        .filter(|a| a.owner == client::program_id())
        .map(|a| a.data)
}

/// [`StateError::Corrupt`] code standing for "the RPC read failed" (kept in
/// [`AccountReader::error`]).
const READ_FAILED: u32 = u32::MAX;

impl ProgramAccounts for &mut AccountReader {
    fn program_account(&mut self, address: &SolAddress) -> Result<Option<Vec<u8>>, StateError> {
        if let Some(data) = self.cache.get(address) {
            return Ok(data.clone());
        }
        match self.rpc.account(address) {
            Ok(account) => {
                let data = program_data(account);
                self.cache.insert(*address, data.clone());
                Ok(data)
            }
            Err(e) => {
                self.error = Some(e);
                Err(StateError::Corrupt(READ_FAILED))
            }
        }
    }
}

/// The sealevm program on a Solana cluster, with an operator that pays and signs.
pub struct RemoteChain {
    reader: AccountReader,
    operator: Keypair,
    gas_account: Address,
    /// The lookup tables this node created (for transactions whose accounts do not fit a
    /// legacy message); not kept across restarts.
    tables: OperatorTables,
}

impl RemoteChain {
    /// Connects to the cluster and prepares it: checks the program is deployed, loads (or
    /// generates and airdrops) the operator, initializes the program for the chain id when
    /// its config does not exist (refuses another chain id), creates the operator's gas
    /// account and, on development clusters, deposits the dev balances into EVM accounts that
    /// do not exist yet.
    pub fn connect(config: &RemoteConfig) -> Result<Self, ConnectError> {
        let mut rpc = SolanaRpc::new(&config.url)?;
        let program = client::program_id();
        if !rpc.account(&program)?.is_some_and(|a| a.executable) {
            return Err(ConnectError::ProgramMissing {
                program,
                url: config.url.clone(),
            });
        }
        let generated = config.operator_keypair.is_none();
        let operator = match &config.operator_keypair {
            Some(path) => read_keypair(path)?,
            None => Keypair::new(),
        };
        let mut chain = Self {
            reader: AccountReader {
                rpc,
                cache: HashMap::new(),
                error: None,
            },
            operator,
            gas_account: config.gas_account,
            tables: OperatorTables::default(),
        };
        let initialized = chain.check_config(config)?;
        let dev = chain.is_dev_cluster()?;
        let deposits = if config.fund_dev_accounts && dev {
            chain.missing_dev_deposits(&config.dev_balances)?
        } else {
            Vec::new()
        };
        let needed = deposits
            .iter()
            .try_fold(OPERATOR_RESERVE, |sum, (_, l)| sum.checked_add(*l))
            .unwrap_or(u64::MAX);
        chain.fund_operator(needed, dev || generated)?;
        let operator = chain.operator.pubkey();
        if !initialized {
            chain
                .send_setup(vec![client::initialize(&operator, config.chain_id)])
                .map_err(|source| ConnectError::Setup {
                    what: "initializing the program",
                    source,
                })?;
            tracing::info!(
                chain_id = config.chain_id,
                "initialized the sealevm program"
            );
        }
        let gas_pda = client::account_address(&config.gas_account).0;
        chain.reader.cache.clear();
        chain.reader.prefetch(&[gas_pda])?;
        if chain
            .reader
            .cache
            .get(&gas_pda)
            .is_some_and(Option::is_none)
        {
            chain
                .send_setup(vec![client::deposit(&operator, &config.gas_account, 0)])
                .map_err(|source| ConnectError::Setup {
                    what: "creating the gas account",
                    source,
                })?;
        }
        chain.deposit_all(&deposits)?;
        tracing::info!(
            url = config.url,
            operator = %operator,
            deposits = deposits.len(),
            "connected to the Solana cluster"
        );
        Ok(chain)
    }

    /// Whether the config exists (with our chain id); refuses another chain id.
    fn check_config(&mut self, config: &RemoteConfig) -> Result<bool, ConnectError> {
        let address = client::config_address().0;
        let Some(account) = self.reader.rpc.account(&address)? else {
            return Ok(false);
        };
        let parsed = (account.owner == client::program_id())
            .then(|| Config::read(&account.data))
            .flatten()
            .ok_or(ConnectError::InvalidConfig(address))?;
        if parsed.chain_id != config.chain_id {
            return Err(ConnectError::ChainIdMismatch {
                url: config.url.clone(),
                found: parsed.chain_id,
                expected: config.chain_id,
            });
        }
        Ok(true)
    }

    /// Not mainnet-beta, testnet or devnet.
    fn is_dev_cluster(&mut self) -> Result<bool, ConnectError> {
        let genesis = self.reader.rpc.genesis_hash()?;
        Ok(!PUBLIC_GENESIS_HASHES.contains(&genesis.as_str()))
    }

    /// The dev deposits (address, lamports) whose EVM accounts do not exist yet.
    fn missing_dev_deposits(
        &mut self,
        balances: &[(Address, U256)],
    ) -> Result<Vec<(Address, u64)>, ConnectError> {
        let pdas: Vec<SolAddress> = balances
            .iter()
            .map(|(a, _)| client::account_address(a).0)
            .collect();
        self.reader.cache.clear();
        self.reader.prefetch(&pdas)?;
        let mut deposits = Vec::new();
        for ((address, wei), pda) in balances.iter().zip(&pdas) {
            if self.reader.cache.get(pda).is_some_and(Option::is_some) {
                continue;
            }
            let (lamports, _) =
                sealevm_sdk::units::wei_to_lamports(*wei).ok_or_else(|| ConnectError::Setup {
                    what: "converting a dev balance",
                    source: SendError::Backend(ChainError::Backend(
                        "dev balance above u64 lamports".into(),
                    )),
                })?;
            deposits.push((*address, lamports));
        }
        Ok(deposits)
    }

    /// Makes sure the operator holds `needed` lamports, asking the faucet when `may_airdrop`.
    fn fund_operator(&mut self, needed: u64, may_airdrop: bool) -> Result<(), ConnectError> {
        let operator = self.operator.pubkey();
        let balance = self.reader.rpc.balance(&operator)?;
        if balance >= needed {
            return Ok(());
        }
        let unfunded = |reason: String| ConnectError::Unfunded {
            operator,
            balance,
            needed,
            reason,
        };
        if !may_airdrop {
            return Err(unfunded(
                "fund it, or pass --operator-keypair with a funded keypair".into(),
            ));
        }
        let shortfall = needed.saturating_sub(balance);
        let signature = self
            .reader
            .rpc
            .request_airdrop(&operator, shortfall)
            .map_err(|e| unfunded(format!("requestAirdrop failed: {e}")))?;
        self.confirm(&signature, None)
            .map_err(|e| unfunded(format!("airdrop not confirmed: {e}")))?;
        tracing::info!(%operator, lamports = shortfall, "airdropped the operator");
        Ok(())
    }

    /// Deposits, as many per Solana transaction as fit a packet.
    fn deposit_all(&mut self, deposits: &[(Address, u64)]) -> Result<(), ConnectError> {
        let operator = self.operator.pubkey();
        let mut batch: Vec<Instruction> = Vec::new();
        for (address, lamports) in deposits {
            let ix = client::deposit(&operator, address, *lamports);
            batch.push(ix.clone());
            if !packet::fits(&batch, &operator) {
                batch.pop();
                self.send_deposits(std::mem::replace(&mut batch, vec![ix]))?;
            }
        }
        if !batch.is_empty() {
            self.send_deposits(batch)?;
        }
        Ok(())
    }

    fn send_deposits(&mut self, batch: Vec<Instruction>) -> Result<(), ConnectError> {
        self.send_setup(batch)
            .map(|_| ())
            .map_err(|source| ConnectError::Setup {
                what: "depositing the dev balances",
                source,
            })
    }

    fn send_setup(&mut self, instructions: Vec<Instruction>) -> Result<Vec<u8>, SendError> {
        SolanaSender::send(self, instructions, &[])
    }

    /// Waits until `signature` is confirmed. With `last_valid`, gives up with `Ok(false)` once
    /// the block height passes it (the blockhash expired: the transaction can never land).
    fn confirm(&mut self, signature: &str, last_valid: Option<u64>) -> Result<bool, SendError> {
        let started = Instant::now();
        let signatures = [signature.to_string()];
        let mut polls: u32 = 0;
        loop {
            let status = self
                .reader
                .rpc
                .signature_statuses(&signatures)
                .map_err(backend)?
                .pop()
                .flatten();
            if let Some(status) = status {
                if !status.err.is_null() {
                    return Err(self.failure(signature, &status.err));
                }
                if status.is_confirmed() {
                    return Ok(true);
                }
            }
            polls = polls.wrapping_add(1);
            if let Some(last_valid) = last_valid {
                if polls.is_multiple_of(10)
                    && self.reader.rpc.block_height().map_err(backend)? > last_valid
                {
                    return Ok(false);
                }
            }
            if started.elapsed() > CONFIRM_TIMEOUT {
                return Err(backend(RpcError::Decode {
                    method: "getSignatureStatuses",
                    detail: format!("{signature} not confirmed after {CONFIRM_TIMEOUT:?}"),
                }));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// A landed transaction's failure, with its logs.
    fn failure(&mut self, signature: &str, err: &serde_json::Value) -> SendError {
        let logs = self
            .reader
            .rpc
            .transaction(signature)
            .ok()
            .flatten()
            .map(|t| t.logs)
            .unwrap_or_default();
        SendError::Failed {
            code: custom_code(err),
            detail: format!("{err}; logs: {}", logs.join(" | ")),
        }
    }

    /// The confirmed transaction's return data.
    fn return_data(&mut self, signature: &str) -> Result<Vec<u8>, SendError> {
        let started = Instant::now();
        loop {
            if let Some(executed) = self.reader.rpc.transaction(signature).map_err(backend)? {
                tracing::debug!(signature, compute_units = ?executed.compute_units, "executed");
                return Ok(executed.return_data);
            }
            if started.elapsed() > CONFIRM_TIMEOUT {
                return Err(backend(RpcError::Decode {
                    method: "getTransaction",
                    detail: format!("confirmed {signature} not returned"),
                }));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// The environment the program will see (NUMBER and TIMESTAMP from the Clock sysvar).
    fn program_env(&mut self, env: &Env) -> Result<Env, ChainError> {
        let clock = self
            .reader
            .rpc
            .account(&SolAddress::new_from_array(emulate::CLOCK_SYSVAR_ID))
            .map_err(|e| ChainError::Backend(e.to_string()))?
            .map(|a| a.data)
            .unwrap_or_default();
        let (slot, timestamp) = emulate::clock_of(&clock);
        Ok(emulate::program_env(env, slot, timestamp, self.gas_account))
    }

    /// Clears the read cache and fetches the caller, the coinbase and the callee in one request.
    fn prefetch_for(&mut self, env: &Env) -> Result<(), ChainError> {
        self.reader.cache.clear();
        let mut first = vec![
            client::account_address(&env.tx.caller).0,
            client::account_address(&env.block.coinbase).0,
        ];
        if let TxKind::Call(to) = env.tx.kind {
            first.push(client::account_address(&to).0);
        }
        self.reader
            .prefetch(&first)
            .map_err(|e| ChainError::Backend(e.to_string()))
    }

    /// `result`, unless a read failed on the way (its cause is then the error).
    fn after_reads<T>(&mut self, result: Result<T, ExecError>) -> Result<T, ChainError> {
        if let Some(e) = self.reader.error.take() {
            return Err(ChainError::Backend(format!(
                "reading program accounts: {e}"
            )));
        }
        Ok(result?)
    }

    /// Emulates `env` over fresh reads of the program's accounts.
    fn emulate(&mut self, env: &Env) -> Result<Emulated, ChainError> {
        self.prefetch_for(env)?;
        let result = emulate::emulate(
            &mut ProgramState {
                accounts: &mut self.reader,
            },
            env,
        );
        self.after_reads(result)
    }

    fn state(&mut self) -> ProgramState<&mut AccountReader> {
        self.reader.cache.clear();
        ProgramState {
            accounts: &mut self.reader,
        }
    }

    fn read_error(&mut self, what: String, e: StateError) -> ChainError {
        match self.reader.error.take() {
            Some(rpc) => ChainError::Backend(format!("{what}: {rpc}")),
            None => ChainError::Backend(format!("{what}: {e:?}")),
        }
    }
}

fn backend(e: RpcError) -> SendError {
    backend_error(e.to_string())
}

fn backend_error(detail: String) -> SendError {
    SendError::Backend(ChainError::Backend(detail))
}

/// A keypair in the Solana CLI's format: a JSON array of the 64 bytes (secret, public).
pub fn read_keypair(path: &Path) -> Result<Keypair, ConnectError> {
    let fail = |reason: String| ConnectError::Keypair {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    let bytes: Vec<u8> =
        serde_json::from_str(&text).map_err(|e| fail(format!("not a JSON array of bytes: {e}")))?;
    Keypair::try_from(bytes.as_slice()).map_err(|e| fail(format!("not a keypair: {e}")))
}

/// A signed transaction as the wire carries it: the signatures (compact-u16 count) then the
/// message (legacy, or v0 with its version prefix).
fn wire_bytes(tx: &VersionedTransaction) -> Vec<u8> {
    let mut out = Vec::with_capacity(packet::PACKET);
    let mut count = tx.signatures.len();
    loop {
        let low = (count & 0x7f) as u8;
        count >>= 7;
        if count == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    for signature in &tx.signatures {
        out.extend_from_slice(signature.as_ref());
    }
    out.extend_from_slice(&tx.message.serialize());
    out
}

impl SolanaSender for RemoteChain {
    fn operator(&self) -> &Keypair {
        &self.operator
    }

    /// Signs with a fresh blockhash, sends with preflight, and waits for `confirmed`; a
    /// transaction whose blockhash expires first is signed again and resent.
    fn send(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<Vec<u8>, SendError> {
        let message = packet::message(&instructions, &self.operator.pubkey());
        self.send_message(VersionedMessage::Legacy(message), signers)
    }

    fn send_with_tables(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> Result<Vec<u8>, SendError> {
        let message = packet::v0_message(&instructions, &self.operator.pubkey(), tables)
            .map_err(|e| ChainError::Backend(format!("compiling a v0 message: {e}")))?;
        self.send_message(message, &[])
    }

    fn rent_exemption(&mut self, len: usize) -> Result<u64, ChainError> {
        self.reader
            .rpc
            .rent_exemption(len)
            .map_err(|e| ChainError::Backend(e.to_string()))
    }

    fn solana_account(&mut self, address: &SolAddress) -> Result<Option<Account>, ChainError> {
        let account = self
            .reader
            .rpc
            .account(address)
            .map_err(|e| ChainError::Backend(e.to_string()))?;
        Ok(account.map(|a| Account {
            lamports: a.lamports,
            data: a.data,
            owner: a.owner,
            executable: a.executable,
            rent_epoch: 0,
        }))
    }

    fn lookup_tables(&mut self) -> &mut OperatorTables {
        &mut self.tables
    }

    /// The latest `finalized` slot: every later bank has it in SlotHashes.
    fn recent_slot(&mut self) -> Result<u64, ChainError> {
        self.reader
            .rpc
            .slot("finalized")
            .map_err(|e| ChainError::Backend(e.to_string()))
    }

    /// Waits until a slot after the latest `confirmed` one is finalized. Every transaction
    /// sent so far was confirmed, so it landed at or before that slot; and a leader resolves
    /// a transaction's table lookups against its root (finalized) bank, which serves only
    /// addresses added before its slot. Measured on solana-test-validator: without this wait
    /// the v0 transaction is dropped and rebroadcast until the extension is rooted (~20 s).
    fn next_slot(&mut self) -> Result<(), ChainError> {
        let started = Instant::now();
        let mut slot = |commitment: &str| {
            self.reader
                .rpc
                .slot(commitment)
                .map_err(|e| ChainError::Backend(e.to_string()))
        };
        let confirmed = slot("confirmed")?;
        while slot("finalized")? <= confirmed {
            if started.elapsed() > SLOT_TIMEOUT {
                return Err(ChainError::Backend(format!(
                    "the cluster finalized no slot after {confirmed} in {SLOT_TIMEOUT:?}"
                )));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
        Ok(())
    }
}

impl RemoteChain {
    /// Sends `message` signed by the operator and `signers` with a fresh blockhash (see
    /// [`SolanaSender::send`]).
    fn send_message(
        &mut self,
        mut message: VersionedMessage,
        signers: &[&Keypair],
    ) -> Result<Vec<u8>, SendError> {
        for _ in 0..=MAX_RESENDS {
            let (blockhash, last_valid) = self.reader.rpc.latest_blockhash().map_err(backend)?;
            message.set_recent_blockhash(blockhash);
            let tx = {
                let mut keypairs = vec![&self.operator];
                keypairs.extend_from_slice(signers);
                VersionedTransaction::try_new(message.clone(), &keypairs)
                    .map_err(|e| backend_error(format!("signing a transaction: {e}")))?
            };
            let signature = tx
                .signatures
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            match self.reader.rpc.send_transaction(&wire_bytes(&tx)) {
                Ok(_) => {}
                Err(RpcError::Rpc { message, data, .. }) if data.get("err").is_some() => {
                    let err = data.get("err").cloned().unwrap_or_default();
                    let logs = rpc::string_list(data.get("logs"));
                    return Err(SendError::Failed {
                        code: custom_code(&err),
                        detail: format!("{message}; {err}; logs: {}", logs.join(" | ")),
                    });
                }
                Err(e) => return Err(backend(e)),
            }
            if self.confirm(&signature, Some(last_valid))? {
                return self.return_data(&signature);
            }
            tracing::warn!(
                signature,
                "blockhash expired before confirmation; resending"
            );
        }
        Err(backend(RpcError::Decode {
            method: "sendTransaction",
            detail: format!("not confirmed after {MAX_RESENDS} resends"),
        }))
    }
}

impl Chain for RemoteChain {
    fn account(&mut self, address: &Address) -> Result<AccountView, ChainError> {
        let mut state = self.state();
        let read = state.account(address).and_then(|info| {
            let code = match info {
                Some(_) => state.code(address)?.bytes().to_vec(),
                None => Vec::new(),
            };
            Ok((info, code))
        });
        match read {
            Ok((Some(info), code)) => Ok(AccountView {
                balance: info.balance,
                nonce: info.nonce,
                code,
            }),
            Ok((None, _)) => Ok(AccountView::default()),
            Err(e) => Err(self.read_error(format!("reading {address}"), e)),
        }
    }

    fn storage(&mut self, address: &Address, slot: &U256) -> Result<U256, ChainError> {
        let read = self.state().storage(address, slot);
        read.map_err(|e| self.read_error(format!("reading storage of {address}"), e))
    }

    fn simulate(&mut self, env: &Env, overrides: &Overrides) -> Result<Outcome, ChainError> {
        let env = self.program_env(env)?;
        self.prefetch_for(&env)?;
        let program = ProgramState {
            accounts: &mut self.reader,
        };
        let state = OverriddenState::new(program, overrides);
        let result = transact(&mut Journal::new(state, env.cfg.spec), &env);
        self.after_reads(result)
    }

    fn commit(&mut self, raw: &[u8], env: &Env) -> Result<Outcome, ChainError> {
        let env = self.program_env(env)?;
        let mut emulated = self.emulate(&env)?;
        let gas_account = self.gas_account;
        let mut attempt = 0;
        let receipt = loop {
            match submit::submit(self, raw, &env.tx.caller, &gas_account, &emulated) {
                Ok(receipt) => break receipt,
                Err(e) if e.is_undeclared() && attempt < MAX_REEMULATIONS => {
                    attempt += 1;
                    tracing::info!(attempt, "undeclared account or slot: emulating again");
                    emulated = self.emulate(&env)?;
                }
                Err(e) => return Err(e.into()),
            }
        };
        Ok(submit::outcome_of(receipt, emulated.outcome))
    }

    fn check_account_limit(&mut self, env: &Env) -> Result<(), ChainError> {
        let env = self.program_env(env)?;
        let emulated = self.emulate(&env)?;
        let gas_account = self.gas_account;
        submit::check_account_limit(self, &gas_account, &emulated.touched)
    }

    fn record_block_hash(&mut self, _number: u64, _hash: B256) {
        // The program answers BLOCKHASH itself.
    }

    fn keeps_state(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_bytes_are_count_signatures_message() {
        let payer = Keypair::new();
        let ix = client::deposit(&payer.pubkey(), &Address([1; 20]), 5);
        let message = packet::message(std::slice::from_ref(&ix), &payer.pubkey());
        let tx =
            VersionedTransaction::try_new(VersionedMessage::Legacy(message.clone()), &[&payer])
                .expect("signs");
        let wire = wire_bytes(&tx);
        assert_eq!(wire[0], 1);
        assert_eq!(&wire[1..65], tx.signatures[0].as_ref());
        assert_eq!(&wire[65..], message.serialize().as_slice());
        assert_eq!(wire.len(), packet::size_of(&[ix], &payer.pubkey()));
    }

    #[test]
    fn keypairs_read_from_solana_cli_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keypair = Keypair::new();
        let path = dir.path().join("id.json");
        let bytes: Vec<u8> = keypair.to_bytes().to_vec();
        std::fs::write(&path, serde_json::to_string(&bytes).expect("json")).expect("write");
        let read = read_keypair(&path).expect("reads");
        assert_eq!(read.pubkey(), keypair.pubkey());
        std::fs::write(&path, "[1, 2, 3]").expect("write");
        assert!(matches!(
            read_keypair(&path),
            Err(ConnectError::Keypair { .. })
        ));
    }
}
