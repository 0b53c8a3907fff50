import { createHmac, createSign, generateKeyPairSync, sign } from "node:crypto";
import { createDidResolver, ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { examples } from "@permitchain/schemas";
import { verifyCredential as didJwtVcVerifyCredential } from "did-jwt-vc";
import { Contract, JsonRpcProvider, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckName, CheckStatus, ReasonCode, Verdict } from "./codes.js";
import { type CreateVerifierParameters, createVerifier, type Verifier } from "./create-verifier.js";
import type { CredentialVerificationResult, PresentationVerificationResult } from "./result.js";
import {
  b64,
  createFakeStatusReader,
  decodeJwtPayload,
  iso,
  issueJwt,
  permitFor,
  presentJwt,
  signerOf,
  signRaw,
  startVerifierFixture,
  type TestIdentity,
  type VerifierFixture,
} from "./test-fixtures.js";
import { createTrustedIssuerRegistryReader } from "./trusted-issuer-registry.js";

type Json = Record<string, unknown>;
type Result = CredentialVerificationResult | PresentationVerificationResult;

const DOMAIN = "https://verifier.permitchain.example";
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let f: VerifierFixture;
let verifier: Verifier;
/** The regulator's permit for the firm, issued with did-jwt-vc: valid. */
let valid: string;
/** Another valid permit of the regulator's (status index 1). */
let second: string;
const opened: Verifier[] = [];

function dependencies(): CreateVerifierParameters {
  return {
    resolver: f.resolver,
    trustedIssuers: f.trustedIssuers,
    statusReader: f.statuses,
    challenges: f.challenges,
    clock: () => f.now,
  };
}

function verifierWith(overrides: Partial<CreateVerifierParameters>): Verifier {
  const created = createVerifier({ ...dependencies(), ...overrides });
  opened.push(created);
  return created;
}

const nowSeconds = () => Math.floor(f.now / 1000);

function check(result: Result, name: CheckName) {
  const found = result.checks.find((entry) => entry.check === name);
  if (found === undefined) throw new Error(`no ${name} check in ${JSON.stringify(result.checks)}`);
  return found;
}

function expectOutcome(
  result: Result,
  verdict: Verdict,
  name: CheckName,
  code: ReasonCode,
  status?: CheckStatus,
) {
  const found = check(result, name);
  expect(
    { verdict: result.verdict, check: name, code: found.code },
    JSON.stringify(result.checks, null, 1),
  ).toEqual({
    verdict,
    check: name,
    code,
  });
  if (status !== undefined) expect(found.status).toBe(status);
}

const parts = (jwt: string) => jwt.split(".") as [string, string, string];

/** A permit of `issuer` for the firm, issued at the fixture's issuance time, with `changes`. */
function permit(issuer: TestIdentity, changes: Json = {}, statusIndex = 0, issuedAt = f.issuedAt): Json {
  return permitFor(issuer, f.firm, { issuedAt, statusIndex, changes });
}

beforeAll(async () => {
  f = await startVerifierFixture();
  verifier = verifierWith({ workers: 2 });
  valid = await issueJwt(permit(f.regulator), f.regulator);
  second = await issueJwt(permit(f.regulator, {}, 1), f.regulator);
});

afterAll(async () => {
  for (const created of opened) await created.close();
  await f?.stop();
});

describe("a valid permit", () => {
  it("passes every check, each with its reason code", async () => {
    const result = await verifier.verifyCredential(valid);
    expect(result.verdict).toBe("valid");
    expect(result.checks.map(({ check, status, code }) => ({ check, status, code }))).toEqual([
      { check: "signature", status: "pass", code: "SIGNATURE_VALID" },
      { check: "did", status: "pass", code: "DID_RESOLVED" },
      { check: "issuerTrust", status: "pass", code: "ISSUER_TRUSTED" },
      { check: "status", status: "pass", code: "STATUS_ACTIVE" },
      { check: "schema", status: "pass", code: "SCHEMA_VALID" },
      { check: "validity", status: "pass", code: "WITHIN_VALIDITY" },
    ]);
    expect(check(result, "signature").message).toContain(`${f.regulator.did}#controller`);
    expect(result.credential?.issuer).toEqual({ id: f.regulator.did });
    expect((result.credential?.credentialSubject as Json | undefined)?.id).toBe(f.firm.did);
    expect(result.credential?.proof).toEqual({ type: "JwtProof2020", jwt: valid });
    expect(Object.isFrozen(result.credential)).toBe(true);
  });

  it("learns the issuer's key once (secp256k1 recovery), then verifies natively", async () => {
    const fresh = verifierWith({ workers: 0 });
    for (const jwt of [valid, second, valid])
      expect((await fresh.verifyCredential(jwt)).verdict).toBe("valid");
    expect(fresh.stats).toMatchObject({ keys: 1, recovered: 1, payloadMisses: 2, payloadHits: 1 });
  });

  it("is valid when signed ES256K-R, with a kid, or with the high-S twin of its signature (as did-jwt)", async () => {
    const recoverable = await issueJwt(permit(f.regulator, {}, 2), f.regulator, { alg: "ES256K-R" });
    const withKid = await issueJwt(permit(f.regulator, {}, 3), f.regulator, {
      header: { kid: `${f.regulator.did}#controller` },
    });
    const [header, payload, signature] = parts(valid);
    const bytes = Buffer.from(signature, "base64url");
    const s = BigInt(`0x${bytes.subarray(32).toString("hex")}`);
    const twin = Buffer.concat([
      bytes.subarray(0, 32),
      Buffer.from((CURVE_ORDER - s).toString(16).padStart(64, "0"), "hex"),
    ]);
    const highS = `${header}.${payload}.${twin.toString("base64url")}`;
    for (const jwt of [recoverable, withKid, highS]) {
      const result = await verifier.verifyCredential(jwt);
      expect(result.verdict, JSON.stringify(result.checks)).toBe("valid");
    }
  });

  it("is valid from a regulator trusted by a committee vote, once issued after the grant", async () => {
    const jwt = await issueJwt(
      permitFor(f.lateRegulator, f.firm, { issuedAt: f.lateGrantTime + 1 }),
      f.lateRegulator,
    );
    expect((await verifier.verifyCredential(jwt)).verdict).toBe("valid");
  });

  it("checks the expected credential type when asked", async () => {
    expect(
      (await verifier.verifyCredential(valid, { credentialType: "DischargePermitCredential" })).verdict,
    ).toBe("valid");
    expectOutcome(
      await verifier.verifyCredential(valid, { credentialType: "AuditReportCredential" }),
      "invalid",
      "schema",
      "CREDENTIAL_TYPE_MISMATCH",
    );
  });

  it("accepts an expiry within the clock tolerance (60 s)", async () => {
    const jwt = await issueJwt(
      permit(f.regulator, { "/expirationDate": iso(nowSeconds() - 30) }, 4),
      f.regulator,
    );
    expect((await verifier.verifyCredential(jwt)).verdict).toBe("valid");
  });
});

interface BadCase {
  readonly name: string;
  readonly input: () => unknown | Promise<unknown>;
  readonly verdict: Verdict;
  readonly check: CheckName;
  readonly code: ReasonCode;
  /** Another verifier (a failing dependency). */
  readonly verifier?: () => Verifier;
}

function hmacJwt(payload: Json): string {
  const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", "secret").update(input).digest("base64url")}`;
}

function rsaJwt(payload: Json): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = `${b64({ alg: "RS256", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${createSign("sha256").update(input).sign(privateKey).toString("base64url")}`;
}

