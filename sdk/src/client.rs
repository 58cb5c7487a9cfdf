//! Native client helpers (feature `client`): PDA derivation and instruction builders in the
//! account order documented on [`crate::SealevmInstruction`].

use crate::id::{
    ACCOUNT_SEED, CONFIG_SEED, PROGRAM_ID, STORAGE_SEED, SYSTEM_PROGRAM_ID, VAULT_SEED,
};
use crate::instruction::SealevmInstruction;
use alloc::vec;
use sealevm_primitives::{Address as EthAddress, U256};
use solana_address::Address;
use solana_instruction::{AccountMeta, Instruction};

/// The program id as a Solana address.
pub fn program_id() -> Address {
    Address::new_from_array(PROGRAM_ID)
}

/// The system program id.
pub fn system_program_id() -> Address {
    Address::new_from_array(SYSTEM_PROGRAM_ID)
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
pub fn account_address(address: &EthAddress) -> (Address, u8) {
    Address::find_program_address(&[ACCOUNT_SEED, address.as_bytes()], &program_id())
}

/// The storage slot PDA of (`address`, `key`) and its bump.
pub fn storage_address(address: &EthAddress, key: &U256) -> (Address, u8) {
    let key = key.to_be_bytes();
    Address::find_program_address(&[STORAGE_SEED, address.as_bytes(), &key], &program_id())
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
