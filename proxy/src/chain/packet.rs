//! What every Solana transaction the node sends looks like: the compute-budget instructions
//! in front, and the 1,232-byte packet it must fit, as a legacy message or as a v0 message
//! whose accounts resolve through address lookup tables. Shared by the embedded and remote
//! chains.
//!
//! The compute-budget requests are the same for every route: the most compute units and the
//! largest heap frame a transaction may ask for, since the EVM's cost is only known by running
//! it. Lookup tables change neither: their accounts are still loaded and locked, and a table's
//! own data (56 bytes plus 32 per address, at most 8 KiB) stays far below the
//! loaded-accounts-data limit.

use solana_address::Address as SolAddress;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction::Instruction;
use solana_message::{v0, AddressLookupTableAccount, CompileError, Message, VersionedMessage};

/// Largest serialized Solana transaction.
pub const PACKET: usize = 1232;
/// Compute units requested by every transaction.
pub const COMPUTE_UNIT_LIMIT: u32 = 1_400_000;
/// Heap frame requested by every transaction.
pub const HEAP_FRAME: u32 = 256 * 1024;
/// Loaded-accounts-data limit requested by every transaction (the program is ~380 KB).
pub const LOADED_DATA_LIMIT: u32 = 1024 * 1024;

/// Position of the first instruction given to [`with_budget`] in the transaction (after the
/// compute-budget ones): `ExecuteVerified` names its precompile instruction by position.
pub const FIRST_INSTRUCTION: u8 = 3;

/// `instructions` after the compute-budget ones (unit limit, heap frame, loaded data).
pub fn with_budget(instructions: &[Instruction]) -> Vec<Instruction> {
    let budget = [
        ComputeBudgetInstruction::set_compute_unit_limit(COMPUTE_UNIT_LIMIT),
        ComputeBudgetInstruction::request_heap_frame(HEAP_FRAME),
        ComputeBudgetInstruction::set_loaded_accounts_data_size_limit(LOADED_DATA_LIMIT),
    ];
    let mut all = Vec::with_capacity(budget.len() + instructions.len());
    all.extend(budget);
    all.extend_from_slice(instructions);
    all
}

/// The message of `instructions` (after the compute-budget ones) paid by `payer`.
pub fn message(instructions: &[Instruction], payer: &SolAddress) -> Message {
    Message::new(&with_budget(instructions), Some(payer))
}

/// Serialized size of the signed transaction of `instructions` paid by `payer`.
pub fn size_of(instructions: &[Instruction], payer: &SolAddress) -> usize {
    measure(instructions, payer).size
}

/// Whether `instructions` fit one packet.
pub fn fits(instructions: &[Instruction], payer: &SolAddress) -> bool {
    size_of(instructions, payer) <= PACKET
}

/// The v0 message of `instructions` (after the compute-budget ones) paid by `payer`, its
/// accounts looked up in `tables` wherever a table holds them (the blockhash is set when it is
/// signed).
pub fn v0_message(
    instructions: &[Instruction],
    payer: &SolAddress,
    tables: &[AddressLookupTableAccount],
) -> Result<VersionedMessage, CompileError> {
    v0::Message::try_compile(
        payer,
        &with_budget(instructions),
        tables,
        Default::default(),
    )
    .map(VersionedMessage::V0)
}

/// Serialized size of the signed v0 transaction of `instructions` paid by `payer` over
/// `tables`.
pub fn size_of_v0(
    instructions: &[Instruction],
    payer: &SolAddress,
    tables: &[AddressLookupTableAccount],
) -> Result<usize, CompileError> {
    let message = v0_message(instructions, payer, tables)?;
    let signatures = usize::from(message.header().num_required_signatures);
    Ok(1 + 64 * signatures + message.serialize().len())
}

/// How many accounts the Solana transaction of `instructions` paid by `payer` locks: every
/// distinct key (payer, programs, instruction accounts), whether the message carries it or a
/// lookup table does.
pub fn account_count(instructions: &[Instruction], payer: &SolAddress) -> usize {
    measure(instructions, payer).accounts
}

/// A legacy transaction's serialized size and the accounts it locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measure {
    /// Serialized size of the signed transaction.
    pub size: usize,
    /// Distinct account keys.
    pub accounts: usize,
}

/// [`size_of`] and [`account_count`] from one compiled message (every transaction the node
/// sends is measured, so once is cheaper than twice).
pub fn measure(instructions: &[Instruction], payer: &SolAddress) -> Measure {
    let message = message(instructions, payer);
    Measure {
        size: 1
            + 64 * usize::from(message.header.num_required_signatures)
            + message.serialize().len(),
        accounts: message.account_keys.len(),
    }
}

/// Bytes of transaction payload a `HolderWrite` can carry in one packet.
pub fn holder_chunk_len(operator: &SolAddress, holder: &SolAddress) -> usize {
    let empty = sealevm_sdk::client::holder_write(operator, holder, 0, &[]);
    // 8 bytes spare for the chunk's length prefix growing.
    PACKET.saturating_sub(size_of(&[empty], operator) + 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_instruction_follows_the_budget() {
        let marker = Instruction::new_with_bytes(SolAddress::new_unique(), &[7], Vec::new());
        let all = with_budget(std::slice::from_ref(&marker));
        assert_eq!(all[usize::from(FIRST_INSTRUCTION)], marker);
    }
}
