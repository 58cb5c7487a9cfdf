//! Knuth's algorithm D (TAOCP 4.3.1), instantiated for 32-bit digits with 64-bit
//! intermediates (portable, SBF) and for 64-bit digits with 128-bit intermediates (wide).

/// Defines the work area `$S` and `fn $name(w: &mut $S)`.
///
/// Divides the dividend `w.u[..w.un]` by the divisor `w.v[..w.vn]` (little-endian digits).
/// Requires `vn >= 2`, `v[vn - 1] != 0`, `un >= vn` and `un < u.len()` (one spare digit).
/// Writes the quotient to `q[..un - vn + 1]` and leaves the remainder in `u[..vn]`;
/// `v` is clobbered (normalized).
///
/// (One pointer argument: SBF passes at most five arguments, all in registers.)
macro_rules! knuth_divrem {
    ($name:ident, $S:ident, $D:ty, $W:ty, $BITS:expr, $UN:expr, $VN:expr) => {
        /// Work area of Knuth's algorithm D.
        pub(crate) struct $S {
            /// Dividend, then remainder (one spare digit).
            pub(crate) u: [$D; $UN + 1],
            /// Divisor (normalized in place).
            pub(crate) v: [$D; $VN],
            /// Quotient.
            pub(crate) q: [$D; $UN],
            /// Significant digits of `u`.
            pub(crate) un: usize,
            /// Significant digits of `v`.
            pub(crate) vn: usize,
        }

        #[inline(never)]
        pub(crate) fn $name(w: &mut $S) {
            let (u, v, q, un, vn) = (&mut w.u, &mut w.v, &mut w.q, w.un, w.vn);
            const BITS: u32 = $BITS;
            const B: $W = (1 as $W) << BITS;
            let s = v[vn - 1].leading_zeros();
            if s > 0 {
                let mut i = vn - 1;
                while i > 0 {
                    v[i] = (v[i] << s) | (v[i - 1] >> (BITS - s));
                    i -= 1;
                }
                v[0] <<= s;
                u[un] = u[un - 1] >> (BITS - s);
                let mut i = un - 1;
                while i > 0 {
                    u[i] = (u[i] << s) | (u[i - 1] >> (BITS - s));
                    i -= 1;
                }
                u[0] <<= s;
            } else {
                u[un] = 0;
            }
            let vtop = v[vn - 1] as $W;
            let vsec = v[vn - 2] as $W;
            let mut j = un - vn + 1;
            while j > 0 {
                j -= 1;
                let num = ((u[j + vn] as $W) << BITS) | (u[j + vn - 1] as $W);
                let mut qhat = num / vtop;
                let mut rhat = num - qhat * vtop;
                while qhat >= B || qhat * vsec > ((rhat << BITS) | (u[j + vn - 2] as $W)) {
                    qhat -= 1;
                    rhat += vtop;
                    if rhat >= B {
                        break;
                    }
                }
                // u[j..=j+vn] -= qhat * v
                let mut borrow: $D = 0;
                let mut carry: $D = 0;
                let mut i = 0;
                while i < vn {
                    let p = qhat * (v[i] as $W) + (carry as $W);
                    carry = (p >> BITS) as $D;
                    let (t, b1) = u[i + j].overflowing_sub(p as $D);
                    let (t, b2) = t.overflowing_sub(borrow);
                    u[i + j] = t;
                    borrow = (b1 | b2) as $D;
                    i += 1;
                }
                let (t, b1) = u[j + vn].overflowing_sub(carry);
                let (t, b2) = t.overflowing_sub(borrow);
                u[j + vn] = t;
                if b1 | b2 {
                    // qhat was one too large: add v back.
                    qhat -= 1;
                    let mut c = false;
                    let mut i = 0;
                    while i < vn {
                        let (s1, c1) = u[i + j].overflowing_add(v[i]);
                        let (s2, c2) = s1.overflowing_add(c as $D);
                        u[i + j] = s2;
                        c = c1 | c2;
                        i += 1;
                    }
                    u[j + vn] = u[j + vn].wrapping_add(c as $D);
                }
                q[j] = qhat as $D;
            }
            if s > 0 {
                let mut i = 0;
                while i + 1 < vn {
                    u[i] = (u[i] >> s) | (u[i + 1] << (BITS - s));
                    i += 1;
                }
                u[vn - 1] >>= s;
            }
        }
    };
}
