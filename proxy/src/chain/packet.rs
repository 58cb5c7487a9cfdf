//! What every Solana transaction the node sends looks like: the compute-budget instructions
//! in front, and the 1,232-byte packet it must fit, as a legacy message or as a v0 message
//! whose accounts resolve through address lookup tables. Shared by the embedded and remote
//! chains.
//!
//! The compute-budget requests are the same for every route: the most compute units and the
//! largest heap frame a transaction may ask for, since the EVM's cost is only known by running
//! it. On a cluster the node then runs the message (simulateTransaction) and lowers the unit
//! limit to what it consumed plus a margin ([`fitted_unit_limit`]): the leader's scheduler
//! reserves a transaction's requested units in the block's and each written account's limits,
//! so asking for 1.4M units to spend 30,000 would cost other transactions room. Lookup tables
//! change neither: their accounts are still loaded and locked, and a table's own data (56
//! bytes plus 32 per address, at most 8 KiB) stays far below the loaded-accounts-data limit.

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

/// The unit limit for a transaction that consumed `consumed` units in simulation: a quarter
/// more and 5,000 units besides, for state that moves before it lands (a storage slot that
/// became non-zero, a longer loop), at most [`COMPUTE_UNIT_LIMIT`].
pub fn fitted_unit_limit(consumed: u64) -> u32 {
    let margin = consumed / 4 + 5_000;
    let fitted = consumed.saturating_add(margin);
    u32::try_from(fitted).map_or(COMPUTE_UNIT_LIMIT, |units| units.min(COMPUTE_UNIT_LIMIT))
}

/// Rewrites the unit limit of `message`'s compute-budget instruction (see [`with_budget`]) to
/// `units`; `false` when the message has none.
pub fn set_unit_limit(message: &mut VersionedMessage, units: u32) -> bool {
    let budget_program = solana_compute_budget_interface::ID;
    let keys = message.static_account_keys().to_vec();
    let instructions = match message {
        VersionedMessage::Legacy(m) => &mut m.instructions,
        VersionedMessage::V0(m) => &mut m.instructions,
        // The node builds no v1 messages (they carry the budget outside the instructions).
        VersionedMessage::V1(_) => return false,
    };
    let wanted = ComputeBudgetInstruction::set_compute_unit_limit(units).data;
    for ix in instructions {
        let is_budget = keys.get(usize::from(ix.program_id_index)) == Some(&budget_program);
        if is_budget && ix.data.first() == wanted.first() && ix.data.len() == wanted.len() {
            ix.data = wanted;
            return true;
        }
    }
    false
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
    fn unit_limits_fit_with_a_margin_and_are_rewritten_in_place() {
        assert_eq!(fitted_unit_limit(40_000), 55_000);
        assert_eq!(fitted_unit_limit(1_300_000), COMPUTE_UNIT_LIMIT);
        let payer = SolAddress::new_unique();
        let marker = Instruction::new_with_bytes(SolAddress::new_unique(), &[7], Vec::new());
        let mut message = VersionedMessage::Legacy(message(std::slice::from_ref(&marker), &payer));
        assert!(set_unit_limit(&mut message, 55_000));
        let limit = ComputeBudgetInstruction::set_compute_unit_limit(55_000).data;
        assert!(message.instructions().iter().any(|ix| ix.data == limit));
        let other = ComputeBudgetInstruction::set_compute_unit_limit(COMPUTE_UNIT_LIMIT).data;
        assert!(!message.instructions().iter().any(|ix| ix.data == other));
    }

    #[test]
    fn first_instruction_follows_the_budget() {
        let marker = Instruction::new_with_bytes(SolAddress::new_unique(), &[7], Vec::new());
        let all = with_budget(std::slice::from_ref(&marker));
        assert_eq!(all[usize::from(FIRST_INSTRUCTION)], marker);
    }
}
