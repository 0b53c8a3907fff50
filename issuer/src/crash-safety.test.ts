// Crash safety: a fault hook stops an issuance at each step as a crash would; the service is then restarted on
// the same database and the request retried with the same idempotency key. Whatever the step, the retry
// finishes the issuance with exactly one status index allocated on chain for it, read from the event of its
// recorded transaction, and no credential is ever answered without its status entry. Run on SQLite and on
// PostgreSQL (skipped with the reason printed where no cluster can be started).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentialStatusRegistryAbi } from "@permitchain/contracts";
import { Contract, Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedCrashError } from "./errors.js";
import { FAULT_POINTS, type FaultPoint } from "./faults.js";
import { PostgresRepository } from "./storage/postgres.js";
import type { IssuerRepository } from "./storage/repository.js";
import { SqliteRepository } from "./storage/sqlite.js";
import { type IssuerTestChain, startIssuerTestChain } from "./test-support/chain.js";
import { bearer, KEYS, permitRequest } from "./test-support/fixtures.js";
import { startTestPostgres, type TestPostgres } from "./test-support/postgres.js";
import { startTestIssuer, type TestIssuer } from "./test-support/service.js";

let env: IssuerTestChain;
let postgres: TestPostgres | { skip: string };
let statusRegistry: Contract;
const dir = mkdtempSync(join(tmpdir(), "issuer-crash-"));
const registryInterface = new Interface(credentialStatusRegistryAbi);

beforeAll(async () => {
  env = await startIssuerTestChain();
  statusRegistry = new Contract(
    env.manifest.contracts.CredentialStatusRegistry,
    credentialStatusRegistryAbi,
    env.provider,
  );
  postgres = await startTestPostgres();
  if ("skip" in postgres) console.warn(postgres.skip);
});

