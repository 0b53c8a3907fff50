import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectChainEndpoint } from "./connect-endpoint.js";
import { type EmbeddedChain, startEmbeddedChain } from "./embedded/start.js";
import { ChainConnectionError } from "./evm/connect.js";
import { FiscoGroupNotFoundError } from "./fisco/client/errors.js";
import { FiscoProvider } from "./fisco/client/provider.js";
import { groupInfoJson, nodeIdFor } from "./fisco/protocol-server/group-config.js";
import { type FiscoProtocolServer, startFiscoProtocolServer } from "./fisco/protocol-server/server.js";

let chain: EmbeddedChain;
let fiscoServer: FiscoProtocolServer;

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  fiscoServer = await startFiscoProtocolServer({ chainId: "chain0", groupId: "group0" });
});

afterAll(async () => {
  await chain?.stop();
  await fiscoServer?.close();
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The error a promise rejects with. */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("it resolved");
    },
    (error: unknown) => error,
  );
}

/**
 * A FISCO BCOS node that reports `web3_chain_id` (FISCO BCOS >= 3.9 with the web3 RPC configured), which the
 * protocol server does not: it answers `getGroupInfo` and `getSystemConfigByKey` only.
 */
async function startWeb3ChainIdNode(web3ChainId: string): Promise<{ url: string; server: Server }> {
  const info = groupInfoJson({
    chainId: "chain0",
    groupId: "group0",
    sm: false,
    txGasLimit: 3_000_000_000n,
    txCountLimit: 1000,
    nodeId: nodeIdFor("chain0", "group0"),
  });
  const server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const result = method === "getGroupInfo" ? info : { value: web3ChainId, blockNumber: 0 };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

describe("connectChainEndpoint, evm", () => {
  it("connects to a reachable endpoint and checks its chain id", async () => {
    const endpoint = await connectChainEndpoint({ kind: "evm", url: chain.rpcUrl!, chainId: chain.chainId });
    expect(endpoint.kind).toBe("evm");
    expect(endpoint.unreachable).toBeUndefined();
    expect((await endpoint.provider.getNetwork()).chainId).toBe(BigInt(chain.chainId));
    expect(await endpoint.provider.getBlockNumber()).toBeGreaterThanOrEqual(0);
    endpoint.provider.destroy();

    const refused = await rejection(connectChainEndpoint({ kind: "evm", url: chain.rpcUrl!, chainId: 5 }));
    expect(refused).toBeInstanceOf(ChainConnectionError);
    expect(refused).toMatchObject({
      code: "CHAIN_ID_MISMATCH",
      message: `the chain at ${chain.rpcUrl} has chain id ${chain.chainId}, expected 5`,
    });
  });

  it("tolerates an unreachable endpoint of a known chain id, which serves once it is up", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const endpoint = await connectChainEndpoint({ kind: "evm", url, chainId: 31337, timeoutMs: 2000 });
    expect(endpoint.unreachable).toBeInstanceOf(ChainConnectionError);
    expect(endpoint.unreachable?.code).toBe("CHAIN_UNREACHABLE");
    expect(endpoint.unreachable?.message).toMatch(`cannot reach a JSON-RPC chain at ${url}`);
    expect((await endpoint.provider.getNetwork()).chainId).toBe(31337n);
    await expect(endpoint.provider.getBlockNumber()).rejects.toThrow();

    const late = await startEmbeddedChain({ port });
    try {
      expect(await endpoint.provider.getBlockNumber()).toBe(0);
    } finally {
      endpoint.provider.destroy();
      await late.stop();
    }
  });

  it("throws for an unreachable endpoint when no chain id pins the provider", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await rejection(connectChainEndpoint({ kind: "evm", url, timeoutMs: 2000 }));
    expect(error).toBeInstanceOf(ChainConnectionError);
    expect(error).toMatchObject({ code: "CHAIN_UNREACHABLE" });
  });
});

describe("connectChainEndpoint, fisco", () => {
  it("connects to the group through the native client, with the chain id it is given", async () => {
    const endpoint = await connectChainEndpoint({
      kind: "fisco",
      url: fiscoServer.url,
      chainId: 20200,
      fisco: { group: "group0" },
    });
    if (endpoint.kind !== "fisco") throw new Error("not a FISCO endpoint");
    expect(endpoint.provider).toBeInstanceOf(FiscoProvider);
    expect(endpoint.unreachable).toBeUndefined();
    expect(endpoint.group).toMatchObject({ chainId: "chain0", groupId: "group0", smCrypto: false });
    expect((await endpoint.provider.getNetwork()).chainId).toBe(20200n);
    expect(await endpoint.provider.getBlockNumber()).toBeGreaterThanOrEqual(0);
    endpoint.provider.destroy();

    const overWs = await connectChainEndpoint({ kind: "fisco", url: fiscoServer.wsUrl });
    expect(overWs.unreachable).toBeUndefined();
    expect((await overWs.provider.getNetwork()).chainId).toBe(0n);
    overWs.provider.destroy();
  });

  it("refuses a group the node does not serve, with the node's message", async () => {
    const error = await rejection(
      connectChainEndpoint({ kind: "fisco", url: fiscoServer.url, fisco: { group: "nogroup" } }),
    );
    expect(error).toBeInstanceOf(FiscoGroupNotFoundError);
    expect(error).toMatchObject({ code: "FISCO_GROUP_NOT_FOUND", message: expect.stringMatching(/nogroup/) });
  });

  it("refuses a chain id the node's web3_chain_id contradicts, and accepts the one it names", async () => {
    const node = await startWeb3ChainIdNode("20200");
    try {
      const error = await rejection(connectChainEndpoint({ kind: "fisco", url: node.url, chainId: 7 }));
      expect(error).toBeInstanceOf(ChainConnectionError);
      expect(error).toMatchObject({
        code: "CHAIN_ID_MISMATCH",
        message: `the FISCO BCOS chain at ${node.url} has web3_chain_id 20200, expected 7`,
      });
      const agreed = await connectChainEndpoint({ kind: "fisco", url: node.url, chainId: 20200 });
      expect(agreed.unreachable).toBeUndefined();
      agreed.provider.destroy();
    } finally {
      await new Promise((resolve) => node.server.close(resolve));
    }
  });

  it("tolerates an unreachable node: the provider is returned with the reason, and serves once it is up", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const endpoint = await connectChainEndpoint({ kind: "fisco", url, chainId: 20200, timeoutMs: 2000 });
    if (endpoint.kind !== "fisco") throw new Error("not a FISCO endpoint");
    expect(endpoint.group).toBeUndefined();
    expect(endpoint.unreachable).toBeInstanceOf(ChainConnectionError);
    expect(endpoint.unreachable?.code).toBe("CHAIN_UNREACHABLE");
    expect(endpoint.unreachable?.message).toMatch(`cannot reach a FISCO BCOS node at ${url} (group group0)`);
    await expect(endpoint.provider.getBlockNumber()).rejects.toThrow();

    const late = await startFiscoProtocolServer({ port });
    try {
      expect(await endpoint.provider.getBlockNumber()).toBe(0);
      expect(await endpoint.provider.client.chainInfo()).toMatchObject({ groupId: "group0" });
    } finally {
      endpoint.provider.destroy();
      await late.close();
    }
  });
});
