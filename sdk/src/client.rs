//! Native client helpers (feature `client`): PDA derivation and instruction builders in the
//! account order documented on [`crate::SealevmInstruction`].

use crate::error::SealevmError;
use crate::id::{
    ACCOUNT_SEED, CONFIG_SEED, INSTRUCTIONS_SYSVAR_ID, PROGRAM_ID, SECP256K1_PROGRAM_ID,
    STORAGE_SEED, SYSTEM_PROGRAM_ID, VAULT_SEED,
};
use crate::instruction::SealevmInstruction;
use crate::state::{AccountHeader, Holder};
use alloc::vec;
use alloc::vec::Vec;
use sealevm_primitives::{Address as EthAddress, U256};
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

/// How much one instruction may grow an account (Solana's `MAX_PERMITTED_DATA_INCREASE`).
pub const MAX_PERMITTED_DATA_INCREASE: usize = 10 * 1024;

/// The program id as a Solana address.
pub fn program_id() -> Address {
    Address::new_from_array(PROGRAM_ID)
}

/// The system program id.
pub fn system_program_id() -> Address {
    Address::new_from_array(SYSTEM_PROGRAM_ID)
}

/// The secp256k1 precompile's program id.
pub fn secp256k1_program_id() -> Address {
    Address::new_from_array(SECP256K1_PROGRAM_ID)
}

/// The Instructions sysvar's address.
pub fn instructions_sysvar_id() -> Address {
    Address::new_from_array(INSTRUCTIONS_SYSVAR_ID)
}

/// The config PDA and its bump.
pub fn config_address() -> (Address, u8) {
    Address::find_program_address(&[CONFIG_SEED], &program_id())
}

/// The vault PDA and its bump.
pub fn vault_address() -> (Address, u8) {
    Address::find_program_address(&[VAULT_SEED], &program_id())
}

/// The EVM account PDA of `address` and its bump.
/// Memoized per process (see `pda_cache`).
pub fn account_address(address: &EthAddress) -> (Address, u8) {
    crate::pda_cache::account(address.0, || {
        Address::find_program_address(&[ACCOUNT_SEED, address.as_bytes()], &program_id())
    })
}

/// The storage slot PDA of (`address`, `key`) and its bump.
/// Memoized per process (see `pda_cache`).
pub fn storage_address(address: &EthAddress, key: &U256) -> (Address, u8) {
    let key = key.to_be_bytes();
    crate::pda_cache::slot(address.0, key, || {
        Address::find_program_address(&[STORAGE_SEED, address.as_bytes(), &key], &program_id())
    })
}

/// `Initialize { chain_id }` paid by `payer`.
pub fn initialize(payer: &Address, chain_id: u64) -> Instruction {
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::Initialize { chain_id }.pack(),
        vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(config_address().0, false),
            AccountMeta::new(vault_address().0, false),
            AccountMeta::new_readonly(system_program_id(), false),
        ],
    )
}

/// `Deposit { address, lamports }` from `depositor`.
pub fn deposit(depositor: &Address, address: &EthAddress, lamports: u64) -> Instruction {
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::Deposit {
            address: *address,
            lamports,
        }
        .pack(),
        vec![
            AccountMeta::new(*depositor, true),
            AccountMeta::new(vault_address().0, false),
            AccountMeta::new(account_address(address).0, false),
            AccountMeta::new_readonly(system_program_id(), false),
        ],
    )
}

/// One account the EVM may touch during `Execute`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Touched {
    /// An EVM account, written or only read.
    Account(EthAddress, bool),
    /// A storage slot, written or only read.
    Storage(EthAddress, U256, bool),
}

/// `Execute { tx }` submitted by `operator`, paying gas to the EVM account of `gas_account`,
/// with the EVM accounts and storage slots in `touched` appended.
pub fn execute(
    operator: &Address,
    gas_account: &EthAddress,
    raw_tx: &[u8],
    touched: &[Touched],
) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new(*operator, true),
        AccountMeta::new_readonly(config_address().0, false),
        AccountMeta::new_readonly(system_program_id(), false),
        AccountMeta::new(account_address(gas_account).0, false),
    ];
    for t in touched {
        let (key, writable) = match t {
            Touched::Account(a, w) => (account_address(a).0, *w),
            Touched::Storage(a, k, w) => (storage_address(a, k).0, *w),
        };
        accounts.push(if writable {
            AccountMeta::new(key, false)
        } else {
            AccountMeta::new_readonly(key, false)
        });
    }
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::Execute { tx: raw_tx }.pack(),
        accounts,
    )
}

/// The system program's `CreateAccount` of a holder with `capacity` payload bytes, funded with
/// `lamports` (its rent exemption) by `operator`, then `HolderCreate`. Both `operator` and
/// `holder` sign the Solana transaction.
pub fn holder_create(
    operator: &Address,
    holder: &Address,
    capacity: usize,
    lamports: u64,
) -> [Instruction; 2] {
    let space = (Holder::LEN + capacity) as u64;
    let mut data = vec![0u8; 52];
    // SystemInstruction::CreateAccount = 0 (u32 LE), lamports, space, owner.
    data[4..12].copy_from_slice(&lamports.to_le_bytes());
    data[12..20].copy_from_slice(&space.to_le_bytes());
    data[20..].copy_from_slice(&PROGRAM_ID);
    let create = Instruction::new_with_bytes(
        system_program_id(),
        &data,
        vec![
            AccountMeta::new(*operator, true),
            AccountMeta::new(*holder, true),
        ],
    );
    let bind = Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::HolderCreate.pack(),
        vec![
            AccountMeta::new_readonly(*operator, true),
            AccountMeta::new(*holder, true),
        ],
    );
    [create, bind]
}

