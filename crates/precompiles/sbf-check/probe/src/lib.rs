//! SBF program: instruction data `[precompile number, input...]`; runs the precompile with the
//! Cancun rules and 10^8 gas and returns `[0, gas_used (8 bytes LE), output...]` on success or
//! `[1 | 2 | 3]` for OutOfGas / InvalidInput / Unsupported through `sol_set_return_data`.
#![cfg_attr(target_os = "solana", no_std)]

#[cfg(target_os = "solana")]
mod program {
    extern crate alloc;
    use alloc::vec::Vec;
    use pinocchio::{syscalls, AccountView, Address, ProgramResult};
    use sealevm_precompiles::{run, PrecompileError, SpecId};

    pinocchio::program_entrypoint!(process_instruction);
    pinocchio::default_allocator!();
    pinocchio::nostd_panic_handler!();

    fn process_instruction(_p: &Address, _a: &mut [AccountView], data: &[u8]) -> ProgramResult {
        let Some((&number, input)) = data.split_first() else {
            return Ok(());
        };
        let mut addr = [0u8; 20];
        addr[19] = number;
        let mut out = Vec::new();
        match run(&addr, input, 100_000_000, SpecId::Cancun) {
            Ok(o) => {
                out.push(0u8);
                out.extend_from_slice(&o.gas_used.to_le_bytes());
                out.extend_from_slice(&o.output);
            }
            Err(e) => out.push(match e {
                PrecompileError::OutOfGas => 1,
                PrecompileError::InvalidInput => 2,
                PrecompileError::Unsupported => 3,
            }),
        }
        // SAFETY: the pointer and length describe a live byte vector.
        unsafe { syscalls::sol_set_return_data(out.as_ptr(), out.len() as u64) };
        Ok(())
    }
}
