import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "@permitchain/contracts";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FiscoProtocolServer, startFiscoProtocolServer } from "../protocol-server/index.js";
import { FiscoClient } from "./client.js";
import { FiscoTimeoutError, FiscoTlsError, FiscoTransportError } from "./errors.js";

const KEY = `0x${"31".repeat(32)}`;
const registry = new Interface(ethereumDIDRegistryAbi);
const deployInput = ethereumDIDRegistryBytecode + registry.encodeDeploy([1000n]).slice(2);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("transport failures over HTTP", () => {
  let server: FiscoProtocolServer;

  beforeAll(async () => {
    server = await startFiscoProtocolServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("gives up on a node that does not answer within the timeout with FiscoTimeoutError", async () => {
    const client = new FiscoClient({ url: server.url, timeoutMs: 300, retry: { retries: 1, backoffMs: 10 } });
    server.faults.hang.add("getBlockNumber");
    const started = Date.now();
    try {
      const error = await client.getBlockNumber().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FiscoTimeoutError);
      expect(error).toMatchObject({ code: "FISCO_TIMEOUT", requestSent: true });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      server.faults.hang.delete("getBlockNumber");
      await client.close();
    }
  });

  it("never sends a transaction twice when the answer is lost after the node received it", async () => {
    const client = new FiscoClient({ url: server.url, timeoutMs: 5000, receiptPollIntervalMs: 50 });
    try {
      const before = server.sendTransactionCount;
      server.faults.dropAnswer.set("sendTransaction", 1);
      const { transaction, receipt } = await client.submitTransaction({ input: deployInput }, KEY);
      expect(server.sendTransactionCount - before).toBe(1);
      expect(receipt).toMatchObject({ status: 0, transactionHash: transaction.hash });
      expect(receipt.contractAddress).toMatch(/^0x[0-9a-f]{40}$/);
    } finally {
      await client.close();
    }
  });

  it("reports a refused connection as a transport error that never reached the node", async () => {
    const client = new FiscoClient({
      url: `http://127.0.0.1:${await freePort()}`,
      timeoutMs: 2000,
      retry: { retries: 1, backoffMs: 10 },
    });
    try {
      const error = await client.getBlockNumber().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FiscoTransportError);
      expect(error).toMatchObject({ code: "FISCO_TRANSPORT_ERROR", requestSent: false });
    } finally {
      await client.close();
    }
  });
});

describe("WebSocket transport (boostssl WsMessage frames)", () => {
  let server: FiscoProtocolServer;

  beforeAll(async () => {
    server = await startFiscoProtocolServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("deploys, calls and recovers a lost answer without a second send", async () => {
    const client = new FiscoClient({ url: server.wsUrl, timeoutMs: 5000, receiptPollIntervalMs: 50 });
    try {
      expect(await client.getBlockNumber()).toBe(0);
      const before = server.sendTransactionCount;
      server.faults.dropAnswer.set("sendTransaction", 1);
      const { receipt } = await client.submitTransaction({ input: deployInput }, KEY);
      expect(server.sendTransactionCount - before).toBe(1);
      const identity = `0x${"44".repeat(20)}`;
      const call = await client.call(
        receipt.contractAddress,
        registry.encodeFunctionData("identityOwner", [identity]),
      );
      expect(call.status).toBe(0);
      expect(registry.decodeFunctionResult("identityOwner", call.output)[0].toLowerCase()).toBe(identity);
    } finally {
      await client.close();
    }
  });
});

const openssl = spawnSync("openssl", ["version"], { encoding: "utf8" });
const hasOpenssl = openssl.status === 0;

/** A throwaway CA with a node and an SDK certificate signed by it (P-256 keys, one day). */
function makeCa(
  dir: string,
  name: string,
): Record<"ca" | "nodeCert" | "nodeKey" | "sdkCert" | "sdkKey", string> {
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    `${name}-ca.key`,
    "-out",
    `${name}-ca.crt`,
    "-days",
    "1",
    "-subj",
    `/CN=${name}-ca`,
  );
  for (const leaf of ["node", "sdk"]) {
    run(
      "req",
      ...ec,
      "-keyout",
      `${name}-${leaf}.key`,
      "-out",
      `${name}-${leaf}.csr`,
      "-subj",
      `/CN=${name}-${leaf}`,
    );
    run(
      "x509",
      "-req",
      "-in",
      `${name}-${leaf}.csr`,
      "-CA",
      `${name}-ca.crt`,
      "-CAkey",
      `${name}-ca.key`,
      "-CAcreateserial",
      "-out",
      `${name}-${leaf}.crt`,
      "-days",
      "1",
    );
  }
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  return {
    ca: read(`${name}-ca.crt`),
    nodeCert: read(`${name}-node.crt`),
    nodeKey: read(`${name}-node.key`),
    sdkCert: read(`${name}-sdk.crt`),
    sdkKey: read(`${name}-sdk.key`),
  };
}

describe.skipIf(!hasOpenssl)(
  "TLS with SDK certificates (skipped: the openssl command is not available)",
  () => {
    let dir: string;
    let chain: ReturnType<typeof makeCa>;
    let foreign: ReturnType<typeof makeCa>;
    let server: FiscoProtocolServer;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "fisco-tls-"));
      chain = makeCa(dir, "chain");
      foreign = makeCa(dir, "foreign");
      server = await startFiscoProtocolServer({
        tls: { cert: chain.nodeCert, key: chain.nodeKey, ca: chain.ca },
      });
    });
    afterAll(async () => {
      await server?.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it("talks to the node over mutual TLS with the chain's ca.crt, sdk.crt and sdk.key", async () => {
      const client = new FiscoClient({
        url: server.url,
        tls: { ca: chain.ca, cert: chain.sdkCert, key: chain.sdkKey },
        timeoutMs: 5000,
      });
      try {
        expect(await client.getBlockNumber()).toBe(0);
        const { receipt } = await client.submitTransaction({ input: deployInput }, KEY);
        expect(receipt.status).toBe(0);
      } finally {
        await client.close();
      }
    });

    it("fails with FiscoTlsError when the node's certificate is not signed by the configured CA", async () => {
      const client = new FiscoClient({
        url: server.url,
        tls: { ca: foreign.ca, cert: foreign.sdkCert, key: foreign.sdkKey },
        timeoutMs: 5000,
      });
      try {
        const error = await client.getBlockNumber().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FiscoTlsError);
        expect(error).toMatchObject({ code: "FISCO_TLS_ERROR", requestSent: false });
      } finally {
        await client.close();
      }
    });
  },
);
