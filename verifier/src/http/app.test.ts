import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckName } from "../codes.js";
import { createVerifier, type Verifier } from "../create-verifier.js";
import {
  b64,
  iso,
  issueJwt,
  permitFor,
  presentJwt,
  signRaw,
  startVerifierFixture,
  type TestIdentity,
  type VerifierFixture,
} from "../test-fixtures.js";
import { buildApp } from "./app.js";

type Json = Record<string, unknown>;
interface Check {
  check: CheckName;
  status: string;
  code: string;
  message: string;
}

const DOMAIN = "https://bourse.permitchain.example";
const BODY_LIMIT = 32 * 1024;

let f: VerifierFixture;
let verifier: Verifier;
let app: FastifyInstance;
/** The regulator's permit for the firm (status index 0): valid. */
let valid: string;
let nextIndex = 100;
const healthy = { failing: false };

beforeAll(async () => {
  f = await startVerifierFixture();
  verifier = createVerifier({
    resolver: f.resolver,
    trustedIssuers: f.trustedIssuers,
    statusReader: f.statuses,
    challenges: f.challenges,
    clock: () => f.now,
    workers: 0,
  });
  app = await buildApp(
    {
      verifier,
      challenges: f.challenges,
      domain: DOMAIN,
      health: {
        chainId: f.chain.chainId,
        blockNumber: async () => {
          if (healthy.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:8545");
          return f.provider.getBlockNumber();
        },
      },
    },
    { bodyLimit: BODY_LIMIT },
  );
  valid = await issueJwt(permitFor(f.regulator, f.firm, { issuedAt: f.issuedAt }), f.regulator);
});

afterAll(async () => {
  await app?.close();
  await verifier?.close();
  await f?.stop();
});

/** A permit of `issuer` for the firm with its own status index and `changes`. */
function permit(issuer: TestIdentity, changes: Json = {}): Promise<string> {
  return issueJwt(
    permitFor(issuer, f.firm, { issuedAt: f.issuedAt, statusIndex: nextIndex++, changes }),
    issuer,
  );
}

function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: "POST",
    url,
    headers: { "content-type": "application/json", ...headers },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
}

const verifyCredential = (jwt: unknown, options?: Json) =>
  post("/credentials/verify", { verifiableCredential: jwt, ...(options === undefined ? {} : { options }) });

const verifyPresentation = (jwt: unknown, options: Json) =>
  post("/presentations/verify", { verifiablePresentation: jwt, options });

async function challenge(): Promise<string> {
  const response = await post("/challenges", {});
  expect(response.statusCode, response.body).toBe(201);
  return response.json().challenge as string;
}

/** A 200 answer with this verdict, and the named check with this code. */
function expectVerdict(response: LightMyRequestResponse, verdict: string, name: CheckName, code: string) {
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { verdict: string; checks: Check[] };
  const found = body.checks.find((entry) => entry.check === name);
  expect({ verdict: body.verdict, code: found?.code }, response.body).toEqual({ verdict, code });
  return body;
}

/** An error answer with this status and code, the one error body, and nothing internal in it. */
function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const body = response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(response.body).not.toMatch(/at .*\.(?:ts|js):\d+|node_modules|stack/i);
  return body.error as { code: string; message: string; errors?: { path: string; keyword: string }[] };
}

