//! The signed Ethereum transaction an `ExecuteFromHolder` ran: the holder account is closed
//! by the time the indexer sees it, so its payload is rebuilt from the `HolderWrite`s in the
//! holder's own history, walking back from the execution to the `HolderCreate` that bound it.
//! This works whoever sent the transaction and wherever the indexer started.

use super::cluster::{ClusterReader, SignatureInfo, SIGNATURE_PAGE};
use super::decode::{self, SolanaTx};
use super::IndexerError;
use alloy::consensus::TxEnvelope;
use alloy::eips::eip2718::Decodable2718;
use sealevm_sdk::instruction::SealevmInstruction;
use solana_address::Address as SolAddress;

/// Most transactions looked at for one holder (a 128 KiB transaction takes ~120 writes).
const MAX_HOLDER_HISTORY: usize = 4 * SIGNATURE_PAGE;

/// The signed transaction stored in `holder` when the transaction `executed_by` ran it.
pub async fn payload(
    reader: &ClusterReader,
    holder: &SolAddress,
    executed_by: &str,
) -> Result<Vec<u8>, IndexerError> {
    let fail = |detail: String| IndexerError::Holder {
        holder: *holder,
        detail,
    };
    // Newest first: the writes between the holder's creation and this execution.
    let mut history: Vec<SolanaTx> = Vec::new();
    let mut before = executed_by.to_string();
    'pages: loop {
        let page = reader.signatures(holder, Some(&before)).await?;
        let last_page = page.len() < SIGNATURE_PAGE;
        for SignatureInfo {
            signature, failed, ..
        } in page
        {
            before = signature.clone();
            if failed {
                continue;
            }
            let value = reader
                .transaction(&signature)
                .await?
                .ok_or_else(|| fail(format!("{signature} listed but not returned")))?;
            let tx = decode::parse(&value)?;
            let created = binds(&tx, holder);
            history.push(tx);
            if created {
                break 'pages;
            }
            if history.len() > MAX_HOLDER_HISTORY {
                return Err(fail("no HolderCreate in its recent history".into()));
            }
        }
        if last_page {
            return Err(fail("no HolderCreate in its history".into()));
        }
    }
    let mut content = Vec::new();
    for tx in history.iter().rev() {
        for ix in tx.program_instructions() {
            if ix.accounts.get(1) != Some(holder) {
                continue;
            }
            if let Ok(SealevmInstruction::HolderWrite { offset, chunk }) =
                SealevmInstruction::unpack(&ix.data)
            {
                write_at(&mut content, offset, chunk);
            }
        }
    }
    first_transaction(&content).ok_or_else(|| fail("payload is not a signed transaction".into()))
}

/// Whether `tx` binds `holder` (`HolderCreate` with the holder as its second account).
fn binds(tx: &SolanaTx, holder: &SolAddress) -> bool {
    tx.program_instructions().any(|ix| {
        ix.accounts.get(1) == Some(holder)
            && matches!(
                SealevmInstruction::unpack(&ix.data),
                Ok(SealevmInstruction::HolderCreate)
            )
    })
}

/// Copies `chunk` to byte `offset` of `content`, growing it with zeros as needed.
fn write_at(content: &mut Vec<u8>, offset: u32, chunk: &[u8]) {
    let Ok(start) = usize::try_from(offset) else {
        return;
    };
    let end = start.saturating_add(chunk.len());
    if content.len() < end {
        content.resize(end, 0);
    }
    content[start..end].copy_from_slice(chunk);
}

/// The bytes of the EIP-2718 transaction at the start of `payload` (the program reads the
/// length from its RLP header the same way; the rest of the holder is ignored).
fn first_transaction(payload: &[u8]) -> Option<Vec<u8>> {
    let mut rest = payload;
    TxEnvelope::decode_2718(&mut rest).ok()?;
    let len = payload.len() - rest.len();
    Some(payload[..len].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_land_at_their_offsets_in_any_order() {
        let mut content = Vec::new();
        write_at(&mut content, 3, &[4, 5]);
        write_at(&mut content, 0, &[1, 2, 3]);
        assert_eq!(content, vec![1, 2, 3, 4, 5]);
        write_at(&mut content, 1, &[9]);
        assert_eq!(content, vec![1, 9, 3, 4, 5]);
    }

    #[test]
    fn the_payload_is_cut_after_its_transaction() {
        // A signed legacy transaction (EIP-155, chain id 1) followed by holder padding.
        let raw = alloy::primitives::hex::decode(
            "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
        )
        .expect("hex");
        let mut padded = raw.clone();
        padded.extend_from_slice(&[0; 40]);
        assert_eq!(first_transaction(&padded), Some(raw));
        assert_eq!(first_transaction(&[0xc0, 0, 0]), None);
    }
}
