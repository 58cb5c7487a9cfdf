//! The program entrypoint, the heap allocator and the panic handler (SBF only).

use pinocchio::{AccountView, Address, ProgramResult};

pinocchio::program_entrypoint!(process_instruction);
// A bump allocator over the 256 KiB heap region: every transaction must request that frame.
pinocchio::default_allocator!();
pinocchio::nostd_panic_handler!();

/// Hands the instruction to [`crate::processor::process`].
fn process_instruction(
    program_id: &Address,
    accounts: &mut [AccountView],
    data: &[u8],
) -> ProgramResult {
    crate::processor::process(program_id, accounts, data)
}

/// LLVM's BPF backend lowers traps (`core::intrinsics::abort`, reached e.g. from `Rc`'s
/// reference-count overflow check) to a call to `__bpf_trap`, which upstream toolchains leave
/// unresolved ("Identifier '__bpf_trap' should have been resolved earlier" in sbpf-linker).
/// Defining it as the `abort` syscall makes such traps abort the program.
#[no_mangle]
pub(crate) extern "C" fn __bpf_trap() -> ! {
    // SAFETY: `abort` takes no arguments and ends the program.
    unsafe { pinocchio::syscalls::abort() }
}
