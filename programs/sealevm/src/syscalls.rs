//! The Solana syscalls the program uses, wrapped safely. Natively (where the crate is only
//! checked and unit-tested) they are stubs that fail or do nothing.

use pinocchio::Address;

/// Recovers the uncompressed public key (`x || y`) that signed the prehashed `hash`.
pub fn secp256k1_recover(
    hash: &[u8; 32],
    recovery_id: u8,
    signature: &[u8; 64],
) -> Option<[u8; 64]> {
    #[cfg(target_os = "solana")]
    {
        let mut out = [0u8; 64];
        // SAFETY: the syscall reads 32 bytes of hash and 64 of signature, writes 64 to `out`.
        let rc = unsafe {
            pinocchio::syscalls::sol_secp256k1_recover(
                hash.as_ptr(),
                recovery_id as u64,
                signature.as_ptr(),
                out.as_mut_ptr(),
            )
        };
        (rc == 0).then_some(out)
    }
    #[cfg(not(target_os = "solana"))]
    {
        let _ = (hash, recovery_id, signature);
        None
    }
}

/// The program derived address of `seeds` under `program_id`, with its bump.
pub fn find_program_address(seeds: &[&[u8]], program_id: &Address) -> Option<(Address, u8)> {
    #[cfg(target_os = "solana")]
    {
        // The runtime requires the seed array 8-byte aligned, which a constant array placed in
        // read-only data by the linker is not always ("Unaligned pointer"): copy it to the stack.
        // (Callers must still build seed arrays at run time: pointers stored in read-only data
        // are not relocated by this toolchain.)
        let mut local: [&[u8]; 16] = [&[]; 16];
        let n = seeds.len().min(local.len());
        local[..n].copy_from_slice(&seeds[..n]);
        let mut address = [0u8; 32];
        let mut bump = 0u8;
        // SAFETY: `local` is an array of (pointer, length) pairs, the layout the syscall reads;
        // it writes 32 bytes to `address` and one to `bump`.
        let rc = unsafe {
            pinocchio::syscalls::sol_try_find_program_address(
                local.as_ptr() as *const u8,
                n as u64,
                program_id.as_ref().as_ptr(),
                address.as_mut_ptr(),
                &mut bump as *mut u8,
            )
        };
        (rc == 0).then(|| (Address::new_from_array(address), bump))
    }
    #[cfg(not(target_os = "solana"))]
    {
        let _ = (seeds, program_id);
        None
    }
}

/// Writes `message` to the transaction log.
pub fn log(message: &[u8]) {
    #[cfg(target_os = "solana")]
    // SAFETY: the syscall reads `message.len()` bytes.
    unsafe {
        pinocchio::syscalls::sol_log_(message.as_ptr(), message.len() as u64)
    };
    #[cfg(not(target_os = "solana"))]
    let _ = message;
}

/// Logs `prefix` followed by `bytes` in hex (no `core::fmt` on SBF).
pub fn log_hex(prefix: &[u8], bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut line = [0u8; 160];
    let n = prefix.len().min(64);
    line[..n].copy_from_slice(&prefix[..n]);
    let mut at = n;
    for b in bytes.iter().take(48) {
        line[at] = HEX[(b >> 4) as usize];
        line[at + 1] = HEX[(b & 15) as usize];
        at += 2;
    }
    log(&line[..at]);
}

/// Logs binary fields with `sol_log_data` (shown base64 as "Program data:").
pub fn log_data(fields: &[&[u8]]) {
    #[cfg(target_os = "solana")]
    // SAFETY: `fields` is an array of (pointer, length) pairs, the layout the syscall reads.
    unsafe {
        pinocchio::syscalls::sol_log_data(fields.as_ptr() as *const u8, fields.len() as u64)
    };
    #[cfg(not(target_os = "solana"))]
    let _ = fields;
}

/// Sets the instruction's return data (at most 1,024 bytes).
pub fn set_return_data(data: &[u8]) {
    #[cfg(target_os = "solana")]
    // SAFETY: the syscall reads `data.len()` bytes.
    unsafe {
        pinocchio::syscalls::sol_set_return_data(data.as_ptr(), data.len() as u64)
    };
    #[cfg(not(target_os = "solana"))]
    let _ = data;
}

/// The current slot and Unix timestamp (Clock sysvar).
pub fn clock() -> Result<(u64, i64), pinocchio::error::ProgramError> {
    use pinocchio::sysvars::{clock::Clock, Sysvar};
    let clock = Clock::get()?;
    Ok((clock.slot, clock.unix_timestamp))
}

/// Lamports that make an account of `data_len` bytes rent exempt (Rent sysvar).
pub fn rent_exempt_minimum(data_len: usize) -> Result<u64, pinocchio::error::ProgramError> {
    use pinocchio::sysvars::{rent::Rent, Sysvar};
    Rent::get()?.try_minimum_balance(data_len)
}
