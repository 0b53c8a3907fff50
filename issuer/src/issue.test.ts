import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CredentialStatus,
  credentialIdHash,
  credentialProofVerifierAbi,
  credentialStatusRegistryAbi,
} from "@permitchain/contracts";
import { verifyCredential } from "did-jwt-vc";
import { Resolver } from "did-resolver";
import { Contract, verifyTypedData } from "ethers";
import { getResolver } from "ethr-did-resolver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteRepository } from "./storage/sqlite.js";
import { type IssuerTestChain, startIssuerTestChain } from "./test-support/chain.js";
import {
  AUDITOR_DID,
  auditReportRequest,
  bearer,
  FIRM_DID,
  KEYS,
  permitRequest,
  REGULATOR_DID,
} from "./test-support/fixtures.js";
import { startTestIssuer, type TestIssuer } from "./test-support/service.js";

let env: IssuerTestChain;
let issuer: TestIssuer;
let dir: string;
/** did-jwt-vc types its resolver with its own did-resolver major; the object is the same. */
let resolver: Parameters<typeof verifyCredential>[1];
let statusRegistry: Contract;

beforeAll(async () => {
  env = await startIssuerTestChain();
  dir = mkdtempSync(join(tmpdir(), "issuer-issue-"));
  issuer = await startTestIssuer(env, SqliteRepository.open(join(dir, "issuer.sqlite")));
  resolver = new Resolver(
    getResolver({
      networks: [
        {
          name: "dev",
          chainId: env.manifest.chainId,
          rpcUrl: env.rpcUrl,
          registry: env.manifest.contracts.EthereumDIDRegistry,
        },
      ],
    }),
  ) as unknown as typeof resolver;
  statusRegistry = new Contract(
    env.manifest.contracts.CredentialStatusRegistry,
    credentialStatusRegistryAbi,
    env.provider,
  );
});

