//! An Ethereum block from one Solana slot: number = the slot, hash = the slot's blockhash,
//! parent hash = the hash of the block numbered one less, timestamp = its block time, and the
//! sealevm transactions it executed in the order the slot holds them; a skipped slot is an
//! empty block whose hash derives from its number. Every input comes from the cluster, so
//! every proxy following it builds the same block.

use crate::convert::{alloy_address, alloy_log, alloy_u256};
use crate::index::{BlockRecord, LogRecord, TxRecord};
use crate::node::block::BuiltBlock;
use crate::tx::SignedTx;
use alloy::consensus::proofs::{calculate_receipt_root, calculate_transaction_root};
use alloy::consensus::{
    Eip658Value, Header, Receipt as ConsensusReceipt, ReceiptEnvelope, ReceiptWithBloom,
    TxEnvelope, EMPTY_OMMER_ROOT_HASH, EMPTY_ROOT_HASH,
};
use alloy::primitives::{logs_bloom, Address, Bytes, Log, B256};
use sealevm_sdk::receipt::{Receipt, STATUS_SUCCESS};

/// What a slot contributes to its block's header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotHeader {
    /// The slot: the block number.
    pub slot: u64,
    /// The slot's blockhash: the block hash.
    pub blockhash: B256,
    /// The parent slot's blockhash: the parent hash.
    pub previous_blockhash: B256,
    /// Block time (Unix seconds).
    pub time: u64,
}

/// One Ethereum transaction the program executed, with its receipt.
#[derive(Clone, Debug)]
pub struct Executed {
    /// The signed transaction.
    pub tx: SignedTx,
    /// The program's receipt.
    pub receipt: Receipt,
}

/// Block values every proxy agrees on without asking the cluster.
#[derive(Clone, Copy, Debug)]
pub struct BlockConstants {
    /// Beneficiary of every block.
    pub coinbase: Address,
    /// Gas limit of every block.
    pub gas_limit: u64,
}

/// The hash of the empty block standing for the skipped slot `slot`: keccak of
/// `sealevm skipped slot` and the slot (big-endian), the same on every proxy.
pub fn skipped_slot_hash(slot: u64) -> B256 {
    let mut preimage = b"sealevm skipped slot".to_vec();
    preimage.extend_from_slice(&slot.to_be_bytes());
    alloy::primitives::keccak256(&preimage)
}

/// The hash of the block numbered `slot` when the block of `slot + 1` has parent slot
/// `parent_slot` and parent blockhash `parent_blockhash`: that blockhash when `slot` is the
/// parent, else (`slot` was skipped) [`skipped_slot_hash`].
pub fn hash_before(slot: u64, parent_slot: u64, parent_blockhash: B256) -> B256 {
    if slot == parent_slot {
        parent_blockhash
    } else {
        skipped_slot_hash(slot)
    }
}

/// The empty blocks standing for the skipped slots between `parent_slot` and `slot` (a
/// block whose parent is `parent_slot`, with blockhash `parent_blockhash`), from `from` on:
/// block numbers stay contiguous, as Ethereum clients expect, and each links to the one
/// before. Their time is the next block's.
pub fn skipped_between(
    parent_slot: u64,
    parent_blockhash: B256,
    slot: u64,
    from: u64,
    time: u64,
    constants: &BlockConstants,
) -> Vec<BuiltBlock> {
    (parent_slot.saturating_add(1).max(from)..slot)
        .map(|skipped| {
            let header = SlotHeader {
                slot: skipped,
                blockhash: skipped_slot_hash(skipped),
                previous_blockhash: hash_before(
                    skipped.saturating_sub(1),
                    parent_slot,
                    parent_blockhash,
                ),
                time,
            };
            build(&header, &[], constants)
        })
        .collect()
}

