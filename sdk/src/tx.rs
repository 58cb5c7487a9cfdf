//! Decoding of signed Ethereum transactions and their signing hash, `no_std`.
//!
//! Supported: legacy (with or without EIP-155), EIP-2930 (type 1) and EIP-1559 (type 2).
//! Blob transactions (type 3) and anything else are rejected. The sender is not recovered
//! here: the program uses the `secp256k1_recover` syscall on [`SignedTx::signing_hash`],
//! native callers their own library; [`sender_from_public_key`] finishes both.

use crate::error::SealevmError;
use crate::rlp::{self, Item, ListIter, RlpError};
use sealevm_evm::{AccessListItem, GrowVec, TxEnv, TxKind};
use sealevm_primitives::{keccak256, keccak256_concat, Address, B256, U256};

/// secp256k1 group order / 2; signatures with a larger `s` are malleable (EIP-2).
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Transaction type byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxType {
    /// Legacy (RLP list, optionally EIP-155 replay protected).
    Legacy,
    /// EIP-2930 access-list transaction.
    AccessList,
    /// EIP-1559 dynamic-fee transaction.
    DynamicFee,
}

/// A decoded transaction whose signature has not been checked yet.
#[derive(Clone, Debug)]
pub struct SignedTx {
    /// The type.
    pub tx_type: TxType,
    /// The fields, with `caller` still [`Address::ZERO`].
    pub tx: TxEnv,
    /// The hash the sender signed.
    pub signing_hash: B256,
    /// `r || s`, each 32 bytes big-endian.
    pub signature: [u8; 64],
    /// Recovery id (0 or 1).
    pub recovery_id: u8,
    /// keccak256 of the raw bytes: the transaction hash.
    pub hash: B256,
}

impl From<RlpError> for SealevmError {
    fn from(_: RlpError) -> Self {
        SealevmError::MalformedTransaction
    }
}

/// The Ethereum address of an uncompressed public key (`x || y`).
pub fn sender_from_public_key(public_key: &[u8; 64]) -> Address {
    Address::from_slice(&keccak256(public_key).as_bytes()[12..])
}

/// Decodes a signed transaction in its `eth_sendRawTransaction` form.
pub fn decode(raw: &[u8]) -> Result<SignedTx, SealevmError> {
    let hash = keccak256(raw);
    let (mut signed, _) = decode_with_preimage(raw)?;
    signed.hash = hash;
    Ok(signed)
}

/// [`decode`] without the transaction hash (left [`B256::ZERO`]): the program never uses it,
/// and hashing the raw bytes is a keccak syscall.
pub fn decode_without_hash(raw: &[u8]) -> Result<SignedTx, SealevmError> {
    decode_with_preimage(raw).map(|(signed, _)| signed)
}

/// The signing preimage of the signed transaction `raw`: the bytes whose keccak256 is its
/// [`SignedTx::signing_hash`] (`type || rlp(unsigned fields)` for typed transactions,
/// `rlp(fields [, chain_id, 0, 0])` for legacy ones). This is the message the secp256k1
/// precompile must verify for `ExecuteVerified`.
pub fn signing_preimage(raw: &[u8]) -> Result<alloc::vec::Vec<u8>, SealevmError> {
    let (_, preimage) = decode_with_preimage(raw)?;
    Ok(preimage.to_vec())
}

/// Decodes `raw` (without its transaction hash) and keeps the parts of its signing preimage.
fn decode_with_preimage(raw: &[u8]) -> Result<(SignedTx, Preimage<'_>), SealevmError> {
    let first = *raw.first().ok_or(SealevmError::MalformedTransaction)?;
    match first {
        0x01 => decode_typed(raw, TxType::AccessList),
        0x02 => decode_typed(raw, TxType::DynamicFee),
        0xc0..=0xff => decode_legacy(raw),
        _ => Err(SealevmError::UnsupportedTxType),
    }
}

/// The signing preimage in three parts, so that it is hashed without being copied:
/// `prefix` (type byte if any, then the list header), the signed fields as they appear in the
/// raw transaction, and `suffix` (EIP-155: `chain_id, 0x80, 0x80`).
struct Preimage<'a> {
    prefix: [u8; 10],
    prefix_len: usize,
    fields: &'a [u8],
    suffix: [u8; 11],
    suffix_len: usize,
}

impl<'a> Preimage<'a> {
    fn new(fields: &'a [u8]) -> Self {
        Self {
            prefix: [0; 10],
            prefix_len: 0,
            fields,
            suffix: [0; 11],
            suffix_len: 0,
        }
    }

    /// Writes the prefix once the suffix is known: the type byte, then the list header.
    fn close(&mut self, tx_type: Option<u8>) {
        let mut at = 0;
        if let Some(t) = tx_type {
            self.prefix[0] = t;
            at = 1;
        }
        let mut header = [0u8; 9];
        let n = rlp::list_header(self.fields.len() + self.suffix_len, &mut header);
        self.prefix[at..at + n].copy_from_slice(&header[..n]);
        self.prefix_len = at + n;
    }

