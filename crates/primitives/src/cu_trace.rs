//! Compute-unit tracing of the interpreter on SBF, for profiling only.
//!
//! Built only with `RUSTFLAGS=--cfg sealevm_cu_trace` (see `tools/evm-bench`'s `cu-profile`
//! mode): [`mark`] logs `(tag, a, b)` through `sol_log_64_`, then the remaining CU
//! (`sol_log_compute_units_`), so a profile can
//! attribute the CU spent between two marks to an opcode. Each mark costs the same fixed
//! amount, which the profiler subtracts. Off SBF, or without the cfg, it compiles to nothing.

/// Tag of the mark made before each opcode: `a` = opcode, `b` = pc.
pub const TAG_OPCODE: u64 = 0xC0DE;
/// Tag of marks at transaction boundaries: `a` = which boundary.
pub const TAG_TX: u64 = 0x7C;

/// Tag of two back-to-back marks whose difference is the cost of one mark.
pub const TAG_CALIBRATE: u64 = 0xCA1;

/// Two marks in a row: the profiler subtracts their difference from every interval.
#[inline(always)]
pub fn calibrate() {
    mark(TAG_CALIBRATE, 0, 0);
    mark(TAG_CALIBRATE, 1, 0);
}

/// Logs a trace point; a no-op unless built for SBF with `--cfg sealevm_cu_trace`.
#[inline(always)]
pub fn mark(_tag: u64, _a: u64, _b: u64) {
    #[cfg(all(target_os = "solana", sealevm_cu_trace))]
    // SAFETY: both syscalls take plain integers and touch no memory of ours.
    // (`sol_remaining_compute_units` is feature-gated off in LiteSVM's default feature set.)
    unsafe {
        solana_define_syscall::definitions::sol_log_64_(_tag, _a, _b, 0, 0);
        solana_define_syscall::definitions::sol_log_compute_units_();
    }
}
