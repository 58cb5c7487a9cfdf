//! eth_sendTransaction and eth_signTransaction for the node's dev accounts: fill what the
//! request leaves out (chain id, nonce, fees, gas) as Hardhat does, sign with the account's
//! key, then the same path as eth_sendRawTransaction.

use super::{Chain, Node};
use crate::chain::overrides::Overrides;
use crate::error::EthError;
use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, TxKind, B256};
use alloy::rpc::types::TransactionRequest;

impl<C: Chain> Node<C> {
    /// The addresses eth_accounts lists.
    pub fn accounts(&self) -> Vec<Address> {
        self.config
            .dev_signers
            .iter()
            .map(|s| s.address())
            .collect()
    }

    /// eth_sendTransaction: fills, signs and sends `request`; returns the hash.
    pub async fn send_transaction(&self, request: TransactionRequest) -> Result<B256, EthError> {
        let _turn = self.send_turn.lock().await;
        let raw = self.fill_and_sign(request).await?;
        self.send_raw_transaction(&raw).await
    }

    /// eth_signTransaction: fills and signs `request`; returns the signed bytes.
    pub async fn sign_transaction(&self, request: TransactionRequest) -> Result<Bytes, EthError> {
        Ok(Bytes::from(self.fill_and_sign(request).await?))
    }

    async fn fill_and_sign(&self, mut request: TransactionRequest) -> Result<Vec<u8>, EthError> {
        let from = request
            .from
            .ok_or_else(|| EthError::InvalidParams("missing \"from\" field".into()))?;
        let signer = self
            .config
            .dev_signers
            .iter()
            .find(|s| s.address() == from)
            .cloned()
            .ok_or(EthError::UnknownAccount(from))?;
        request.chain_id.get_or_insert(self.config.chain_id);
        // No `to` is a deployment; the builder wants it said.
        request.to.get_or_insert(TxKind::Create);
        if request.nonce.is_none() {
            request.nonce = Some(self.pending_nonce(from).await?);
        }
        if request.gas_price.is_none() {
            // EIP-1559 unless a gas price asks for a legacy transaction; the base fee is zero,
            // so the suggested tip is the whole price.
            let max_fee = request.max_fee_per_gas.unwrap_or_else(|| {
                request
                    .max_priority_fee_per_gas
                    .unwrap_or(self.config.gas_price)
            });
            let tip = request
                .max_priority_fee_per_gas
                .unwrap_or(self.config.gas_price)
                .min(max_fee);
            request.max_fee_per_gas = Some(max_fee);
            request.max_priority_fee_per_gas = Some(tip);
        }
        if request.gas.is_none() {
            request.gas = Some(self.estimate_gas(&request, Overrides::default()).await?);
        }
        let wallet = EthereumWallet::from(signer);
        let envelope: TxEnvelope = request
            .build(&wallet)
            .await
            .map_err(|e| EthError::Sign(e.to_string()))?;
        Ok(envelope.encoded_2718())
    }
}