    fn parts(&self) -> [&[u8]; 3] {
        [
            &self.prefix[..self.prefix_len],
            self.fields,
            &self.suffix[..self.suffix_len],
        ]
    }

    fn hash(&self) -> B256 {
        keccak256_concat(&self.parts())
    }

    fn to_vec(&self) -> alloc::vec::Vec<u8> {
        self.parts().concat()
    }
}

/// Length of the signed transaction at the start of `buf` (which may hold more bytes after
/// it, as a holder does), read from its type byte and RLP header.
pub fn raw_len(buf: &[u8]) -> Result<usize, SealevmError> {
    let first = *buf.first().ok_or(SealevmError::MalformedTransaction)?;
    let (skip, body) = match first {
        0x01 | 0x02 => (1, &buf[1..]),
        0xc0..=0xff => (0, buf),
        _ => return Err(SealevmError::UnsupportedTxType),
    };
    let (item, _) = rlp::decode_item(body)?;
    Ok(skip + item.raw.len())
}

/// The common "nonce .. data" fields in their order in every type.
struct Fields {
    nonce: u64,
    gas_price: U256,
    gas_priority_fee: Option<U256>,
    gas_limit: u64,
    kind: TxKind,
    value: U256,
}

fn kind(item: &Item<'_>) -> Result<TxKind, RlpError> {
    let b = item.bytes()?;
    if b.is_empty() {
        Ok(TxKind::Create)
    } else {
        Ok(TxKind::Call(item.address()?))
    }
}

/// Reads `r`, `s` and checks them (non-zero, `s` in the lower half).
fn signature(r: &Item<'_>, s: &Item<'_>) -> Result<[u8; 64], SealevmError> {
    let r = r.u256()?;
    let s = s.u256()?;
    if r.is_zero() || s.is_zero() || s > U256::from_be_bytes(HALF_ORDER) {
        return Err(SealevmError::InvalidSignature);
    }
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r.to_be_bytes());
    sig[32..].copy_from_slice(&s.to_be_bytes());
    Ok(sig)
}

fn tx_env(fields: Fields, data: &[u8], chain_id: Option<u64>) -> TxEnv {
    TxEnv {
        caller: Address::ZERO,
        gas_limit: fields.gas_limit,
        gas_price: fields.gas_price,
        gas_priority_fee: fields.gas_priority_fee,
        kind: fields.kind,
        value: fields.value,
        data: data.to_vec(),
        nonce: fields.nonce,
        chain_id,
        access_list: GrowVec::new(),
    }
}

fn decode_legacy(raw: &[u8]) -> Result<(SignedTx, Preimage<'_>), SealevmError> {
    let mut list = rlp::decode_list(raw)?;
    let body_start = list.remaining();
    let nonce = list.next_item()?.u64()?;
    let gas_price = list.next_item()?.u256()?;
    let gas_limit = list.next_item()?.u64()?;
    let kind = kind(&list.next_item()?)?;
    let value = list.next_item()?.u256()?;
    let data = list.next_item()?.bytes()?;
    let signed_len = body_start.len() - list.remaining().len();
    let v = list.next_item()?.u64()?;
    let r = list.next_item()?;
    let s = list.next_item()?;
    if !list.is_empty() {
        return Err(SealevmError::MalformedTransaction);
    }
    let signature = signature(&r, &s)?;
    let fields = &body_start[..signed_len];
    let mut preimage = Preimage::new(fields);
    let (chain_id, recovery_id) = match v {
        27 | 28 => {
            preimage.close(None);
            (None, (v - 27) as u8)
        }
        35.. => {
            let chain_id = (v - 35) / 2;
            let mut id = [0u8; 9];
            let n = rlp::encode_u64(chain_id, &mut id);
            preimage.suffix[..n].copy_from_slice(&id[..n]);
            preimage.suffix[n..n + 2].fill(0x80);
            preimage.suffix_len = n + 2;
            preimage.close(None);
            (Some(chain_id), ((v - 35) % 2) as u8)
        }
        _ => return Err(SealevmError::InvalidSignature),
    };
    let fields = Fields {
        nonce,
        gas_price,
        gas_priority_fee: None,
        gas_limit,
        kind,
        value,
    };
    let signed = SignedTx {
        tx_type: TxType::Legacy,
        tx: tx_env(fields, data, chain_id),
        signing_hash: preimage.hash(),
        signature,
        recovery_id,
        hash: B256::ZERO,
    };
    Ok((signed, preimage))
}