/// The block of `slot` holding `executed`, in order.
pub fn build(slot: &SlotHeader, executed: &[Executed], constants: &BlockConstants) -> BuiltBlock {
    let number = slot.slot;
    let mut txs = Vec::with_capacity(executed.len());
    let mut logs = Vec::new();
    let mut receipts = Vec::with_capacity(executed.len());
    let mut cumulative = 0u64;
    for (i, Executed { tx, receipt }) in executed.iter().enumerate() {
        let tx_index = i as u64;
        let tx_logs: Vec<Log> = receipt
            .logs
            .iter()
            .map(|log| alloy_log(&log.address, &log.topics, &log.data))
            .collect();
        cumulative = cumulative.saturating_add(receipt.gas_used);
        let success = receipt.status == STATUS_SUCCESS;
        for log in &tx_logs {
            logs.push(LogRecord {
                block_number: number,
                log_index: logs.len() as u64,
                tx_hash: tx.hash,
                tx_index,
                address: log.address,
                topics: log.data.topics().to_vec(),
                data: log.data.data.clone(),
            });
        }
        receipts.push(envelope(&tx.envelope, success, cumulative, tx_logs));
        txs.push(TxRecord {
            hash: tx.hash,
            block_number: number,
            tx_index,
            sender: tx.sender,
            raw: Bytes::from(tx.raw.clone()),
            status: success,
            gas_used: receipt.gas_used,
            cumulative_gas_used: cumulative,
            effective_gas_price: u128::try_from(alloy_u256(&receipt.gas_price))
                .unwrap_or(u128::MAX),
            contract_address: receipt.created_address.as_ref().map(alloy_address),
        });
    }
    let envelopes: Vec<TxEnvelope> = executed.iter().map(|e| e.tx.envelope.clone()).collect();
    let bloom = logs_bloom(receipts.iter().flat_map(|r| r.logs()));
    let header = Header {
        parent_hash: slot.previous_blockhash,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: constants.coinbase,
        state_root: B256::ZERO,
        transactions_root: if envelopes.is_empty() {
            EMPTY_ROOT_HASH
        } else {
            calculate_transaction_root(&envelopes)
        },
        receipts_root: if receipts.is_empty() {
            EMPTY_ROOT_HASH
        } else {
            calculate_receipt_root(&receipts)
        },
        logs_bloom: bloom,
        number,
        gas_limit: constants.gas_limit,
        gas_used: cumulative,
        timestamp: slot.time,
        base_fee_per_gas: Some(0),
        withdrawals_root: Some(EMPTY_ROOT_HASH),
        blob_gas_used: Some(0),
        excess_blob_gas: Some(0),
        parent_beacon_block_root: Some(B256::ZERO),
        ..Default::default()
    };
    BuiltBlock {
        block: BlockRecord {
            hash: slot.blockhash,
            header,
        },
        txs,
        logs,
    }
}

