//! Carrying a signed Ethereum transaction to the program, the same way on every Solana
//! backend: room for large code first (`AllocateAccount`), then the program instruction by
//! the cheapest [`Route`] that fits a packet: one legacy transaction (`ExecuteVerified`, the
//! signature checked by the secp256k1 precompile, when its instruction fits too, else
//! `Execute`), a holder account when the transaction's bytes do not fit, and a v0 transaction
//! over the operator's address lookup tables (created or extended first, then awaited until
//! active) when the accounts do not fit a legacy message. A transaction that would lock more
//! accounts than the cluster allows is refused before anything is sent. The program's receipt
//! (its return data) becomes the [`Outcome`].

use super::lookup_tables::{lookupable, OperatorTables};
use super::route::{self, Route};
use super::{packet, ChainError};
use sealevm_evm::{Address, GrowVec, Log, Outcome, Status};
use sealevm_sdk::client::{self, Touched};
use sealevm_sdk::emulate::Emulated;
use sealevm_sdk::receipt::{self, Receipt, STATUS_HALT, STATUS_SUCCESS};
use sealevm_sdk::SealevmError;
use solana_account::Account;
use solana_address::Address as SolAddress;
use solana_address_lookup_table_interface::instruction as alt;
use solana_instruction::Instruction;
use solana_keypair::Keypair;
use solana_message::AddressLookupTableAccount;
use solana_signer::Signer;

/// How many times a table creation waits for a new slot to derive its address from.
const MAX_SLOT_WAITS: usize = 64;

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
    /// Sends `instructions` (after the compute-budget ones) as a v0 transaction signed by the
    /// operator, its accounts looked up in `tables` where they hold them, waits for it, and
    /// returns the transaction's return data.
    fn send_with_tables(
        &mut self,
        instructions: Vec<Instruction>,
        tables: &[AddressLookupTableAccount],
    ) -> Result<Vec<u8>, SendError>;
    /// Lamports that make an account of `len` bytes rent exempt.
    fn rent_exemption(&mut self, len: usize) -> Result<u64, ChainError>;
    /// Any Solana account (a feature gate, a lookup table), `None` when it does not exist.
    fn solana_account(&mut self, address: &SolAddress) -> Result<Option<Account>, ChainError>;
    /// The operator's lookup tables as this backend knows them.
    fn lookup_tables(&mut self) -> &mut OperatorTables;
    /// A slot the lookup-table program accepts as recent (it is in the SlotHashes sysvar):
    /// a new table's address is derived from it.
    fn recent_slot(&mut self) -> Result<u64, ChainError>;
    /// Returns once addresses that the transactions sent so far added to lookup tables
    /// resolve for the next transaction: a table serves only addresses added before the
    /// resolving bank's slot. The embedded chain advances its slot; a cluster is waited on
    /// until a later slot is finalized (leaders resolve lookups against their root bank).
    fn next_slot(&mut self) -> Result<(), ChainError>;
    /// Called right before the Solana transaction that runs the Ethereum one is sent, after
    /// the preparatory ones (code room, lookup tables, holder writes). The embedded chain
    /// enters the slot of the block being mined here, so NUMBER is the block number.
    fn before_execution(&mut self) -> Result<(), ChainError> {
        Ok(())
    }
}

