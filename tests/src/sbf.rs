//! Running SBF programs (built by `scripts/build-sbf.sh`) in LiteSVM.
//!
//! The `.so` files are looked up in `$SEALEVM_SBF_DIR`, by default
//! `$SEALEVM_CACHE/sbf` with `SEALEVM_CACHE` defaulting to `~/.cache/sealevm`:
//! the same place the build script copies them to.

use std::fmt;
use std::path::{Path, PathBuf};

use litesvm::LiteSVM;
use solana_address::Address;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;

/// Largest heap frame a transaction may request (256 KiB).
pub const MAX_HEAP_FRAME_BYTES: u32 = 256 * 1024;

/// Largest compute-unit limit a transaction may request.
pub const MAX_COMPUTE_UNIT_LIMIT: u32 = 1_400_000;

/// The directory holding the SBF `.so` files.
pub fn sbf_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SEALEVM_SBF_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("SEALEVM_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").unwrap_or_default();
            Path::new(&home).join(".cache").join("sealevm")
        });
    cache.join("sbf")
}

/// Path of the `.so` built for the crate whose library is named `lib_name`
/// (e.g. `sealevm_evm_probe`), or an error telling how to build it.
pub fn so_path(lib_name: &str) -> Result<PathBuf, SbfError> {
    let path = sbf_dir().join(format!("{lib_name}.so"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(SbfError::Missing(path))
    }
}

/// Compute budget sent along with each instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// `SetComputeUnitLimit`.
    pub compute_unit_limit: u32,
    /// `RequestHeapFrame` (a multiple of 1 KiB, 32..=256 KiB); `None` keeps the default 32 KiB.
    pub heap_frame_bytes: Option<u32>,
}

impl Default for Budget {
    /// The maximum compute units and the maximum heap frame.
    fn default() -> Self {
        Self {
            compute_unit_limit: MAX_COMPUTE_UNIT_LIMIT,
            heap_frame_bytes: Some(MAX_HEAP_FRAME_BYTES),
        }
    }
}

/// The outcome of one successful instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    /// Data the program set with `sol_set_return_data` (empty if none).
    pub return_data: Vec<u8>,
    /// Compute units the whole transaction consumed.
    pub compute_units: u64,
    /// The transaction's log lines.
    pub logs: Vec<String>,
}

/// Errors from loading or running a program.
#[derive(Debug)]
pub enum SbfError {
    /// The `.so` file does not exist.
    Missing(PathBuf),
    /// LiteSVM refused the program.
    Load(PathBuf, String),
    /// Setting up the payer failed.
    Setup(String),
    /// The transaction failed.
    Failed {
        /// The transaction error.
        error: String,
        /// Compute units consumed before the failure.
        compute_units: u64,
        /// The transaction's log lines.
        logs: Vec<String>,
    },
}

impl fmt::Display for SbfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path) => write!(
                f,
                "{} not found: run scripts/build-sbf.sh first \
                 (or point SEALEVM_SBF_DIR at the directory holding the .so files)",
                path.display()
            ),
            Self::Load(path, err) => write!(f, "LiteSVM could not load {}: {err}", path.display()),
            Self::Setup(err) => write!(f, "LiteSVM setup failed: {err}"),
            Self::Failed {
                error,
                compute_units,
                logs,
            } => write!(
                f,
                "transaction failed after {compute_units} CU: {error}\n{}",
                logs.join("\n")
            ),
        }
    }
}

impl std::error::Error for SbfError {}

/// One SBF program loaded into a fresh LiteSVM, with a funded fee payer.
pub struct SbfProgram {
    svm: LiteSVM,
    program_id: Address,
    payer: Keypair,
}

impl SbfProgram {
    /// Loads `<sbf_dir>/<lib_name>.so` at a fresh program address.
    pub fn load(lib_name: &str) -> Result<Self, SbfError> {
        let path = so_path(lib_name)?;
        // No cap on log bytes: CU profiles log a line per EVM instruction.
        let mut svm = LiteSVM::new().with_log_bytes_limit(None);
        let program_id = Address::new_unique();
        svm.add_program_from_file(program_id, &path)
            .map_err(|err| SbfError::Load(path.clone(), format!("{err:?}")))?;
        let payer = Keypair::new();
        svm.airdrop(&payer.pubkey(), 10_000_000_000)
            .map_err(|failed| SbfError::Setup(format!("airdrop: {:?}", failed.err)))?;
        Ok(Self {
            svm,
            program_id,
            payer,
        })
    }

    /// The program's address.
    pub fn program_id(&self) -> Address {
        self.program_id
    }

    /// The underlying LiteSVM, e.g. to create accounts.
    pub fn svm(&mut self) -> &mut LiteSVM {
        &mut self.svm
    }

    /// Sends one instruction with `data` and `accounts` to the program, preceded
    /// by the compute-budget instructions of `budget`.
    pub fn invoke(
        &mut self,
        data: &[u8],
        accounts: Vec<AccountMeta>,
        budget: Budget,
    ) -> Result<Invocation, SbfError> {
        let mut instructions = vec![ComputeBudgetInstruction::set_compute_unit_limit(
            budget.compute_unit_limit,
        )];
        if let Some(bytes) = budget.heap_frame_bytes {
            instructions.push(ComputeBudgetInstruction::request_heap_frame(bytes));
        }
        instructions.push(Instruction::new_with_bytes(self.program_id, data, accounts));
        let message = Message::new(&instructions, Some(&self.payer.pubkey()));
        let tx = Transaction::new(&[&self.payer], message, self.svm.latest_blockhash());
        let result = self.svm.send_transaction(tx);
        // A new blockhash lets the same instruction be sent again.
        self.svm.expire_blockhash();
        match result {
            Ok(meta) => Ok(Invocation {
                return_data: meta.return_data.data,
                compute_units: meta.compute_units_consumed,
                logs: meta.logs,
            }),
            Err(failed) => Err(SbfError::Failed {
                error: format!("{:?}", failed.err),
                compute_units: failed.meta.compute_units_consumed,
                logs: failed.meta.logs,
            }),
        }
    }
}
