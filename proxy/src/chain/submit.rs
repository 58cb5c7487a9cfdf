//! Carrying a signed Ethereum transaction to the program, the same way on every Solana
//! backend: room for large code first (`AllocateAccount`), then `ExecuteVerified` (or
//! `Execute`) in one packet or, when it does not fit, through a holder account; the program's
//! receipt (its return data) becomes the [`Outcome`].

use super::{packet, ChainError};
use sealevm_evm::{Address, GrowVec, Log, Outcome, Status};
use sealevm_sdk::client;
use sealevm_sdk::emulate::Emulated;
use sealevm_sdk::receipt::{self, Receipt, STATUS_HALT, STATUS_SUCCESS};
use sealevm_sdk::SealevmError;
use solana_address::Address as SolAddress;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Why a Solana transaction was not executed.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The transaction ran and failed (or failed its preflight simulation).
    #[error("Solana transaction failed: {detail}")]
    Failed {
        /// The program's `Custom` code when the failure was one.
        code: Option<u32>,
        /// The error and the logs, printed.
        detail: String,
    },
    /// The backend could not send it or learn its fate.
    #[error(transparent)]
    Backend(#[from] ChainError),
}

impl SendError {
    /// The transaction needed an account or slot it did not declare (`UndeclaredAccount`,
    /// `UndeclaredStorage`): state moved since the emulation, which should be run again.
    pub fn is_undeclared(&self) -> bool {
        matches!(self, SendError::Failed { code: Some(c), .. }
            if *c == SealevmError::UndeclaredAccount as u32
                || *c == SealevmError::UndeclaredStorage as u32)
    }
}

impl From<SendError> for ChainError {
    fn from(e: SendError) -> Self {
        match e {
            SendError::Backend(e) => e,
            SendError::Failed { code: Some(c), .. }
                if c == SealevmError::InsufficientFundsForRent as u32 =>
            {
                ChainError::InsufficientFundsForRent
            }
            failed => ChainError::Backend(failed.to_string()),
        }
    }
}

/// A Solana backend that signs with the operator and sends.
pub trait SolanaSender {
    /// The operator: fee payer, signer of every instruction.
    fn operator(&self) -> &Keypair;
    /// Sends `instructions` (after the compute-budget ones) signed by the operator and
    /// `signers`, waits for it, and returns the transaction's return data.
    fn send(
        &mut self,
        instructions: Vec<Instruction>,
        signers: &[&Keypair],
    ) -> Result<Vec<u8>, SendError>;
    /// Lamports that make an account of `len` bytes rent exempt.
    fn rent_exemption(&mut self, len: usize) -> Result<u64, ChainError>;
}

/// Sends the signed `raw` of `signer` (the address the node recovered) with the accounts
/// `emulated` found, paying gas to `gas_account`, and returns the program's receipt.
///
/// In one packet the signature is checked by the secp256k1 precompile (`ExecuteVerified`,
/// about 25,000 compute units less than the program's `secp256k1_recover` syscall) when the
/// precompile instruction fits too, else by the syscall (`Execute`); a transaction that does
/// not fit goes through a holder account.
pub fn submit<S: SolanaSender>(
    sender: &mut S,
    raw: &[u8],
    signer: &Address,
    gas_account: &Address,
    emulated: &Emulated,
) -> Result<Receipt, SendError> {
    let operator = sender.operator().pubkey();
    for (address, code_len) in &emulated.deployed {
        let allocations = client::allocations_for_code(&operator, address, *code_len);
        if !allocations.is_empty() {
            sender.send(allocations, &[])?;
        }
    }
    let verified = client::execute_verified(
        &operator,
        gas_account,
        raw,
        signer,
        &emulated.touched,
        packet::FIRST_INSTRUCTION,
    )
    .map_err(|e| SendError::Backend(ChainError::Backend(format!("ExecuteVerified: {e:?}"))))?;
    let ix = client::execute(&operator, gas_account, raw, &emulated.touched);
    let data = if packet::fits(&verified, &operator) {
        sender.send(verified.to_vec(), &[])?
    } else if packet::fits(std::slice::from_ref(&ix), &operator) {
        sender.send(vec![ix], &[])?
    } else {
        let holder = Keypair::new();
        let rent = sender.rent_exemption(sealevm_sdk::state::Holder::LEN + raw.len())?;
        let create = client::holder_create(&operator, &holder.pubkey(), raw.len(), rent);
        sender.send(create.to_vec(), &[&holder])?;
        let result = execute_from_holder(sender, &holder.pubkey(), raw, gas_account, emulated);
        // The holder's rent goes back to the operator whatever happened.
        let closed = sender.send(vec![client::holder_close(&operator, &holder.pubkey())], &[]);
        let data = result?;
        closed?;
        data
    };
    receipt::decode(&data).ok_or_else(|| {
        SendError::Backend(ChainError::Backend(format!(
            "undecodable receipt {}",
            hex_of(&data)
        )))
    })
}

/// Writes `raw` into the bound `holder` chunk by chunk and runs `ExecuteFromHolder`.
fn execute_from_holder<S: SolanaSender>(
    sender: &mut S,
    holder: &SolAddress,
    raw: &[u8],
    gas_account: &Address,
    emulated: &Emulated,
) -> Result<Vec<u8>, SendError> {
    let operator = sender.operator().pubkey();
    let chunk_len = packet::holder_chunk_len(&operator, holder);
    for (i, chunk) in raw.chunks(chunk_len).enumerate() {
        let offset = i
            .checked_mul(chunk_len)
            .and_then(|o| u32::try_from(o).ok())
            .ok_or_else(|| ChainError::Backend("transaction too large for a holder".into()))?;
        let ix = client::holder_write(&operator, holder, offset, chunk);
        sender.send(vec![ix], &[])?;
    }
    let ix = client::execute_from_holder(&operator, holder, gas_account, &emulated.touched);
    sender.send(vec![ix], &[])
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The program's receipt as an [`Outcome`]; fields the receipt leaves out (the halt reason's
/// type, truncated logs) come from the emulation of the same transaction.
pub fn outcome_of(receipt: Receipt, emulated: Outcome) -> Outcome {
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
