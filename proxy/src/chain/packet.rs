//! What every Solana transaction the node sends looks like: the compute-budget instructions
//! in front, and the 1,232-byte packet it must fit. Shared by the embedded and remote chains.

use solana_address::Address as SolAddress;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_instruction::Instruction;
use solana_message::Message;

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
    let message = message(instructions, payer);
    1 + 64 * usize::from(message.header.num_required_signatures) + message.serialize().len()
}

/// Whether `instructions` fit one packet.
pub fn fits(instructions: &[Instruction], payer: &SolAddress) -> bool {
    size_of(instructions, payer) <= PACKET
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