describe("POST /credentials/verify: a verdict with every check, 200 whatever it is", () => {
  it("a valid permit: 200 valid, every check passes, the decoded credential returned", async () => {
    const response = await verifyCredential(valid, { credentialType: "DischargePermitCredential" });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.verdict).toBe("valid");
    expect(body.checks.map(({ check, status, code }: Check) => `${check} ${status} ${code}`)).toEqual([
      "signature pass SIGNATURE_VALID",
      "did pass DID_RESOLVED",
      "issuerTrust pass ISSUER_TRUSTED",
      "status pass STATUS_ACTIVE",
      "schema pass SCHEMA_VALID",
      "validity pass WITHIN_VALIDITY",
    ]);
    expect(body.credential.credentialSubject.id).toBe(f.firm.did);
    expect(body.credential.proof.jwt).toBe(valid);
  });

  it("truncated JWT -> 200 invalid, signature JWT_MALFORMED", async () => {
    expectVerdict(
      await verifyCredential(valid.slice(0, valid.length >> 1)),
      "invalid",
      "signature",
      "JWT_MALFORMED",
    );
    expectVerdict(await verifyCredential(valid.slice(0, -4)), "invalid", "signature", "JWT_MALFORMED");
  });

  it("an empty string or plain text -> 200 invalid, JWT_MALFORMED (a string is a verification request)", async () => {
    expectVerdict(await verifyCredential(""), "invalid", "signature", "JWT_MALFORMED");
    expectVerdict(await verifyCredential("not a jwt"), "invalid", "signature", "JWT_MALFORMED");
  });

  it("alg none -> 200 invalid, signature ALG_NOT_ALLOWED", async () => {
    const payload = valid.split(".")[1];
    expectVerdict(
      await verifyCredential(`${b64({ alg: "none", typ: "JWT" })}.${payload}.`),
      "invalid",
      "signature",
      "ALG_NOT_ALLOWED",
    );
  });

  it("signed by another key than the issuer's -> 200 invalid, signature fails", async () => {
    const payload = JSON.parse(Buffer.from(valid.split(".")[1]!, "base64url").toString()) as Json;
    const forged = await signRaw({ alg: "ES256K", typ: "JWT" }, payload, f.stranger);
    const body = expectVerdict(await verifyCredential(forged), "invalid", "did", "DID_RESOLVED");
    expect(body.checks[0]).toMatchObject({ check: "signature", status: "fail" });
    expect(["SIGNATURE_INVALID", "KEY_NOT_FOUND"]).toContain(body.checks[0]!.code);
  });

  it("expired -> 200 invalid, validity EXPIRED", async () => {
    const expired = await permit(f.regulator, { "/expirationDate": iso(Math.floor(f.now / 1000) - 3600) });
    expectVerdict(await verifyCredential(expired), "invalid", "validity", "EXPIRED");
  });

  it("revoked -> 200 invalid, status STATUS_REVOKED; suspended -> STATUS_SUSPENDED", async () => {
    const index = nextIndex;
    const jwt = await permit(f.regulator);
    f.statuses.set(f.regulator.wallet.address, index, "revoked");
    expectVerdict(await verifyCredential(jwt), "invalid", "status", "STATUS_REVOKED");
    f.statuses.set(f.regulator.wallet.address, index, "suspended");
    expectVerdict(await verifyCredential(jwt), "invalid", "status", "STATUS_SUSPENDED");
    f.statuses.set(f.regulator.wallet.address, index, "active");
    expectVerdict(await verifyCredential(jwt), "valid", "status", "STATUS_ACTIVE");
  });

  it("untrusted issuer -> 200 invalid, issuerTrust ISSUER_UNTRUSTED", async () => {
    expectVerdict(
      await verifyCredential(await permit(f.stranger)),
      "invalid",
      "issuerTrust",
      "ISSUER_UNTRUSTED",
    );
  });

  it("schema violation -> 200 invalid, schema SCHEMA_INVALID with the issues", async () => {
    const jwt = await permit(f.regulator, { "/credentialSubject/managementCategory": "enormous" });
    const body = expectVerdict(await verifyCredential(jwt), "invalid", "schema", "SCHEMA_INVALID");
    const schema = body.checks.find((entry) => entry.check === "schema") as Check & { details?: Json };
    expect(Array.isArray(schema.details?.issues)).toBe(true);
  });

  it("another credential type than options.credentialType -> 200 invalid, CREDENTIAL_TYPE_MISMATCH", async () => {
    expectVerdict(
      await verifyCredential(valid, { credentialType: "AuditReportCredential" }),
      "invalid",
      "schema",
      "CREDENTIAL_TYPE_MISMATCH",
    );
  });

  it("the chain unreachable -> 200 indeterminate, status CHAIN_UNREACHABLE", async () => {
    f.statuses.failing = true;
    try {
      expectVerdict(await verifyCredential(valid), "indeterminate", "status", "CHAIN_UNREACHABLE");
    } finally {
      f.statuses.failing = false;
    }
  });
});

