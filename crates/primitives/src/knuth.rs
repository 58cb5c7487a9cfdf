//! Division on 64-bit limbs, shared by both back ends (expanded inside each module).
//!
//! Each back end supplies `mul_wide_u64(a, b) -> (lo, hi)` and a `Div2by1` type that
//! divides a two-limb number by a normalized (top bit set) one-limb divisor: the portable
//! one with 32-bit halves and 64-bit `/` (Hacker's Delight `divlu`), the wide one with
//! a precomputed reciprocal (Möller and Granlund, "Improved division by invariant
//! integers", 2011).

/// Expands `div_rem`, `div_rem_u64`, `rem_wide` and Knuth's algorithm D (TAOCP 4.3.1).
macro_rules! division_ops {
    () => {
        /// Number of significant limbs among the first `n` of `d`.
        #[inline(always)]
        fn limbs_len(d: &[u64], mut n: usize) -> usize {
            while n > 0 && d[n - 1] == 0 {
                n -= 1;
            }
            n
        }

        /// Shifts the whole of `x` left by `0 < s < 64` bits in place (the bits shifted
        /// out of the top limb are lost: callers keep it zero).
        #[inline(always)]
        fn shl_limbs<const N: usize>(x: &mut [u64; N], s: u32) {
            let mut i = N - 1;
            while i > 0 {
                x[i] = (x[i] << s) | (x[i - 1] >> (64 - s));
                i -= 1;
            }
            x[0] <<= s;
        }

        /// Algorithm D's main loop for a divisor of exactly `VN` limbs (2..=4).
        ///
        /// `u` (dividend, `un` significant limbs before normalization, with room for one
        /// more) and `v` are already normalized (top bit of `v[VN - 1]` set). Writes the
        /// quotient to `q[..=un - VN]`; leaves the (normalized) remainder in `u[..VN]`
        /// and zeros above it.
        #[inline(never)]
        fn knuth<const VN: usize, const UL: usize>(
            u: &mut [u64; UL],
            v: &[u64; 4],
            q: &mut [u64; 8],
            un: usize,
        ) {
            let vtop = v[VN - 1];
            let vsec = v[VN - 2];
            let div = Div2by1::new(vtop);
            if un < VN || un >= UL {
                return; // not reachable: callers guarantee the bounds
            }
            let mut j = un + 1 - VN;
            while j > 0 {
                j -= 1;
                // The VN + 1 limbs this step works on.
                let Some(uj) = u.get_mut(j..j + VN + 1) else {
                    return;
                };
                let u2 = uj[VN];
                let u1 = uj[VN - 1];
                let u0 = uj[VN - 2];
                // Estimate qhat = (u2:u1) / vtop (at most B - 1) and refine it with vsec.
                let (mut qhat, mut rhat, mut refine) = if u2 >= vtop {
                    // u2 == vtop: qhat = B - 1, rhat = u1 + vtop.
                    let (rhat, over) = u1.overflowing_add(vtop);
                    (u64::MAX, rhat, !over)
                } else {
                    let (q, r) = div.div(u2, u1);
                    (q, r, true)
                };
                while refine {
                    let (lo, hi) = mul_wide_u64(qhat, vsec);
                    if hi > rhat || (hi == rhat && lo > u0) {
                        qhat -= 1;
                        let (r, over) = rhat.overflowing_add(vtop);
                        rhat = r;
                        refine = !over;
                    } else {
                        refine = false;
                    }
                }
                // uj -= qhat * v
                let mut carry = 0u64;
                let mut borrow = false;
                let mut i = 0;
                while i < VN {
                    let (lo, hi) = mul_wide_u64(qhat, v[i]);
                    let (lo, c) = lo.overflowing_add(carry);
                    carry = hi.wrapping_add(c as u64);
                    let (t, b1) = uj[i].overflowing_sub(lo);
                    let (t, b2) = t.overflowing_sub(borrow as u64);
                    uj[i] = t;
                    borrow = b1 | b2;
                    i += 1;
                }
                let (t, b1) = u2.overflowing_sub(carry);
                let (t, b2) = t.overflowing_sub(borrow as u64);
                uj[VN] = t;
                if b1 | b2 {
                    // qhat was one too large (rare): add v back.
                    qhat = qhat.wrapping_sub(1);
                    let mut c = false;
                    let mut i = 0;
                    while i < VN {
                        let (s1, c1) = uj[i].overflowing_add(v[i]);
                        let (s2, c2) = s1.overflowing_add(c as u64);
                        uj[i] = s2;
                        c = c1 | c2;
                        i += 1;
                    }
                    uj[VN] = uj[VN].wrapping_add(c as u64);
                }
                q[j & 7] = qhat;
            }
        }

        /// Algorithm D (TAOCP 4.3.1) for a divisor `v` of `vn` limbs (2..=4) and a
        /// dividend `u` of `un` limbs (`vn <= un < UL`, the top limb of `u` zero).
        /// Writes the quotient to `q` and returns the remainder.
        #[inline(always)]
        fn knuth_divrem<const UL: usize>(
            u: &mut [u64; UL],
            v: &mut [u64; 4],
            q: &mut [u64; 8],
            un: usize,
            vn: usize,
        ) -> U256 {
            let s = clz64(v[(vn - 1) & 3]);
            if s > 0 {
                shl_limbs(v, s);
                shl_limbs(u, s);
            }
            match vn {
                2 => knuth::<2, UL>(u, v, q, un),
                3 => knuth::<3, UL>(u, v, q, un),
                _ => knuth::<4, UL>(u, v, q, un),
            }
            // The remainder is in u[..vn], zeros above: shift it back.
            let mut r = [u[0], u[1], u[2], u[3]];
            if s > 0 {
                let mut i = 0;
                while i < 4 {
                    r[i] = (u[i] >> s) | (u[i + 1] << (64 - s));
                    i += 1;
                }
            }
            U256(r)
        }

        /// `(a / d, a % d)` for `d != 0` and `a` of `n` significant limbs (`1 <= n <= 8`,
        /// limbs beyond `n` ignored): normalization and a chain of 2-by-1 divisions.
        #[inline(always)]
        fn div_rem_limbs_u64(a: &[u64; 8], n: usize, d: u64, q: &mut [u64; 8]) -> u64 {
            let s = clz64(d);
            let div = Div2by1::new(d << s);
            let mut r = if s == 0 {
                0
            } else {
                a[(n - 1) & 7] >> (64 - s)
            };
            let mut i = n;
            while i > 0 {
                i -= 1;
                let lo = if s == 0 || i == 0 {
                    a[i & 7] << s
                } else {
                    (a[i & 7] << s) | (a[(i - 1) & 7] >> (64 - s))
                };
                let (qi, ri) = div.div(r, lo);
                q[i & 7] = qi;
                r = ri;
            }
            r >> s
        }

        /// `(a / d, a % d)` for a 64-bit divisor `d != 0`: four 2-by-1 divisions by the
        /// normalized divisor (the top steps skipped while the partial remainder is 0 and
        /// the limb below `d`).
        #[inline(never)]
        pub fn div_rem_u64(a: U256, d: u64) -> (U256, U256) {
            let s = clz64(d);
            let div = Div2by1::new(d << s);
            let inv = 63 - s;
            let a = a.0;
            // The dividend shifted left by s, five limbs (`(x >> 1) >> inv` is
            // `x >> (64 - s)`, and 0 for s == 0).
            let n4 = (a[3] >> 1) >> inv;
            let n3 = (a[3] << s) | ((a[2] >> 1) >> inv);
            let n2 = (a[2] << s) | ((a[1] >> 1) >> inv);
            let n1 = (a[1] << s) | ((a[0] >> 1) >> inv);
            let n0 = a[0] << s;
            let dn = div.d;
            let (q3, r) = if n4 == 0 && n3 < dn {
                (0, n3)
            } else {
                div.div(n4, n3)
            };
            let (q2, r) = if r == 0 && n2 < dn {
                (0, n2)
            } else {
                div.div(r, n2)
            };
            let (q1, r) = div.div(r, n1);
            let (q0, r) = div.div(r, n0);
            (U256([q0, q1, q2, q3]), U256::from_u64(r >> s))
        }

        /// `(a / b, a % b)`; `(0, 0)` if `b == 0`.
        #[inline]
        pub fn div_rem(a: U256, b: U256) -> (U256, U256) {
            if b.fits_u64() {
                let d = b.0[0];
                if d == 0 {
                    return (U256::ZERO, U256::ZERO);
                }
                if a.fits_u64() {
                    let x = a.0[0];
                    return (U256::from_u64(x / d), U256::from_u64(x % d));
                }
                return div_rem_short(a, d);
            }
            if a < b {
                return (U256::ZERO, a);
            }
            div_rem_knuth(a, b)
        }

        /// `a / b` and `a % b` for `b >= 2^64` and `a >= b`.
        #[inline(never)]
        fn div_rem_knuth(a: U256, b: U256) -> (U256, U256) {
            let mut u = [a.0[0], a.0[1], a.0[2], a.0[3], 0];
            let mut v = b.0;
            let mut q = [0u64; 8];
            let un = limbs_len(&u, 4);
            let vn = limbs_len(&v, 4);
            let r = knuth_divrem(&mut u, &mut v, &mut q, un, vn);
            (U256([q[0], q[1], q[2], q[3]]), r)
        }

        /// `x % m` for `x` given as `n <= 8` little-endian limbs and `m != 0`.
        #[inline(never)]
        pub(crate) fn rem_wide(x: &[u64; 8], n: usize, m: U256) -> U256 {
            let un = limbs_len(x, n.min(8));
            let vn = limbs_len(&m.0, 4);
            if un == 0 || vn == 0 {
                return U256::ZERO;
            }
            if vn == 1 {
                let mut q = [0u64; 8];
                return U256::from_u64(div_rem_limbs_u64(x, un, m.0[0], &mut q));
            }
            if un < vn {
                let mut r = [0u64; 4];
                let mut i = 0;
                while i < un && i < 4 {
                    r[i] = x[i];
                    i += 1;
                }
                return U256(r);
            }
            let mut u = [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], 0];
            let mut v = m.0;
            let mut q = [0u64; 8];
            knuth_divrem(&mut u, &mut v, &mut q, un, vn)
        }
    };
}