/// Sends the signed `raw` of `signer` (the address the node recovered) with the accounts
/// `emulated` found, paying gas to `gas_account`, and returns the program's receipt. Refuses,
/// before sending anything, a transaction whose accounts exceed the cluster's lock limit
/// ([`ChainError::TooManyAccounts`]).
///
/// In one packet the signature is checked by the secp256k1 precompile (`ExecuteVerified`,
/// about 25,000 compute units less than the program's `secp256k1_recover` syscall) when the
/// precompile instruction fits too, else by the syscall (`Execute`).
pub fn submit<S: SolanaSender>(
    sender: &mut S,
    raw: &[u8],
    signer: &Address,
    gas_account: &Address,
    emulated: &Emulated,
) -> Result<Receipt, SendError> {
    let operator = sender.operator().pubkey();
    let inline = client::execute(&operator, gas_account, raw, &emulated.touched);
    let from_holder = || {
        client::execute_from_holder(
            &operator,
            &route::HOLDER_PLACEHOLDER,
            gas_account,
            &emulated.touched,
        )
    };
    let choice = route::choose(&inline, from_holder, &operator, sender.lookup_tables())?;
    route::check_lock_limit(choice.accounts, || lock_limit(sender))?;
    // Tables first: if they cannot be made, no code room is paid for in vain.
    let tables = if choice.route.uses_tables() {
        ensure_in_tables(sender, &lookupable(std::slice::from_ref(&inline)))?
    } else {
        Vec::new()
    };
    for (address, code_len) in &emulated.deployed {
        let allocations = client::allocations_for_code(&operator, address, *code_len);
        if !allocations.is_empty() {
            sender.send(allocations, &[])?;
        }
    }
    let data = match choice.route {
        Route::Packet => {
            sender.before_execution()?;
            let verified = client::execute_verified(
                &operator,
                gas_account,
                raw,
                signer,
                &emulated.touched,
                packet::FIRST_INSTRUCTION,
            )
            .map_err(|e| {
                SendError::Backend(ChainError::Backend(format!("ExecuteVerified: {e:?}")))
            })?;
            if packet::fits(&verified, &operator) {
                sender.send(verified.to_vec(), &[])?
            } else {
                sender.send(vec![inline], &[])?
            }
        }
        Route::TablesPacket => {
            sender.before_execution()?;
            sender.send_with_tables(vec![inline], &tables)?
        }
        Route::Holder | Route::TablesHolder => {
            through_holder(sender, raw, gas_account, &emulated.touched, &tables)?
        }
    };
    receipt::decode(&data).ok_or_else(|| {
        SendError::Backend(ChainError::Backend(format!(
            "undecodable receipt {}",
            hex_of(&data)
        )))
    })
}

/// Refuses, like [`submit`] would, a transaction whose `touched` accounts exceed the
/// cluster's lock limit (eth_estimateGas asks before a transaction is signed). Counts the
/// one-packet route's accounts: a transaction large enough to need a holder locks one more.
pub fn check_account_limit<S: SolanaSender>(
    sender: &mut S,
    gas_account: &Address,
    touched: &[Touched],
) -> Result<(), ChainError> {
    let operator = sender.operator().pubkey();
    let inline = client::execute(&operator, gas_account, &[], touched);
    let accounts = packet::account_count(&[inline], &operator);
    route::check_lock_limit(accounts, || lock_limit(sender))
}

/// The cluster's account-lock limit, from its feature gate account.
fn lock_limit<S: SolanaSender>(sender: &mut S) -> Result<usize, ChainError> {
    let feature = sender.solana_account(&route::lock_limit_feature())?;
    Ok(route::lock_limit(feature.as_ref()))
}

/// Makes the operator's lookup tables hold every address of `wanted`: extends the newest
/// table, creates new ones when it is full, waits until the added addresses are active, and
/// returns the tables that hold `wanted`. Each landed step is recorded at once, so a failure
/// half-way leaves the record true to the chain.
fn ensure_in_tables<S: SolanaSender>(
    sender: &mut S,
    wanted: &[SolAddress],
) -> Result<Vec<AddressLookupTableAccount>, SendError> {
    let missing = sender.lookup_tables().missing(wanted);
    if missing.is_empty() {
        return Ok(sender.lookup_tables().covering(wanted));
    }
    let operator = sender.operator().pubkey();
    let placements = sender.lookup_tables().plan(&missing);
    for placement in placements {
        let index = match placement.table {
            Some(index) => index,
            None => create_table(sender, &operator)?,
        };
        let table = sender
            .lookup_tables()
            .table_address(index)
            .ok_or_else(|| ChainError::Backend(format!("lookup table {index} is not recorded")))?;
        let chunk_len = extend_chunk_len(&operator, &table);
        for chunk in placement.addresses.chunks(chunk_len) {
            let extend = alt::extend_lookup_table(table, operator, Some(operator), chunk.to_vec());
            sender.send(vec![extend], &[])?;
            sender.lookup_tables().extended(index, chunk);
        }
        tracing::info!(%table, added = placement.addresses.len(), "extended a lookup table");
    }
    sender.next_slot()?;
    Ok(sender.lookup_tables().covering(wanted))
}