describe("POST /presentations/verify and POST /challenges", () => {
  it("POST /challenges -> 201 { challenge, domain, expiresAt }, a new one each time", async () => {
    const response = await app.inject({ method: "POST", url: "/challenges" });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers["cache-control"]).toBe("no-store");
    const body = response.json();
    expect(body).toEqual({ challenge: expect.any(String), domain: DOMAIN, expiresAt: expect.any(String) });
    expect(body.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expiresAt)).toBe(f.now + 5 * 60_000);
    expect(await challenge()).not.toBe(body.challenge);
  });

  it("a valid presentation -> 200 valid, every check passes, the credential's too", async () => {
    const nonce = await challenge();
    const jwt = await presentJwt(f.firm, [valid], { challenge: nonce, domain: DOMAIN });
    const response = await verifyPresentation(jwt, { challenge: nonce, domain: DOMAIN });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.checks.map(({ check, code }: Check) => `${check} ${code}`)).toEqual([
      "signature SIGNATURE_VALID",
      "did DID_RESOLVED",
      "schema SCHEMA_VALID",
      "validity WITHIN_VALIDITY",
      "holder HOLDER_BOUND",
      "challenge CHALLENGE_ACCEPTED",
      "domain DOMAIN_MATCHED",
    ]);
    expect(body).toMatchObject({ verdict: "valid", holder: f.firm.did });
    expect(body.credentials.map((credential: { verdict: string }) => credential.verdict)).toEqual(["valid"]);
  });

  it("options.domain defaults to the configured domain", async () => {
    const nonce = await challenge();
    const jwt = await presentJwt(f.firm, [valid], { challenge: nonce, domain: DOMAIN });
    expectVerdict(await verifyPresentation(jwt, { challenge: nonce }), "valid", "domain", "DOMAIN_MATCHED");
  });

  it("replayed challenge -> 200 invalid, challenge CHALLENGE_REPLAYED", async () => {
    const nonce = await challenge();
    const jwt = await presentJwt(f.firm, [valid], { challenge: nonce, domain: DOMAIN });
    expectVerdict(
      await verifyPresentation(jwt, { challenge: nonce }),
      "valid",
      "challenge",
      "CHALLENGE_ACCEPTED",
    );
    expectVerdict(
      await verifyPresentation(jwt, { challenge: nonce }),
      "invalid",
      "challenge",
      "CHALLENGE_REPLAYED",
    );
  });

  it("unknown challenge (not issued here) -> 200 invalid, challenge CHALLENGE_UNKNOWN", async () => {
    const jwt = await presentJwt(f.firm, [valid], { challenge: "chosen-by-the-holder", domain: DOMAIN });
    expectVerdict(
      await verifyPresentation(jwt, { challenge: "chosen-by-the-holder" }),
      "invalid",
      "challenge",
      "CHALLENGE_UNKNOWN",
    );
  });

  it("a nonce other than options.challenge -> 200 invalid, CHALLENGE_MISMATCH", async () => {
    const jwt = await presentJwt(f.firm, [valid], { challenge: await challenge(), domain: DOMAIN });
    expectVerdict(
      await verifyPresentation(jwt, { challenge: await challenge() }),
      "invalid",
      "challenge",
      "CHALLENGE_MISMATCH",
    );
  });

  it("holder mismatch (someone else presents the firm's permit) -> 200 invalid, holder HOLDER_MISMATCH", async () => {
    const nonce = await challenge();
    const jwt = await presentJwt(f.stranger, [valid], { challenge: nonce, domain: DOMAIN });
    const body = expectVerdict(
      await verifyPresentation(jwt, { challenge: nonce }),
      "invalid",
      "holder",
      "HOLDER_MISMATCH",
    );
    expect(body.checks[0]!.code).toBe("SIGNATURE_VALID");
  });

  it("addressed to another domain -> 200 invalid, domain DOMAIN_MISMATCH", async () => {
    const nonce = await challenge();
    const jwt = await presentJwt(f.firm, [valid], { challenge: nonce, domain: "https://elsewhere.example" });
    expectVerdict(
      await verifyPresentation(jwt, { challenge: nonce }),
      "invalid",
      "domain",
      "DOMAIN_MISMATCH",
    );
  });

  it("a domain other than the one the challenge was issued for -> 200 invalid, DOMAIN_MISMATCH", async () => {
    const nonce = await challenge();
    const elsewhere = "https://elsewhere.example";
    const jwt = await presentJwt(f.firm, [valid], { challenge: nonce, domain: elsewhere });
    expectVerdict(
      await verifyPresentation(jwt, { challenge: nonce, domain: elsewhere }),
      "invalid",
      "domain",
      "DOMAIN_MISMATCH",
    );
  });

  it("a revoked credential inside -> 200 invalid, the credential's STATUS_REVOKED", async () => {
    const index = nextIndex;
    const revoked = await permit(f.regulator);
    f.statuses.set(f.regulator.wallet.address, index, "revoked");
    const nonce = await challenge();
    const jwt = await presentJwt(f.firm, [revoked], { challenge: nonce, domain: DOMAIN });
    const response = await verifyPresentation(jwt, { challenge: nonce });
    const body = expectVerdict(response, "invalid", "holder", "HOLDER_BOUND");
    const inner = (body as unknown as { credentials: { verdict: string; checks: Check[] }[] })
      .credentials[0]!;
    expect(inner.verdict).toBe("invalid");
    expect(inner.checks.find((entry) => entry.check === "status")?.code).toBe("STATUS_REVOKED");
  });

  it("a presentation that is not a JWT -> 200 invalid, signature JWT_MALFORMED", async () => {
    expectVerdict(
      await verifyPresentation("eyJ.nope", { challenge: await challenge() }),
      "invalid",
      "signature",
      "JWT_MALFORMED",
    );
  });
});

