//! Reading what the sealevm program did in one Solana transaction, from its JSON encoding
//! (getBlock or getTransaction): which top-level instructions it ran, with their accounts and
//! data, and the receipt it left in its return data or, when that was truncated, in its logs.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sealevm_sdk::client;
use sealevm_sdk::receipt::{self, Receipt};
use serde_json::Value;
use solana_address::Address as SolAddress;
use std::str::FromStr;

/// `Program data:` log prefix of `sol_log_data`.
const DATA_LOG: &str = "Program data: ";
/// The first field of the logged full receipt: base64 of `receipt`.
const RECEIPT_TAG: &str = "cmVjZWlwdA==";

/// Why a transaction's JSON could not be read.
#[derive(Debug, thiserror::Error)]
#[error("transaction {signature}: {detail}")]
pub struct DecodeError {
    /// The transaction's first signature (or `?`).
    pub signature: String,
    /// What was wrong.
    pub detail: String,
}

/// A top-level instruction with its accounts resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopInstruction {
    /// The invoked program.
    pub program: SolAddress,
    /// Its accounts, in order.
    pub accounts: Vec<SolAddress>,
    /// Its data.
    pub data: Vec<u8>,
}

/// What the indexer needs of one Solana transaction.
#[derive(Clone, Debug, Default)]
pub struct SolanaTx {
    /// First signature (base58).
    pub signature: String,
    /// Whether it succeeded (a failed transaction changed nothing but fees).
    pub succeeded: bool,
    /// Top-level instructions.
    pub instructions: Vec<TopInstruction>,
    /// Return data, when the sealevm program set it last.
    pub program_return: Option<Vec<u8>>,
    /// Log lines.
    pub logs: Vec<String>,
}

impl SolanaTx {
    /// The top-level instructions addressed to the sealevm program.
    pub fn program_instructions(&self) -> impl Iterator<Item = &TopInstruction> {
        let program = client::program_id();
        self.instructions
            .iter()
            .filter(move |ix| ix.program == program)
    }

    /// The program's receipt: the return data, or the full receipt from the logs when the
    /// return data holds a truncated copy. `None` when there is none or it does not decode.
    pub fn receipt(&self) -> Option<Receipt> {
        let returned = receipt::decode(self.program_return.as_deref()?)?;
        if returned.flags & receipt::FLAG_TRUNCATED == 0 {
            return Some(returned);
        }
        self.logs
            .iter()
            .rev()
            .filter_map(|line| line.strip_prefix(DATA_LOG))
            .filter_map(|fields| fields.strip_prefix(RECEIPT_TAG))
            .find_map(|rest| {
                let bytes = BASE64.decode(rest.trim()).ok()?;
                receipt::decode(&bytes)
            })
    }
}

/// Parses a transaction of getBlock or getTransaction in `json` encoding (with its `meta`).
pub fn parse(value: &Value) -> Result<SolanaTx, DecodeError> {
    let signature = value
        .pointer("/transaction/signatures/0")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let fail = |detail: &str| DecodeError {
        signature: signature.clone(),
        detail: detail.to_string(),
    };
    let meta = value.get("meta").ok_or_else(|| fail("no meta"))?;
    let message = value
        .pointer("/transaction/message")
        .ok_or_else(|| fail("no message"))?;
    // Account indices run over the static keys, then the lookup tables' writable and
    // read-only addresses.
    let mut keys = addresses(message.get("accountKeys")).ok_or_else(|| fail("bad accountKeys"))?;
    for part in ["writable", "readonly"] {
        if let Some(loaded) = meta.pointer(&format!("/loadedAddresses/{part}")) {
            keys.extend(addresses(Some(loaded)).ok_or_else(|| fail("bad loadedAddresses"))?);
        }
    }
    let key = |index: &Value| -> Option<SolAddress> {
        keys.get(usize::try_from(index.as_u64()?).ok()?).copied()
    };
    let mut instructions = Vec::new();
    for ix in message
        .get("instructions")
        .and_then(Value::as_array)
        .ok_or_else(|| fail("no instructions"))?
    {
        let program = ix
            .get("programIdIndex")
            .and_then(key)
            .ok_or_else(|| fail("bad programIdIndex"))?;
        let accounts = ix
            .get("accounts")
            .and_then(Value::as_array)
            .ok_or_else(|| fail("instruction without accounts"))?
            .iter()
            .map(key)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| fail("bad account index"))?;
        let data = ix
            .get("data")
            .and_then(Value::as_str)
            .and_then(|d| bs58::decode(d).into_vec().ok())
            .ok_or_else(|| fail("instruction data not base58"))?;
        instructions.push(TopInstruction {
            program,
            accounts,
            data,
        });
    }
    let program = client::program_id().to_string();
    let program_return = match meta.get("returnData") {
        Some(data) if data.get("programId").and_then(Value::as_str) == Some(&program) => Some(
            data.pointer("/data/0")
                .and_then(Value::as_str)
                .and_then(|b64| BASE64.decode(b64).ok())
                .ok_or_else(|| fail("return data not base64"))?,
        ),
        _ => None,
    };
    Ok(SolanaTx {
        succeeded: meta.get("err").is_none_or(Value::is_null),
        instructions,
        program_return,
        logs: crate::chain::remote::rpc::string_list(meta.get("logMessages")),
        signature,
    })
}