/// Creates a lookup table owned and paid by `operator` and records it; returns its index.
fn create_table<S: SolanaSender>(
    sender: &mut S,
    operator: &SolAddress,
) -> Result<usize, SendError> {
    let mut slot = sender.recent_slot()?;
    let mut waits = 0;
    // A table's address comes from (authority, slot): one table per slot.
    while sender.lookup_tables().last_created_slot() == Some(slot) {
        if waits == MAX_SLOT_WAITS {
            return Err(ChainError::Backend(format!(
                "no slot after {slot} to create a lookup table from"
            ))
            .into());
        }
        waits += 1;
        sender.next_slot()?;
        slot = sender.recent_slot()?;
    }
    let (create, table) = alt::create_lookup_table(*operator, *operator, slot);
    sender.send(vec![create], &[])?;
    tracing::info!(%table, slot, "created a lookup table");
    Ok(sender.lookup_tables().created(table, slot))
}

/// How many addresses one `ExtendLookupTable` to `table` carries in a packet.
fn extend_chunk_len(operator: &SolAddress, table: &SolAddress) -> usize {
    let with = |n: usize| {
        let addresses = vec![SolAddress::new_from_array([0xEE; 32]); n];
        alt::extend_lookup_table(*table, *operator, Some(*operator), addresses)
    };
    let empty = packet::size_of(&[with(0)], operator);
    let mut n = packet::PACKET.saturating_sub(empty) / 32;
    while n > 1 && !packet::fits(&[with(n)], operator) {
        n -= 1;
    }
    n.max(1)
}

/// Creates a holder for `raw`, executes from it (over `tables` when there are any) and
/// closes it, returning its rent to the operator whatever happened.
fn through_holder<S: SolanaSender>(
    sender: &mut S,
    raw: &[u8],
    gas_account: &Address,
    touched: &[Touched],
    tables: &[AddressLookupTableAccount],
) -> Result<Vec<u8>, SendError> {
    let operator = sender.operator().pubkey();
    let holder = Keypair::new();
    let rent = sender.rent_exemption(sealevm_sdk::state::Holder::LEN + raw.len())?;
    let create = client::holder_create(&operator, &holder.pubkey(), raw.len(), rent);
    sender.send(create.to_vec(), &[&holder])?;
    let result = execute_from_holder(sender, &holder.pubkey(), raw, gas_account, touched, tables);
    let closed = sender.send(vec![client::holder_close(&operator, &holder.pubkey())], &[]);
    let data = result?;
    closed?;
    Ok(data)
}

/// Writes `raw` into the bound `holder` chunk by chunk and runs `ExecuteFromHolder`, as a v0
/// transaction over `tables` when there are any.
fn execute_from_holder<S: SolanaSender>(
    sender: &mut S,
    holder: &SolAddress,
    raw: &[u8],
    gas_account: &Address,
    touched: &[Touched],
    tables: &[AddressLookupTableAccount],
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
    let ix = client::execute_from_holder(&operator, holder, gas_account, touched);
    sender.before_execution()?;
    if tables.is_empty() {
        sender.send(vec![ix], &[])
    } else {
        sender.send_with_tables(vec![ix], tables)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extend_carries_as_many_addresses_as_fit_a_packet() {
        let operator = Keypair::new().pubkey();
        let table = SolAddress::new_from_array([4; 32]);
        let n = extend_chunk_len(&operator, &table);
        let extend = |n: usize| {
            let addresses = vec![SolAddress::new_from_array([5; 32]); n];
            alt::extend_lookup_table(table, operator, Some(operator), addresses)
        };
        assert!(packet::fits(&[extend(n)], &operator));
        assert!(!packet::fits(&[extend(n + 1)], &operator));
        assert!(n > 20, "{n}");
        eprintln!("{n} addresses per ExtendLookupTable");
    }
}