describe("requests that are not verification requests: 4xx with a stable code, never a 500", () => {
  it("oversized body -> 413 PAYLOAD_TOO_LARGE", async () => {
    expectError(await verifyCredential("x".repeat(BODY_LIMIT + 1)), 413, "PAYLOAD_TOO_LARGE");
    expectError(await post("/presentations/verify", "x".repeat(BODY_LIMIT * 2)), 413, "PAYLOAD_TOO_LARGE");
  });

  it("wrong content type -> 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    expectError(
      await post("/credentials/verify", valid, { "content-type": "text/plain" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await post("/credentials/verify", `verifiableCredential=${valid}`, {
        "content-type": "application/x-www-form-urlencoded",
      }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectError(
      await post("/challenges", "{}", { "content-type": "text/plain" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("malformed JSON -> 400 BAD_REQUEST", async () => {
    expectError(await post("/credentials/verify", '{"verifiableCredential": "ey'), 400, "BAD_REQUEST");
    expectError(await post("/presentations/verify", "{nope"), 400, "BAD_REQUEST");
    expectError(await post("/credentials/verify", ""), 400, "BAD_REQUEST");
  });

  it("missing field -> 400 BAD_REQUEST naming it", async () => {
    const error = expectError(await post("/credentials/verify", {}), 400, "BAD_REQUEST");
    expect(error.errors).toContainEqual(expect.objectContaining({ keyword: "required" }));
    expect(error.message).toContain("verifiableCredential");
    expectError(await post("/presentations/verify", { verifiablePresentation: valid }), 400, "BAD_REQUEST");
    expectError(
      await post("/presentations/verify", { verifiablePresentation: valid, options: { domain: DOMAIN } }),
      400,
      "BAD_REQUEST",
    );
    expectError(await verifyPresentation(valid, { challenge: "" }), 400, "BAD_REQUEST");
  });

  it.each([
    ["a number", 42],
    ["an array", [valid]],
    ["an object", { proof: { jwt: valid } }],
    ["null", null],
    ["a boolean", true],
  ])("non-string JWT (%s) -> 400 BAD_REQUEST, keyword type", async (_name, jwt) => {
    const error = expectError(await verifyCredential(jwt), 400, "BAD_REQUEST");
    expect(error.errors).toContainEqual({
      path: "body/verifiableCredential",
      keyword: "type",
      message: expect.any(String),
    });
    expectError(await verifyPresentation(jwt, { challenge: "c" }), 400, "BAD_REQUEST");
  });

  it("extra fields -> 400 BAD_REQUEST, keyword additionalProperties", async () => {
    const top = expectError(
      await post("/credentials/verify", { verifiableCredential: valid, verifiablePresentation: valid }),
      400,
      "BAD_REQUEST",
    );
    expect(top.errors).toContainEqual(expect.objectContaining({ keyword: "additionalProperties" }));
    expectError(await verifyCredential(valid, { checks: ["proof"] }), 400, "BAD_REQUEST");
    expectError(await verifyPresentation(valid, { challenge: "c", chalenge: "c" }), 400, "BAD_REQUEST");
    expectError(await post("/challenges", { domain: "https://elsewhere.example" }), 400, "BAD_REQUEST");
  });

  it("a credential type PermitChain does not know in options -> 400 BAD_REQUEST, keyword enum", async () => {
    const error = expectError(
      await verifyCredential(valid, { credentialType: "FishingLicence" }),
      400,
      "BAD_REQUEST",
    );
    expect(error.errors).toContainEqual(expect.objectContaining({ keyword: "enum" }));
  });

  it("a body that is not an object -> 400 BAD_REQUEST", async () => {
    expectError(await post("/credentials/verify", JSON.stringify([valid])), 400, "BAD_REQUEST");
    expectError(await post("/credentials/verify", JSON.stringify(valid)), 400, "BAD_REQUEST");
    expectError(await post("/credentials/verify", "null"), 400, "BAD_REQUEST");
  });

  it("prototype poisoning -> 400 BAD_REQUEST", async () => {
    expectError(
      await post("/credentials/verify", `{"verifiableCredential":"a","__proto__":{"admin":true}}`),
      400,
      "BAD_REQUEST",
    );
  });

  it("unknown route or method -> 404 NOT_FOUND", async () => {
    expectError(await app.inject({ method: "GET", url: "/credentials/verify" }), 404, "NOT_FOUND");
    expectError(await post("/credentials/issue", {}), 404, "NOT_FOUND");
  });

  it("keeps serving after a burst of bad requests: the next good one is verified", async () => {
    const bad = [
      () => post("/credentials/verify", "{nope"),
      () => post("/credentials/verify", valid, { "content-type": "text/plain" }),
      () => post("/credentials/verify", "x".repeat(BODY_LIMIT + 1)),
      () => verifyCredential(42),
      () => verifyCredential(valid.slice(0, 40)),
      () => verifyCredential(`${b64({ alg: "none" })}.${valid.split(".")[1]}.`),
      () => verifyPresentation(valid, { challenge: "unknown" }),
      () => post("/presentations/verify", { verifiablePresentation: valid, options: [] }),
      () => post("/challenges", "[]"),
      () => app.inject({ method: "DELETE", url: "/challenges" }),
    ];
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => bad[i % bad.length]!()));
    for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(500);
    expect(new Set(responses.map((response) => response.statusCode))).toEqual(
      new Set([200, 400, 404, 413, 415]),
    );
    const good = await verifyCredential(valid);
    expect(good.statusCode).toBe(200);
    expect(good.json().verdict).toBe("valid");
  });
});

describe("GET /health and the OpenAPI document", () => {
  it("GET /health -> 200 ok with the chain's head; 503 when the chain does not answer", async () => {
    const ok = await app.inject({ method: "GET", url: "/health" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: "ok", chainId: f.chain.chainId, blockNumber: expect.any(Number) });
    healthy.failing = true;
    try {
      const down = await app.inject({ method: "GET", url: "/health" });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({
        status: "unavailable",
        chainId: f.chain.chainId,
        message: "the chain does not answer",
      });
    } finally {
      healthy.failing = false;
    }
  });

  it("serves OpenAPI 3 at /documentation/json with every route and every response code", async () => {
    const response = await app.inject({ method: "GET", url: "/documentation/json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe("3.0.3");
    expect(doc.info.title).toBe("PermitChain verifier");
    const codes = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(codes("/credentials/verify", "post")).toEqual(["200", "400", "413", "415", "503"]);
    expect(codes("/presentations/verify", "post")).toEqual(["200", "400", "413", "415", "503"]);
    expect(codes("/challenges", "post")).toEqual(["201", "400", "413", "415", "503"]);
    expect(codes("/health", "get")).toEqual(["200", "503"]);
    expect(doc.paths["/documentation/json"]).toBeUndefined();
  });

  it("a closed verifier answers 503 SERVICE_UNAVAILABLE, not a 500", async () => {
    const closing = createVerifier({
      resolver: f.resolver,
      trustedIssuers: f.trustedIssuers,
      statusReader: f.statuses,
      challenges: f.challenges,
      workers: 0,
    });
    const other = await buildApp({
      verifier: closing,
      challenges: f.challenges,
      domain: DOMAIN,
      health: { chainId: 1, blockNumber: async () => 1 },
    });
    try {
      await closing.close();
      expectError(
        await other.inject({
          method: "POST",
          url: "/credentials/verify",
          payload: { verifiableCredential: valid },
        }),
        503,
        "SERVICE_UNAVAILABLE",
      );
    } finally {
      await other.close();
    }
  });
});