fn addresses(value: Option<&Value>) -> Option<Vec<SolAddress>> {
    value?
        .as_array()?
        .iter()
        .map(|k| SolAddress::from_str(k.as_str()?).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sealevm_evm::{Address, B256, U256};
    use sealevm_evm::{GrowVec, Log, Outcome, Status};
    use serde_json::json;

    fn outcome(data_len: usize) -> Outcome {
        let mut topics = GrowVec::new();
        topics.push(B256([7; 32]));
        let mut logs = GrowVec::new();
        logs.push(Log {
            address: Address([1; 20]),
            topics,
            data: vec![9; data_len],
        });
        Outcome {
            status: Status::Success,
            gas_used: 21_000,
            gas_refunded: 0,
            output: Vec::new(),
            logs,
            created_address: None,
        }
    }

    fn block_tx(return_data: &[u8], logs: Vec<String>, err: Value) -> Value {
        let payer = SolAddress::new_from_array([5; 32]);
        json!({
            "transaction": {
                "signatures": ["sig"],
                "message": {
                    "accountKeys": [payer.to_string(), client::program_id().to_string()],
                    "instructions": [
                        {"programIdIndex": 1, "accounts": [0], "data": bs58::encode([2, 0xc0]).into_string()}
                    ],
                },
            },
            "meta": {
                "err": err,
                "logMessages": logs,
                "returnData": {
                    "programId": client::program_id().to_string(),
                    "data": [BASE64.encode(return_data), "base64"],
                },
            },
        })
    }

    #[test]
    fn instructions_and_the_returned_receipt_are_read() {
        let encoded = receipt::encode(&outcome(4), &U256::from_u64(7), false);
        let tx = parse(&block_tx(&encoded, Vec::new(), Value::Null)).expect("parses");
        assert!(tx.succeeded);
        let ix: Vec<_> = tx.program_instructions().collect();
        assert_eq!(ix.len(), 1);
        assert_eq!(ix[0].data, vec![2, 0xc0]);
        assert_eq!(ix[0].accounts, vec![SolAddress::new_from_array([5; 32])]);
        let receipt = tx.receipt().expect("receipt");
        assert_eq!(receipt.gas_used, 21_000);
        assert_eq!(receipt.logs.len(), 1);
        assert_eq!(receipt.gas_price, U256::from_u64(7));
    }

    #[test]
    fn a_truncated_receipt_is_replaced_by_the_logged_one() {
        let full = receipt::encode(&outcome(2_000), &U256::from_u64(7), false);
        let truncated = receipt::encode(&outcome(2_000), &U256::from_u64(7), true);
        let logged = format!("{DATA_LOG}{RECEIPT_TAG} {}", BASE64.encode(&full));
        let tx = parse(&block_tx(&truncated, vec![logged], Value::Null)).expect("parses");
        let receipt = tx.receipt().expect("receipt");
        assert_eq!(receipt.logs.len(), 1);
        assert_eq!(receipt.logs[0].data.len(), 2_000);
        // Without the log line there is no full receipt to be had.
        let tx = parse(&block_tx(&truncated, Vec::new(), Value::Null)).expect("parses");
        assert!(tx.receipt().is_none());
    }

    #[test]
    fn failures_and_bad_input_are_reported() {
        let tx = parse(&block_tx(
            &[],
            Vec::new(),
            json!({"InstructionError": [0, {"Custom": 50}]}),
        ))
        .expect("parses");
        assert!(!tx.succeeded);
        let mut bad = block_tx(&[], Vec::new(), Value::Null);
        bad["transaction"]["message"]["instructions"][0]["programIdIndex"] = json!(9);
        let err = parse(&bad).expect_err("refused");
        assert!(err.to_string().contains("programIdIndex"), "{err}");
    }
}
