//! On-chain part of the probe: entrypoint, allocator, panic handler and the instruction
//! processor. Compiled only for `target_os = "solana"`.

use crate::codec::{self, Request};
use alloc::vec::Vec;
use pinocchio::error::ProgramError;
use pinocchio::{syscalls, AccountView, Address, ProgramResult};
use sealevm_evm::ExecError;

pinocchio::program_entrypoint!(process_instruction);
// A bump allocator over the whole 256 KiB heap region; the runtime enforces the heap frame the
// transaction actually requested.
pinocchio::default_allocator!();
pinocchio::nostd_panic_handler!();

/// Custom error: the instruction data is malformed.
const ERR_BAD_INSTRUCTION: u32 = 1;
/// Custom error: the EVM rejected the transaction as invalid.
const ERR_INVALID_TX: u32 = 2;
/// Custom error: the in-memory state could not answer (should not happen).
const ERR_STATE_UNAVAILABLE: u32 = 3;

fn process_instruction(
    _program_id: &Address,
    _accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    match codec::decode_request(data) {
        Some(Request::Keccak(bytes)) => {
            keccak_on_heap(bytes);
            Ok(())
        }
        Some(request @ Request::Run { .. }) => run(&request),
        None => Err(ProgramError::Custom(ERR_BAD_INSTRUCTION)),
    }
}

/// Runs the EVM for a [`Request::Run`] and returns the encoded result as return data.
///
/// Kept out of line so the interpreter's stack use does not add up with the entrypoint's in
/// one 4 KiB frame; it takes the request by reference because an out-of-line function may
/// have at most five scalar arguments on this toolchain (a slice counts two).
#[inline(never)]
fn run(request: &Request<'_>) -> ProgramResult {
    let Request::Run {
        gas_limit,
        code,
        calldata,
    } = *request
    else {
        return Err(ProgramError::Custom(ERR_BAD_INSTRUCTION));
    };
    match crate::run::execute(gas_limit, code, calldata) {
        Ok(result) => {
            set_return_data(&codec::encode_result(&result));
            Ok(())
        }
        Err(ExecError::Invalid(_)) => Err(ProgramError::Custom(ERR_INVALID_TX)),
        Err(ExecError::StateUnavailable(_)) => Err(ProgramError::Custom(ERR_STATE_UNAVAILABLE)),
    }
}

/// Copies `bytes` onto the heap past [`crate::HEAP_BALLAST_BYTES`], hashes the copy with
/// keccak-256 and returns the digest as the instruction's return data.
fn keccak_on_heap(bytes: &[u8]) {
    // The bump allocator never frees, so this reservation pushes the next allocation past the
    // default 32 KiB heap (alloc_zeroed writes nothing).
    let ballast = alloc::vec![0u8; crate::HEAP_BALLAST_BYTES];
    let mut copy = Vec::new();
    copy.extend_from_slice(bytes);
    set_return_data(&keccak256(&copy));
    drop(ballast);
}

/// Sets the instruction's return data.
fn set_return_data(data: &[u8]) {
    // SAFETY: the pointer and length describe a live slice.
    unsafe { syscalls::sol_set_return_data(data.as_ptr(), data.len() as u64) };
}

/// Keccak-256 of one byte slice through the `sol_keccak256` syscall.
fn keccak256(bytes: &[u8]) -> [u8; 32] {
    // The syscall takes an array of (pointer, length) pairs, i.e. of slices.
    let parts: [&[u8]; 1] = [bytes];
    let mut digest = [0u8; 32];
    // SAFETY: `parts` holds one valid slice and `digest` has room for 32 bytes.
    unsafe {
        syscalls::sol_keccak256(
            parts.as_ptr() as *const u8,
            parts.len() as u64,
            digest.as_mut_ptr(),
        )
    };
    digest
}

/// Target of LLVM's `llvm.trap` on BPF (`Rc::clone` aborts through it on a count overflow):
/// sbpf-linker 0.1.9 does not provide it, so the program does, aborting the instruction.
#[no_mangle]
extern "C" fn __bpf_trap() -> ! {
    const MESSAGE: &[u8] = b"trap";
    // SAFETY: logs a static string, then aborts the program; neither returns.
    unsafe {
        syscalls::sol_log_(MESSAGE.as_ptr(), MESSAGE.len() as u64);
        syscalls::abort()
    }
}