afterAll(async () => {
  await issuer?.close();
  await env?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function issue(body: unknown, key: string = KEYS.bureau, idempotencyKey?: string) {
  return issuer.app.inject({
    method: "POST",
    url: "/credentials/issue",
    headers: {
      ...bearer(key),
      ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
    },
    payload: body as Record<string, unknown>,
  });
}

describe("POST /credentials/issue", () => {
  it("issues a permit: VC-JWT verifiable by did-jwt-vc, status entry allocated on chain, EIP-712 proof", async () => {
    const allocatedBefore = await statusRegistry
      .getFunction("allocatedCount")
      .staticCall(env.regulator.address);
    const response = await issue(permitRequest(), KEYS.bureau, "permit-1");
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(response.headers.location).toBe(`/credentials/${encodeURIComponent(body.id)}`);
    expect(body.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(body.status).toMatchObject({
      type: "PermitChainStatusRegistry2025",
      statusRegistry: env.manifest.contracts.CredentialStatusRegistry,
      statusIssuer: env.regulator.address,
      statusIndex: allocatedBefore.toString(),
      status: "active",
    });
    expect(await statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address)).toBe(
      allocatedBefore + 1n,
    );
    expect(
      Number(await statusRegistry.getFunction("statusOf").staticCall(env.regulator.address, allocatedBefore)),
    ).toBe(CredentialStatus.Active);
    // the allocation is read from the mined event of the recorded transaction
    const receipt = await env.provider.getTransactionReceipt(body.status.allocationTransaction);
    expect(receipt?.blockNumber).toBe(body.status.allocationBlock);
    expect(receipt?.from).toBe(env.regulatorOperator.address);
    // the allocation carries the credential id's hash after its arguments: it names its credential on chain
    const allocation = await env.provider.getTransaction(body.status.allocationTransaction);
    expect(allocation?.data.endsWith(credentialIdHash(body.id).slice(2))).toBe(true);

    // interop: plain did-jwt-vc + ethr-did-resolver against our registry
    const verified = await verifyCredential(body.verifiableCredential, resolver);
    expect(verified.issuer).toBe(REGULATOR_DID);
    expect(verified.verifiableCredential.credentialSubject.id).toBe(FIRM_DID);
    expect(verified.verifiableCredential.credentialStatus).toEqual({
      id: body.status.id,
      type: body.status.type,
      statusRegistry: body.status.statusRegistry,
      statusIssuer: body.status.statusIssuer,
      statusIndex: body.status.statusIndex,
    });
    expect(verified.verifiableCredential.credentialSchema).toEqual({
      id: "https://schemas.permitchain.dev/credentials/discharge-permit/v1.json",
      type: "JsonSchema",
    });
    expect(body.credential.id).toBe(body.id);
    expect(body.credential.issuer).toEqual({ id: REGULATOR_DID, name: "上海市生态环境局" });
    expect(body.credential.expirationDate).toBe("2030-02-28T16:00:00.000Z");

    // the EIP-712 proof: same credential id and status index, signed by the issuer, accepted on chain
    const { typedData, signature } = body.proof;
    expect(typedData.message.credentialId).toBe(credentialIdHash(body.id));
    expect(typedData.message.statusIndex).toBe(body.status.statusIndex);
    expect(typedData.message.subject).toBe(env.firm.address);
    const { EIP712Domain: _domain, ...types } = typedData.types;
    expect(verifyTypedData(typedData.domain, types, typedData.message, signature)).toBe(
      env.regulator.address,
    );
    const verifier = new Contract(
      env.manifest.contracts.CredentialProofVerifier,
      credentialProofVerifierAbi,
      env.provider,
    );
    const proof = { ...typedData.message };
    await verifier.getFunction("requireEligible").staticCall(env.firm.address, proof, signature);
  });

  it("issues an audit report signed by the auditor's veriKey delegate, trusted for the firm's sector", async () => {
    const response = await issue(auditReportRequest(), KEYS.auditor, "audit-1");
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.proof).toBeUndefined();
    expect(body.status.statusIssuer).toBe(env.auditor.address);
    const verified = await verifyCredential(body.verifiableCredential, resolver);
    expect(verified.issuer).toBe(AUDITOR_DID);
    expect(verified.signer.id).toMatch(/#delegate-1$/);
  });

  it("replays the same answer for the same key and body, and refuses the key with another body (409)", async () => {
    const first = await issue(permitRequest(), KEYS.bureau, "permit-replay");
    expect(first.statusCode).toBe(201);
    const count = await statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address);
    const again = await issue(permitRequest(), KEYS.bureau, "permit-replay");
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    // the key may also travel in options.idempotencyKey
    const inBody = await issue({ ...permitRequest(), options: { idempotencyKey: "permit-replay" } });
    expect(inBody.json()).toEqual(first.json());
    expect(await statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address)).toBe(count);

    const other = permitRequest({ expirationDate: "2029-03-01T00:00:00+08:00" });
    const conflict = await issue(other, KEYS.bureau, "permit-replay");
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe("IDEMPOTENCY_CONFLICT");
  });
  it("issues concurrently from one status key (nonces serialised) and runs one key once at a time", async () => {
    const before = await statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address);
    const parallel = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => issue(permitRequest(), KEYS.bureau, `parallel-${i}`)),
    );
    expect(parallel.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const indices = parallel.map((r) => r.json().status.statusIndex);
    expect(new Set(indices).size).toBe(5);
    const same = await Promise.all([0, 1].map(() => issue(permitRequest(), KEYS.bureau, "parallel-same")));
    const codes = same.map((r) => r.statusCode).sort();
    expect([
      [201, 409],
      [201, 201],
    ]).toContainEqual(codes);
    const refused = same.find((r) => r.statusCode === 409);
    if (refused !== undefined) expect(refused.json().error.code).toBe("ISSUANCE_IN_PROGRESS");
    expect(await statusRegistry.getFunction("allocatedCount").staticCall(env.regulator.address)).toBe(
      before + 6n,
    );
  });
});

