// The reads show the status on chain: GET /credentials/:id and GET /credentials read the registry (a change
// made on the contract by another operator of the DID shows, the record stays as it is), and fall back to the
// recorded status, still 200, when the chain cannot be read.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentialStatusRegistryAbi } from "@permitchain/contracts";
import { Contract, JsonRpcProvider } from "ethers";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyStore, buildApp, createIssuerService, type IssuerService } from "./index.js";
import { LIVE_STATUS_CONCURRENCY, liveStatusViews } from "./live-status.js";
import { ethersStatusRegistry, type StatusRegistryClient } from "./status-registry.js";
import { SqliteRepository } from "./storage/sqlite.js";
import { type IssuerTestChain, startIssuerTestChain } from "./test-support/chain.js";
import { API_KEYS, bearer, KEYS, permitRequest } from "./test-support/fixtures.js";
import { startTestIssuer, type TestIssuer } from "./test-support/service.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers and log lines, checked field by field
type Json = any;

let env: IssuerTestChain;
let issuer: TestIssuer;
let dir: string;
/** The same service as `issuer.app`, logging (warn and above) into `logLines`. */
let loggingApp: FastifyInstance;
const logLines: Json[] = [];

beforeAll(async () => {
  env = await startIssuerTestChain();
  dir = mkdtempSync(join(tmpdir(), "issuer-live-status-"));
  issuer = await startTestIssuer(env, SqliteRepository.open(join(dir, "issuer.sqlite")));
  loggingApp = await buildApp(
    { service: issuer.service, apiKeys: new ApiKeyStore(API_KEYS) },
    { logger: { level: "warn", stream: { write: (line: string) => logLines.push(JSON.parse(line)) } } },
  );
});

