//! Well-formed inputs for the precompiles, so that random programs reach their real work (and
//! their gas formulas) instead of failing on the first length check.

use crate::rng::Rng;
use sealevm_evm::U256;

/// A word from its decimal digits (the constants below are written in decimal).
fn dec(digits: &str) -> U256 {
    digits.bytes().fold(U256::ZERO, |acc, d| {
        acc.wrapping_mul(U256::from_u64(10))
            .wrapping_add(U256::from_u64(u64::from(d - b'0')))
    })
}

/// The bn254 base field modulus.
fn field_modulus() -> U256 {
    dec("21888242871839275222246405745257275088696311157297823662689037894645226208583")
}

/// The bn254 G2 generator (EIP-197 encoding: imaginary part first).
fn g2_generator() -> [U256; 4] {
    [
        dec("11559732032986387107991004021392285783925812861821192530917403151452391805634"),
        dec("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
        dec("4082367875863433681332203403145435568316851327593401208105741076214120093531"),
        dec("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
    ]
}

fn word(w: U256) -> [u8; 32] {
    w.to_be_bytes()
}

/// A G1 point: the generator, its negation, the point at infinity, or an invalid point.
fn g1(rng: &mut Rng) -> [U256; 2] {
    let one = U256::from_u64(1);
    let two = U256::from_u64(2);
    match rng.weighted(&[45, 30, 10, 15]) {
        0 => [one, two],
        1 => [one, field_modulus().wrapping_sub(two)],
        2 => [U256::ZERO, U256::ZERO],
        _ => [one, U256::from_u64(3)],
    }
}

/// Input for precompile `address` (1..=9), or `None` to leave memory as it is.
pub fn input(rng: &mut Rng, address: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match address {
        1 => {
            // ecrecover: hash, v, r, s; random r and s recover some address about half the time.
            out.extend_from_slice(&rng.bytes(32));
            let v = match rng.weighted(&[45, 45, 10]) {
                0 => 27,
                1 => 28,
                _ => rng.below(256),
            };
            out.extend_from_slice(&word(U256::from_u64(v)));
            out.extend_from_slice(&rng.bytes(64));
        }
        5 => {
            // modexp: three lengths, then base, exponent and modulus.
            let base_len = rng.below(65);
            let exp_len = match rng.weighted(&[70, 20, 10]) {
                0 => rng.below(33),
                1 => rng.range(33, 300),
                _ => 0,
            };
            let mod_len = match rng.weighted(&[80, 10, 10]) {
                0 => rng.range(1, 64),
                1 => rng.range(65, 200),
                _ => 0,
            };
            for len in [base_len, exp_len, mod_len] {
                out.extend_from_slice(&word(U256::from_u64(len)));
            }
            let body = (base_len + exp_len + mod_len) as usize;
            // Sometimes shorter than announced: missing bytes read as zero.
            let provided = if rng.chance(20) {
                rng.below(body as u64 + 1) as usize
            } else {
                body
            };
            out.extend_from_slice(&rng.bytes(provided));
        }
        6 => {
            for _ in 0..2 {
                for c in g1(rng) {
                    out.extend_from_slice(&word(c));
                }
            }
        }
        7 => {
            for c in g1(rng) {
                out.extend_from_slice(&word(c));
            }
            let scalar = match rng.weighted(&[40, 40, 20]) {
                0 => U256::from_u64(rng.below(10)),
                1 => U256::from_be_bytes(word_from(rng.bytes(32))),
                _ => U256::MAX,
            };
            out.extend_from_slice(&word(scalar));
        }
        8 => {
            // Pairing: e(P, G2) * e(-P, G2) = 1 when both points are valid.
            let pairs = rng.below(3);
            let p = g1(rng);
            for i in 0..pairs {
                let y = if i == 1 {
                    field_modulus().wrapping_sub(p[1])
                } else {
                    p[1]
                };
                for c in [p[0], y] {
                    out.extend_from_slice(&word(c));
                }
                for c in g2_generator() {
                    out.extend_from_slice(&word(c));
                }
            }
            if rng.chance(10) {
                out.push(0);
            }
        }
        9 => {
            // blake2f: rounds (u32), h (64), m (128), t (16), f (1).
            let rounds: u32 = match rng.weighted(&[60, 30, 10]) {
                0 => rng.below(25) as u32,
                1 => rng.range(25, 2000) as u32,
                _ => u32::MAX,
            };
            out.extend_from_slice(&rounds.to_be_bytes());
            out.extend_from_slice(&rng.bytes(64 + 128 + 16));
            out.push(match rng.weighted(&[45, 45, 10]) {
                0 => 0,
                1 => 1,
                _ => 2,
            });
            if rng.chance(10) {
                out.pop();
            }
        }
        _ => return None,
    }
    Some(out)
}

fn word_from(bytes: Vec<u8>) -> [u8; 32] {
    let mut w = [0u8; 32];
    w.copy_from_slice(&bytes[..32]);
    w
}
