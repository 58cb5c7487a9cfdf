//! Property tests: the portable back end (used on SBF), the wide back end (native) and the
//! public `U256` methods against `ruint` on random inputs biased to edge cases.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use ruint::aliases::U256 as R;
use sealevm_primitives::U256;

fn r(x: U256) -> R {
    R::from_limbs(x.0)
}

fn u(x: R) -> U256 {
    U256(x.into_limbs())
}

const MIN: R = R::from_limbs([0, 0, 0, 1 << 63]);

// ---------- generators ----------

/// A 32-bit half biased to the values that stress carries and Knuth's qhat corrections.
fn half() -> BoxedStrategy<u64> {
    prop_oneof![
        Just(0u64),
        Just(1),
        Just(0x7fff_ffff),
        Just(0x8000_0000),
        Just(0xffff_fffe),
        Just(0xffff_ffff),
        any::<u32>().prop_map(|v| v as u64),
    ]
    .boxed()
}

/// A limb built from two biased halves, or fully random.
fn limb() -> BoxedStrategy<u64> {
    prop_oneof![
        3 => (half(), half()).prop_map(|(h, l)| (h << 32) | l),
        2 => any::<u64>(),
        1 => Just(u64::MAX),
        1 => Just(0u64),
        1 => Just(1u64 << 63),
    ]
    .boxed()
}

fn edge() -> BoxedStrategy<U256> {
    let consts = [
        R::ZERO,
        R::from(1u64),
        R::from(2u64),
        R::MAX,
        R::MAX - R::from(1u64),
        MIN,
        MIN - R::from(1u64),
        MIN + R::from(1u64),
        R::from(1u64) << 32,
        (R::from(1u64) << 32) - R::from(1u64),
        R::from(1u64) << 64,
        (R::from(1u64) << 64) - R::from(1u64),
        R::from(1u64) << 128,
        (R::from(1u64) << 128) - R::from(1u64),
        R::from(1u64) << 192,
        (R::from(1u64) << 192) - R::from(1u64),
        R::from(10u64),
        R::from(0xffu64),
        R::from(0x80u64),
    ];
    proptest::sample::select(consts.to_vec())
        .prop_map(u)
        .boxed()
}

/// Random values with 1..=4 significant limbs, powers of two (and their neighbours),
/// two's-complement negatives of small values, and edge constants.
fn arb() -> BoxedStrategy<U256> {
    prop_oneof![
        3 => edge(),
        4 => (1usize..=4, limb(), limb(), limb(), limb()).prop_map(|(n, a, b, c, d)| {
            let mut l = [a, b, c, d];
            for x in l.iter_mut().skip(n) {
                *x = 0;
            }
            U256(l)
        }),
        3 => any::<[u64; 4]>().prop_map(U256),
        2 => (0u32..256, -1i32..=1).prop_map(|(k, d)| {
            let p = R::from(1u64) << (k as usize);
            u(match d {
                -1 => p.wrapping_sub(R::from(1u64)),
                0 => p,
                _ => p.wrapping_add(R::from(1u64)),
            })
        }),
        1 => any::<u64>().prop_map(|v| u(R::from(v).wrapping_neg())),
        1 => any::<u8>().prop_map(|v| U256::from(v as u64)),
    ]
    .boxed()
}

/// Shift amounts / byte indexes: the boundaries, small values and huge values.
fn arb_index() -> BoxedStrategy<U256> {
    prop_oneof![
        proptest::sample::select(vec![
            0u64,
            1,
            7,
            8,
            30,
            31,
            32,
            33,
            63,
            64,
            65,
            127,
            128,
            129,
            191,
            192,
            255,
            256,
            257,
            300,
            u64::MAX
        ])
        .prop_map(U256::from),
        (0u64..=300).prop_map(U256::from),
        arb(),
    ]
    .boxed()
}

// ---------- reference (ruint, EVM semantics) ----------