afterAll(async () => {
  await loggingApp?.close();
  await issuer?.close();
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function issuePermit(idempotencyKey: string): Promise<Json> {
  const issued = await issuer.app.inject({
    method: "POST",
    url: "/credentials/issue",
    headers: { ...bearer(KEYS.bureau), "idempotency-key": idempotencyKey },
    payload: permitRequest(),
  });
  expect(issued.statusCode, issued.body).toBe(201);
  return issued.json();
}

const read = (app: FastifyInstance, id: string) =>
  app.inject({ url: `/credentials/${encodeURIComponent(id)}`, headers: bearer(KEYS.bureau) });

const list = (app: FastifyInstance, query: string) =>
  app.inject({ url: `/credentials?${query}`, headers: bearer(KEYS.bureau) });

/** The registry as the DID's owner: another operator of the issuer, with its own tooling. */
const registryAsOwner = () =>
  new Contract(env.manifest.contracts.CredentialStatusRegistry, credentialStatusRegistryAbi, env.regulator);

/** A service on the same database whose chain is at `provider` (unreachable or silent). */
function serviceOver(provider: JsonRpcProvider): IssuerService {
  const { context } = issuer.service;
  return createIssuerService({
    repository: context.repository,
    issuers: context.issuers,
    manifest: env.manifest,
    provider,
    statusRegistry: ethersStatusRegistry(provider, env.manifest.contracts.CredentialStatusRegistry),
    trust: context.trust,
  });
}

/** A JSON-RPC URL nothing listens at (connection refused). */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A JSON-RPC URL that accepts connections and never answers. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const providerAt = (url: string) =>
  new JsonRpcProvider(url, env.manifest.chainId, { staticNetwork: true, batchMaxCount: 1 });

describe("GET /credentials/:id reads the status on chain", () => {
  it("agreement: source chain at the latest block, the record beside it", async () => {
    const issued = await issuePermit("live-agree");
    const response = await read(issuer.app, issued.id);
    expect(response.statusCode).toBe(200);
    const { status } = response.json();
    expect(status).toMatchObject({
      status: "active",
      source: "chain",
      recordedStatus: "active",
      matchesRecord: true,
      statusIndex: issued.status.statusIndex,
      allocationBlock: issued.status.allocationBlock,
    });
    expect(status.checkedAtBlock).toBeGreaterThanOrEqual(issued.status.allocationBlock);
    expect(status.checkedAtBlock).toBeLessThanOrEqual(await env.provider.getBlockNumber());
    expect(status.chainReadFailure).toBeUndefined();
  });

  it("a revocation made on the contract, not through the service: revoked from the chain, disagreement shown and logged, record unchanged", async () => {
    const issued = await issuePermit("live-revoked-elsewhere");
    const index = BigInt(issued.status.statusIndex);
    const receipt = await (
      await registryAsOwner().getFunction("revoke")(env.regulator.address, index, 1)
    ).wait();
    logLines.length = 0;

    const response = await read(loggingApp, issued.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.status).toMatchObject({
      status: "revoked",
      source: "chain",
      recordedStatus: "active",
      matchesRecord: false,
    });
    expect(body.status.checkedAtBlock).toBeGreaterThanOrEqual(receipt.blockNumber);
    // the change the chain holds, with the reason the other operator gave
    expect(body.status.chainChange).toEqual({
      action: "revoke",
      reason: 1,
      operator: env.regulator.address,
      transactionHash: receipt.hash,
      blockNumber: receipt.blockNumber,
    });
    // the recorded reason belongs to the recorded status, not to the chain's
    expect(body.status.reason).toBeUndefined();
    expect(body.statusHistory.map((change: Json) => change.action)).toEqual(["issue"]);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 40,
        credentialId: issued.id,
        chainStatus: "revoked",
        recordedStatus: "active",
        checkedAtBlock: body.status.checkedAtBlock,
        msg: "the credential's status on chain differs from the record",
      }),
    );
    // a read has no side effects
    expect((await issuer.service.context.repository.getCredential(issued.id))?.status).toBe("active");

    // the listing shows it too; its filter is on the recorded status
    const page = (await list(issuer.app, "status=active&limit=100")).json();
    const item = page.items.find((candidate: Json) => candidate.id === issued.id);
    expect(item.status).toMatchObject({ status: "revoked", recordedStatus: "active", matchesRecord: false });
    const blocks = new Set(page.items.map((candidate: Json) => candidate.status.checkedAtBlock));
    expect(blocks.size).toBe(1);
    expect(page.items.every((candidate: Json) => candidate.status.source === "chain")).toBe(true);

    // POST /credentials/status is the write path: the change the chain shows is recorded, no transaction
    const synced = await issuer.app.inject({
      method: "POST",
      url: "/credentials/status",
      headers: bearer(KEYS.bureau),
      payload: { credentialId: issued.id, action: "revoke", reason: 1 },
    });
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json().transactionHash).toBeUndefined();
    const after = (await read(issuer.app, issued.id)).json();
    expect(after.status).toMatchObject({
      status: "revoked",
      source: "chain",
      recordedStatus: "revoked",
      matchesRecord: true,
      reason: 1,
      recordedReason: 1,
    });
  });

  it("a suspension made on the contract: suspended from the chain while the record says active", async () => {
    const issued = await issuePermit("live-suspended-elsewhere");
    await (
      await registryAsOwner().getFunction("suspend")(
        env.regulator.address,
        BigInt(issued.status.statusIndex),
        6,
      )
    ).wait();
    const { status } = (await read(issuer.app, issued.id)).json();
    expect(status).toMatchObject({
      status: "suspended",
      source: "chain",
      recordedStatus: "active",
      matchesRecord: false,
      chainChange: { action: "suspend", reason: 6 },
    });
  });

  it("chain unreachable: 200 with the recorded status, source recorded, the reason logged", async () => {
    const issued = await issuePermit("live-unreachable");
    const provider = providerAt(await refusingUrl());
    const offline = serviceOver(provider);
    const lines: Json[] = [];
    const app = await buildApp(
      { service: offline, apiKeys: new ApiKeyStore(API_KEYS) },
      { logger: { level: "warn", stream: { write: (line: string) => lines.push(JSON.parse(line)) } } },
    );
    try {
      const response = await read(app, issued.id);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.id).toBe(issued.id);
      expect(body.status).toMatchObject({
        status: "active",
        source: "recorded",
        recordedStatus: "active",
        statusIndex: issued.status.statusIndex,
        chainReadFailure: { code: "CHAIN_UNAVAILABLE", message: "the chain is unreachable" },
      });
      expect(body.status.checkedAtBlock).toBeUndefined();
      expect(body.status.matchesRecord).toBeUndefined();
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 40,
          chainReadFailure: "CHAIN_UNAVAILABLE",
          credentialIds: [issued.id],
        }),
      );

      const page = await list(app, "limit=5");
      expect(page.statusCode).toBe(200);
      const items = page.json().items as Json[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.status.source).toBe("recorded");
        expect(item.status.status).toBe(item.status.recordedStatus);
        expect(item.status.chainReadFailure.code).toBe("CHAIN_UNAVAILABLE");
      }
    } finally {
      await app.close();
      provider.destroy();
    }
  });
});

