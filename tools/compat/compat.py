"""web3.py against a running sealevm node, the way a Python script uses it: chain id and dev
balance, a signed EIP-1559 transfer and its receipt, an ERC-20 deployment (holder path), a
token transfer and its Transfer event through get_logs and an event filter, blocks by number
with their transactions, and a revert's custom error. Run by scripts/compat.sh with
SEALEVM_URL set; every check raises on a mismatch; the last line is `compat (web3.py): N
checks passed`."""

import json
import os
import pathlib

from eth_account import Account
from web3 import Web3
from web3.exceptions import ContractCustomError

# Hardhat's and anvil's first two dev accounts (the test mnemonic).
DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
DEV_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
FIXTURE = pathlib.Path(__file__).parent / "../../tests/fixtures/build/FixtureToken.json"

passed = 0


def check(name):
    def run(body):
        global passed
        body()
        passed += 1
        print(f"ok {passed} {name}")
    return run


w3 = Web3(Web3.HTTPProvider(os.environ["SEALEVM_URL"]))
me = Account.from_key(DEV_KEY)
other = Account.from_key(DEV_KEY_1)
to = Account.create().address
token = json.loads(FIXTURE.read_text())
state = {}


def send(account, tx):
    tx.setdefault("nonce", w3.eth.get_transaction_count(account.address, "pending"))
    tx.setdefault("chainId", w3.eth.chain_id)
    tx.setdefault("gas", w3.eth.estimate_gas({**tx, "from": account.address}))
    tx.setdefault("maxFeePerGas", w3.eth.gas_price * 2)
    tx.setdefault("maxPriorityFeePerGas", w3.eth.max_priority_fee)
    signed = account.sign_transaction(tx)
    return w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(signed.raw_transaction))


@check("chain id, block and dev balance")
def _():
    assert w3.is_connected()
    assert w3.eth.chain_id > 0
    assert w3.eth.get_balance(me.address) > Web3.to_wei(1000, "ether")
    latest = w3.eth.get_block("latest")
    assert latest["number"] == w3.eth.block_number


@check("signed EIP-1559 transfer and its receipt")
def _():
    receipt = send(me, {"to": to, "value": 12345})
    assert receipt["status"] == 1 and receipt["gasUsed"] == 21000
    assert w3.eth.get_balance(to) == 12345
    block = w3.eth.get_block(receipt["blockNumber"], full_transactions=True)
    assert block["transactions"][0]["hash"] == receipt["transactionHash"]


@check("ERC-20 deployment (holder path) and calls")
def _():
    factory = w3.eth.contract(abi=token["abi"], bytecode=token["creation"])
    receipt = send(me, factory.constructor().build_transaction({"from": me.address}))
    assert receipt["status"] == 1
    erc20 = w3.eth.contract(address=receipt["contractAddress"], abi=token["abi"])
    assert erc20.functions.symbol().call() == "FIXT"
    state["erc20"] = erc20


@check("token transfer, get_logs and an event filter")
def _():
    erc20 = state["erc20"]
    event_filter = erc20.events.Transfer.create_filter(from_block="latest")
    receipt = send(me, erc20.functions.transfer(to, 100).build_transaction({"from": me.address}))
    assert receipt["status"] == 1
    [event] = erc20.events.Transfer().process_receipt(receipt)
    assert event["args"]["to"] == to and event["args"]["value"] == 100
    logs = erc20.events.Transfer.get_logs(from_block=receipt["blockNumber"])
    assert [log["args"]["value"] for log in logs] == [100]
    assert [e["args"]["value"] for e in event_filter.get_new_entries()] == [100]
    assert erc20.functions.balanceOf(to).call() == 100


@check("a custom-error revert")
def _():
    erc20 = state["erc20"]
    try:
        erc20.functions.transfer(to, 1).call({"from": other.address})
    except ContractCustomError as error:
        selector = Web3.keccak(text="ERC20InsufficientBalance(address,uint256,uint256)")[:4]
        assert str(error.data).startswith("0x" + selector.hex().removeprefix("0x"))
    else:
        raise AssertionError("the transfer without tokens did not revert")


print(f"compat (web3.py): {passed} checks passed")