fn ref_div(a: R, b: R) -> R {
    if b.is_zero() {
        R::ZERO
    } else {
        a / b
    }
}

fn ref_rem(a: R, b: R) -> R {
    if b.is_zero() {
        R::ZERO
    } else {
        a % b
    }
}

fn neg(a: R) -> bool {
    a.bit(255)
}

fn abs(a: R) -> R {
    if neg(a) {
        a.wrapping_neg()
    } else {
        a
    }
}

fn ref_sdiv(a: R, b: R) -> R {
    if b.is_zero() {
        return R::ZERO;
    }
    if a == MIN && b == R::MAX {
        return MIN;
    }
    let q = abs(a) / abs(b);
    if neg(a) != neg(b) {
        q.wrapping_neg()
    } else {
        q
    }
}

fn ref_smod(a: R, b: R) -> R {
    if b.is_zero() {
        return R::ZERO;
    }
    let m = abs(a) % abs(b);
    if neg(a) {
        m.wrapping_neg()
    } else {
        m
    }
}

fn ref_signextend(x: R, b: R) -> R {
    if b >= R::from(31u64) {
        return x;
    }
    let bit = (b.to::<usize>()) * 8 + 7;
    let mask = (R::from(1u64) << (bit + 1)) - R::from(1u64);
    if x.bit(bit) {
        x | !mask
    } else {
        x & mask
    }
}

fn ref_byte(x: R, i: R) -> R {
    if i >= R::from(32u64) {
        return R::ZERO;
    }
    let be = x.to_be_bytes::<32>();
    R::from(be[i.to::<usize>()])
}

fn small_shift(s: R) -> Option<usize> {
    if s < R::from(256u64) {
        Some(s.to::<usize>())
    } else {
        None
    }
}

fn ref_shl(x: R, s: R) -> R {
    small_shift(s).map_or(R::ZERO, |s| x << s)
}

fn ref_shr(x: R, s: R) -> R {
    small_shift(s).map_or(R::ZERO, |s| x >> s)
}

fn ref_sar(x: R, s: R) -> R {
    match small_shift(s) {
        Some(s) => x.arithmetic_shr(s),
        None if neg(x) => R::MAX,
        None => R::ZERO,
    }
}

fn ref_slt(a: R, b: R) -> bool {
    (a ^ MIN) < (b ^ MIN)
}

