//! SOL is the chain's native token with 18 decimals: 1 lamport = 10^9 wei.

use sealevm_primitives::U256;

/// Wei per lamport.
pub const WEI_PER_LAMPORT: u64 = 1_000_000_000;

/// `lamports` in wei (never overflows: 2^64 * 10^9 < 2^256).
pub fn lamports_to_wei(lamports: u64) -> U256 {
    U256::from_u64(lamports).wrapping_mul(U256::from_u64(WEI_PER_LAMPORT))
}

/// `wei` as whole lamports and the wei left over (`None` if the lamports do not fit a u64).
pub fn wei_to_lamports(wei: U256) -> Option<(u64, U256)> {
    let (lamports, rest) = wei.div_rem(U256::from_u64(WEI_PER_LAMPORT));
    Some((lamports.to_u64()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let wei = lamports_to_wei(1_500_000_000);
        assert_eq!(wei, U256::from_dec("1500000000000000000").expect("dec"));
        assert_eq!(wei_to_lamports(wei), Some((1_500_000_000, U256::ZERO)));
        let odd = wei.wrapping_add(U256::from_u64(7));
        assert_eq!(
            wei_to_lamports(odd),
            Some((1_500_000_000, U256::from_u64(7)))
        );
        assert_eq!(wei_to_lamports(U256::MAX), None);
        assert_eq!(
            wei_to_lamports(lamports_to_wei(u64::MAX)),
            Some((u64::MAX, U256::ZERO))
        );
    }
}
