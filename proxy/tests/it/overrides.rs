//! eth_call / eth_estimateGas state overrides (geth's third parameter), and an estimate that is
//! enough for a contract checking `gasleft()`.

use crate::common::{self, IToken};
use alloy::network::TransactionBuilder;
use alloy::primitives::{hex, keccak256, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use sealevm_proxy::launch::Running;
use serde_json::{json, Value};

/// Runtime code returning the 32-byte constant 42.
const RETURNS_42: &str = "0x602a60005260206000f3";
/// Runtime code returning its own balance (SELFBALANCE).
const RETURNS_BALANCE: &str = "0x4760005260206000f3";
/// Runtime code returning its storage slot 0 and slot 1, added.
const RETURNS_SLOTS_0_PLUS_1: &str = "0x6001546000540160005260206000f3";

/// Runtime code that reverts unless `gasleft() > 100000` at its start:
/// GAS PUSH3 100000 LT PUSH1 13 JUMPI PUSH1 0 DUP1 REVERT JUMPDEST STOP.
const GASLEFT_RUNTIME: &str = "5a620186a010600d57600080fd5b00";
/// Creation code returning [`GASLEFT_RUNTIME`] (15 bytes copied from offset 11).
const GASLEFT_CREATION: &str = "600f80600b6000396000f3";

/// eth_call over raw JSON-RPC with a state override set; the whole answer.
async fn call(node: &Running, to: Address, data: &[u8], overrides: Value) -> Value {
    common::post(
        node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call",
               "params": [{"to": to, "data": Bytes::copy_from_slice(data)}, "latest", overrides]}),
    )
    .await
}

/// The word an eth_call answer returns.
fn word(answer: &Value) -> U256 {
    let text = answer["result"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"));
    U256::from_be_slice(&hex::decode(text).expect("hex"))
}

/// Storage slot of `_balances[holder]` in an OpenZeppelin ERC-20 (the mapping is at slot 0).
fn balance_slot(holder: Address) -> B256 {
    let mut key = [0u8; 64];
    key[12..32].copy_from_slice(holder.as_slice());
    keccak256(key)
}

fn hex_word(v: u64) -> String {
    format!("{:#066x}", v)
}

#[tokio::test]
async fn state_and_state_diff_override_token_storage_and_nothing_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let p = common::wallet_provider(&node, 0);
    let me = node.accounts[0].address;
    let receipt = common::deploy_token(&p).await;
    let token = receipt.contract_address.expect("contract address");
    let supply = IToken::new(token, p.clone())
        .balanceOf(me)
        .call()
        .await
        .expect("balance");
    assert!(supply > U256::ZERO);

    let holder = Address::repeat_byte(0x55);
    let slot = balance_slot(holder);
    let balance_of = |a: Address| IToken::balanceOfCall { account: a }.abi_encode();

    // stateDiff: the holder's slot changes, every other slot keeps its value.
    let diff = json!({ token.to_string(): { "stateDiff": { slot.to_string(): hex_word(1234) } } });
    let answer = call(&node, token, &balance_of(holder), diff.clone()).await;
    assert_eq!(word(&answer), U256::from(1234));
    assert_eq!(
        word(&call(&node, token, &balance_of(me), diff).await),
        supply
    );

    // state: the listed slots are the whole storage, so the deployer's balance reads zero.
    let all = json!({ token.to_string(): { "state": { slot.to_string(): hex_word(1234) } } });
    let answer = call(&node, token, &balance_of(holder), all.clone()).await;
    assert_eq!(word(&answer), U256::from(1234));
    assert_eq!(
        word(&call(&node, token, &balance_of(me), all).await),
        U256::ZERO
    );

    // Both at once are refused.
    let both = json!({ token.to_string(): {
        "state": { slot.to_string(): hex_word(1) },
        "stateDiff": { slot.to_string(): hex_word(2) } } });
    let answer = call(&node, token, &balance_of(holder), both).await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert!(answer["error"]["message"]
        .as_str()
        .expect("message")
        .contains("'state' and 'stateDiff'"));

    // Nothing was written.
    let token_view = IToken::new(token, p.clone());
    assert_eq!(
        token_view.balanceOf(holder).call().await.expect("balance"),
        U256::ZERO
    );
    assert_eq!(
        token_view.balanceOf(me).call().await.expect("balance"),
        supply
    );
    let stored = p
        .get_storage_at(token, U256::from_be_bytes(slot.0))
        .await
        .expect("slot");
    assert_eq!(stored, U256::ZERO);
}