/// The consensus receipt of a transaction of `envelope`'s type.
fn envelope(
    envelope: &TxEnvelope,
    success: bool,
    cumulative_gas_used: u64,
    logs: Vec<Log>,
) -> ReceiptEnvelope {
    let receipt = ReceiptWithBloom {
        logs_bloom: logs_bloom(logs.iter()),
        receipt: ConsensusReceipt {
            status: Eip658Value::Eip658(success),
            cumulative_gas_used,
            logs,
        },
    };
    match envelope {
        TxEnvelope::Legacy(_) => ReceiptEnvelope::Legacy(receipt),
        TxEnvelope::Eip2930(_) => ReceiptEnvelope::Eip2930(receipt),
        TxEnvelope::Eip4844(_) => ReceiptEnvelope::Eip4844(receipt),
        TxEnvelope::Eip7702(_) => ReceiptEnvelope::Eip7702(receipt),
        TxEnvelope::Eip1559(_) => ReceiptEnvelope::Eip1559(receipt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::consensus::{SignableTransaction, TxLegacy};
    use alloy::network::TxSignerSync;
    use alloy::primitives::{TxKind, U256};
    use alloy::signers::local::PrivateKeySigner;
    use sealevm_sdk::receipt::{ReceiptLog, STATUS_REVERT};

    fn signed(nonce: u64) -> SignedTx {
        let signer = PrivateKeySigner::random();
        let mut tx = TxLegacy {
            chain_id: Some(7),
            nonce,
            gas_price: 1,
            gas_limit: 21_000,
            to: TxKind::Call(Address::repeat_byte(1)),
            value: U256::from(1),
            input: Bytes::new(),
        };
        let signature = signer.sign_transaction_sync(&mut tx).expect("signs");
        let envelope = TxEnvelope::Legacy(tx.into_signed(signature));
        let mut raw = Vec::new();
        alloy::eips::eip2718::Encodable2718::encode_2718(&envelope, &mut raw);
        SignedTx::decode(&raw, 7).expect("decodes")
    }

    fn receipt(status: u8, gas_used: u64, logs: usize) -> Receipt {
        Receipt {
            status,
            halt_reason: 0,
            flags: 0,
            gas_used,
            gas_price: sealevm_evm::U256::from_u64(3),
            created_address: None,
            output: Vec::new(),
            logs: (0..logs)
                .map(|i| ReceiptLog {
                    address: sealevm_evm::Address([i as u8; 20]),
                    topics: vec![sealevm_evm::B256([9; 32])],
                    data: vec![1, 2],
                })
                .collect(),
        }
    }

    #[test]
    fn a_slot_becomes_one_block_numbered_and_hashed_by_the_slot() {
        let slot = SlotHeader {
            slot: 77,
            blockhash: B256::repeat_byte(0xbb),
            previous_blockhash: B256::repeat_byte(0xaa),
            time: 1_700_000_000,
        };
        let constants = BlockConstants {
            coinbase: Address::ZERO,
            gas_limit: 30_000_000,
        };
        let executed = vec![
            Executed {
                tx: signed(0),
                receipt: receipt(STATUS_SUCCESS, 21_000, 2),
            },
            Executed {
                tx: signed(0),
                receipt: receipt(STATUS_REVERT, 30_000, 1),
            },
        ];
        let built = build(&slot, &executed, &constants);
        assert_eq!(built.block.hash, slot.blockhash);
        assert_eq!(built.block.header.parent_hash, slot.previous_blockhash);
        assert_eq!(built.block.header.number, 77);
        assert_eq!(built.block.header.gas_used, 51_000);
        assert_eq!(built.txs[1].tx_index, 1);
        assert_eq!(built.txs[1].cumulative_gas_used, 51_000);
        assert!(built.txs[0].status && !built.txs[1].status);
        assert_eq!(built.txs[0].effective_gas_price, 3);
        let indices: Vec<(u64, u64)> = built
            .logs
            .iter()
            .map(|l| (l.log_index, l.tx_index))
            .collect();
        assert_eq!(indices, vec![(0, 0), (1, 0), (2, 1)]);
        assert_ne!(
            built.block.header.logs_bloom,
            alloy::primitives::Bloom::ZERO
        );
        // The same inputs give the same block (what two proxies rely on).
        let again = build(&slot, &executed, &constants);
        assert_eq!(again.block.header, built.block.header);
        // Skipped slots 78 and 79 between 77 and 80 become empty blocks linked in a row.
        let fill = skipped_between(77, slot.blockhash, 80, 0, 9, &constants);
        let numbers: Vec<u64> = fill.iter().map(|b| b.block.header.number).collect();
        assert_eq!(numbers, vec![78, 79]);
        assert_eq!(fill[0].block.header.parent_hash, slot.blockhash);
        assert_eq!(fill[1].block.header.parent_hash, fill[0].block.hash);
        assert_eq!(fill[1].block.hash, skipped_slot_hash(79));
        assert_eq!(hash_before(79, 77, slot.blockhash), fill[1].block.hash);
        assert_eq!(hash_before(77, 77, slot.blockhash), slot.blockhash);
        // Nothing below `from` (the index's first slot), nothing when no slot was skipped.
        assert_eq!(
            skipped_between(77, slot.blockhash, 80, 79, 9, &constants).len(),
            1
        );
        assert!(skipped_between(79, slot.blockhash, 80, 0, 9, &constants).is_empty());
        // An empty slot is an empty block.
        let empty = build(&slot, &[], &constants);
        assert_eq!(empty.block.header.transactions_root, EMPTY_ROOT_HASH);
        assert!(empty.txs.is_empty());
    }
}