function p256Jwt(payload: Json): string {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const input = `${b64({ alg: "ES256", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}

function ed25519Jwt(payload: Json): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  const input = `${b64({ alg: "EdDSA", typ: "JWT" })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString("base64url")}`;
}

/** The decoded payload of the valid permit, changed. */
const validPayload = (changes: Json = {}): Json => ({ ...decodeJwtPayload(valid), ...changes });

const schemaExample = (name: string) => {
  const example = examples.dischargePermitInvalidExamples.find((entry) => entry.name === name);
  if (example === undefined) throw new Error(`no invalid example "${name}"`);
  return example.credential;
};

const unreachable = () =>
  new JsonRpcProvider("http://127.0.0.1:1", 31337, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
  });

const badCases: BadCase[] = [
  // structure and algorithm (the signature check)
  {
    name: "truncated JWT",
    input: () => valid.slice(0, Math.floor(valid.length / 2)),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "signature cut short",
    input: () => valid.slice(0, -4),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "garbled base64 in the payload",
    input: () => {
      const [h, p, s] = parts(valid);
      return `${h}.${p.slice(0, 20)}*${p.slice(21)}.${s}`;
    },
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "padded base64",
    input: () => `${parts(valid)[0]}=.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "2 parts",
    input: () => parts(valid).slice(0, 2).join("."),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "4 parts",
    input: () => `${valid}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  { name: "empty string", input: () => "", verdict: "invalid", check: "signature", code: "JWT_MALFORMED" },
  {
    name: "alg none",
    input: () => `${b64({ alg: "none", typ: "JWT" })}.${parts(valid)[1]}.`,
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "alg None (case)",
    input: () => `${b64({ alg: "None" })}.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "alg HS256 (HMAC)",
    input: () => hmacJwt(validPayload()),
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "alg RS256 (RSA)",
    input: () => rsaJwt(validPayload()),
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "alg ES256 (P-256)",
    input: () => p256Jwt(validPayload()),
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "alg EdDSA",
    input: () => ed25519Jwt(validPayload()),
    verdict: "invalid",
    check: "signature",
    code: "ALG_NOT_ALLOWED",
  },
  {
    name: "header without alg",
    input: () => `${b64({ typ: "JWT" })}.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "header with crit",
    input: () => `${b64({ alg: "ES256K", crit: ["b64"], b64: false })}.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "ES256K-R header on a 64-byte signature",
    input: () => `${b64({ alg: "ES256K-R", typ: "JWT" })}.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "swapped payload (the signature of another credential)",
    input: () => `${parts(valid)[0]}.${parts(valid)[1]}.${parts(second)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "SIGNATURE_INVALID",
  },
  {
    name: "tampered payload (a cap raised, the signature kept)",
    input: () => {
      const payload = validPayload();
      const vc = structuredClone(payload.vc) as {
        credentialSubject: { pollutants: { annualCap: { value: number } }[] };
      };
      vc.credentialSubject.pollutants[0]!.annualCap.value = 999;
      return `${parts(valid)[0]}.${b64({ ...payload, vc })}.${parts(valid)[2]}`;
    },
    verdict: "invalid",
    check: "signature",
    code: "SIGNATURE_INVALID",
  },
  {
    name: "wrong key: signed by another DID claiming to be the issuer",
    input: () => signRaw({ alg: "ES256K", typ: "JWT" }, validPayload(), f.stranger),
    verdict: "invalid",
    check: "signature",
    code: "SIGNATURE_INVALID",
  },
  {
    name: "wrong key, ES256K-R (recovers another address)",
    input: () => signRaw({ alg: "ES256K-R", typ: "JWT" }, validPayload(), f.stranger, true),
    verdict: "invalid",
    check: "signature",
    code: "SIGNATURE_INVALID",
  },
  {
    name: "zero signature",
    input: () => `${parts(valid)[0]}.${parts(valid)[1]}.${Buffer.alloc(64).toString("base64url")}`,
    verdict: "invalid",
    check: "signature",
    code: "SIGNATURE_INVALID",
  },
  {
    name: "kid naming no method of the issuer",
    input: () =>
      signRaw(
        { alg: "ES256K", typ: "JWT", kid: `${f.regulator.did}#delegate-9` },
        validPayload(),
        f.regulator,
      ),
    verdict: "invalid",
    check: "signature",
    code: "KEY_NOT_FOUND",
  },
  {
    name: "huge input (300 KB)",
    input: () => `${parts(valid)[0]}.${"A".repeat(300_000)}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_TOO_LARGE",
  },
  {
    name: "non-string input: a number",
    input: () => 42,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "non-string input: null",
    input: () => null,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "non-string input: undefined",
    input: () => undefined,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "non-string input: an object",
    input: () => ({ jwt: valid }),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "non-string input: an array of parts",
    input: () => parts(valid),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "payload is JSON but an array",
    input: () => signRaw({ alg: "ES256K" }, [1, 2] as unknown as Json, f.regulator),
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "payload is JSON but a number",
    input: () => `${parts(valid)[0]}.${b64(42)}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "payload is not JSON",
    input: () => `${parts(valid)[0]}.${Buffer.from("{not json").toString("base64url")}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "header is JSON but a string",
    input: () => `${b64("ES256K")}.${parts(valid)[1]}.${parts(valid)[2]}`,
    verdict: "invalid",
    check: "signature",
    code: "JWT_MALFORMED",
  },
  {
    name: "deeply nested JSON (90,000 levels), signed",
    input: async () => {
      const deep = `${"[".repeat(90_000)}${"]".repeat(90_000)}`;
      const text = JSON.stringify(validPayload()).replace(/}$/, `,"nested":${deep}}`);
      const input = `${b64({ alg: "ES256K", typ: "JWT" })}.${Buffer.from(text).toString("base64url")}`;
      return `${input}.${(await signerOf(f.regulator)(input)) as string}`;
    },
    verdict: "invalid",
    check: "schema",
    code: "SCHEMA_INVALID",
  },
  // the issuer's DID
  {
    name: "no iss claim",
    input: () => {
      const { iss: _iss, ...payload } = validPayload();
      return signRaw({ alg: "ES256K", typ: "JWT" }, payload, f.regulator);
    },
    verdict: "invalid",
    check: "did",
    code: "ISSUER_MISSING",
  },
  {
    name: "iss is not a DID",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ iss: "regulator" }), f.regulator),
    verdict: "invalid",
    check: "did",
    code: "DID_INVALID",
  },
  {
    name: "issuer DID of another method",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ iss: "did:web:example.com" }), f.regulator),
    verdict: "invalid",
    check: "did",
    code: "DID_INVALID",
  },
  {
    name: "issuer DID on a network the resolver does not serve",
    input: () =>
      signRaw(
        { alg: "ES256K" },
        validPayload({ iss: `did:ethr:0x1:${f.regulator.wallet.address}` }),
        f.regulator,
      ),
    verdict: "invalid",
    check: "did",
    code: "DID_NOT_FOUND",
  },
  {
    name: "resolver throws",
    input: () => valid,
    verdict: "indeterminate",
    check: "did",
    code: "DID_RESOLUTION_FAILED",
    verifier: () =>
      verifierWith({
        resolver: {
          resolve: async () => {
            throw new Error("resolver exploded");
          },
        },
      }),
  },
  {
    name: "resolver answers an error it does not explain",
    input: () => valid,
    verdict: "indeterminate",
    check: "did",
    code: "DID_RESOLUTION_FAILED",
    verifier: () =>
      verifierWith({
        resolver: {
          resolve: async () => ({ didResolutionMetadata: { error: "internalError" }, didDocument: null }),
        },
      }),
  },
  {
    name: "resolver answers a document about another DID",
    input: () => valid,
    verdict: "invalid",
    check: "did",
    code: "DID_DOCUMENT_INVALID",
    verifier: () =>
      verifierWith({
        resolver: {
          resolve: async () => ({
            didResolutionMetadata: {},
            didDocument: { id: f.stranger.did, assertionMethod: [] },
            didDocumentMetadata: {},
          }),
        },
      }),
  },
  // issuer trust
  {
    name: "untrusted issuer (registered nowhere)",
    input: () => issueJwt(permit(f.stranger), f.stranger),
    verdict: "invalid",
    check: "issuerTrust",
    code: "ISSUER_UNTRUSTED",
  },
  {
    name: "issuer trusted only after issuance",
    input: () => issueJwt(permit(f.lateRegulator), f.lateRegulator),
    verdict: "invalid",
    check: "issuerTrust",
    code: "ISSUER_UNTRUSTED_AT_ISSUANCE",
  },
  {
    name: "issuer trusted at issuance, trust removed now",
    input: () => issueJwt(permit(f.removedRegulator), f.removedRegulator),
    verdict: "invalid",
    check: "issuerTrust",
    code: "ISSUER_UNTRUSTED",
  },
  {
    name: "issued before the chain began",
    input: () => issueJwt(permit(f.regulator, {}, 5, Date.parse("2025-03-01T00:00:00Z") / 1000), f.regulator),
    verdict: "invalid",
    check: "issuerTrust",
    code: "ISSUER_UNTRUSTED_AT_ISSUANCE",
  },
  {
    name: "backdated: signed now (iat) but stating an issuance date before the issuer was trusted",
    input: () =>
      signRaw(
        { alg: "ES256K", typ: "JWT" },
        {
          ...decodeJwtPayload(valid),
          iss: f.lateRegulator.did,
          nbf: f.issuedAt,
          iat: f.lateGrantTime + 5,
          vc: {
            ...(decodeJwtPayload(valid).vc as Json),
            credentialStatus: examples.exampleStatus(f.lateRegulator.wallet.address as `0x${string}`, 0),
          },
        },
        f.lateRegulator,
      ),
    verdict: "invalid",
    check: "issuerTrust",
    code: "ISSUER_UNTRUSTED_AT_ISSUANCE",
  },
  {
    name: "credential of a type the registry does not know",
    input: () =>
      issueJwt(
        permit(f.regulator, { "/type": ["VerifiableCredential", "FishingLicenceCredential"] }),
        f.regulator,
      ),
    verdict: "invalid",
    check: "issuerTrust",
    code: "CREDENTIAL_TYPE_UNKNOWN",
  },
  {
    name: "trusted issuer registry unreachable",
    input: () => valid,
    verdict: "indeterminate",
    check: "issuerTrust",
    code: "CHAIN_UNREACHABLE",
    verifier: () =>
      verifierWith({
        trustedIssuers: createTrustedIssuerRegistryReader({
          address: f.manifest.contracts.TrustedIssuerRegistry,
          provider: unreachable(),
        }),
      }),
  },
  // status
  {
    name: "revoked (status reader)",
    input: () => {
      f.statuses.set(f.regulator.wallet.address, 20, "revoked");
      return issueJwt(permit(f.regulator, {}, 20), f.regulator);
    },
    verdict: "invalid",
    check: "status",
    code: "STATUS_REVOKED",
  },
  {
    name: "suspended (status reader)",
    input: () => {
      f.statuses.set(f.regulator.wallet.address, 21, "suspended");
      return issueJwt(permit(f.regulator, {}, 21), f.regulator);
    },
    verdict: "invalid",
    check: "status",
    code: "STATUS_SUSPENDED",
  },
  {
    name: "status index never allocated",
    input: () => {
      f.statuses.set(f.regulator.wallet.address, 22, "unallocated");
      return issueJwt(permit(f.regulator, {}, 22), f.regulator);
    },
    verdict: "invalid",
    check: "status",
    code: "STATUS_UNALLOCATED",
  },
  {
    name: "status entry in another issuer's list",
    input: () =>
      issueJwt(
        permit(f.regulator, { "/credentialStatus/statusIssuer": f.stranger.wallet.address }),
        f.regulator,
      ),
    verdict: "invalid",
    check: "status",
    code: "STATUS_MALFORMED",
  },
  {
    name: "status entry in another registry",
    input: () =>
      issueJwt(
        permit(f.regulator, { "/credentialStatus/statusRegistry": f.stranger.wallet.address }),
        f.regulator,
      ),
    verdict: "invalid",
    check: "status",
    code: "STATUS_REGISTRY_UNKNOWN",
  },
  {
    name: "no credentialStatus",
    input: () => issueJwt(permit(f.regulator, { "/credentialStatus": undefined }), f.regulator),
    verdict: "invalid",
    check: "status",
    code: "STATUS_MISSING",
  },
  {
    name: "status registry unreachable",
    input: () => valid,
    verdict: "indeterminate",
    check: "status",
    code: "CHAIN_UNREACHABLE",
    verifier: () => {
      const failing = createFakeStatusReader();
      failing.failing = true;
      return verifierWith({ statusReader: failing });
    },
  },
  // schema
  {
    name: "missing vc claim",
    input: () => signRaw({ alg: "ES256K" }, { ...validPayload(), vc: undefined }, f.regulator),
    verdict: "invalid",
    check: "schema",
    code: "VC_CLAIM_MISSING",
  },
  {
    name: "vc claim is a string",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ vc: "permit" }), f.regulator),
    verdict: "invalid",
    check: "schema",
    code: "VC_CLAIM_MISSING",
  },
  ...[
    "unknown pollutant code",
    "negative annual cap",
    "permit number with sequence 000",
    "a property the schema does not define",
    "validity missing",
    "USCC with a wrong check character",
    "pollutant names an outlet that does not exist",
  ].map(
    (example): BadCase => ({
      name: `schema violation: ${example}`,
      input: () =>
        issueJwt(
          examples.withChanges(schemaExample(example), {
            "/issuanceDate": iso(f.issuedAt),
            "/credentialSubject/id": f.firm.did,
          }) as Json,
          f.regulator,
        ),
      verdict: "invalid",
      check: "schema",
      code: "SCHEMA_INVALID",
    }),
  ),
  // validity
  {
    name: "expired",
    input: () =>
      issueJwt(permit(f.regulator, { "/expirationDate": iso(nowSeconds() - 3600) }, 6), f.regulator),
    verdict: "invalid",
    check: "validity",
    code: "EXPIRED",
  },
  {
    name: "not yet valid",
    input: () => issueJwt(permit(f.regulator, {}, 7, nowSeconds() + 3600), f.regulator),
    verdict: "invalid",
    check: "validity",
    code: "NOT_YET_VALID",
  },
  {
    name: "issued in the future (iat)",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ iat: nowSeconds() + 3600 }), f.regulator),
    verdict: "invalid",
    check: "validity",
    code: "NOT_YET_VALID",
  },
  {
    name: "the permit's own validity has ended",
    input: () =>
      issueJwt(
        permit(f.regulator, {
          "/expirationDate": undefined,
          "/credentialSubject/validity": {
            validFrom: "2021-11-01T00:00:00+08:00",
            validUntil: "2026-11-01T00:00:00+08:00",
          },
        }),
        f.regulator,
      ),
    verdict: "invalid",
    check: "validity",
    code: "EXPIRED",
  },
  {
    name: "nbf is not a number",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ nbf: "yesterday" }), f.regulator),
    verdict: "invalid",
    check: "validity",
    code: "VALIDITY_MALFORMED",
  },
  {
    name: "exp is not a number",
    input: () => signRaw({ alg: "ES256K" }, validPayload({ exp: [1] }), f.regulator),
    verdict: "invalid",
    check: "validity",
    code: "VALIDITY_MALFORMED",
  },
];

describe("bad input: verdict and reason code", () => {
  it("has at least 40 cases", () => {
    expect(badCases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(badCases)("$name -> $verdict, $check $code", async (bad) => {
    const used = bad.verifier?.() ?? verifier;
    const result = await used.verifyCredential(await bad.input());
    expectOutcome(result, bad.verdict, bad.check, bad.code);
    // every check is reported, with a code, whatever happened
    expect(result.checks.map((entry) => entry.check)).toEqual([
      "signature",
      "did",
      "issuerTrust",
      "status",
      "schema",
      "validity",
    ]);
    for (const entry of result.checks) expect(entry.code).toMatch(/^[A-Z_]+$/);
  });

  it("a deactivated issuer DID -> invalid, did DID_DEACTIVATED", async () => {
    const issuer = await f.freshIdentity();
    const jwt = await issueJwt(permit(issuer), issuer);
    expect(check(await verifier.verifyCredential(jwt), "signature").code).toBe("SIGNATURE_VALID");
    const registry = new Contract(
      f.manifest.contracts.EthereumDIDRegistry,
      ethereumDIDRegistryAbi,
      issuer.wallet,
    );
    await (await registry.getFunction("changeOwner").send(issuer.wallet.address, ZeroAddress)).wait();
    const result = await verifier.verifyCredential(jwt);
    expectOutcome(result, "invalid", "did", "DID_DEACTIVATED");
    expect(check(result, "signature").status).toBe("skipped");
  });

  it("the chain unreachable -> indeterminate, CHAIN_UNREACHABLE; schema and validity still checked", async () => {
    const resolver = createDidResolver({
      chainId: f.chain.chainId,
      registry: f.manifest.contracts.EthereumDIDRegistry,
      rpcUrl: "http://127.0.0.1:1",
    });
    const statusReader = createFakeStatusReader();
    statusReader.failing = true;
    const provider = unreachable();
    try {
      const offline = verifierWith({
        resolver,
        trustedIssuers: createTrustedIssuerRegistryReader({
          address: f.manifest.contracts.TrustedIssuerRegistry,
          provider,
        }),
        statusReader,
      });
      const result = await offline.verifyCredential(valid);
      expect(result.verdict).toBe("indeterminate");
      expect(result.checks.map(({ check, status, code }) => `${check} ${status} ${code}`)).toEqual([
        "signature skipped NOT_CHECKED",
        "did error CHAIN_UNREACHABLE",
        "issuerTrust error CHAIN_UNREACHABLE",
        "status error CHAIN_UNREACHABLE",
        "schema pass SCHEMA_VALID",
        "validity pass WITHIN_VALIDITY",
      ]);
      // a failure outright still makes it invalid
      const expired = await issueJwt(
        permit(f.regulator, { "/expirationDate": iso(nowSeconds() - 3600) }, 8),
        f.regulator,
      );
      expect((await offline.verifyCredential(expired)).verdict).toBe("invalid");
    } finally {
      resolver.close();
      provider.destroy();
    }
  });
});

describe("presentations", () => {
  const present = async (holder: TestIdentity, credentials: unknown[], domain = DOMAIN, bound?: string) => {
    const challenge = await f.challenges.issue(bound === undefined ? {} : { domain: bound });
    const jwt = await presentJwt(holder, credentials, { challenge: challenge.value, domain });
    return { jwt, challenge: challenge.value };
  };

  it("a valid presentation of a valid permit: every check passes, the credential's too", async () => {
    const { jwt, challenge } = await present(f.firm, [valid], DOMAIN, DOMAIN);
    const result = await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN });
    expect(result.checks.map(({ check, status, code }) => `${check} ${status} ${code}`)).toEqual([
      "signature pass SIGNATURE_VALID",
      "did pass DID_RESOLVED",
      "schema pass SCHEMA_VALID",
      "validity pass WITHIN_VALIDITY",
      "holder pass HOLDER_BOUND",
      "challenge pass CHALLENGE_ACCEPTED",
      "domain pass DOMAIN_MATCHED",
    ]);
    expect(result.verdict).toBe("valid");
    expect(result.holder).toBe(f.firm.did);
    expect(result.credentials.map((credential) => credential.verdict)).toEqual(["valid"]);
  });

  it("accepts a credential embedded as an object with a JWT proof", async () => {
    const { jwt, challenge } = await present(f.firm, [{ proof: { type: "JwtProof2020", jwt: valid } }]);
    expect((await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN })).verdict).toBe("valid");
  });

  it("replayed challenge -> invalid, CHALLENGE_REPLAYED", async () => {
    const { jwt, challenge } = await present(f.firm, [valid]);
    expect((await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN })).verdict).toBe("valid");
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN }),
      "invalid",
      "challenge",
      "CHALLENGE_REPLAYED",
    );
  });

  it("a challenge is consumed once even under concurrent presentations", async () => {
    const { jwt, challenge } = await present(f.firm, [valid]);
    const results = await Promise.all(
      [1, 2, 3].map(() => verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN })),
    );
    expect(results.map((result) => check(result, "challenge").code).sort()).toEqual([
      "CHALLENGE_ACCEPTED",
      "CHALLENGE_REPLAYED",
      "CHALLENGE_REPLAYED",
    ]);
  });

  it("unknown challenge -> invalid, CHALLENGE_UNKNOWN", async () => {
    const jwt = await presentJwt(f.firm, [valid], { challenge: "made-up-by-the-holder", domain: DOMAIN });
    expectOutcome(
      await verifier.verifyPresentation(jwt, { domain: DOMAIN }),
      "invalid",
      "challenge",
      "CHALLENGE_UNKNOWN",
    );
  });

  it("expired challenge -> invalid, CHALLENGE_EXPIRED", async () => {
    const challenge = await f.challenges.issue({ ttlMs: 1_000 });
    const jwt = await presentJwt(f.firm, [valid], { challenge: challenge.value, domain: DOMAIN });
    const before = f.now;
    f.now += 2_000;
    try {
      expectOutcome(
        await verifier.verifyPresentation(jwt, { challenge: challenge.value, domain: DOMAIN }),
        "invalid",
        "challenge",
        "CHALLENGE_EXPIRED",
      );
    } finally {
      f.now = before;
    }
  });

  it("nonce other than the challenge given to the holder -> invalid, CHALLENGE_MISMATCH", async () => {
    const { jwt } = await present(f.firm, [valid]);
    const other = await f.challenges.issue();
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge: other.value, domain: DOMAIN }),
      "invalid",
      "challenge",
      "CHALLENGE_MISMATCH",
    );
  });

  it("no nonce -> invalid, CHALLENGE_MISSING", async () => {
    const jwt = await presentJwt(f.firm, [valid], { domain: DOMAIN });
    expectOutcome(
      await verifier.verifyPresentation(jwt, { domain: DOMAIN }),
      "invalid",
      "challenge",
      "CHALLENGE_MISSING",
    );
  });

  it("wrong domain -> invalid, DOMAIN_MISMATCH", async () => {
    const { jwt, challenge } = await present(f.firm, [valid], "https://elsewhere.example");
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN }),
      "invalid",
      "domain",
      "DOMAIN_MISMATCH",
    );
  });

  it("challenge issued for another domain -> invalid, DOMAIN_MISMATCH", async () => {
    const { jwt, challenge } = await present(f.firm, [valid], DOMAIN, "https://elsewhere.example");
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN }),
      "invalid",
      "domain",
      "DOMAIN_MISMATCH",
    );
  });

  it("holder mismatch: someone presents the firm's permit -> invalid, HOLDER_MISMATCH", async () => {
    const { jwt, challenge } = await present(f.stranger, [valid]);
    const result = await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN });
    expectOutcome(result, "invalid", "holder", "HOLDER_MISMATCH");
    expect(check(result, "signature").code).toBe("SIGNATURE_VALID");
  });

  it("vp.holder naming someone else than the signer -> invalid, HOLDER_MISMATCH", async () => {
    const challenge = await f.challenges.issue();
    // did-jwt-vc turns vp.holder into iss; a JWT made by hand keeps both
    const payload = decodeJwtPayload(
      await presentJwt(f.firm, [valid], { challenge: challenge.value, domain: DOMAIN }),
    );
    const jwt = await signRaw(
      { alg: "ES256K", typ: "JWT" },
      { ...payload, vp: { ...(payload.vp as Json), holder: f.stranger.did } },
      f.firm,
    );
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge: challenge.value, domain: DOMAIN }),
      "invalid",
      "holder",
      "HOLDER_MISMATCH",
    );
  });

  it("a revoked credential inside -> invalid, the credential's STATUS_REVOKED", async () => {
    f.statuses.set(f.regulator.wallet.address, 30, "revoked");
    const revoked = await issueJwt(permit(f.regulator, {}, 30), f.regulator);
    const { jwt, challenge } = await present(f.firm, [valid, revoked]);
    const result = await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN });
    expect(result.verdict).toBe("invalid");
    expect(result.checks.every((entry) => entry.status === "pass")).toBe(true);
    expect(result.credentials.map((credential) => credential.verdict)).toEqual(["valid", "invalid"]);
    expect(check(result.credentials[1]!, "status").code).toBe("STATUS_REVOKED");
  });

  it("no credential -> invalid, CREDENTIAL_MISSING", async () => {
    const { jwt, challenge } = await present(f.firm, []);
    expectOutcome(
      await verifier.verifyPresentation(jwt, { challenge, domain: DOMAIN }),
      "invalid",
      "holder",
      "CREDENTIAL_MISSING",
    );
  });

  it("a forged presentation does not use up the challenge", async () => {
    const challenge = await f.challenges.issue();
    const payload = decodeJwtPayload(
      await presentJwt(f.firm, [valid], { challenge: challenge.value, domain: DOMAIN }),
    );
    const forged = await signRaw({ alg: "ES256K", typ: "JWT" }, payload, f.stranger);
    const result = await verifier.verifyPresentation(forged, { challenge: challenge.value, domain: DOMAIN });
    expectOutcome(result, "invalid", "signature", "SIGNATURE_INVALID");
    expect(check(result, "challenge").status).toBe("skipped");
    const genuine = await presentJwt(f.firm, [valid], { challenge: challenge.value, domain: DOMAIN });
    expect(
      (await verifier.verifyPresentation(genuine, { challenge: challenge.value, domain: DOMAIN })).verdict,
    ).toBe("valid");
  });

  it("not a JWT -> invalid, JWT_MALFORMED, nothing else checked", async () => {
    const result = await verifier.verifyPresentation("not.a.jwt", { domain: DOMAIN });
    expectOutcome(result, "invalid", "signature", "JWT_MALFORMED");
    expect(result.credentials).toEqual([]);
    expect(result.checks.slice(1).every((entry) => entry.status === "skipped")).toBe(true);
  });

  it("no vp claim -> invalid, SCHEMA_INVALID", async () => {
    const jwt = await signRaw({ alg: "ES256K" }, { iss: f.firm.did, nonce: "x", aud: DOMAIN }, f.firm);
    expectOutcome(
      await verifier.verifyPresentation(jwt, { domain: DOMAIN }),
      "invalid",
      "schema",
      "SCHEMA_INVALID",
    );
  });

  it("refuses to run without the verifier's domain", async () => {
    await expect(verifier.verifyPresentation(valid, { domain: "" })).rejects.toMatchObject({
      code: "VERIFIER_CONFIG",
    });
  });
});

describe("verifyMany (signatures on worker threads)", () => {
  it("answers as verifyCredential does, in input order", async () => {
    const inputs: unknown[] = [];
    for (const bad of badCases.filter((entry) => entry.verifier === undefined))
      inputs.push(await bad.input());
    inputs.push(valid, second);
    const batch = await verifier.verifyMany(inputs);
    const single = verifierWith({ workers: 0 });
    const one = await Promise.all(inputs.map((input) => single.verifyCredential(input)));
    const summary = (results: readonly Result[]) =>
      results.map((result) => [result.verdict, ...result.checks.map((entry) => entry.code)].join(" "));
    expect(summary(batch)).toEqual(summary(one));
    expect(batch.at(-1)?.verdict).toBe("valid");
  });

  it("verifies a few hundred permits, the issuer's key recovered once", async () => {
    const jwts = await Promise.all(
      Array.from({ length: 150 }, (_, i) => issueJwt(permit(f.regulator, {}, 100 + i), f.regulator)),
    );
    const fresh = verifierWith({ workers: 2 });
    const results = await fresh.verifyMany([...jwts, ...jwts]);
    expect(results.every((result) => result.verdict === "valid")).toBe(true);
    expect(fresh.stats).toMatchObject({ recovered: 1, payloadMisses: 150, payloadHits: 150 });
  });

  it("a closed verifier refuses work", async () => {
    const closing = verifierWith({});
    await closing.verifyMany([valid]);
    await closing.close();
    await expect(closing.verifyMany([valid])).rejects.toMatchObject({ code: "VERIFIER_CLOSED" });
    await expect(closing.verifyCredential(valid)).rejects.toMatchObject({ code: "VERIFIER_CLOSED" });
  });
});

describe("interop with did-jwt-vc", () => {
  it("a credential made with plain did-jwt-vc by the trusted issuer verifies, and did-jwt-vc agrees on the signature", async () => {
    const made = [
      valid,
      second,
      await issueJwt(permit(f.regulator, {}, 40), f.regulator, { alg: "ES256K-R" }),
      await issueJwt(permit(f.regulator, {}, 41), f.regulator, {
        header: { kid: `${f.regulator.did}#controller` },
      }),
      await issueJwt(permitFor(f.lateRegulator, f.firm, { issuedAt: f.lateGrantTime + 1 }), f.lateRegulator),
    ];
    for (const jwt of made) {
      const ours = await verifier.verifyCredential(jwt);
      expect(ours.verdict).toBe("valid");
      const theirs = await didJwtVcVerifyCredential(jwt, f.resolver as never, {
        policies: { now: nowSeconds() },
      });
      expect(theirs.verified).toBe(true);
      expect(theirs.signer.id).toBe(check(ours, "signature").message.replace("signed by ", ""));
      // did-jwt-vc's normalised credential is ours
      expect(ours.credential).toEqual(JSON.parse(JSON.stringify(theirs.verifiableCredential)));
    }
  });

  it("agrees on signatures that do not verify", async () => {
    const forged = [
      `${parts(valid)[0]}.${parts(valid)[1]}.${parts(second)[2]}`,
      await signRaw({ alg: "ES256K", typ: "JWT" }, validPayload(), f.stranger),
      await signRaw({ alg: "ES256K-R", typ: "JWT" }, validPayload(), f.stranger, true),
    ];
    for (const jwt of forged) {
      expect(check(await verifier.verifyCredential(jwt), "signature").code).toBe("SIGNATURE_INVALID");
      await expect(
        didJwtVcVerifyCredential(jwt, f.resolver as never, { policies: { now: nowSeconds() } }),
      ).rejects.toThrow(/invalid_signature/);
    }
  });
});