describe("status and records", () => {
  it("suspends, reinstates and revokes on chain, and records every change", async () => {
    const issued = (await issue(permitRequest(), KEYS.bureau, "permit-status")).json();
    const index = BigInt(issued.status.statusIndex);
    const change = (action: string, reason?: number) =>
      issuer.app.inject({
        method: "POST",
        url: "/credentials/status",
        headers: bearer(KEYS.bureau),
        payload: { credentialId: issued.id, action, ...(reason === undefined ? {} : { reason }) },
      });
    const onChain = async () =>
      Number(await statusRegistry.getFunction("statusOf").staticCall(env.regulator.address, index));

    const suspended = await change("suspend", 6);
    expect(suspended.statusCode, suspended.body).toBe(200);
    expect(suspended.json()).toMatchObject({
      previousStatus: "active",
      status: { status: "suspended", reason: 6 },
    });
    expect(suspended.json().transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await onChain()).toBe(CredentialStatus.Suspended);
    expect((await change("suspend")).json().error.code).toBe("STATUS_CONFLICT");

    expect((await change("reinstate")).json().status.status).toBe("active");
    expect(await onChain()).toBe(CredentialStatus.Active);
    expect((await change("reinstate")).statusCode).toBe(409);

    const revoked = await change("revoke", 1);
    expect(revoked.json().status).toMatchObject({ status: "revoked", reason: 1 });
    expect(await onChain()).toBe(CredentialStatus.Revoked);
    const again = await change("reinstate");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/final/);

    const record = await issuer.app.inject({
      url: `/credentials/${encodeURIComponent(issued.id)}`,
      headers: bearer(KEYS.bureau),
    });
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      id: issued.id,
      type: "DischargePermitCredential",
      issuer: REGULATOR_DID,
      subject: FIRM_DID,
      status: { status: "revoked", reason: 1, statusIndex: issued.status.statusIndex },
      verifiableCredential: issued.verifiableCredential,
    });
    expect(record.json().statusHistory.map((c: { action: string }) => c.action)).toEqual([
      "issue",
      "suspend",
      "reinstate",
      "revoke",
    ]);
    // the auditor's key does not see the bureau's credentials
    const hidden = await issuer.app.inject({
      url: `/credentials/${encodeURIComponent(issued.id)}`,
      headers: bearer(KEYS.auditor),
    });
    expect(hidden.statusCode).toBe(404);
    const forbidden = await issuer.app.inject({
      method: "POST",
      url: "/credentials/status",
      headers: bearer(KEYS.auditor),
      payload: { credentialId: issued.id, action: "revoke" },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it("lists with filters and cursor pagination, newest first, within the key's scope", async () => {
    for (let i = 0; i < 3; i++)
      expect((await issue(permitRequest(), KEYS.bureau, `list-${i}`)).statusCode).toBe(201);
    const list = (query: string, key: string = KEYS.bureau) =>
      issuer.app.inject({ url: `/credentials?${query}`, headers: bearer(key) });
    const all = (await list("limit=100")).json();
    expect(all.items.length).toBeGreaterThanOrEqual(6);
    expect(all.items.every((item: { type: string }) => item.type === "DischargePermitCredential")).toBe(true);
    expect(all.nextCursor).toBeUndefined();

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await list(`limit=2${cursor === undefined ? "" : `&cursor=${cursor}`}`)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(all.items.map((item: { id: string }) => item.id));

    const revoked = (await list("status=revoked")).json();
    expect(revoked.items.length).toBe(1);
    const bySubject = (
      await list(`subject=${encodeURIComponent(FIRM_DID.toLowerCase())}&type=DischargePermitCredential`)
    ).json();
    expect(bySubject.items.length).toBe(all.items.length);
    expect((await list(`issuer=${encodeURIComponent(AUDITOR_DID)}`)).json().items).toEqual([]);
    const audits = (await list("", KEYS.auditor)).json();
    expect(audits.items.map((item: { type: string }) => item.type)).toEqual(["AuditReportCredential"]);
    expect((await list("cursor=bm9wZQ")).statusCode).toBe(400);
  });

  it("serves its OpenAPI document with every route and its status codes", async () => {
    const response = await issuer.app.inject({ url: "/documentation/json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/credentials",
      "/credentials/issue",
      "/credentials/status",
      "/credentials/{id}",
    ]);
    expect(Object.keys(doc.paths["/credentials/issue"].post.responses).sort()).toEqual([
      "201",
      "400",
      "401",
      "403",
      "409",
      "413",
      "415",
      "422",
      "503",
    ]);
    expect(Object.keys(doc.paths["/credentials/status"].post.responses).sort()).toEqual([
      "200",
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "503",
    ]);
  });
});