fn cfg() -> ProptestConfig {
    // PROPTEST_CASES overrides the default of 4000 cases per property.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------- the back ends ----------

macro_rules! backend_tests {
    ($m:ident) => {
        mod $m {
            use super::*;
            use sealevm_primitives::$m as b;

            proptest! {
                #![proptest_config(cfg())]

                #[test]
                fn mul(x in arb(), y in arb()) {
                    prop_assert_eq!(r(b::mul(x, y)), r(x).wrapping_mul(r(y)));
                }

                #[test]
                fn mul_full(x in arb(), y in arb()) {
                    let p = b::mul_full(x, y);
                    let lo = U256([p[0], p[1], p[2], p[3]]);
                    let hi = U256([p[4], p[5], p[6], p[7]]);
                    let (rlo, rhi) = r(x).widening_mul::<256, 4, 512, 8>(r(y)).into_limbs().split_at(4)
                        .try_into().map(|(a, b): (&[u64], &[u64])| (U256(a.try_into().unwrap()), U256(b.try_into().unwrap()))).unwrap();
                    prop_assert_eq!(lo, rlo);
                    prop_assert_eq!(hi, rhi);
                    prop_assert_eq!(b::checked_mul(x, y), r(x).checked_mul(r(y)).map(u));
                }

                #[test]
                fn div_rem(x in arb(), y in arb()) {
                    let (q, m) = b::div_rem(x, y);
                    prop_assert_eq!(r(q), ref_div(r(x), r(y)));
                    prop_assert_eq!(r(m), ref_rem(r(x), r(y)));
                    prop_assert_eq!(r(b::div(x, y)), ref_div(r(x), r(y)));
                    prop_assert_eq!(r(b::rem(x, y)), ref_rem(r(x), r(y)));
                }

                #[test]
                fn sdiv_smod(x in arb(), y in arb()) {
                    prop_assert_eq!(r(b::sdiv(x, y)), ref_sdiv(r(x), r(y)));
                    prop_assert_eq!(r(b::smod(x, y)), ref_smod(r(x), r(y)));
                }

                #[test]
                fn add_mod(x in arb(), y in arb(), m in arb()) {
                    prop_assert_eq!(r(b::add_mod(x, y, m)), r(x).add_mod(r(y), r(m)));
                }

                #[test]
                fn mul_mod(x in arb(), y in arb(), m in arb()) {
                    prop_assert_eq!(r(b::mul_mod(x, y, m)), r(x).mul_mod(r(y), r(m)));
                }

                #[test]
                fn shifts(x in arb(), i in arb_index()) {
                    let s = if i.fits_u64() && i.0[0] < 1024 { i.0[0] as u32 } else { 1000 + (i.0[0] as u32 & 0xffff) };
                    let rs = R::from(s);
                    prop_assert_eq!(r(b::shl_u32(x, s)), ref_shl(r(x), rs));
                    prop_assert_eq!(r(b::shr_u32(x, s)), ref_shr(r(x), rs));
                    prop_assert_eq!(r(b::sar_u32(x, s)), ref_sar(r(x), rs));
                }

                #[test]
                fn pow(x in arb(), e in prop_oneof![arb(), (0u64..600).prop_map(U256::from)]) {
                    prop_assert_eq!(r(b::pow(x, e)), r(x).wrapping_pow(r(e)));
                }
            }

            /// Knuth D's add-back step (qhat one too large after the two-digit test):
            /// the classic trigger scaled to 32- and 64-bit digits.
            #[test]
            fn knuth_add_back() {
                let cases = [
                    // 32-bit digits: u = [0, 0, 0x80000000, 0x7fffffff], v = [1, 0, 0x80000000]
                    (U256([0, 0x7fff_ffff_8000_0000, 0, 0]), U256([1, 0x8000_0000, 0, 0])),
                    // 64-bit digits
                    (U256([0, 0, 1 << 63, (1 << 63) - 1]), U256([1, 0, 1 << 63, 0])),
                    (U256([0, 0, 0, 0x7fff_ffff_ffff_ffff]), U256([1, 0, 0x8000_0000_0000_0000, 0])),
                    (U256([0, 0x8000_0000_0000_0000, 0, 0x7fff_ffff_ffff_ffff]), U256([1, 0, 0x8000_0000_0000_0000, 0])),
                    (U256([0x0000_0000_0000_0003, 0, 0x8000_0000_0000_0000, 0]), U256([0x0000_0001_0000_0000, 0x8000_0000_0000_0000, 0, 0])),
                    (U256::MAX, U256([u64::MAX, u64::MAX, 0, 0])),
                    (U256::MAX, U256([1, 0, 0, 1])),
                ];
                for (x, y) in cases {
                    let (q, m) = b::div_rem(x, y);
                    assert_eq!(r(q), ref_div(r(x), r(y)), "{x:?} / {y:?}");
                    assert_eq!(r(m), ref_rem(r(x), r(y)), "{x:?} % {y:?}");
                    for z in [U256::MAX, U256([0, 0, 0, 1]), U256([u64::MAX, 0, 0, 0]), U256::ONE] {
                        assert_eq!(r(b::mul_mod(x, z, y)), r(x).mul_mod(r(z), r(y)));
                    }
                }
            }
        }
    };
}

backend_tests!(portable);
backend_tests!(wide);

#[test]
fn mul_wide_u64_portable() {
    let vals = [
        0u64,
        1,
        2,
        0xffff_ffff,
        0x1_0000_0000,
        u64::MAX,
        u64::MAX - 1,
        1 << 63,
        0x1234_5678_9abc_def0,
    ];
    for &a in &vals {
        for &c in &vals {
            let (lo, hi) = sealevm_primitives::portable::mul_wide_u64(a, c);
            let p = (a as u128) * (c as u128);
            assert_eq!((lo, hi), (p as u64, (p >> 64) as u64));
        }
    }
}

#[test]
fn clz64_portable() {
    use sealevm_primitives::portable::clz64;
    assert_eq!(clz64(0), 64);
    for k in 0..64 {
        let p = 1u64 << k;
        for x in [p, p | (p - 1), p | 1, p | (p >> 1)] {
            assert_eq!(clz64(x), x.leading_zeros(), "{x:#x}");
        }
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn div_rem_u64_both(x in arb(), d in prop_oneof![any::<u64>(), any::<u32>().prop_map(|v| v as u64), (0u32..64).prop_map(|k| 1u64 << k), Just(u64::MAX)]) {
        prop_assume!(d != 0);
        let want = (ref_div(r(x), R::from(d)), ref_rem(r(x), R::from(d)));
        let (q, m) = sealevm_primitives::portable::div_rem_u64(x, d);
        prop_assert_eq!((r(q), r(m)), want);
        let (q, m) = sealevm_primitives::wide::div_rem_u64(x, d);
        prop_assert_eq!((r(q), r(m)), want);
    }

    #[test]
    fn mul_wide_u64_random(a in any::<u64>(), c in any::<u64>()) {
        let (lo, hi) = sealevm_primitives::portable::mul_wide_u64(a, c);
        let p = (a as u128) * (c as u128);
        prop_assert_eq!((lo, hi), (p as u64, (p >> 64) as u64));
    }

    #[test]
    fn checked_mul_u64(a in prop_oneof![any::<u64>(), any::<u32>().prop_map(|v| v as u64), (0u32..64).prop_map(|k| 1u64 << k)],
                       c in prop_oneof![any::<u64>(), any::<u32>().prop_map(|v| v as u64), (0u32..64).prop_map(|k| 1u64 << k)]) {
        prop_assert_eq!(sealevm_primitives::checked_mul_u64_portable(a, c), a.checked_mul(c));
        prop_assert_eq!(sealevm_primitives::checked_mul_u64(a, c), a.checked_mul(c));
        prop_assert_eq!(sealevm_primitives::saturating_mul_u64(a, c), a.saturating_mul(c));
    }

    /// The public methods (dispatching to the native back end here).
    #[test]
    fn methods_arith(x in arb(), y in arb()) {
        let (rx, ry) = (r(x), r(y));
        prop_assert_eq!(r(x.wrapping_add(y)), rx.wrapping_add(ry));
        prop_assert_eq!(r(x.wrapping_sub(y)), rx.wrapping_sub(ry));
        prop_assert_eq!(r(x.wrapping_mul(y)), rx.wrapping_mul(ry));
        let (s, o) = x.overflowing_add(y);
        prop_assert_eq!((r(s), o), rx.overflowing_add(ry));
        let (s, o) = x.overflowing_sub(y);
        prop_assert_eq!((r(s), o), rx.overflowing_sub(ry));
        prop_assert_eq!(x.checked_add(y).map(r), rx.checked_add(ry));
        prop_assert_eq!(x.checked_sub(y).map(r), rx.checked_sub(ry));
        prop_assert_eq!(x.checked_mul(y).map(r), rx.checked_mul(ry));
        prop_assert_eq!(r(x.wrapping_neg()), rx.wrapping_neg());
        prop_assert_eq!(x.is_negative(), neg(rx));
        prop_assert_eq!(r(x.pow(y)), rx.wrapping_pow(ry));
    }

    #[test]
    fn methods_divmod(x in arb(), y in arb(), m in arb()) {
        let (rx, ry, rm) = (r(x), r(y), r(m));
        prop_assert_eq!(r(x.div(y)), ref_div(rx, ry));
        prop_assert_eq!(r(x.rem(y)), ref_rem(rx, ry));
        let (q, rr) = x.div_rem(y);
        prop_assert_eq!((r(q), r(rr)), (ref_div(rx, ry), ref_rem(rx, ry)));
        prop_assert_eq!(r(x.sdiv(y)), ref_sdiv(rx, ry));
        prop_assert_eq!(r(x.smod(y)), ref_smod(rx, ry));
        prop_assert_eq!(r(x.add_mod(y, m)), rx.add_mod(ry, rm));
        prop_assert_eq!(r(x.mul_mod(y, m)), rx.mul_mod(ry, rm));
    }

    #[test]
    fn methods_logic(x in arb(), y in arb()) {
        let (rx, ry) = (r(x), r(y));
        prop_assert_eq!(r(x & y), rx & ry);
        prop_assert_eq!(r(x | y), rx | ry);
        prop_assert_eq!(r(x ^ y), rx ^ ry);
        prop_assert_eq!(r(!x), !rx);
        prop_assert_eq!(x.cmp(&y), rx.cmp(&ry));
        prop_assert_eq!(x.lt(&y), rx < ry);
        prop_assert_eq!(x.gt(&y), rx > ry);
        prop_assert_eq!(x == y, rx == ry);
        prop_assert_eq!(x.slt(&y), ref_slt(rx, ry));
        prop_assert_eq!(x.sgt(&y), ref_slt(ry, rx));
    }

    #[test]
    fn methods_bits(x in arb(), i in arb_index()) {
        let (rx, ri) = (r(x), r(i));
        prop_assert_eq!(r(x.sign_extend(i)), ref_signextend(rx, ri));
        prop_assert_eq!(r(x.byte(i)), ref_byte(rx, ri));
        prop_assert_eq!(r(x.shl(i)), ref_shl(rx, ri));
        prop_assert_eq!(r(x.shr(i)), ref_shr(rx, ri));
        prop_assert_eq!(r(x.sar(i)), ref_sar(rx, ri));
    }

    #[test]
    fn methods_conversions(x in arb(), len in 0usize..=40) {
        let rx = r(x);
        prop_assert_eq!(x.to_be_bytes(), rx.to_be_bytes::<32>());
        prop_assert_eq!(U256::from_be_bytes(x.to_be_bytes()), x);
        let mut w = [0u8; 32];
        x.write_be_bytes(&mut w);
        prop_assert_eq!(w, x.to_be_bytes());
        prop_assert_eq!(x.is_zero(), rx.is_zero());
        prop_assert_eq!(x.low_u64(), rx.as_limbs()[0]);
        prop_assert_eq!(x.to_u64(), u64::try_from(rx).ok());
        prop_assert_eq!(x.as_usize_saturated(), usize::try_from(rx).unwrap_or(usize::MAX));
        prop_assert_eq!(x.bit_len() as usize, rx.bit_len());
        prop_assert_eq!(x.leading_zeros() as usize, rx.leading_zeros());
        prop_assert_eq!(x.byte_len() as usize, rx.byte_len());
        // from_be_slice: <= 32 bytes left-padded, longer uses the last 32 bytes.
        let be = x.to_be_bytes();
        let mut long = [0xabu8; 40];
        long[8..].copy_from_slice(&be);
        let s = &long[40 - len..];
        let expect = if len <= 32 { R::from_be_slice(s) } else { rx };
        prop_assert_eq!(r(U256::from_be_slice(s)), expect);
        prop_assert_eq!(U256::from_hex(&format!("{x:?}")), Some(x));
        prop_assert_eq!(format!("{x}"), format!("{rx}"));
        prop_assert_eq!(U256::from_dec(&format!("{rx}")), Some(x));
        let a = sealevm_primitives::Address::from_word(x);
        prop_assert_eq!(r(a.to_word()), rx & ((R::from(1u64) << 160) - R::from(1u64)));
        prop_assert_eq!(sealevm_primitives::B256::from_word(x).to_word(), x);
    }
}