describe("liveStatusViews", () => {
  it("a chain that does not answer: the recorded status once the time limit is past", async () => {
    const issued = await issuePermit("live-silent");
    const record = (await issuer.service.context.repository.getCredential(issued.id))!;
    const silent = await silentServer();
    const provider = providerAt(silent.url);
    try {
      const context = {
        chainId: env.manifest.chainId,
        statusRegistry: ethersStatusRegistry(provider, env.manifest.contracts.CredentialStatusRegistry),
      };
      const started = Date.now();
      const [view] = await liveStatusViews(context, [record], { timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(view).toMatchObject({
        status: "active",
        source: "recorded",
        chainReadFailure: { code: "CHAIN_UNAVAILABLE", message: "the chain did not answer within 300 ms" },
      });
    } finally {
      provider.destroy();
      await silent.close();
    }
  });

  it("an entry in another registry, or one the registry never allocated: the recorded status, with why", async () => {
    const issued = await issuePermit("live-unknown-entry");
    const record = (await issuer.service.context.repository.getCredential(issued.id))!;
    const { context } = issuer.service;
    const [otherRegistry, unallocated] = await liveStatusViews(context, [
      { ...record, statusRegistry: env.manifest.contracts.TrustedIssuerRegistry },
      { ...record, statusIndex: "999999" },
    ]);
    expect(otherRegistry).toMatchObject({
      source: "recorded",
      status: "active",
      chainReadFailure: { code: "STATUS_REGISTRY_MISMATCH" },
    });
    expect(unallocated).toMatchObject({
      source: "recorded",
      status: "active",
      statusIndex: "999999",
      chainReadFailure: { code: "STATUS_ENTRY_UNALLOCATED" },
    });
  });

  it("reads a page at one block, at most LIVE_STATUS_CONCURRENCY at once", async () => {
    const issued = await issuePermit("live-bounded");
    const record = (await issuer.service.context.repository.getCredential(issued.id))!;
    const real = issuer.service.context.statusRegistry;
    let inFlight = 0;
    let mostInFlight = 0;
    let latestBlockReads = 0;
    const counting: StatusRegistryClient = {
      ...real,
      latestBlock: () => {
        latestBlockReads++;
        return real.latestBlock();
      },
      statusAt: async (issuerAddress, index, blockNumber) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await real.statusAt(issuerAddress, index, blockNumber);
        } finally {
          inFlight--;
        }
      },
    };
    const records = Array.from({ length: 3 * LIVE_STATUS_CONCURRENCY }, () => record);
    const views = await liveStatusViews({ chainId: env.manifest.chainId, statusRegistry: counting }, records);
    expect(views).toHaveLength(records.length);
    expect(views.every((view) => view.source === "chain" && view.status === "active")).toBe(true);
    expect(new Set(views.map((view) => view.checkedAtBlock)).size).toBe(1);
    expect(latestBlockReads).toBe(1);
    expect(mostInFlight).toBe(LIVE_STATUS_CONCURRENCY);
  });

  it("statusAt holds at the end of the block asked about", async () => {
    const issued = await issuePermit("live-status-at");
    const index = BigInt(issued.status.statusIndex);
    const registry = issuer.service.context.statusRegistry;
    const receipt = await (
      await registryAsOwner().getFunction("suspend")(env.regulator.address, index, 6)
    ).wait();
    expect(await registry.statusAt(env.regulator.address, index, receipt.blockNumber - 1)).toBe("active");
    expect(await registry.statusAt(env.regulator.address, index, receipt.blockNumber)).toBe("suspended");
    expect(await registry.latestBlock()).toBeGreaterThanOrEqual(receipt.blockNumber);
    expect(await registry.statusAt(env.regulator.address, index + 1000n, receipt.blockNumber)).toBe(
      "unallocated",
    );
  });
});

describe("OpenAPI", () => {
  it("describes the checked status of the reads", async () => {
    const doc = (await issuer.app.inject({ url: "/documentation/json" })).json();
    const read200 = doc.paths["/credentials/{id}"].get.responses["200"];
    expect(JSON.stringify(read200)).toContain("CheckedCredentialRecord");
    expect(Object.keys(doc.paths["/credentials/{id}"].get.responses).sort()).toEqual([
      "200",
      "400",
      "401",
      "404",
      "503",
    ]);
    const view = doc.components.schemas.CredentialCheckedStatusView;
    expect(view.required).toEqual(expect.arrayContaining(["status", "source", "recordedStatus"]));
    expect(view.properties.source.enum).toEqual(["chain", "recorded"]);
    expect(Object.keys(view.properties)).toEqual(
      expect.arrayContaining(["checkedAtBlock", "matchesRecord", "recordedReason", "chainReadFailure"]),
    );
    expect(JSON.stringify(doc.components.schemas.CheckedCredentialRecord.properties.status)).toContain(
      "CredentialCheckedStatusView",
    );
    const listQuery = doc.paths["/credentials"].get.parameters.find(
      (parameter: Json) => parameter.name === "status",
    );
    expect(listQuery.description).toMatch(/recorded status/);
    expect(JSON.stringify(doc.paths["/credentials"].get.responses["200"])).toContain(
      "CheckedCredentialRecord",
    );
  });
});
