import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "@permitchain/contracts";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../bytes.js";
import { type SignedTransaction, signTransaction, type TransactionFields } from "../sign-transaction.js";
import { ecdsaSuite, smSuite } from "../signature.js";
import { encodeTransaction } from "../transaction.js";
import { type FiscoProtocolServer, startFiscoProtocolServer } from "./index.js";

const KEY = `0x${"41".repeat(32)}`;
const registry = new Interface(ethereumDIDRegistryAbi);
const deployInput = ethereumDIDRegistryBytecode + registry.encodeDeploy([1000n]).slice(2);

async function rpc(
  server: FiscoProtocolServer,
  method: string,
  params: unknown[],
): Promise<Record<string, unknown>> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function fields(
  server: FiscoProtocolServer,
  extra: Partial<TransactionFields> = {},
): Promise<TransactionFields> {
  const { result } = await rpc(server, "getBlockNumber", ["group0", ""]);
  return {
    chainID: "chain0",
    groupID: "group0",
    blockLimit: Number(result) + 100,
    input: deployInput,
    ...extra,
  };
}

function send(server: FiscoProtocolServer, tx: SignedTransaction | string) {
  return rpc(server, "sendTransaction", ["group0", "", typeof tx === "string" ? tx : tx.hex, false]);
}

describe("protocol server, ECDSA group", () => {
  let server: FiscoProtocolServer;

  beforeAll(async () => {
    server = await startFiscoProtocolServer({ cryptoSuite: "ecdsa" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers unknown methods, malformed requests and unknown groups as the node does", async () => {
    expect(await rpc(server, "eth_blockNumber", [])).toMatchObject({
      id: 7,
      error: { code: -32601, message: "The method does not exist/is not available." },
    });
    const raw = await fetch(server.url, {
      method: "POST",
      body: '{"jsonrpc":"2.0","id":1,"method":"getBlockNumber"}',
    });
    expect(await raw.json()).toMatchObject({
      error: { code: -32600, message: "The JSON sent is not a valid Request object." },
    });
    expect(await rpc(server, "getGroupInfo", ["nope"])).toMatchObject({ result: null });
    const unknown = await rpc(server, "getBlockNumber", ["nope", ""]);
    expect(unknown).toMatchObject({ error: { code: -32000 } });
    expect((unknown.error as { message: string }).message).toBe(
      "Invalid request for the specified node of doesn't exist or doesn't started!,request=getBlockNumber,chain=chain0,group=nope,node=",
    );
  });

  it("describes the group with chain id, group id and the crypto flag", async () => {
    const { result } = await rpc(server, "getGroupInfo", ["group0"]);
    const info = result as { chainID: string; groupID: string; nodeList: Array<{ iniConfig: string }> };
    expect(info).toMatchObject({ chainID: "chain0", groupID: "group0" });
    expect(JSON.parse(info.nodeList[0]?.iniConfig ?? "{}")).toMatchObject({
      chainID: "chain0",
      smCryptoType: false,
    });
    expect(await rpc(server, "getSystemConfigByKey", ["group0", "", "tx_count_limit"])).toMatchObject({
      result: { value: "1000", blockNumber: 0 },
    });
    expect(await rpc(server, "getSystemConfigByKey", ["group0", "", "feature_evm_timestamp"])).toMatchObject({
      error: { code: 3008 },
    });
  });

  it("refuses transactions that fail the node's checks, with the node's codes", async () => {
    const good = signTransaction(await fields(server), ecdsaSuite, KEY);
    const tampered = encodeTransaction({ ...good.transaction, dataHash: new Uint8Array(32).fill(1) });
    expect(await send(server, toHex(tampered))).toMatchObject({
      error: { code: -1, message: "transaction hash mismatching, maybe transaction version not support." },
    });
    expect(await send(server, "0x123")).toMatchObject({
      error: { code: -1, message: "Unexpect hex string" },
    });
    const otherChain = signTransaction(await fields(server, { chainID: "chain9" }), ecdsaSuite, KEY);
    expect(await send(server, otherChain)).toMatchObject({
      error: { code: -1, message: "Chain ID mismatch!" },
    });
    const otherGroup = signTransaction(await fields(server, { groupID: "group9" }), ecdsaSuite, KEY);
    expect(await send(server, otherGroup)).toMatchObject({
      error: { code: 10007, message: "InvalidGroupId" },
    });
    const signature = good.transaction.signature.slice();
    signature[64] = 2;
    const badSignature = encodeTransaction({ ...good.transaction, signature });
    expect(await send(server, toHex(badSignature))).toMatchObject({
      error: { code: 10008, message: "InvalidSignature" },
    });
    expect(server.sendTransactionCount).toBe(5);
  });

  it("answers sendTransaction with the receipt in the node's shape, and serves it again, with logs", async () => {
    const deployed = await send(server, signTransaction(await fields(server), ecdsaSuite, KEY));
    const receipt = deployed.result as Record<string, unknown>;
    expect(receipt).toMatchObject({ version: 0, status: 0, output: "0x", message: "", to: "" });
    expect(receipt.gasUsed).toMatch(/^[1-9][0-9]*$/);
    expect(receipt.contractAddress).toMatch(/^0x[0-9a-f]{40}$/);
    expect(receipt.from).toBe(ecdsaSuite.address(ecdsaSuite.publicKey(KEY)));
    const address = receipt.contractAddress as string;
    const identity = receipt.from as string;
    const change = signTransaction(
      await fields(server, {
        to: address,
        input: registry.encodeFunctionData("changeOwner", [identity, identity]),
      }),
      ecdsaSuite,
      KEY,
    );
    const changed = (await send(server, change)).result as {
      blockNumber: number;
      logEntries: Array<{ address: string; topics: string[] }>;
    };
    expect(changed.logEntries).toEqual([expect.objectContaining({ address: address.slice(2) })]);
    const again = await rpc(server, "getTransactionReceipt", ["group0", "", change.hash, false]);
    expect(again.result).toMatchObject({
      transactionHash: change.hash,
      input: toHex(change.transaction.data.input),
    });
    const logs = await rpc(server, "getLogs", [
      "group0",
      {
        fromBlock: "0x1",
        toBlock: "latest",
        address: [address],
        topics: [null, `0x${identity.slice(2).padStart(64, "0")}`],
      },
    ]);
    expect(logs.result).toEqual([
      expect.objectContaining({
        address,
        blockNumber: `0x${changed.blockNumber.toString(16)}`,
        logIndex: "0x0",
        transactionHash: change.hash,
      }),
    ]);
    const block = await rpc(server, "getBlockByNumber", ["group0", "", changed.blockNumber, false, true]);
    const header = block.result as { timestamp: number; transactions: string[] };
    expect(Math.abs(header.timestamp - Date.now())).toBeLessThan(60_000);
    expect(header.transactions).toEqual([change.hash]);
  });
});

describe("protocol server, SM group", () => {
  let server: FiscoProtocolServer;

  beforeAll(async () => {
    server = await startFiscoProtocolServer({ cryptoSuite: "sm" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("accepts SM2-signed transactions and derives the SM3 address of the sender", async () => {
    const { result } = await send(server, signTransaction(await fields(server), smSuite, KEY));
    expect(result).toMatchObject({ status: 0, from: smSuite.address(smSuite.publicKey(KEY)) });
  });

  it("refuses an ECDSA transaction: its keccak256 data hash is not the SM3 hash the node computes", async () => {
    const ecdsa = signTransaction(await fields(server), ecdsaSuite, KEY);
    expect(await send(server, ecdsa)).toMatchObject({ error: { code: -1 } });
  });
});
