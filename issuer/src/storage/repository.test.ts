// One suite, run against both implementations of IssuerRepository: SQLite (a file) and PostgreSQL (a
// throwaway cluster; skipped with the reason printed where none can be started).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IssuerError } from "../errors.js";
import { startTestPostgres, type TestPostgres } from "../test-support/postgres.js";
import { PostgresRepository } from "./postgres.js";
import type { CredentialRecord, IssuerRepository, NewIssuance } from "./repository.js";
import { SqliteRepository } from "./sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "issuer-repo-"));
let postgres: TestPostgres | { skip: string };

beforeAll(async () => {
  postgres = await startTestPostgres();
  if ("skip" in postgres) console.warn(postgres.skip);
}, 120_000);

afterAll(() => {
  if (postgres !== undefined && !("skip" in postgres)) postgres.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Backend {
  name: string;
  /** Opens a repository on a fresh database; `reopen` opens another on the same database. */
  fresh(tag: string): Promise<{ repository: IssuerRepository; reopen(): Promise<IssuerRepository> }>;
}

const backends: Backend[] = [
  {
    name: "SQLite",
    async fresh(tag) {
      const path = join(dir, `${tag}.sqlite`);
      return { repository: SqliteRepository.open(path), reopen: async () => SqliteRepository.open(path) };
    },
  },
  {
    name: "PostgreSQL",
    async fresh(tag) {
      if ("skip" in postgres) throw new Error(postgres.skip);
      const url = await postgres.createDatabase(tag.toLowerCase().replace(/[^a-z0-9]/g, "_"));
      return { repository: await PostgresRepository.open(url), reopen: () => PostgresRepository.open(url) };
    },
  },
];

const T0 = "2026-01-01T00:00:00.000Z";

function intent(n: number, overrides: Partial<NewIssuance> = {}): NewIssuance {
  return {
    operatorId: "bureau-ops",
    idempotencyKey: `key-${n}`,
    requestHash: `sha256:${String(n).padStart(64, "0")}`,
    credentialId: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    credentialType: "DischargePermitCredential",
    issuerDid: "did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    issuerAddress: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    subjectDid: "did:ethr:0x7a69:0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    draft: { id: `urn:uuid:${n}`, credentialSubject: { id: "did:ethr:x", note: "中文" } },
    createdAt: T0,
    ...overrides,
  };
}

function credential(
  issuance: NewIssuance,
  index: string,
  overrides: Partial<CredentialRecord> = {},
): CredentialRecord {
  return {
    id: issuance.credentialId,
    type: issuance.credentialType,
    issuerDid: issuance.issuerDid,
    issuerAddress: issuance.issuerAddress,
    subjectDid: issuance.subjectDid,
    operatorId: issuance.operatorId,
    status: "active",
    statusReason: undefined,
    statusIndex: index,
    statusRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    allocationTransactionHash: `0x${"ab".repeat(32)}`,
    allocationBlock: 42,
    jwt: "eyJ.eyJ.sig",
    credential: { id: issuance.credentialId, credentialSubject: { id: issuance.subjectDid } },
    proof: undefined,
    issuedAt: T0,
    expiresAt: "2030-01-01T00:00:00.000Z",
    statusUpdatedAt: T0,
    ...overrides,
  };
}

const tx = (n: number) => ({
  hash: `0x${String(n).padStart(64, "0")}`,
  raw: `0x02f8${n}`,
  nonce: n,
  from: "0xabc",
});

/** Runs an issuance through to `issued` with status index `index`. */
async function issued(
  repository: IssuerRepository,
  n: number,
  index: string,
  overrides: Partial<NewIssuance> = {},
) {
  const issuance = intent(n, overrides);
  await repository.createIssuance(issuance);
  await repository.recordAllocationTransaction(
    issuance.operatorId,
    issuance.idempotencyKey,
    tx(n),
    undefined,
    T0,
  );
  await repository.recordAllocation(
    issuance.operatorId,
    issuance.idempotencyKey,
    { statusIndex: index, blockNumber: n },
    T0,
  );
  await repository.completeIssuance(
    issuance.operatorId,
    issuance.idempotencyKey,
    credential(issuance, index),
    {
      id: issuance.credentialId,
    },
  );
  return issuance;
}

describe.each(backends)("IssuerRepository on $name", (backend) => {
  const skip = () => postgres !== undefined && "skip" in postgres && backend.name === "PostgreSQL";

  it("records an intent once per operator and key, and refuses a credential id used by another key", async (ctx) => {
    if (skip()) return ctx.skip();
    const { repository } = await backend.fresh("intents");
    try {
      const first = await repository.createIssuance(intent(1));
      expect(first.created).toBe(true);
      expect(first.issuance).toMatchObject({ state: "intent", statusIndex: undefined, response: undefined });
      expect(first.issuance.draft).toEqual(intent(1).draft);
      const again = await repository.createIssuance(intent(1, { requestHash: "sha256:other" }));
      expect(again.created).toBe(false);
      expect(again.issuance.requestHash).toBe(intent(1).requestHash);
      // the same key of another operator is another issuance
      const other = await repository.createIssuance(
        intent(2, { operatorId: "auditor-ops", idempotencyKey: "key-1" }),
      );
      expect(other.created).toBe(true);
      const conflict = await repository
        .createIssuance(intent(3, { credentialId: intent(1).credentialId }))
        .catch((error: unknown) => error);
      expect(conflict).toBeInstanceOf(IssuerError);
      expect((conflict as IssuerError).code).toBe("CREDENTIAL_ID_CONFLICT");
      expect(await repository.getIssuance("bureau-ops", "key-3")).toBeUndefined();
    } finally {
      await repository.close();
    }
  });

  it("moves an issuance through its states only forward, and keeps it across a reopen", async (ctx) => {
    if (skip()) return ctx.skip();
    const { repository, reopen } = await backend.fresh("states");
    const i = intent(1);
    await repository.createIssuance(i);
    await expect(
      repository.recordAllocation(i.operatorId, i.idempotencyKey, { statusIndex: "0", blockNumber: 1 }, T0),
    ).rejects.toThrow(/cannot move to allocated/);
    await repository.recordAllocationTransaction(i.operatorId, i.idempotencyKey, tx(1), undefined, T0);
    // a dropped transaction is replaced by a new one while allocating, only by who knows the one it replaces
    const stale = await repository
      .recordAllocationTransaction(i.operatorId, i.idempotencyKey, tx(2), undefined, T0)
      .catch((error: unknown) => error);
    expect((stale as IssuerError).code).toBe("ISSUANCE_IN_PROGRESS");
    await repository.recordAllocationTransaction(i.operatorId, i.idempotencyKey, tx(2), tx(1).hash, T0);
    expect((await repository.getIssuance(i.operatorId, i.idempotencyKey))?.allocationTransaction).toEqual(
      tx(2),
    );
    await repository.close();

    const reopened = await reopen();
    try {
      const recorded = await reopened.getIssuance(i.operatorId, i.idempotencyKey);
      expect(recorded).toMatchObject({ state: "allocating", allocationTransaction: tx(2) });
      await reopened.recordAllocation(
        i.operatorId,
        i.idempotencyKey,
        {
          statusIndex: "115792089237316195423570985008687907853269984665640564039457584007913129639935",
          blockNumber: 7,
        },
        T0,
      );
      await expect(
        reopened.recordAllocationTransaction(i.operatorId, i.idempotencyKey, tx(3), tx(2).hash, T0),
      ).rejects.toThrow(/another request/);
      const allocated = await reopened.getIssuance(i.operatorId, i.idempotencyKey);
      expect(allocated).toMatchObject({ state: "allocated", allocationBlock: 7 });
      expect(allocated?.statusIndex).toBe(
        "115792089237316195423570985008687907853269984665640564039457584007913129639935",
      );
      const record = credential(i, allocated!.statusIndex!, { proof: { signature: "0x01" } });
      await reopened.completeIssuance(i.operatorId, i.idempotencyKey, record, { id: i.credentialId, n: 1 });
      await expect(
        reopened.completeIssuance(i.operatorId, i.idempotencyKey, record, { id: i.credentialId }),
      ).rejects.toThrow(/cannot move to issued/);
      const done = await reopened.getIssuance(i.operatorId, i.idempotencyKey);
      expect(done).toMatchObject({ state: "issued", response: { id: i.credentialId, n: 1 } });
      expect(await reopened.getCredential(i.credentialId)).toEqual(record);
      expect(await reopened.statusHistory(i.credentialId)).toEqual([
        {
          action: "issue",
          status: "active",
          reason: undefined,
          transactionHash: record.allocationTransactionHash,
          blockNumber: 42,
          operatorId: "bureau-ops",
          at: T0,
        },
      ]);
    } finally {
      await reopened.close();
    }
  });

  it("writes each step in one transaction: a failing completion leaves no credential and the issuance allocated", async (ctx) => {
    if (skip()) return ctx.skip();
    const { repository } = await backend.fresh("atomic");
    try {
      await issued(repository, 1, "5");
      const second = intent(2);
      await repository.createIssuance(second);
      await repository.recordAllocationTransaction(
        second.operatorId,
        second.idempotencyKey,
        tx(2),
        undefined,
        T0,
      );
      await repository.recordAllocation(
        second.operatorId,
        second.idempotencyKey,
        { statusIndex: "5", blockNumber: 2 },
        T0,
      );
      // the same status index of the same issuer and registry can never be stored twice
      await expect(
        repository.completeIssuance(second.operatorId, second.idempotencyKey, credential(second, "5"), {}),
      ).rejects.toThrow();
      expect((await repository.getIssuance(second.operatorId, second.idempotencyKey))?.state).toBe(
        "allocated",
      );
      expect(await repository.getCredential(second.credentialId)).toBeUndefined();
      expect(await repository.statusHistory(second.credentialId)).toEqual([]);
    } finally {
      await repository.close();
    }
  });

  it("updates a status and appends it to the history", async (ctx) => {
    if (skip()) return ctx.skip();
    const { repository } = await backend.fresh("status");
    try {
      const i = await issued(repository, 1, "0");
      const updated = await repository.updateStatus({
        credentialId: i.credentialId,
        change: {
          action: "revoke",
          status: "revoked",
          reason: 1,
          transactionHash: "0x01",
          blockNumber: 9,
          operatorId: "bureau-ops",
          at: "2026-02-01T00:00:00.000Z",
        },
      });
      expect(updated).toMatchObject({
        status: "revoked",
        statusReason: 1,
        statusUpdatedAt: "2026-02-01T00:00:00.000Z",
      });
      expect(
        (await repository.statusHistory(i.credentialId)).map((c) => [c.action, c.status, c.reason]),
      ).toEqual([
        ["issue", "active", undefined],
        ["revoke", "revoked", 1],
      ]);
      const missing = await repository
        .updateStatus({
          credentialId: "urn:uuid:none",
          change: { ...(await repository.statusHistory(i.credentialId))[1]! },
        })
        .catch((error: unknown) => error);
      expect((missing as IssuerError).code).toBe("NOT_FOUND");
    } finally {
      await repository.close();
    }
  });

  it("lists newest first with filters, the caller's scope and cursor pagination", async (ctx) => {
    if (skip()) return ctx.skip();
    const { repository } = await backend.fresh("list");
    try {
      const auditor = "did:ethr:0x7a69:0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      const otherFirm = "did:ethr:0x7a69:0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
      const ids: string[] = [];
      for (let n = 1; n <= 7; n++) ids.push((await issued(repository, n, String(n))).credentialId);
      ids.push((await issued(repository, 8, "8", { subjectDid: otherFirm })).credentialId);
      ids.push(
        (
          await issued(repository, 9, "1", {
            credentialType: "AuditReportCredential",
            issuerDid: auditor,
            issuerAddress: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
          })
        ).credentialId,
      );
      await repository.updateStatus({
        credentialId: ids[2]!,
        change: {
          action: "suspend",
          status: "suspended",
          reason: 6,
          transactionHash: undefined,
          blockNumber: undefined,
          operatorId: undefined,
          at: T0,
        },
      });
      const scope = {
        issuerIn: [intent(1).issuerDid.toLowerCase(), auditor],
        typeIn: ["DischargePermitCredential", "AuditReportCredential"],
      };
      const all = await repository.listCredentials({ ...scope, limit: 100 });
      expect(all.items.map((c) => c.id)).toEqual([...ids].reverse());
      expect(all.nextCursor).toBeUndefined();

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await repository.listCredentials({ ...scope, limit: 4, cursor });
        pages.push(page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(pages.map((p) => p.length)).toEqual([4, 4, 1]);
      expect(pages.flat()).toEqual([...ids].reverse());

      const byType = await repository.listCredentials({ ...scope, type: "AuditReportCredential", limit: 10 });
      expect(byType.items.map((c) => c.id)).toEqual([ids[8]]);
      const bySubject = await repository.listCredentials({
        ...scope,
        subject: otherFirm.toUpperCase().replace("DID:ETHR:0X7A69", "did:ethr:0x7a69"),
        limit: 10,
      });
      expect(bySubject.items.map((c) => c.id)).toEqual([ids[7]]);
      const byStatus = await repository.listCredentials({ ...scope, status: "suspended", limit: 10 });
      expect(byStatus.items.map((c) => c.id)).toEqual([ids[2]]);
      const byIssuer = await repository.listCredentials({
        ...scope,
        issuer: auditor.toLowerCase(),
        limit: 10,
      });
      expect(byIssuer.items.map((c) => c.id)).toEqual([ids[8]]);
      const narrow = await repository.listCredentials({
        issuerIn: [auditor],
        typeIn: ["DischargePermitCredential"],
        limit: 10,
      });
      expect(narrow.items).toEqual([]);
      const none = await repository.listCredentials({ issuerIn: [], typeIn: [], limit: 10 });
      expect(none.items).toEqual([]);
      const bad = await repository
        .listCredentials({ ...scope, limit: 10, cursor: "Zm9v" })
        .catch((e: unknown) => e);
      expect((bad as IssuerError).code).toBe("BAD_REQUEST");
    } finally {
      await repository.close();
    }
  });
});

describe("PostgreSQL out of reach", () => {
  it("is STORAGE_UNAVAILABLE (the service answers 503), not an internal error", async (ctx) => {
    if ("skip" in postgres) return ctx.skip();
    const error = await PostgresRepository.open("postgres://postgres@127.0.0.1:1/none", {
      connectionTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as IssuerError).code).toBe("STORAGE_UNAVAILABLE");
    expect((error as IssuerError).statusCode).toBe(503);
  });
});

describe("SQLite: one service per file", () => {
  it("refuses a second service on the same file, naming the process, and opens again once it is closed", async () => {
    const path = join(dir, "owned.sqlite");
    const first = SqliteRepository.open(path);
    const refused = (() => {
      try {
        SqliteRepository.open(path);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(IssuerError);
    expect(refused).toMatchObject({ code: "STORAGE_UNAVAILABLE" });
    expect((refused as Error).message).toContain(`running process ${process.pid}`);
    await first.close();
    const again = SqliteRepository.open(path);
    await again.close();
  });
});
