//! Native micro-benchmark of the `U256` operations against ruint (revm's integer type):
//! `cargo bench -p sealevm-primitives --bench native`. Prints ns per operation.
#![allow(clippy::unwrap_used)]

use ruint::aliases::U256 as R;
use sealevm_primitives::U256;
use std::hint::black_box;
use std::time::Instant;

const N: usize = 256;

fn inputs(seed: u64, limbs: usize) -> Vec<U256> {
    let mut x = seed;
    (0..N)
        .map(|_| {
            let mut l = [0u64; 4];
            for v in l.iter_mut().take(limbs) {
                // xorshift
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *v = x;
            }
            U256(l)
        })
        .collect()
}

/// ns per operation: the best of 9 runs (the machine is shared; the minimum filters
/// out interference).
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..reps / 10 + 1 {
        black_box(f());
    }
    let mut best = f64::MAX;
    for _ in 0..9 {
        let t = Instant::now();
        for _ in 0..reps / 9 + 1 {
            black_box(f());
        }
        best = best.min(t.elapsed().as_nanos() as f64 / ((reps / 9 + 1) * N) as f64);
    }
    best
}

fn main() {
    let reps = 2000;
    let cases: [(&str, usize, usize); 5] = [
        ("4x4 limbs", 4, 4),
        ("4x2 limbs", 4, 2),
        ("4x1 limbs", 4, 1),
        ("2x2 limbs", 2, 2),
        ("1x1 limbs", 1, 1),
    ];
    println!(
        "{:<22} {:>10} {:>10} {:>7}",
        "op", "sealevm", "ruint", "ratio"
    );
    for (name, la, lb) in cases {
        let a = inputs(0x9e37_79b9_7f4a_7c15, la);
        let b = inputs(0xd1b5_4a32_d192_ed03, lb);
        let m = inputs(0x94d0_49bb_1331_11eb, lb);
        let ra: Vec<R> = a.iter().map(|x| R::from_limbs(x.0)).collect();
        let rb: Vec<R> = b.iter().map(|x| R::from_limbs(x.0)).collect();
        let rm: Vec<R> = m.iter().map(|x| R::from_limbs(x.0)).collect();
        macro_rules! bench {
            ($op:expr, $ours:expr, $theirs:expr) => {{
                let ours = time(reps, || {
                    let mut acc = U256::ZERO;
                    for i in 0..N {
                        let (x, y, z) = (a[i], b[i], m[i]);
                        acc ^= $ours(x, y, z);
                    }
                    acc
                });
                let theirs = time(reps, || {
                    let mut acc = R::ZERO;
                    for i in 0..N {
                        let (x, y, z) = (ra[i], rb[i], rm[i]);
                        acc ^= $theirs(x, y, z);
                    }
                    acc
                });
                println!(
                    "{:<22} {:>10.2} {:>10.2} {:>7.2}",
                    format!("{} {}", $op, name),
                    ours,
                    theirs,
                    ours / theirs
                );
            }};
        }
        bench!("add", |x: U256, y, _z| x.wrapping_add(y), |x: R, y, _z| x
            .wrapping_add(y));
        bench!("mul", |x: U256, y, _z| x.wrapping_mul(y), |x: R, y, _z| x
            .wrapping_mul(y));
        bench!("div", |x: U256, y, _z| x.div(y), |x: R, y: R, _z| x
            .checked_div(y)
            .unwrap_or_default());
        bench!("rem", |x: U256, y, _z| x.rem(y), |x: R, y: R, _z| x
            .checked_rem(y)
            .unwrap_or_default());
        bench!(
            "addmod",
            |x: U256, y, z| x.add_mod(y, z),
            |x: R, y: R, z| x.add_mod(y, z)
        );
        bench!(
            "mulmod",
            |x: U256, y, z| x.mul_mod(y, z),
            |x: R, y: R, z| x.mul_mod(y, z)
        );
        bench!(
            "shl",
            |x: U256, y: U256, _z| x.shl(U256::from(y.0[0] & 255)),
            |x: R, y: R, _z| x << (y.as_limbs()[0] as usize & 255)
        );
        bench!(
            "sar",
            |x: U256, y: U256, _z| x.sar(U256::from(y.0[0] & 255)),
            |x: R, y: R, _z| x.arithmetic_shr(y.as_limbs()[0] as usize & 255)
        );
        bench!(
            "lt",
            |x: U256, y: U256, _z| U256::from(x < y),
            |x: R, y: R, _z| R::from(x < y)
        );
        bench!(
            "exp(x, 255)",
            |x: U256, _y, _z| x.pow(U256::from(255u64)),
            |x: R, _y, _z| x.wrapping_pow(R::from(255u64))
        );
    }
}