/// `HolderWrite { offset, chunk }`.
pub fn holder_write(
    operator: &Address,
    holder: &Address,
    offset: u32,
    chunk: &[u8],
) -> Instruction {
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::HolderWrite { offset, chunk }.pack(),
        vec![
            AccountMeta::new_readonly(*operator, true),
            AccountMeta::new(*holder, false),
        ],
    )
}

/// `ExecuteFromHolder`: like [`execute`], with the transaction read from `holder`.
pub fn execute_from_holder(
    operator: &Address,
    holder: &Address,
    gas_account: &EthAddress,
    touched: &[Touched],
) -> Instruction {
    let mut ix = execute(operator, gas_account, &[], touched);
    ix.data = SealevmInstruction::ExecuteFromHolder.pack();
    ix.accounts
        .insert(0, AccountMeta::new_readonly(*holder, false));
    ix
}

/// `HolderClose`: the holder's lamports back to `operator`.
pub fn holder_close(operator: &Address, holder: &Address) -> Instruction {
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::HolderClose.pack(),
        vec![
            AccountMeta::new(*operator, true),
            AccountMeta::new(*holder, false),
        ],
    )
}

/// `AllocateAccount { address, space }` paid by `operator`.
pub fn allocate_account(operator: &Address, address: &EthAddress, space: u32) -> Instruction {
    Instruction::new_with_bytes(
        program_id(),
        &SealevmInstruction::AllocateAccount {
            address: *address,
            space,
        }
        .pack(),
        vec![
            AccountMeta::new(*operator, true),
            AccountMeta::new(account_address(address).0, false),
            AccountMeta::new_readonly(system_program_id(), false),
        ],
    )
}

/// The `AllocateAccount` instructions that give the EVM account of `address` room for
/// `code_len` bytes of code (one per 10 KiB of growth; put them in one Solana transaction
/// before the deployment). Empty when the deployment itself can create the account.
pub fn allocations_for_code(
    operator: &Address,
    address: &EthAddress,
    code_len: usize,
) -> Vec<Instruction> {
    let space = AccountHeader::data_len(code_len);
    if space <= MAX_PERMITTED_DATA_INCREASE {
        return Vec::new();
    }
    (0..space.div_ceil(MAX_PERMITTED_DATA_INCREASE))
        .map(|_| allocate_account(operator, address, space as u32))
        .collect()
}

/// `Withdraw { tx }`: the signed withdrawal `raw_tx` of `sender`, paying `destination`.
pub fn withdraw(
    operator: &Address,
    gas_account: &EthAddress,
    raw_tx: &[u8],
    sender: &EthAddress,
    destination: &Address,
) -> Instruction {
    let mut ix = execute(
        operator,
        gas_account,
        raw_tx,
        &[Touched::Account(*sender, true)],
    );
    ix.data = SealevmInstruction::Withdraw { tx: raw_tx }.pack();
    ix.accounts
        .insert(3, AccountMeta::new(vault_address().0, false));
    ix.accounts.insert(4, AccountMeta::new(*destination, false));
    ix
}

/// The secp256k1 precompile instruction verifying that `sender` signed `raw_tx`, to be placed
/// at position `own_index` of the Solana transaction: signature, recovery id, address and the
/// signing preimage ([`crate::tx::signing_preimage`]) all inside it.
pub fn secp256k1_verify(
    raw_tx: &[u8],
    sender: &EthAddress,
    own_index: u8,
) -> Result<Instruction, SealevmError> {
    let signed = crate::tx::decode(raw_tx)?;
    let preimage = crate::tx::signing_preimage(raw_tx)?;
    let data = crate::secp256k1::instruction_data(
        &signed.signature,
        signed.recovery_id,
        &sender.0,
        &preimage,
        own_index,
    )?;
    Ok(Instruction::new_with_bytes(
        secp256k1_program_id(),
        &data,
        Vec::new(),
    ))
}

/// The cheaper route of [`execute`]: the secp256k1 precompile instruction verifying that
/// `sender` signed `raw_tx`, then `ExecuteVerified` pointing at it. Put the two in this order
/// in one Solana transaction with the precompile at position `precompile_index` (after the
/// compute-budget instructions, say: with three of them, index 3). `sender` is the address the
/// client recovered; a wrong one fails the precompile and so the whole Solana transaction.
/// The signing preimage travels in the precompile instruction (the transaction grows by about
/// its size plus 160 bytes), so this suits transactions that fit one packet; holders keep the
/// syscall route.
pub fn execute_verified(
    operator: &Address,
    gas_account: &EthAddress,
    raw_tx: &[u8],
    sender: &EthAddress,
    touched: &[Touched],
    precompile_index: u8,
) -> Result<[Instruction; 2], SealevmError> {
    let verify = secp256k1_verify(raw_tx, sender, precompile_index)?;
    let mut ix = execute(operator, gas_account, raw_tx, touched);
    ix.data = SealevmInstruction::ExecuteVerified {
        precompile_index,
        tx: raw_tx,
    }
    .pack();
    ix.accounts.insert(
        0,
        AccountMeta::new_readonly(instructions_sysvar_id(), false),
    );
    Ok([verify, ix])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_their_base58() {
        let parse = |s: &str| s.parse::<Address>().expect("base58");
        assert_eq!(
            secp256k1_program_id(),
            parse("KeccakSecp256k11111111111111111111111111111")
        );
        assert_eq!(
            instructions_sysvar_id(),
            parse("Sysvar1nstructions1111111111111111111111111")
        );
        assert_eq!(program_id(), parse(crate::id::PROGRAM_ID_BASE58));
    }
}
