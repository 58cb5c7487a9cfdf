//! Cross-program invocations of the system program: creating PDAs and moving lamports.

use crate::syscalls;
use pinocchio::cpi::{invoke, invoke_signed, Seed, Signer};
use pinocchio::error::ProgramError;
use pinocchio::instruction::{InstructionAccount, InstructionView};
use pinocchio::{AccountView, Address, ProgramResult};

/// The system program id.
const SYSTEM_PROGRAM: Address = Address::new_from_array(sealevm_sdk::id::SYSTEM_PROGRAM_ID);

/// System instruction indices (u32 LE in the instruction data).
const CREATE_ACCOUNT: u32 = 0;
const ASSIGN: u32 = 1;
const TRANSFER: u32 = 2;
const ALLOCATE: u32 = 8;

/// Moves `lamports` from the signer `from` to `to`.
pub fn transfer(from: &AccountView, to: &AccountView, lamports: u64) -> ProgramResult {
    let mut data = [0u8; 12];
    data[..4].copy_from_slice(&TRANSFER.to_le_bytes());
    data[4..].copy_from_slice(&lamports.to_le_bytes());
    let metas = [
        InstructionAccount::writable_signer(from.address()),
        InstructionAccount::writable(to.address()),
    ];
    let ix = InstructionView {
        program_id: &SYSTEM_PROGRAM,
        data: &data,
        accounts: &metas,
    };
    invoke(&ix, &[from, to])
}

/// An account to create at a PDA.
pub struct NewPda<'a> {
    /// The PDA's signer seeds, bump included.
    pub seeds: &'a [&'a [u8]],
    /// Data length.
    pub space: usize,
    /// The owner (this program).
    pub owner: &'a Address,
}

/// Creates the PDA `target` described by `new`, rent paid by `payer`. Works when someone
/// already sent lamports to the address (then: top up, allocate, assign). Returns the
/// account's rent-exempt minimum, which the transaction's sender is charged.
///
/// (Arguments are bundled: the upstream BPF backend passes at most five in registers and
/// cannot pass more on the stack.)
pub fn create_pda(
    payer: &AccountView,
    target: &AccountView,
    new: &NewPda<'_>,
) -> Result<u64, ProgramError> {
    let NewPda {
        seeds,
        space,
        owner,
    } = *new;
    let rent = syscalls::rent_exempt_minimum(space)?;
    let mut seed_buf: [Seed; 4] = [
        Seed::from(&[][..]),
        Seed::from(&[][..]),
        Seed::from(&[][..]),
        Seed::from(&[][..]),
    ];
    if seeds.len() > seed_buf.len() {
        return Err(ProgramError::InvalidSeeds);
    }
    for (slot, seed) in seed_buf.iter_mut().zip(seeds) {
        *slot = Seed::from(*seed);
    }
    let signer = [Signer::from(&seed_buf[..seeds.len()])];
    let current = target.lamports();
    if current == 0 {
        let mut data = [0u8; 52];
        data[..4].copy_from_slice(&CREATE_ACCOUNT.to_le_bytes());
        data[4..12].copy_from_slice(&rent.to_le_bytes());
        data[12..20].copy_from_slice(&(space as u64).to_le_bytes());
        data[20..].copy_from_slice(owner.as_ref());
        let metas = [
            InstructionAccount::writable_signer(payer.address()),
            InstructionAccount::writable_signer(target.address()),
        ];
        let ix = InstructionView {
            program_id: &SYSTEM_PROGRAM,
            data: &data,
            accounts: &metas,
        };
        invoke_signed(&ix, &[payer, target], &signer)?;
        return Ok(rent);
    }
    if current < rent {
        transfer(payer, target, rent - current)?;
    }
    let mut data = [0u8; 12];
    data[..4].copy_from_slice(&ALLOCATE.to_le_bytes());
    data[4..].copy_from_slice(&(space as u64).to_le_bytes());
    let metas = [InstructionAccount::writable_signer(target.address())];
    let ix = InstructionView {
        program_id: &SYSTEM_PROGRAM,
        data: &data,
        accounts: &metas,
    };
    invoke_signed(&ix, &[target], &signer)?;
    let mut data = [0u8; 36];
    data[..4].copy_from_slice(&ASSIGN.to_le_bytes());
    data[4..].copy_from_slice(owner.as_ref());
    let ix = InstructionView {
        program_id: &SYSTEM_PROGRAM,
        data: &data,
        accounts: &metas,
    };
    invoke_signed(&ix, &[target], &signer)?;
    Ok(rent)
}

/// Tops `target` up (from the signer `payer`) to the rent exemption of `space` bytes.
pub fn top_up(payer: &AccountView, target: &AccountView, space: usize) -> ProgramResult {
    let rent = syscalls::rent_exempt_minimum(space)?;
    let current = target.lamports();
    if current < rent {
        transfer(payer, target, rent - current)?;
    }
    Ok(())
}
