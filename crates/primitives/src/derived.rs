//! Operations built the same way on both back ends from their `mul`, `mul_full`,
//! `div_rem` and `rem_wide` (expanded inside each back-end module).

/// Expands `div`, `rem`, `sdiv`, `smod`, `add_mod`, `mul_mod`, `pow` and `checked_mul`
/// from the module's `mul`, `mul_full`, `div_rem` and `rem_wide`.
macro_rules! derived_ops {
    () => {
        /// DIV: `a / b`, 0 if `b == 0`.
        #[inline]
        pub fn div(a: U256, b: U256) -> U256 {
            div_rem(a, b).0
        }

        /// MOD: `a % b`, 0 if `b == 0`.
        #[inline]
        pub fn rem(a: U256, b: U256) -> U256 {
            div_rem(a, b).1
        }

        /// SDIV: signed division rounding toward zero; 0 if `b == 0`; `MIN / -1 = MIN`.
        #[inline]
        pub fn sdiv(a: U256, b: U256) -> U256 {
            let neg = a.is_negative() != b.is_negative();
            let q = div_rem(a.abs_signed(), b.abs_signed()).0;
            if neg {
                q.wrapping_neg()
            } else {
                q
            }
        }

        /// SMOD: signed remainder with the sign of the dividend; 0 if `b == 0`.
        #[inline]
        pub fn smod(a: U256, b: U256) -> U256 {
            let r = div_rem(a.abs_signed(), b.abs_signed()).1;
            if a.is_negative() {
                r.wrapping_neg()
            } else {
                r
            }
        }

        /// ADDMOD: `(a + b) % m` on the 257-bit sum; 0 if `m == 0`.
        #[inline]
        pub fn add_mod(a: U256, b: U256, m: U256) -> U256 {
            if m.is_zero() {
                return U256::ZERO;
            }
            if a < m && b < m {
                // Already reduced: one conditional subtraction.
                let (s, carry) = a.overflowing_add(b);
                return if carry || s >= m {
                    s.wrapping_sub(m)
                } else {
                    s
                };
            }
            let (s, carry) = a.overflowing_add(b);
            if !carry {
                return rem(s, m);
            }
            let x = [s.0[0], s.0[1], s.0[2], s.0[3], 1, 0, 0, 0];
            rem_wide(&x, 5, m)
        }

        /// MULMOD: `(a * b) % m` on the 512-bit product; 0 if `m == 0`.
        #[inline]
        pub fn mul_mod(a: U256, b: U256, m: U256) -> U256 {
            if m.is_zero() || a.is_zero() || b.is_zero() {
                return U256::ZERO;
            }
            let p = mul_full(a, b);
            let mut n = 8;
            while n > 0 && p[n - 1] == 0 {
                n -= 1;
            }
            if n <= 4 {
                return rem(U256([p[0], p[1], p[2], p[3]]), m);
            }
            rem_wide(&p, n, m)
        }

        /// `a * b`, or `None` if the product does not fit in 256 bits.
        #[inline]
        pub fn checked_mul(a: U256, b: U256) -> Option<U256> {
            let p = mul_full(a, b);
            if (p[4] | p[5] | p[6] | p[7]) != 0 {
                None
            } else {
                Some(U256([p[0], p[1], p[2], p[3]]))
            }
        }

        /// `base ^ e` if it fits in 64 bits.
        #[inline]
        fn pow_u64(base: u64, e: u64) -> Option<u64> {
            let mut r = 1u64;
            let mut b = base;
            let mut e = e;
            loop {
                if e & 1 == 1 {
                    r = mul64_checked(r, b)?;
                }
                e >>= 1;
                if e == 0 {
                    return Some(r);
                }
                b = mul64_checked(b, b)?;
            }
        }

        /// EXP: `base ^ e` modulo 2^256 (square and multiply).
        #[inline]
        pub fn pow(base: U256, e: U256) -> U256 {
            if e.is_zero() {
                return U256::ONE;
            }
            if base.fits_u64() && base.0[0] <= 1 {
                return base; // 0^e = 0 (e != 0), 1^e = 1
            }
            // Power of two base: 2^(k*e).
            let bl = base.bit_len();
            if base == U256::ONE.shl_u32(bl - 1) {
                let k = (bl - 1) as u64;
                if !e.fits_u64() || e.0[0] >= 256 {
                    return U256::ZERO;
                }
                let sh = k.wrapping_mul(e.0[0]); // k <= 255, e < 256: no overflow
                return if sh >= 256 {
                    U256::ZERO
                } else {
                    U256::ONE.shl_u32(sh as u32)
                };
            }
            // Small base and exponent: in 64 bits while nothing overflows.
            if base.fits_u64() && e.fits_u64() {
                if let Some(r) = pow_u64(base.0[0], e.0[0]) {
                    return U256::from_u64(r);
                }
            }
            let mut result = U256::ONE;
            let mut b = base;
            let nbits = e.bit_len();
            let mut i = 0;
            loop {
                if e.bit(i as usize) {
                    result = mul(result, b);
                }
                i += 1;
                if i >= nbits {
                    break;
                }
                b = mul(b, b);
                if b.is_zero() {
                    return U256::ZERO;
                }
            }
            result
        }
    };
}