/// Code, balance and storage overrides at empty addresses, on `node`.
async fn check_code_balance_and_storage_overrides(node: &Running) {
    let p = common::provider(node);
    let constant = Address::repeat_byte(0xc0);
    let rich = Address::repeat_byte(0xc1);
    let stored = Address::repeat_byte(0xc2);
    let overrides = json!({
        constant.to_string(): { "code": RETURNS_42 },
        rich.to_string(): { "code": RETURNS_BALANCE, "balance": "0x123456" },
        stored.to_string(): { "code": RETURNS_SLOTS_0_PLUS_1,
                              "state": { hex_word(0): hex_word(7), hex_word(1): hex_word(8) } },
    });
    assert_eq!(
        word(&call(node, constant, &[], overrides.clone()).await),
        U256::from(42)
    );
    assert_eq!(
        word(&call(node, rich, &[], overrides.clone()).await),
        U256::from(0x123456)
    );
    assert_eq!(
        word(&call(node, stored, &[], overrides.clone()).await),
        U256::from(15)
    );
    // Without overrides these addresses are empty: the call returns nothing.
    let plain = call(node, constant, &[], json!({})).await;
    assert_eq!(plain["result"], "0x", "{plain}");

    // eth_estimateGas takes the same set: the overridden code costs more than a transfer.
    let estimate = common::post(
        node,
        json!({"jsonrpc": "2.0", "id": 1, "method": "eth_estimateGas",
               "params": [{"to": stored}, "latest", overrides]}),
    )
    .await;
    let gas = u64::from_str_radix(
        estimate["result"]
            .as_str()
            .unwrap_or_else(|| panic!("{estimate}"))
            .trim_start_matches("0x"),
        16,
    )
    .expect("quantity");
    assert!(gas > 21_000 + 2 * 2_100, "estimate {gas}");

    // Nothing was written.
    for a in [constant, rich, stored] {
        assert!(p.get_code_at(a).await.expect("code").is_empty());
        assert_eq!(p.get_balance(a).await.expect("balance"), U256::ZERO);
    }
    assert_eq!(
        p.get_storage_at(stored, U256::ZERO).await.expect("slot"),
        U256::ZERO
    );
}

#[tokio::test]
async fn sender_overrides_reach_the_transaction_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    let poor = Address::repeat_byte(0x99);
    let me = node.accounts[0].address;
    let send = |from: Address, overrides: Value| {
        let node = &node;
        async move {
            common::post(
                node,
                json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call",
                       "params": [{"from": from, "to": Address::repeat_byte(0x98),
                                   "value": "0xde0b6b3a7640000"}, "latest", overrides]}),
            )
            .await
        }
    };
    // 1 ETH from an empty account: refused, unless its balance is overridden.
    let refused = send(poor, json!({})).await;
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("insufficient funds")),
        "{refused}"
    );
    let rich = json!({ poor.to_string(): { "balance": "0x1bc16d674ec80000" } });
    let answer = send(poor, rich).await;
    assert_eq!(answer["result"], "0x", "{answer}");
    // A nonce override of the sender is the call's nonce.
    let answer = send(me, json!({ me.to_string(): { "nonce": "0x7" } })).await;
    assert_eq!(answer["result"], "0x", "{answer}");
    let p = common::provider(&node);
    assert_eq!(p.get_balance(poor).await.expect("balance"), U256::ZERO);
    assert_eq!(p.get_transaction_count(me).await.expect("nonce"), 0);
}

#[tokio::test]
async fn code_balance_and_storage_overrides_on_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    check_code_balance_and_storage_overrides(&node).await;
}

#[tokio::test]
async fn code_balance_and_storage_overrides_on_litesvm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "LiteSVM override test").await else {
        return;
    };
    check_code_balance_and_storage_overrides(&node).await;
}

#[tokio::test]
async fn estimate_is_enough_for_a_gasleft_check_on_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = common::start(dir.path()).await;
    check_gasleft_estimate(&node).await;
}

#[tokio::test]
async fn estimate_is_enough_for_a_gasleft_check_on_litesvm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(node) = common::start_litesvm(dir.path(), "LiteSVM gasleft test").await else {
        return;
    };
    check_gasleft_estimate(&node).await;
}

/// Deploys the gasleft() checker on `node`, estimates a call, and sends it with exactly the
/// estimate (succeeds) and one gas less (reverts).
async fn check_gasleft_estimate(node: &Running) {
    let p = common::wallet_provider(node, 0);
    let creation = hex::decode(format!("{GASLEFT_CREATION}{GASLEFT_RUNTIME}")).expect("hex");
    let receipt = p
        .send_transaction(TransactionRequest::default().with_deploy_code(Bytes::from(creation)))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    let contract = receipt.contract_address.expect("contract address");
    assert_eq!(
        p.get_code_at(contract).await.expect("code"),
        Bytes::from(hex::decode(GASLEFT_RUNTIME).expect("hex"))
    );

    let request = TransactionRequest::default()
        .with_from(node.accounts[0].address)
        .with_to(contract);
    let estimate = p.estimate_gas(request.clone()).await.expect("estimate");
    assert!(estimate > 100_000, "estimate {estimate}");

    // With exactly the estimate the check passes...
    let receipt = p
        .send_transaction(request.clone().with_gas_limit(estimate))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status(), "estimate {estimate} was too low");
    // ... and one gas less is not enough (the estimate is the smallest limit).
    let receipt = p
        .send_transaction(request.with_gas_limit(estimate - 1))
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(!receipt.status(), "estimate {estimate} is not the smallest");
}
