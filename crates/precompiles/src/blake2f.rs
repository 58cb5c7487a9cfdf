//! 0x09 blake2f (EIP-152): the BLAKE2b compression function F. Gas: 1 per round.
//!
//! Input, exactly 213 bytes: `rounds (4, big-endian) || h (64) || m (128) || t (16) || f (1)`,
//! with the words of `h`, `m` and `t` little-endian and `f` 0 or 1; anything else is
//! [`PrecompileError::InvalidInput`]. Output: the new `h` (64 bytes). Pure u64 arithmetic, the
//! same code on SBF and natively.

use crate::{PrecompileError, PrecompileOutput, PrecompileResult};

/// The required input length.
const INPUT_LEN: usize = 213;

/// BLAKE2b initialization vector.
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// Message word schedule (RFC 7693, section 2.7); round `i` uses row `i % 10`.
const SIGMA: [[u8; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// Runs blake2f.
pub(crate) fn run(input: &[u8], gas_limit: u64) -> PrecompileResult {
    if input.len() != INPUT_LEN {
        return Err(PrecompileError::InvalidInput);
    }
    let rounds = u32::from_be_bytes([input[0], input[1], input[2], input[3]]);
    let gas = rounds as u64;
    if gas > gas_limit {
        return Err(PrecompileError::OutOfGas);
    }
    let last = match input[212] {
        0 => false,
        1 => true,
        _ => return Err(PrecompileError::InvalidInput),
    };
    let mut h = [0u64; 8];
    for (i, w) in h.iter_mut().enumerate() {
        *w = le_u64(input, 4 + 8 * i);
    }
    let mut m = [0u64; 16];
    for (i, w) in m.iter_mut().enumerate() {
        *w = le_u64(input, 68 + 8 * i);
    }
    let t = [le_u64(input, 196), le_u64(input, 204)];
    compress(rounds, &mut h, &m, &t, last);
    let mut output = alloc::vec![0u8; 64];
    for (chunk, w) in output.chunks_exact_mut(8).zip(h.iter()) {
        chunk.copy_from_slice(&w.to_le_bytes());
    }
    Ok(PrecompileOutput::new(gas, output))
}

/// The little-endian u64 at `input[at..at + 8]` (callers keep `at + 8 <= input.len()`).
#[inline]
fn le_u64(input: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&input[at..at + 8]);
    u64::from_le_bytes(b)
}

/// The mixing function G on `v[a], v[b], v[c], v[d]` with message words `x`, `y`. A macro, not a
/// function: the SBF backend cannot pass more than five arguments.
macro_rules! g {
    ($v:ident, $a:literal, $b:literal, $c:literal, $d:literal, $x:expr, $y:expr) => {
        $v[$a] = $v[$a].wrapping_add($v[$b]).wrapping_add($x);
        $v[$d] = ($v[$d] ^ $v[$a]).rotate_right(32);
        $v[$c] = $v[$c].wrapping_add($v[$d]);
        $v[$b] = ($v[$b] ^ $v[$c]).rotate_right(24);
        $v[$a] = $v[$a].wrapping_add($v[$b]).wrapping_add($y);
        $v[$d] = ($v[$d] ^ $v[$a]).rotate_right(16);
        $v[$c] = $v[$c].wrapping_add($v[$d]);
        $v[$b] = ($v[$b] ^ $v[$c]).rotate_right(63);
    };
}

/// The BLAKE2b compression function F with a caller-chosen number of rounds.
pub(crate) fn compress(rounds: u32, h: &mut [u64; 8], m: &[u64; 16], t: &[u64; 2], last: bool) {
    let mut v = [0u64; 16];
    v[..8].copy_from_slice(h);
    v[8..].copy_from_slice(&IV);
    v[12] ^= t[0];
    v[13] ^= t[1];
    if last {
        v[14] = !v[14];
    }
    let mut row = 0usize;
    for _ in 0..rounds {
        let s = &SIGMA[row];
        let w = |i: usize| m[s[i] as usize];
        g!(v, 0, 4, 8, 12, w(0), w(1));
        g!(v, 1, 5, 9, 13, w(2), w(3));
        g!(v, 2, 6, 10, 14, w(4), w(5));
        g!(v, 3, 7, 11, 15, w(6), w(7));
        g!(v, 0, 5, 10, 15, w(8), w(9));
        g!(v, 1, 6, 11, 12, w(10), w(11));
        g!(v, 2, 7, 8, 13, w(12), w(13));
        g!(v, 3, 4, 9, 14, w(14), w(15));
        row = if row == 9 { 0 } else { row + 1 };
    }
    for i in 0..8 {
        h[i] ^= v[i] ^ v[i + 8];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::hex;
    use alloc::vec::Vec;

    /// EIP-152 test vector 4's input (BLAKE2b-512 of "abc") with `rounds` and final flag `f`.
    fn eip152_input(rounds: u32, f: u8) -> Vec<u8> {
        let mut i = hex(
            "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5\
            d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b\
            6162630000000000000000000000000000000000000000000000000000000000\
            0000000000000000000000000000000000000000000000000000000000000000\
            0000000000000000000000000000000000000000000000000000000000000000\
            0000000000000000000000000000000000000000000000000000000000000000\
            03000000000000000000000000000000",
        );
        let mut out = rounds.to_be_bytes().to_vec();
        out.append(&mut i);
        out.push(f);
        out
    }

    #[test]
    fn eip152_vectors() {
        let cases = [
            (12, 1, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
            (12, 0, "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735"),
            (1, 1, "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421"),
            (0, 1, "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b"),
        ];
        for (rounds, f, expected) in cases {
            let input = eip152_input(rounds, f);
            assert_eq!(input.len(), 213);
            let out = run(&input, 1_000).expect("valid");
            assert_eq!(out.gas_used, rounds as u64);
            assert_eq!(out.output, hex(expected), "rounds {rounds} f {f}");
        }
    }

    #[test]
    fn eip152_invalid_inputs() {
        let good = eip152_input(12, 1);
        assert_eq!(run(&[], 1_000), Err(PrecompileError::InvalidInput));
        assert_eq!(run(&good[..212], 1_000), Err(PrecompileError::InvalidInput));
        let mut long = good.clone();
        long.push(0);
        assert_eq!(run(&long, 1_000), Err(PrecompileError::InvalidInput));
        let mut bad_flag = good.clone();
        bad_flag[212] = 2;
        assert_eq!(run(&bad_flag, 1_000), Err(PrecompileError::InvalidInput));
        assert_eq!(run(&good, 11), Err(PrecompileError::OutOfGas));
        // 2^32 - 1 rounds cost more gas than given: no work is done.
        let huge = eip152_input(u32::MAX, 1);
        assert_eq!(run(&huge, 30_000_000), Err(PrecompileError::OutOfGas));
    }
}
