import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentialStatusRegistryAbi } from "@permitchain/contracts";
import { Contract, FetchRequest, JsonRpcProvider, Network } from "ethers";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteRepository } from "./storage/sqlite.js";
import { type IssuerTestChain, startIssuerTestChain } from "./test-support/chain.js";
import {
  auditReportRequest,
  bearer,
  KEYS,
  permitRequest,
  REGULATOR_DID,
  SECOND_REGULATOR_DID,
} from "./test-support/fixtures.js";
import { startTestIssuer, type TestIssuer } from "./test-support/service.js";

let env: IssuerTestChain;
let issuer: TestIssuer;
let dir: string;
let statusRegistry: Contract;
const BODY_LIMIT = 64 * 1024;

beforeAll(async () => {
  env = await startIssuerTestChain();
  dir = mkdtempSync(join(tmpdir(), "issuer-bad-input-"));
  issuer = await startTestIssuer(env, SqliteRepository.open(join(dir, "issuer.sqlite")), {
    bodyLimit: BODY_LIMIT,
  });
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

const allocated = (account: string): Promise<bigint> =>
  statusRegistry.getFunction("allocatedCount").staticCall(account);

function post(url: string, payload: string | object, headers: Record<string, string> = {}) {
  return issuer.app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json", ...bearer(KEYS.bureau), ...headers },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
}

function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(response.body).not.toMatch(/at .*\.(?:ts|js):\d+|node_modules|SQLITE|stack/i);
  return body.error as { code: string; message: string; errors?: { path: string; keyword: string }[] };
}

describe("bad input: a stable error, never a 500, and the service keeps serving", () => {
  it("413 for a body over the limit", async () => {
    const big = permitRequest({ evidence: { type: "Padding", data: "x".repeat(BODY_LIMIT) } });
    expectError(await post("/credentials/issue", big), 413, "PAYLOAD_TOO_LARGE");
  });

  it("415 for a body that is not JSON", async () => {
    expectError(
      await post("/credentials/issue", "credential=1", { "content-type": "text/plain" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await post("/credentials/issue", "<credential/>", { "content-type": "application/xml" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("400 for malformed JSON, an empty body and a request outside its schema", async () => {
    expectError(await post("/credentials/issue", '{"credential": {'), 400, "BAD_REQUEST");
    expectError(await post("/credentials/issue", ""), 400, "BAD_REQUEST");
    const missing = expectError(await post("/credentials/issue", { options: {} }), 400, "BAD_REQUEST");
    expect(missing.errors?.[0]?.keyword).toBe("required");
    const extra = expectError(
      await post("/credentials/issue", permitRequest({ credentialStatus: { id: "x" } })),
      400,
      "BAD_REQUEST",
    );
    expect(extra.errors?.[0]?.keyword).toBe("additionalProperties");
    expectError(
      await post("/credentials/status", { credentialId: "urn:uuid:x", action: "delete" }),
      400,
      "BAD_REQUEST",
    );
    expectError(
      await post("/credentials/status", { credentialId: "urn:uuid:x", action: "revoke", reason: 70_000 }),
      400,
      "BAD_REQUEST",
    );
    const twoKeys = await post(
      "/credentials/issue",
      { ...permitRequest(), options: { idempotencyKey: "b" } },
      { "idempotency-key": "a" },
    );
    expectError(twoKeys, 400, "BAD_REQUEST");
    const query = await issuer.app.inject({ url: "/credentials?limit=1000", headers: bearer(KEYS.bureau) });
    expectError(query, 400, "BAD_REQUEST");
  });

  it("422 for an unknown credential type and for a credential that violates its schema, before any allocation", async () => {
    const before = await allocated(env.regulator.address);
    const unknown = expectError(
      await post("/credentials/issue", permitRequest({ type: ["VerifiableCredential", "DrivingLicence"] })),
      422,
      "UNKNOWN_CREDENTIAL_TYPE",
    );
    expect(unknown.message).toMatch(/DischargePermitCredential/);
    const { credential } = permitRequest();
    const subject = credential.credentialSubject as Record<string, unknown>;
    const broken = {
      credential: {
        ...credential,
        credentialSubject: { ...subject, permitNumber: "not-a-permit-number", pollutants: undefined },
      },
    };
    const invalid = expectError(await post("/credentials/issue", broken), 422, "CREDENTIAL_INVALID");
    expect(invalid.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "/credentialSubject/permitNumber", keyword: "pattern" }),
        expect.objectContaining({ path: "/credentialSubject/pollutants", keyword: "required" }),
      ]),
    );
    const expired = expectError(
      await post("/credentials/issue", permitRequest({ expirationDate: "2020-01-01T00:00:00Z" })),
      422,
      "CREDENTIAL_INVALID",
    );
    expect(expired.errors?.map((e) => e.keyword)).toContain("expirationAfterIssuance");
    expect(await allocated(env.regulator.address)).toBe(before);
  });

  it("401 without a key or with an unknown one", async () => {
    const none = await issuer.app.inject({
      method: "POST",
      url: "/credentials/issue",
      payload: permitRequest(),
    });
    expectError(none, 401, "UNAUTHENTICATED");
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    expectError(
      await post("/credentials/issue", permitRequest(), bearer("pck_nope")),
      401,
      "UNAUTHENTICATED",
    );
    expectError(
      await post("/credentials/issue", permitRequest(), { authorization: "Basic Zm9vOmJhcg==" }),
      401,
      "UNAUTHENTICATED",
    );
    const list = await issuer.app.inject({ url: "/credentials" });
    expectError(list, 401, "UNAUTHENTICATED");
  });

  it("403 for a key not allowed for the issuer or the type, and ISSUER_NOT_TRUSTED for an untrusted issuer", async () => {
    expectError(
      await post("/credentials/issue", permitRequest(), bearer(KEYS.participantsOnly)),
      403,
      "FORBIDDEN",
    );
    expectError(await post("/credentials/issue", auditReportRequest()), 403, "FORBIDDEN");
    expectError(await post("/credentials/issue", permitRequest(), bearer(KEYS.auditor)), 403, "FORBIDDEN");
    const before = await allocated(env.untrusted.address);
    const untrusted = expectError(
      await post("/credentials/issue", permitRequest({ issuer: SECOND_REGULATOR_DID })),
      403,
      "ISSUER_NOT_TRUSTED",
    );
    expect(untrusted.message).toContain(SECOND_REGULATOR_DID);
    expect(await allocated(env.untrusted.address)).toBe(before);
    // several issuers for the key and none named: the issuer must be given
    const { issuer: _issuer, ...noIssuer } = permitRequest().credential;
    expectError(await post("/credentials/issue", { credential: noIssuer }), 400, "BAD_REQUEST");
  });

  it("404 for an unknown credential or route", async () => {
    const get = await issuer.app.inject({
      url: "/credentials/urn:uuid:unknown",
      headers: bearer(KEYS.bureau),
    });
    expectError(get, 404, "NOT_FOUND");
    expectError(
      await post("/credentials/status", { credentialId: "urn:uuid:unknown", action: "revoke" }),
      404,
      "NOT_FOUND",
    );
    expectError(await issuer.app.inject({ url: "/nowhere" }), 404, "NOT_FOUND");
  });

  it("409 for an idempotency key reused with another body, and for a credential id already issued", async () => {
    const first = await post(
      "/credentials/issue",
      permitRequest({ id: "urn:uuid:1b1c7b0e-7b4b-4a7e-9f39-5d1f0e0a6b21" }),
      {
        "idempotency-key": "bad-input-409",
      },
    );
    expect(first.statusCode, first.body).toBe(201);
    expectError(
      await post("/credentials/issue", permitRequest(), { "idempotency-key": "bad-input-409" }),
      409,
      "IDEMPOTENCY_CONFLICT",
    );
    expectError(
      await post(
        "/credentials/issue",
        permitRequest({ id: "urn:uuid:1b1c7b0e-7b4b-4a7e-9f39-5d1f0e0a6b21" }),
      ),
      409,
      "CREDENTIAL_ID_CONFLICT",
    );
  });

  it("503 when the chain is unreachable, and serves again with the chain back", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const request = new FetchRequest(`http://127.0.0.1:${port}`);
    request.timeout = 2_000;
    const network = Network.from(env.manifest.chainId);
    const deadProvider = new JsonRpcProvider(request, network, { staticNetwork: network });
    const offline = await startTestIssuer(env, SqliteRepository.open(join(dir, "offline.sqlite")), {
      provider: deadProvider,
    });
    try {
      const response = await offline.app.inject({
        method: "POST",
        url: "/credentials/issue",
        headers: bearer(KEYS.bureau),
        payload: permitRequest(),
      });
      expectError(response, 503, "CHAIN_UNAVAILABLE");
      const status = await offline.app.inject({ url: "/documentation/json" });
      expect(status.statusCode).toBe(200);
    } finally {
      await offline.close();
      deadProvider.destroy();
    }
    const ok = await post("/credentials/issue", permitRequest({ issuer: REGULATOR_DID }));
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
