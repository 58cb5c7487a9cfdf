//! Unit tests: known vectors and EVM edge cases.
#![allow(clippy::unwrap_used)]

use sealevm_primitives::*;

#[test]
fn keccak_vectors() {
    assert_eq!(
        keccak256(&[]),
        B256::from_hex("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470").unwrap()
    );
    assert_eq!(keccak256(&[]), KECCAK_EMPTY);
    assert_eq!(
        keccak256(b"abc"),
        B256::from_hex("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45").unwrap()
    );
    assert_eq!(keccak256_concat(&[b"a", b"", b"bc"]), keccak256(b"abc"));
}

#[test]
fn mul64() {
    let cases = [
        (0u64, 0u64),
        (1, u64::MAX),
        (u64::MAX, 2),
        (1 << 32, 1 << 32),
        ((1 << 32) - 1, (1 << 32) + 1),
        (0xffff_ffff, 0xffff_ffff),
        (0x1_0000_0000, 0xffff_ffff),
        (3, 0x5555_5555_5555_5555),
        (3, 0x5555_5555_5555_5556),
        (0x1_0000_0001, 0xffff_fffe),
        (0x1_0000_0001, 0xffff_ffff),
    ];
    for (a, b) in cases {
        assert_eq!(checked_mul_u64(a, b), a.checked_mul(b), "{a} {b}");
        assert_eq!(checked_mul_u64_portable(a, b), a.checked_mul(b), "{a} {b}");
        assert_eq!(checked_mul_u64_portable(b, a), a.checked_mul(b), "{a} {b}");
        assert_eq!(saturating_mul_u64(a, b), a.saturating_mul(b));
    }
}

#[test]
fn evm_edges() {
    let min = U256::SIGN_BIT;
    let m1 = U256::MAX;
    assert_eq!(min.sdiv(m1), min);
    assert_eq!(U256::from(7u64).div(U256::ZERO), U256::ZERO);
    assert_eq!(U256::from(7u64).rem(U256::ZERO), U256::ZERO);
    assert_eq!(
        U256::from(7u64).wrapping_neg().smod(U256::from(3u64)),
        U256::from(1u64).wrapping_neg()
    );
    // MAX = 2^256 - 1 = 1 (mod 7), so MAX + MAX = 2 (mod 7) although the sum overflows.
    assert_eq!(
        U256::MAX.add_mod(U256::MAX, U256::from(7u64)),
        U256::from(2u64)
    );
    assert_eq!(
        U256::MAX.mul_mod(U256::MAX, U256::MAX.wrapping_sub(U256::ONE)),
        U256::ONE
    );
    assert_eq!(U256::from(2u64).pow(U256::from(255u64)), min);
    assert_eq!(U256::from(2u64).pow(U256::from(256u64)), U256::ZERO);
    assert_eq!(U256::from(3u64).pow(U256::from(3u64)), U256::from(27u64));
    assert_eq!(U256::from(0xffu64).sign_extend(U256::ZERO), U256::MAX);
    assert_eq!(
        U256::from(0x7fu64).sign_extend(U256::ZERO),
        U256::from(0x7fu64)
    );
    assert_eq!(
        U256::from(0xffu64).sign_extend(U256::from(31u64)),
        U256::from(0xffu64)
    );
    assert_eq!(
        U256::from(0xffu64).byte(U256::from(31u64)),
        U256::from(0xffu64)
    );
    assert_eq!(U256::from(0xffu64).byte(U256::from(32u64)), U256::ZERO);
    assert_eq!(U256::ONE.shl(U256::from(255u64)), min);
    assert_eq!(U256::ONE.shl(U256::from(256u64)), U256::ZERO);
    assert_eq!(min.sar(U256::from(255u64)), U256::MAX);
    assert_eq!(min.sar(U256::from(300u64)), U256::MAX);
    assert_eq!(min.shr(U256::from(255u64)), U256::ONE);
    assert!(min.slt(&U256::ZERO));
    assert!(U256::ONE.sgt(&m1));
}

#[test]
fn formatting_and_parsing() {
    extern crate std;
    use std::format;
    assert_eq!(format!("{:?}", U256::ZERO), "0x0");
    assert_eq!(format!("{:?}", U256::from(0x1fu64)), "0x1f");
    assert_eq!(
        format!("{}", U256::MAX),
        "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    );
    assert_eq!(format!("{}", U256::ZERO), "0");
    assert_eq!(
        format!("{}", U256::from(10_000_000_000_000_000_000u64)),
        "10000000000000000000"
    );
    assert_eq!(
        U256::from_dec(
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        ),
        Some(U256::MAX)
    );
    assert_eq!(
        U256::from_dec(
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        ),
        None
    );
    assert_eq!(
        format!("{:?}", Address::ZERO),
        "0x0000000000000000000000000000000000000000"
    );
    let a = Address::from_hex("0x00000000000000000000000000000000deadbeef").unwrap();
    assert_eq!(a.to_word(), U256::from(0xdeadbeefu64));
    assert_eq!(Address::from_word(U256::MAX), Address([0xff; 20]));
    assert_eq!(U256::from_be_slice(&[1, 2]), U256::from(0x102u64));
    let mut long = [0u8; 40];
    long[0] = 9;
    long[39] = 5;
    assert_eq!(U256::from_be_slice(&long), U256::from(5u64));
    assert_eq!(SpecId::from_name("Paris"), Some(SpecId::Merge));
    assert_eq!(SpecId::from_name("Cancun"), Some(SpecId::Cancun));
    assert!(SpecId::Cancun.is_enabled_in(SpecId::Berlin));
    assert!(!SpecId::Berlin.is_enabled_in(SpecId::Cancun));
}