describe("trust at issuance, floored by the status entry's allocation", () => {
  it("checks trust at the allocation block when the stated issuance time is earlier (a wall clock behind the chain's)", async () => {
    // stated: before the late regulator's grant; its status entry: allocated after it
    const jwt = await issueJwt(permit(f.lateRegulator, {}, 7), f.lateRegulator);
    expectOutcome(
      await verifier.verifyCredential(jwt),
      "invalid",
      "issuerTrust",
      "ISSUER_UNTRUSTED_AT_ISSUANCE",
    );
    const afterGrant = await f.provider.getBlockNumber();
    f.statuses.allocate(f.lateRegulator.wallet.address, 7, afterGrant);
    const result = await verifierWith({}).verifyCredential(jwt);
    expect(result.verdict).toBe("valid");
    expectOutcome(result, "valid", "issuerTrust", "ISSUER_TRUSTED", "pass");
  });

  it("keeps the stated time when the entry was allocated before it, and both before the grant fails", async () => {
    const jwt = await issueJwt(permit(f.lateRegulator, {}, 8), f.lateRegulator);
    f.statuses.allocate(f.lateRegulator.wallet.address, 8, 1);
    const result = await verifierWith({}).verifyCredential(jwt);
    expectOutcome(result, "invalid", "issuerTrust", "ISSUER_UNTRUSTED_AT_ISSUANCE");
    expect(check(result, "issuerTrust").message).toMatch(/at issuance \(.*\), block \d+/);
  });

  it("an allocation block that cannot be read -> indeterminate, issuerTrust CHAIN_UNREACHABLE", async () => {
    const statusReader = createFakeStatusReader(examples.STATUS_REGISTRY_ADDRESS);
    statusReader.allocationBlock = async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:1");
    };
    const result = await verifierWith({ statusReader }).verifyCredential(valid);
    expectOutcome(result, "indeterminate", "issuerTrust", "CHAIN_UNREACHABLE", "error");
    expect(check(result, "status").code).toBe("STATUS_ACTIVE");
  });
});