afterAll(async () => {
  if (postgres !== undefined && !("skip" in postgres)) postgres.stop();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const allocatedCount = async (): Promise<bigint> =>
  statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address);

/** The indices the regulator allocated in blocks `from`..latest, from the registry's events. */
async function allocationsSince(fromBlock: number): Promise<{ first: bigint; tx: string }[]> {
  const logs = await env.provider.getLogs({
    address: env.manifest.contracts.CredentialStatusRegistry,
    topics: [registryInterface.getEvent("StatusIndicesAllocated")!.topicHash],
    fromBlock,
  });
  return logs
    .map((log) => ({ parsed: registryInterface.parseLog(log)!, tx: log.transactionHash }))
    .filter(({ parsed }) => parsed.args[0] === env.regulator.address)
    .map(({ parsed, tx }) => ({ first: BigInt(parsed.args[1]), tx }));
}

interface Backend {
  name: string;
  open(tag: string): Promise<() => Promise<IssuerRepository>>;
}

const backends: Backend[] = [
  {
    name: "SQLite",
    async open(tag) {
      const path = join(dir, `${tag}.sqlite`);
      return async () => SqliteRepository.open(path);
    },
  },
  {
    name: "PostgreSQL",
    async open(tag) {
      if ("skip" in postgres) throw new Error(postgres.skip);
      const url = await postgres.createDatabase(tag);
      return () => PostgresRepository.open(url);
    },
  },
];

/** A service whose fault hook crashes once at `point` for `key`. */
async function crashingIssuer(
  repository: IssuerRepository,
  point: FaultPoint,
  key: string,
): Promise<TestIssuer> {
  let crashed = false;
  return startTestIssuer(env, repository, {
    faults: (at, context) => {
      if (!crashed && at === point && context.idempotencyKey === key) {
        crashed = true;
        throw new SimulatedCrashError(at);
      }
    },
  });
}

describe.each(backends)("crash safety on $name", (backend) => {
  const skip = () => postgres !== undefined && "skip" in postgres && backend.name === "PostgreSQL";

  it.for(FAULT_POINTS)(
    "a crash at %s: the retry after a restart resumes, one allocation, same index",
    async (point, ctx) => {
      if (skip()) return ctx.skip();
      const reopen = await backend.open(`crash_${point.replace(/-/g, "_")}`);
      const key = `crash-${point}`;
      const body = permitRequest();
      const fromBlock = await env.provider.getBlockNumber();
      const before = await allocatedCount();

      const first = await crashingIssuer(await reopen(), point, key);
      const crash = await first.service
        .issue({
          operator: {
            id: "bureau-ops",
            issuers: [body.credential.issuer as string],
            types: ["DischargePermitCredential"],
          },
          credential: body.credential as never,
          idempotencyKey: key,
        })
        .catch((error: unknown) => error);
      expect(crash).toBeInstanceOf(SimulatedCrashError);
      const recorded = await first.service.context.repository.getIssuance("bureau-ops", key);
      await first.close();

      // restart on the same database, retry over HTTP with the same key and body
      const second = await startTestIssuer(env, await reopen());
      try {
        const response = await second.app.inject({
          method: "POST",
          url: "/credentials/issue",
          headers: { ...bearer(KEYS.bureau), "idempotency-key": key },
          payload: body,
        });
        expect(response.statusCode, response.body).toBe(201);
        const issued = response.json();

        expect(await allocatedCount()).toBe(before + 1n);
        const allocations = await allocationsSince(fromBlock + 1);
        expect(allocations).toHaveLength(1);
        expect(issued.status.statusIndex).toBe(allocations[0]!.first.toString());
        expect(issued.status.allocationTransaction).toBe(allocations[0]!.tx);
        if (recorded?.allocationTransaction !== undefined) {
          // the recorded transaction is the one that allocated (re-sent if it never left, never signed anew)
          expect(allocations[0]!.tx).toBe(recorded.allocationTransaction.hash);
        }
        expect(issued.credential.credentialStatus.statusIndex).toBe(issued.status.statusIndex);
        expect(BigInt(issued.proof.typedData.message.statusIndex)).toBe(allocations[0]!.first);

        // and again: the same answer, nothing more allocated
        const replay = await second.app.inject({
          method: "POST",
          url: "/credentials/issue",
          headers: { ...bearer(KEYS.bureau), "idempotency-key": key },
          payload: body,
        });
        expect(replay.json()).toEqual(issued);
        expect(await allocatedCount()).toBe(before + 1n);
        const record = await second.service.context.repository.getCredential(issued.id);
        expect(record?.statusIndex).toBe(issued.status.statusIndex);
      } finally {
        await second.close();
      }
    },
  );

  it("a transaction signed and recorded but never sent, whose nonce another issuance took, is signed anew", async (ctx) => {
    if (skip()) return ctx.skip();
    const reopen = await backend.open("crash_dropped");
    const key = "crash-dropped";
    const body = permitRequest();
    const before = await allocatedCount();
    const fromBlock = await env.provider.getBlockNumber();

    const first = await crashingIssuer(await reopen(), "allocation-signed", key);
    const operator = {
      id: "bureau-ops",
      issuers: [body.credential.issuer as string],
      types: ["DischargePermitCredential" as const],
    };
    await expect(
      first.service.issue({ operator, credential: body.credential as never, idempotencyKey: key }),
    ).rejects.toThrow(SimulatedCrashError);
    const stale = (await first.service.context.repository.getIssuance("bureau-ops", key))!
      .allocationTransaction!;
    // another issuance from the same status key takes the recorded transaction's nonce
    const other = await first.service.issue({
      operator,
      credential: body.credential as never,
      idempotencyKey: `${key}-other`,
    });
    expect(other.response.status.status).toBe("active");
    await first.close();

    const second = await startTestIssuer(env, await reopen());
    try {
      const retried = await second.service.issue({
        operator,
        credential: body.credential as never,
        idempotencyKey: key,
      });
      expect(retried.response.status.allocationTransaction).not.toBe(stale.hash);
      expect(await env.provider.getTransactionReceipt(stale.hash)).toBeNull();
      expect(await allocatedCount()).toBe(before + 2n);
      const allocations = await allocationsSince(fromBlock + 1);
      expect(allocations.map((a) => a.first.toString()).sort()).toEqual(
        [other.response.status.statusIndex, retried.response.status.statusIndex].sort(),
      );
    } finally {
      await second.close();
    }
  });

  it("a crash answered over HTTP is a generic 500, and the retry after a restart succeeds", async (ctx) => {
    if (skip()) return ctx.skip();
    const reopen = await backend.open("crash_http");
    const key = "crash-http";
    const first = await crashingIssuer(await reopen(), "allocation-mined", key);
    const request = {
      method: "POST" as const,
      url: "/credentials/issue",
      headers: { ...bearer(KEYS.bureau), "idempotency-key": key },
      payload: permitRequest(),
    };
    const crashed = await first.app.inject(request);
    expect(crashed.statusCode).toBe(500);
    expect(crashed.json()).toEqual({
      error: { code: "INTERNAL_ERROR", message: "internal error; the request may be retried" },
    });
    await first.close();
    const second = await startTestIssuer(env, await reopen());
    try {
      expect((await second.app.inject(request)).statusCode).toBe(201);
    } finally {
      await second.close();
    }
  });
});
