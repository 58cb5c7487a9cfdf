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
        /// Work area of Knuth's algorithm D (passed by one pointer: SBF passes at most
        /// five arguments, all in registers).
        struct KnuthWork {
            /// Dividend, normalized in place (one spare limb); the remainder at the end.
            u: [u64; 9],
            /// Divisor, normalized in place.
            v: [u64; 4],
            /// Quotient.
            q: [u64; 8],
            /// Significant limbs of `u` (`vn <= un <= 8`).
            un: usize,
            /// Significant limbs of `v` (`2 <= vn <= 4`).
            vn: usize,
        }

        /// Number of significant limbs among the first `n` of `d`.
        #[inline(always)]
        fn limbs_len(d: &[u64], mut n: usize) -> usize {
            while n > 0 && d[n - 1] == 0 {
                n -= 1;
            }
            n
        }

        /// Algorithm D: `w.u[..un] / w.v[..vn]`; quotient in `w.q[..=un - vn]`,
        /// remainder in `w.u[..vn]`.
        #[inline(never)]
        fn knuth(w: &mut KnuthWork) {
            let un = w.un;
            let vn = w.vn;
            if vn < 2 || vn > 4 || un < vn || un > 8 {
                return; // not reachable: callers guarantee the bounds
            }
            let u = &mut w.u;
            let v = &mut w.v;
            let s = v[vn - 1].leading_zeros();
            if s > 0 {
                let mut i = vn - 1;
                while i > 0 {
                    v[i] = (v[i] << s) | (v[i - 1] >> (64 - s));
                    i -= 1;
                }
                v[0] <<= s;
                u[un] = u[un - 1] >> (64 - s);
                let mut i = un - 1;
                while i > 0 {
                    u[i] = (u[i] << s) | (u[i - 1] >> (64 - s));
                    i -= 1;
                }
                u[0] <<= s;
            } else {
                u[un] = 0;
            }
            let vtop = v[vn - 1];
            let vsec = v[vn - 2];
            let div = Div2by1::new(vtop);
            let mut j = un - vn + 1;
            while j > 0 {
                j -= 1;
                let u2 = u[j + vn];
                let u1 = u[j + vn - 1];
                let u0 = u[j + vn - 2];
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
                // u[j..=j + vn] -= qhat * v
                let mut carry = 0u64;
                let mut borrow = false;
                let mut i = 0;
                while i < vn {
                    let (lo, hi) = mul_wide_u64(qhat, v[i]);
                    let (lo, c) = lo.overflowing_add(carry);
                    carry = hi.wrapping_add(c as u64);
                    let (t, b1) = u[i + j].overflowing_sub(lo);
                    let (t, b2) = t.overflowing_sub(borrow as u64);
                    u[i + j] = t;
                    borrow = b1 | b2;
                    i += 1;
                }
                let (t, b1) = u[j + vn].overflowing_sub(carry);
                let (t, b2) = t.overflowing_sub(borrow as u64);
                u[j + vn] = t;
                if b1 | b2 {
                    // qhat was one too large (rare): add v back.
                    qhat = qhat.wrapping_sub(1);
                    let mut c = false;
                    let mut i = 0;
                    while i < vn {
                        let (s1, c1) = u[i + j].overflowing_add(v[i]);
                        let (s2, c2) = s1.overflowing_add(c as u64);
                        u[i + j] = s2;
                        c = c1 | c2;
                        i += 1;
                    }
                    u[j + vn] = u[j + vn].wrapping_add(c as u64);
                }
                w.q[j] = qhat;
            }
            if s > 0 {
                let mut i = 0;
                while i + 1 < vn {
                    u[i] = (u[i] >> s) | (u[i + 1] << (64 - s));
                    i += 1;
                }
                u[vn - 1] >>= s;
            }
        }

        /// `(a / d, a % d)` for `d != 0` and `a` of `n` significant limbs (`1 <= n <= 8`,
        /// limbs beyond `n` ignored): normalization and a chain of 2-by-1 divisions.
        #[inline(always)]
        fn div_rem_limbs_u64(a: &[u64; 8], n: usize, d: u64, q: &mut [u64; 8]) -> u64 {
            let s = d.leading_zeros();
            let div = Div2by1::new(d << s);
            let mut r = if s == 0 { 0 } else { a[(n - 1) & 7] >> (64 - s) };
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

        /// `(a / d, a % d)` for a 64-bit divisor `d != 0`.
        #[inline(never)]
        pub fn div_rem_u64(a: U256, d: u64) -> (U256, U256) {
            let x = [a.0[0], a.0[1], a.0[2], a.0[3], 0, 0, 0, 0];
            let n = limbs_len(&x, 4);
            if n == 0 {
                return (U256::ZERO, U256::ZERO);
            }
            let mut q = [0u64; 8];
            let r = div_rem_limbs_u64(&x, n, d, &mut q);
            (U256([q[0], q[1], q[2], q[3]]), U256::from_u64(r))
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

        #[inline(never)]
        fn div_rem_knuth(a: U256, b: U256) -> (U256, U256) {
            let mut w = KnuthWork {
                u: [a.0[0], a.0[1], a.0[2], a.0[3], 0, 0, 0, 0, 0],
                v: b.0,
                q: [0; 8],
                un: 0,
                vn: 0,
            };
            w.un = limbs_len(&w.u, 4);
            w.vn = limbs_len(&w.v, 4);
            knuth(&mut w);
            let mut r = [0u64; 4];
            let mut i = 0;
            while i < w.vn && i < 4 {
                r[i] = w.u[i];
                i += 1;
            }
            (U256([w.q[0], w.q[1], w.q[2], w.q[3]]), U256(r))
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
            let mut w = KnuthWork {
                u: [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], 0],
                v: m.0,
                q: [0; 8],
                un,
                vn,
            };
            knuth(&mut w);
            let mut r = [0u64; 4];
            let mut i = 0;
            while i < vn && i < 4 {
                r[i] = w.u[i];
                i += 1;
            }
            U256(r)
        }
    };
}
