//! The ten development accounts every Ethereum dev tool knows: the Hardhat/anvil test
//! mnemonic, derivation path m/44'/60'/0'/0/i.

use alloy::primitives::{hex, Address};
use alloy::signers::local::coins_bip39::English;
use alloy::signers::local::{LocalSignerError, MnemonicBuilder, PrivateKeySigner};

/// The public test mnemonic (never use it for real funds).
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// How many accounts are derived and funded.
pub const DEV_ACCOUNT_COUNT: u32 = 10;

/// One derived account.
#[derive(Clone, Debug)]
pub struct DevAccount {
    /// Its address.
    pub address: Address,
    /// Its private key as 0x-hex.
    pub private_key: String,
    /// Its signer.
    pub signer: PrivateKeySigner,
}

/// The first `count` accounts of [`DEV_MNEMONIC`].
pub fn dev_accounts(count: u32) -> Result<Vec<DevAccount>, LocalSignerError> {
    (0..count)
        .map(|i| {
            let signer = MnemonicBuilder::<English>::default()
                .phrase(DEV_MNEMONIC)
                .index(i)?
                .build()?;
            Ok(DevAccount {
                address: signer.address(),
                private_key: hex::encode_prefixed(signer.credential().to_bytes()),
                signer,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_account_is_hardhats() {
        let accounts = dev_accounts(2).expect("derive");
        assert_eq!(
            accounts[0].address.to_string(),
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
        );
        assert_eq!(
            accounts[0].private_key,
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        );
        assert_eq!(
            accounts[1].address.to_string(),
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
        );
    }
}
