// Ethereum tooling against a running sealevm node: ethers v6, viem and Hardhat's network helpers
// (loadFixture, mine, time, snapshots) doing what a Hardhat project's tests do. Run by
// scripts/compat.sh through `hardhat run --network sealevm`, so the helpers talk to the node.
// Every check throws on a mismatch; the last line is `compat: N checks passed`.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const hre = require("hardhat");
const { ethers } = require("ethers");
const helpers = require("@nomicfoundation/hardhat-network-helpers");
const viem = require("viem");
const { privateKeyToAccount } = require("viem/accounts");

const URL = process.env.SEALEVM_URL;
const WS_URL = URL.replace(/^http/, "ws");
// Hardhat's and anvil's first dev account (the test mnemonic).
const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const DEV_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const token = JSON.parse(
  fs.readFileSync(path.join(__dirname, "../../tests/fixtures/build/FixtureToken.json"), "utf8"),
);

let passed = 0;
async function check(name, body) {
  await body();
  passed += 1;
  console.log(`ok ${passed} ${name}`);
}

async function main() {
  const provider = new ethers.JsonRpcProvider(URL, undefined, { staticNetwork: true });
  // ethers v6 answers a repeated identical request within 250 ms from its own cache, so a
  // second transaction sent that soon would reuse the first one's "pending" nonce on any fast
  // node (anvil too): the NonceManager counts nonces itself, as scripts sending quickly do.
  const wallet = new ethers.NonceManager(new ethers.Wallet(DEV_KEY, provider));
  const chainId = (await provider.getNetwork()).chainId;
  const to = ethers.Wallet.createRandom().address;
  let erc20;

  await check("ethers: chain id and dev balance", async () => {
    assert.equal(chainId, BigInt(await hre.network.provider.send("eth_chainId")));
    assert.ok((await provider.getBalance(await wallet.getAddress())) > ethers.parseEther("1000"));
  });

  await check("ethers: deploy an OpenZeppelin ERC-20 (holder path) and read it", async () => {
    const factory = new ethers.ContractFactory(token.abi, token.creation, wallet);
    erc20 = await factory.deploy();
    await erc20.waitForDeployment();
    assert.equal(await erc20.symbol(), "FIXT");
    assert.equal(await erc20.balanceOf(await wallet.getAddress()), ethers.parseEther("1000000000"));
  });

  await check("ethers: transfer, receipt and its Transfer log", async () => {
    const receipt = await (await erc20.transfer(to, 100n)).wait();
    assert.equal(receipt.status, 1);
    const [event] = receipt.logs.map((log) => erc20.interface.parseLog(log));
    assert.equal(event.name, "Transfer");
    assert.equal(event.args.to, to);
    assert.equal(event.args.value, 100n);
    const logs = await erc20.queryFilter(erc20.filters.Transfer(null, to), receipt.blockNumber);
    assert.equal(logs.length, 1);
  });

  await check("ethers: a custom-error revert is decoded (eth_call and estimateGas)", async () => {
    const holderless = new ethers.Wallet(DEV_KEY_1, provider);
    const data = erc20.interface.encodeFunctionData("transfer", [to, 1n]);
    await assert.rejects(provider.call({ from: holderless.address, to: erc20.target, data }),
      (error) => erc20.interface.parseError(error.data)?.name === "ERC20InsufficientBalance");
    // Sending: the node's eth_estimateGas reverts with the same data (ethers leaves custom
    // errors of a send undecoded, so decode them with the contract's interface).
    await assert.rejects(erc20.connect(holderless).transfer(to, 1n),
      (error) => error.code === "CALL_EXCEPTION" &&
        erc20.interface.parseError(error.data)?.name === "ERC20InsufficientBalance");
  });

  await check("ethers: WebSocket event subscription", async () => {
    const ws = new ethers.WebSocketProvider(WS_URL);
    const watched = new ethers.Contract(erc20.target, token.abi, ws);
    const seen = new Promise((resolve) => watched.once("Transfer", (_from, _to, value) => resolve(value)));
    await (await erc20.transfer(to, 7n)).wait();
    assert.equal(await seen, 7n);
    await ws.destroy();
  });

  await check("network helpers: mine(n) and time.increase", async () => {
    const before = await helpers.time.latestBlock();
    await helpers.mine(10);
    assert.equal(await helpers.time.latestBlock(), before + 10);
    const now = await helpers.time.latest();
    await helpers.time.increase(3600);
    assert.ok((await helpers.time.latest()) >= now + 3600);
  });

  await check("network helpers: takeSnapshot / restore", async () => {
    const snapshot = await helpers.takeSnapshot();
    await (await erc20.transfer(to, 1000n)).wait();
    assert.equal(await erc20.balanceOf(to), 1107n);
    await snapshot.restore();
    assert.equal(await erc20.balanceOf(to), 107n);
  });

  await check("network helpers: loadFixture", async () => {
    async function deployed() {
      const factory = new ethers.ContractFactory(token.abi, token.creation,
        new ethers.NonceManager(new ethers.Wallet(DEV_KEY, provider)));
      const c = await factory.deploy();
      await c.waitForDeployment();
      return c.target;
    }
    const first = await helpers.loadFixture(deployed);
    const again = await helpers.loadFixture(deployed);
    assert.equal(first, again);
  });

  await check("viem: read, send and wait for a receipt", async () => {
    const chain = viem.defineChain({
      id: Number(chainId), name: "sealevm", nativeCurrency: { name: "SOL", symbol: "SOL", decimals: 18 },
      rpcUrls: { default: { http: [URL] } },
    });
    const client = viem.createPublicClient({ chain, transport: viem.http(URL) });
    const account = privateKeyToAccount(DEV_KEY);
    const walletClient = viem.createWalletClient({ account, chain, transport: viem.http(URL) });
    const hash = await walletClient.sendTransaction({ to, value: 12345n });
    const receipt = await client.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(await client.getBalance({ address: to }), 12345n);
    const balance = await client.readContract({
      address: erc20.target, abi: token.abi, functionName: "balanceOf", args: [to],
    });
    assert.equal(balance, 107n);
  });

  console.log(`compat: ${passed} checks passed`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