fn decode_access_list(item: &Item<'_>) -> Result<GrowVec<AccessListItem>, RlpError> {
    let mut out = GrowVec::new();
    let mut entries = item.list()?;
    while !entries.is_empty() {
        let mut entry = entries.next_item()?.list()?;
        let address = entry.next_item()?.address()?;
        let mut keys_iter: ListIter<'_> = entry.next_item()?.list()?;
        if !entry.is_empty() {
            return Err(RlpError::TrailingBytes);
        }
        let mut storage_keys = GrowVec::new();
        while !keys_iter.is_empty() {
            let key = keys_iter.next_item()?.bytes()?;
            if key.len() != 32 {
                return Err(RlpError::BadValue);
            }
            storage_keys.push(U256::from_be_slice(key));
        }
        out.push(AccessListItem {
            address,
            storage_keys,
        });
    }
    Ok(out)
}

fn decode_typed(raw: &[u8], tx_type: TxType) -> Result<(SignedTx, Preimage<'_>), SealevmError> {
    let mut list = rlp::decode_list(&raw[1..])?;
    let body_start = list.remaining();
    let chain_id = list.next_item()?.u64()?;
    let nonce = list.next_item()?.u64()?;
    let (gas_price, gas_priority_fee) = match tx_type {
        TxType::DynamicFee => {
            let tip = list.next_item()?.u256()?;
            (list.next_item()?.u256()?, Some(tip))
        }
        _ => (list.next_item()?.u256()?, None),
    };
    let gas_limit = list.next_item()?.u64()?;
    let kind = kind(&list.next_item()?)?;
    let value = list.next_item()?.u256()?;
    let data = list.next_item()?.bytes()?;
    let access_list = decode_access_list(&list.next_item()?)?;
    let signed_len = body_start.len() - list.remaining().len();
    let parity = list.next_item()?.u64()?;
    let r = list.next_item()?;
    let s = list.next_item()?;
    if !list.is_empty() {
        return Err(SealevmError::MalformedTransaction);
    }
    if parity > 1 {
        return Err(SealevmError::InvalidSignature);
    }
    let signature = signature(&r, &s)?;
    let mut preimage = Preimage::new(&body_start[..signed_len]);
    preimage.close(Some(raw[0]));
    let fields = Fields {
        nonce,
        gas_price,
        gas_priority_fee,
        gas_limit,
        kind,
        value,
    };
    let mut tx = tx_env(fields, data, Some(chain_id));
    tx.access_list = access_list;
    let signed = SignedTx {
        tx_type,
        tx,
        signing_hash: preimage.hash(),
        signature,
        recovery_id: parity as u8,
        hash: B256::ZERO,
    };
    Ok((signed, preimage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    /// The example of EIP-155: key 0x46..46, chain 1.
    #[test]
    fn eip155_example() {
        let raw = hex("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
        let signed = decode(&raw).expect("decodes");
        assert_eq!(signed.tx_type, TxType::Legacy);
        assert_eq!(signed.tx.chain_id, Some(1));
        assert_eq!(signed.tx.nonce, 9);
        assert_eq!(signed.tx.gas_limit, 21_000);
        assert_eq!(
            signed.signing_hash.as_bytes()[..],
            hex("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")[..]
        );
        assert_eq!(signed.recovery_id, 0);
        let sig = k256::ecdsa::Signature::from_slice(&signed.signature).expect("sig");
        let id = k256::ecdsa::RecoveryId::from_byte(signed.recovery_id).expect("id");
        let key = k256::ecdsa::VerifyingKey::recover_from_prehash(
            signed.signing_hash.as_bytes(),
            &sig,
            id,
        )
        .expect("recovers");
        let point = key.to_encoded_point(false);
        let mut public = [0u8; 64];
        public.copy_from_slice(&point.as_bytes()[1..]);
        assert_eq!(
            sender_from_public_key(&public).as_bytes()[..],
            hex("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f")[..]
        );
        // The preimage hashes to the signing hash.
        let preimage = signing_preimage(&raw).expect("preimage");
        assert_eq!(keccak256(&preimage), signed.signing_hash);
        assert_eq!(
            preimage,
            hex("ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080")
        );
        // A wrong list length is rejected.
        let mut bad = raw.clone();
        bad[1] = 0x6d;
        assert!(decode(&bad).is_err());
        assert_eq!(
            decode(&[0x03, 0xc0]).err(),
            Some(SealevmError::UnsupportedTxType)
        );
        assert_eq!(decode(&[]).err(), Some(SealevmError::MalformedTransaction));
        // The length of a transaction followed by other bytes (a holder's payload).
        let mut padded = raw.clone();
        padded.extend_from_slice(&[0xaa; 17]);
        assert_eq!(raw_len(&padded), Ok(raw.len()));
        let mut typed = vec![0x02];
        typed.extend_from_slice(&raw);
        assert_eq!(raw_len(&typed), Ok(raw.len() + 1));
        assert!(raw_len(&[0x04, 0xc0]).is_err());
        assert!(raw_len(&raw[..10]).is_err());
    }
}
