//! Post-state root and logs hash, as ethereum/tests computes them.
//!
//! State trie: keccak256(address) -> rlp([nonce, balance, storageRoot, codeHash]); storage trie:
//! keccak256(slot as 32 bytes) -> rlp(value). Both are built with `alloy-trie`'s `HashBuilder`
//! over keys sorted by their hash. Logs: keccak256(rlp([[address, [topics...], data]...])).

use alloy_rlp::{Encodable, Header};
use alloy_trie::{HashBuilder, Nibbles};
use sealevm_evm::memory_state::{MemoryAccount, MemoryState};
use sealevm_evm::{keccak256, Log, B256, U256};

/// Root of a trie holding `leaves` (hashed key, RLP value), in any order.
fn trie_root(mut leaves: Vec<([u8; 32], Vec<u8>)>) -> B256 {
    leaves.sort_unstable_by_key(|leaf| leaf.0);
    let mut builder = HashBuilder::default();
    for (key, value) in &leaves {
        builder.add_leaf(Nibbles::unpack(key), value);
    }
    B256(builder.root().0)
}

/// The big-endian bytes of `value` without leading zeros: RLP encodes this byte string as the
/// integer (zero becomes the empty string).
fn trimmed(value: &U256) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(32);
    bytes[first..].to_vec()
}

/// Root of one account's storage trie (zero slots are absent from the trie).
pub fn storage_root(account: &MemoryAccount) -> B256 {
    let leaves = account
        .storage
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(k, v)| {
            let mut rlp = Vec::new();
            trimmed(v).as_slice().encode(&mut rlp);
            (keccak256(&k.to_be_bytes()).0, rlp)
        })
        .collect();
    trie_root(leaves)
}

/// RLP of an account leaf: [nonce, balance, storageRoot, codeHash].
fn account_rlp(account: &MemoryAccount) -> Vec<u8> {
    let nonce = account.info.nonce;
    let balance = trimmed(&account.info.balance);
    let root = storage_root(account).0;
    let code_hash = account.info.code_hash.0;
    let payload_length =
        nonce.length() + balance.as_slice().length() + root.length() + code_hash.length();
    let mut out = Vec::with_capacity(payload_length + 3);
    Header {
        list: true,
        payload_length,
    }
    .encode(&mut out);
    nonce.encode(&mut out);
    balance.as_slice().encode(&mut out);
    root.encode(&mut out);
    code_hash.encode(&mut out);
    out
}

/// The state root of every account in `state`.
pub fn state_root(state: &MemoryState) -> B256 {
    let leaves = state
        .accounts
        .iter()
        .map(|(address, account)| (keccak256(&address.0).0, account_rlp(account)))
        .collect();
    trie_root(leaves)
}

/// keccak256 of the RLP list of `logs`.
pub fn logs_hash(logs: &[Log]) -> B256 {
    let mut items = Vec::with_capacity(logs.len());
    for log in logs {
        let topics: Vec<[u8; 32]> = log.topics.iter().map(|t| t.0).collect();
        let payload_length =
            log.address.0.length() + topics.length() + log.data.as_slice().length();
        let mut item = Vec::with_capacity(payload_length + 4);
        Header {
            list: true,
            payload_length,
        }
        .encode(&mut item);
        log.address.0.encode(&mut item);
        topics.encode(&mut item);
        log.data.as_slice().encode(&mut item);
        items.push(item);
    }
    let payload_length = items.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(payload_length + 9);
    Header {
        list: true,
        payload_length,
    }
    .encode(&mut out);
    for item in &items {
        out.extend_from_slice(item);
    }
    keccak256(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealevm_evm::Address;

    fn hex32(s: &str) -> B256 {
        crate::json::b256(s).expect("hex")
    }

    #[test]
    fn empty_roots() {
        assert_eq!(
            state_root(&MemoryState::new()),
            hex32("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
        );
        assert_eq!(
            logs_hash(&[]),
            hex32("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347")
        );
    }

    #[test]
    fn single_account_root() {
        // One account with balance 1, nonce 0, no code, no storage: the root is the hash of a
        // single leaf node, computed independently from the RLP spelled out by hand.
        let mut state = MemoryState::new();
        let address = Address([0x11; 20]);
        state.insert(address, U256::from_u64(1), 0, &[], []);
        let empty_root = keccak256(&[0x80]);
        let empty_code = keccak256(&[]);
        let mut account = vec![0xf8, 0x44, 0x80, 0x01, 0xa0];
        account.extend_from_slice(&empty_root.0);
        account.push(0xa0);
        account.extend_from_slice(&empty_code.0);
        // Leaf node: [compact path (0x20 ++ 32-byte key), account RLP as a byte string].
        let key = keccak256(&address.0);
        let mut node = vec![0xf8, 0x6a, 0xa1, 0x20];
        node.extend_from_slice(&key.0);
        node.extend_from_slice(&[0xb8, 0x46]);
        node.extend_from_slice(&account);
        assert_eq!(node.len(), 2 + 0x6a);
        assert_eq!(state_root(&state), keccak256(&node));
    }
}
