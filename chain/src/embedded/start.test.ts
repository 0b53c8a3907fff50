import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, parseEther, Signature, Transaction, toBeHex, Wallet, zeroPadValue } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import type { PermitChainError } from "../errors.js";
import { type EmbeddedChain, startEmbeddedChain } from "./start.js";

/** A contract whose every call stores word 2 under key word 1 and logs it with the key as topic. */
const STORE_AND_LOG_INITCODE = "0x601680600b6000396000f36020356000355560203560005260003560206000a100";

const running: EmbeddedChain[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

async function start(options: Parameters<typeof startEmbeddedChain>[0]): Promise<EmbeddedChain> {
  const chain = await startEmbeddedChain(options);
  running.push(chain);
  return chain;
}

function connect(chain: EmbeddedChain): JsonRpcProvider {
  return new JsonRpcProvider(chain.rpcUrl, chain.chainId, {
    cacheTimeout: -1,
    batchMaxCount: 1,
    staticNetwork: true,
  });
}

const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

async function rpc(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

/** Everything a client can observe of the chain, block by block. */
async function observe(provider: JsonRpcProvider, contract: string, accounts: string[]) {
  const latest = await provider.getBlockNumber();
  const blocks = [];
  for (let n = 0; n <= latest; n++) {
    const block = await provider.send("eth_getBlockByNumber", [toBeHex(n), true]);
    const receipts = [];
    for (const tx of block.transactions as { hash: string }[]) {
      receipts.push(await provider.send("eth_getTransactionReceipt", [tx.hash]));
    }
    blocks.push({ block, receipts });
  }
  const storage = [];
  for (let key = 1; key <= 4; key++) storage.push(await provider.getStorage(contract, key));
  return {
    latest,
    blocks,
    code: await provider.getCode(contract),
    storage,
    balances: await Promise.all(accounts.map((a) => provider.getBalance(a))),
    nonces: await Promise.all(accounts.map((a) => provider.getTransactionCount(a))),
    logs: await provider.send("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }]),
  };
}

async function populate(chain: EmbeddedChain) {
  const provider = connect(chain);
  const [a, b] = chain.devAccounts.map((k) => new Wallet(k.privateKey, provider));
  const deployed = await (await a!.sendTransaction({ data: STORE_AND_LOG_INITCODE })).wait();
  const contract = deployed!.contractAddress!;
  for (let key = 1; key <= 4; key++) {
    const data = zeroPadValue(toBeHex(key), 32) + zeroPadValue(toBeHex(key * 1000), 32).slice(2);
    await (await b!.sendTransaction({ to: contract, data })).wait();
  }
  await (await a!.sendTransaction({ to: b!.address, value: parseEther("1.5") })).wait();
  await provider.send("evm_increaseTime", [3600]);
  await provider.send("evm_mine", []);
  return { provider, contract, accounts: [a!.address, b!.address] };
}

describe("embedded chain persistence", () => {
  it("keeps every block, balance, contract, storage slot, receipt and log across a restart", async () => {
    const dataDir = tempDir("pc-persist-");
    const first = await start({ dataDir });
    const { provider, contract, accounts } = await populate(first);
    const before = await observe(provider, contract, accounts);
    expect(before.latest).toBe(7);
    expect(before.logs).toHaveLength(4);
    await first.stop();

    const second = await start({ dataDir });
    expect(second.recovery.replayedBlocks).toBe(7);
    const again = connect(second);
    expect(await observe(again, contract, accounts)).toEqual(before);

    // the clock offset of evm_increaseTime survived, and the chain keeps growing from where it was
    const head = await again.getBlock("latest");
    const wallet = new Wallet(second.devAccounts[2]!.privateKey, again);
    const receipt = await (await wallet.sendTransaction({ to: accounts[0], value: 1n })).wait();
    const next = await again.getBlock(receipt!.blockNumber);
    expect(next!.number).toBe(8);
    expect(next!.parentHash).toBe(head!.hash);
    expect(next!.timestamp).toBeGreaterThanOrEqual(head!.timestamp);
    expect(next!.timestamp).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 3600 - 5);
  });

  it("recovers from a write cut off by a killed process, keeping every complete block", async () => {
    const dataDir = tempDir("pc-torn-");
    const first = await start({ dataDir });
    const { provider, contract, accounts } = await populate(first);
    const before = await observe(provider, contract, accounts);
    await first.stop();
    const journal = join(dataDir, "blocks.journal");
    const size = readFileSync(journal).length;
    appendFileSync(journal, Buffer.from([0x40, 0x01, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x7b, 0x22]));

    const logs: string[] = [];
    const second = await start({ dataDir, log: (m) => logs.push(m) });
    expect(second.recovery.tornBytesDropped).toBe(10);
    expect(logs.join("\n")).toMatch(/cut 10 bytes of an unfinished journal write/);
    expect(readFileSync(journal).length).toBe(size);
    expect(await observe(connect(second), contract, accounts)).toEqual(before);
  });

  it("runs with FISCO BCOS millisecond timestamps and keeps them across a restart", async () => {
    const dataDir = tempDir("pc-ms-");
    const first = await start({ dataDir, timestampUnit: "milliseconds" });
    const provider = connect(first);
    const wallet = new Wallet(first.devAccounts[0]!.privateKey, provider);
    const mined = await (await wallet.sendTransaction({ to: wallet.address, value: 1n })).wait();
    const block = await provider.getBlock(mined!.blockNumber);
    expect(Math.abs(block!.timestamp - Date.now())).toBeLessThan(10_000);
    await first.stop();
    const second = await start({ dataDir, timestampUnit: "milliseconds" });
    expect((await connect(second).getBlock(1))!.hash).toBe(block!.hash);
  });
});

describe("embedded chain data directory", () => {
  async function startError(options: Parameters<typeof startEmbeddedChain>[0]): Promise<PermitChainError> {
    try {
      await start(options);
    } catch (error) {
      return error as PermitChainError;
    }
    throw new Error("start-up should have failed");
  }

  it("refuses a directory that cannot be written", async () => {
    const file = join(tempDir("pc-nw-"), "a-file");
    writeFileSync(file, "x");
    const error = await startError({ dataDir: join(file, "chain") });
    expect(error.code).toBe("DATA_DIR_NOT_WRITABLE");
    expect(error.message).toMatch(/is not writable \(ENOTDIR\)/);
  });

  it("refuses a directory holding a chain with another identity, naming the difference", async () => {
    const dataDir = tempDir("pc-other-");
    await (await start({ dataDir, chainId: 31337 })).stop();
    const error = await startError({ dataDir, chainId: 1234 });
    expect(error.code).toBe("DATA_DIR_OTHER_CHAIN");
    expect(error.message).toMatch(/chainId: stored 31337, configured 1234/);
  });

  it("refuses a non-empty directory that is not a chain", async () => {
    const dataDir = tempDir("pc-foreign-");
    writeFileSync(join(dataDir, "notes.txt"), "mine");
    const error = await startError({ dataDir });
    expect(error.code).toBe("DATA_DIR_FOREIGN");
    expect(error.message).toMatch(/notes\.txt/);
  });

  it("refuses a directory in use by a running chain", async () => {
    const dataDir = tempDir("pc-locked-");
    await start({ dataDir });
    writeFileSync(join(dataDir, "LOCK"), String(process.ppid)); // a live process other than this one
    const error = await startError({ dataDir });
    expect(error.code).toBe("DATA_DIR_LOCKED");
  });

  it("refuses a journal whose replay no longer gives the recorded blocks", async () => {
    const dataDir = tempDir("pc-diverge-");
    const first = await start({ dataDir });
    await populate(first);
    await first.stop();
    const journal = join(dataDir, "blocks.journal");
    const text = readFileSync(journal);
    // rewrite one recorded hash with a valid frame, as a different engine would have produced
    const { readJournal, encodeFrame } = await import("./journal.js");
    const { openSync } = await import("node:fs");
    const { records } = readJournal(journal, openSync(journal, "r"));
    const last = records.at(-1)!;
    if (last.kind !== "block") throw new Error("expected a block record last");
    const frames = records.slice(0, -1).map(encodeFrame);
    frames.push(encodeFrame({ ...last, hash: `0x${"ab".repeat(32)}` }));
    writeFileSync(journal, Buffer.concat(frames));
    expect(text.length).toBe(Buffer.concat(frames).length);
    const error = await startError({ dataDir });
    expect(error.code).toBe("JOURNAL_REPLAY_DIVERGED");
    expect(error.message).toMatch(new RegExp(`block ${last.number} hash`));
  });

  it("rejects invalid configuration before starting anything", async () => {
    expect((await startError({ chainId: 0 })).code).toBe("CHAIN_CONFIG_INVALID");
    expect((await startError({ mnemonic: "not a mnemonic" })).message).toMatch(/mnemonic/);
    expect((await startError({ port: 70_000 })).message).toMatch(/port/);
  });
});

describe("embedded chain JSON-RPC bad input", () => {
  it("answers every bad request with a JSON-RPC error and a reason, and keeps serving", async () => {
    const chain = await start({});
    const url = chain.rpcUrl!;
    const provider = connect(chain);
    const wallet = new Wallet(chain.devAccounts[0]!.privateKey, provider);

    expect(await rpc(url, "{not json")).toMatchObject({ status: 200, body: { error: { code: -32700 } } });
    expect(await rpc(url, { jsonrpc: "2.0", id: 1, method: "eth_nope" })).toMatchObject({
      body: { id: 1, error: { code: -32601, message: expect.stringMatching(/eth_nope/) } },
    });
    expect(await rpc(url, { id: 2, method: "eth_chainId" })).toMatchObject({
      body: { error: { code: -32600 } },
    });
    expect(await rpc(url, { jsonrpc: "2.0", id: 3, method: "eth_chainId", params: { a: 1 } })).toMatchObject({
      body: { error: { code: -32602 } },
    });
    expect(await rpc(url, [])).toMatchObject({
      body: { error: { code: -32600, message: expect.stringMatching(/empty batch/) } },
    });
    expect(
      await rpc(url, { jsonrpc: "2.0", id: 4, method: "eth_sendTransaction", params: [{}] }),
    ).toMatchObject({
      body: { error: { message: expect.stringMatching(/sign the transaction locally/) } },
    });
    expect(
      await rpc(url, { jsonrpc: "2.0", id: 5, method: "eth_sendRawTransaction", params: ["0x02f8"] }),
    ).toMatchObject({
      body: { error: { code: -32602, message: expect.any(String) } },
    });
    expect(
      await rpc(url, { jsonrpc: "2.0", id: 6, method: "eth_sendRawTransaction", params: [42] }),
    ).toMatchObject({
      body: { error: { code: -32602 } },
    });
    expect(
      await rpc(url, { jsonrpc: "2.0", id: 7, method: "eth_chainId" }, { "content-type": "text/plain" }),
    ).toMatchObject({
      status: 415,
    });
    expect((await fetch(url)).status).toBe(405);
    const big = await rpc(
      url,
      JSON.stringify({ jsonrpc: "2.0", id: 8, method: "eth_chainId", pad: "x".repeat(9 * 1024 * 1024) }),
    );
    expect(big).toMatchObject({
      status: 413,
      body: { error: { message: expect.stringMatching(/exceeds/) } },
    });

    // bad signature: r = 0 recovers no key
    const { from: _from, ...fields } = await wallet.populateTransaction({ to: wallet.address, value: 1n });
    const unsigned = Transaction.from(fields);
    const good = wallet.signingKey.sign(unsigned.unsignedHash);
    unsigned.signature = Signature.from({ r: `0x${"00".repeat(32)}`, s: good.s, v: good.v });
    const badSig = await rpc(url, {
      jsonrpc: "2.0",
      id: 9,
      method: "eth_sendRawTransaction",
      params: [unsigned.serialized],
    });
    expect(badSig.body.error.message).toMatch(/invalid signature/i);
    // wrong chain id
    const foreign = await wallet.signTransaction({
      ...(await wallet.populateTransaction({ to: wallet.address })),
      chainId: 5n,
    });
    const wrongChain = await rpc(url, {
      jsonrpc: "2.0",
      id: 10,
      method: "eth_sendRawTransaction",
      params: [foreign],
    });
    expect(wrongChain.body.error.message).toMatch(/chainId/i);
    // nonce too low
    await (await wallet.sendTransaction({ to: wallet.address, value: 1n })).wait();
    const stale = await wallet.signTransaction({
      ...(await wallet.populateTransaction({ to: wallet.address })),
      nonce: 0,
    });
    const low = await rpc(url, { jsonrpc: "2.0", id: 11, method: "eth_sendRawTransaction", params: [stale] });
    expect(low.body.error.message).toMatch(/nonce too low/i);
    // a reverted call carries the revert data
    const { contractAddress } = (await (
      await wallet.sendTransaction({ data: "0x601080600b6000396000f363deadbeef60e01b60005260046000fd" })
    ).wait())!;
    const reverted = await rpc(url, {
      jsonrpc: "2.0",
      id: 12,
      method: "eth_call",
      params: [{ to: contractAddress }, "latest"],
    });
    expect(reverted.body.error).toMatchObject({ code: 3, data: "0xdeadbeef" });
    // a batch answers each entry; notifications get no entry
    const batch = await rpc(url, [
      { jsonrpc: "2.0", id: 13, method: "eth_chainId" },
      { jsonrpc: "2.0", method: "eth_chainId" },
      { jsonrpc: "2.0", id: 14, method: "nope" },
    ]);
    expect(batch.body).toEqual([
      { jsonrpc: "2.0", id: 13, result: toBeHex(chain.chainId) },
      { jsonrpc: "2.0", id: 14, error: expect.objectContaining({ code: -32601 }) },
    ]);
    // still serving
    expect(await provider.getBlockNumber()).toBe(2);
  });
});
