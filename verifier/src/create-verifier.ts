import { availableParallelism } from "node:os";
import { type CredentialType, VC_V1_CONTEXT } from "@permitchain/schemas";
import { LruMap, singleFlight } from "./cache.js";
import type { ChallengeStore } from "./challenge-store.js";
import {
  type ClassifyResolutionError,
  checkDid,
  classifyResolutionError,
  type DidResolutionResultLike,
  type DidResolverLike,
  messageOf,
} from "./check-did.js";
import { checkIssuerTrust, type TrustAtResult, type TrustedIssuerReader } from "./check-issuer-trust.js";
import { checkSchema, credentialTypeOf, expectType } from "./check-schema.js";
import { checkSignature, inlineSignatureVerifier, type SignatureVerifier } from "./check-signature.js";
import {
  type CredentialStatusReader,
  type CredentialStatusValue,
  checkStatus,
  parseStatusEntry,
} from "./check-status.js";
import { checkValidity, issuanceTime } from "./check-validity.js";
import { type CheckResult, ReasonCode } from "./codes.js";
import type { VerificationRelationship } from "./did-document.js";
import { sameDid } from "./did-ethr.js";
import { VerifierClosedError, VerifierConfigError } from "./errors.js";
import { DEFAULT_MAX_JWT_LENGTH, decodePayload, type ParsedJwt, parseJwt } from "./jwt.js";
import { createKeyCache, type KeyCacheStats } from "./key-cache.js";
import { JWT_PROOF_TYPE, normalizeCredential } from "./normalize.js";
import {
  type CredentialVerificationResult,
  internalError,
  type PresentationVerificationResult,
  skipped,
  verdictOf,
} from "./result.js";
import { createSignatureWorkerPool, type SignatureWorkerPool } from "./worker-pool.js";

type Json = Record<string, unknown>;

/** Sizes and lifetimes of the verifier's caches. Lifetimes default to 0: only concurrent identical reads share. */
export interface VerifierCacheOptions {
  /** Public keys kept (decoded or recovered); default 10,000. */
  readonly maxKeys?: number;
  /** Decoded credential payloads kept (JSON, W3C form, schema result: pure functions of the bytes); default 10,000. */
  readonly maxPayloads?: number;
  /** Characters of payload kept at most; default 32 Mi. */
  readonly maxPayloadChars?: number;
  /** Answers about the past (trust at a block) kept; default 100,000. */
  readonly maxHistory?: number;
  /** How long an `isTrusted` answer is reused, ms; default 0. */
  readonly trustTtlMs?: number;
  /** How long a status answer is reused, ms; default 0 (status is read live). */
  readonly statusTtlMs?: number;
  /** How long a DID resolution is reused, ms; default 0 (the resolver keeps its own, event-invalidated cache). */
  readonly resolutionTtlMs?: number;
}

export interface CreateVerifierParameters {
  /** Resolves issuers' and holders' DIDs (`createDidResolver` from @permitchain/contracts). */
  readonly resolver: DidResolverLike;
  /** The trusted issuer registry (`createTrustedIssuerRegistryReader`). */
  readonly trustedIssuers: TrustedIssuerReader;
  /** The credential status registry. */
  readonly statusReader: CredentialStatusReader;
  /** Challenges issued to holders (`createMemoryChallengeStore`). */
  readonly challenges: ChallengeStore;
  /** Now, in milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
  /** Clock difference tolerated on validity bounds, in seconds; default 60. */
  readonly clockToleranceSeconds?: number;
  /** Longest JWT accepted, in characters; default 256 Ki. */
  readonly maxJwtLength?: number;
  /** Most credentials in one presentation; default 16. */
  readonly maxCredentialsPerPresentation?: number;
  /** Worker threads for `verifyMany`'s signatures; default 2 on a machine with 2 or more cores, else 0 (inline). */
  readonly workers?: number;
  /** Most credentials `verifyMany` works on at once (a window: as one finishes the next starts); default 256. */
  readonly concurrency?: number;
  readonly cache?: VerifierCacheOptions;
  /** How resolution errors are judged (fail or error); default {@link classifyResolutionError}. */
  readonly classifyResolutionError?: ClassifyResolutionError;
}

export interface VerifyCredentialParameters {
  /** Require this credential type (else the schema check fails with CREDENTIAL_TYPE_MISMATCH). */
  readonly credentialType?: CredentialType;
}
export type VerifyCredentialReturnType = CredentialVerificationResult;

export interface VerifyPresentationParameters {
  /** The challenge issued to this holder; the presentation's `nonce` must equal it. Optional: the store decides. */
  readonly challenge?: string;
  /** The verifier's domain; the presentation's `aud` must include it (and the challenge be issued for it). */
  readonly domain: string;
  /** Require every credential to be of this type. */
  readonly credentialType?: CredentialType;
}
export type VerifyPresentationReturnType = PresentationVerificationResult;

export type VerifyManyParameters = VerifyCredentialParameters;
export type VerifyManyReturnType = CredentialVerificationResult[];

export interface VerifierStats extends KeyCacheStats {
  /** Credential payloads served decoded from the cache / decoded afresh. */
  payloadHits: number;
  payloadMisses: number;
}

/** The verification pipeline; see {@link createVerifier}. */
export interface Verifier {
  /** Verifies a VC-JWT. Never throws for any input; rejects only when closed. */
  verifyCredential(jwt: unknown, options?: VerifyCredentialParameters): Promise<VerifyCredentialReturnType>;
  /** Verifies a VP-JWT, the challenge and domain it answers, and each credential in it. */
  verifyPresentation(
    jwt: unknown,
    options: VerifyPresentationParameters,
  ): Promise<VerifyPresentationReturnType>;
  /** Verifies many VC-JWTs; signatures on the worker threads, the rest here. Results in input order. */
  verifyMany(jwts: readonly unknown[], options?: VerifyManyParameters): Promise<VerifyManyReturnType>;
  readonly stats: VerifierStats;
  /** Ends the worker threads. The resolver and readers belong to the caller and stay open. */
  close(): Promise<void>;
}
export type CreateVerifierReturnType = Verifier;

interface Decoded {
  readonly payload: Readonly<Json>;
  /** W3C form without proof; null: the payload has no vc claim. Filled on first use. */
  credential?: Readonly<Json> | null;
  schema?: CheckResult;
  readonly chars: number;
}

interface CredentialRun {
  readonly result: CredentialVerificationResult;
  /** The JWT could be read. */
  readonly readable: boolean;
  readonly subject?: unknown;
}

const CREDENTIAL_CHECKS = ["signature", "did", "issuerTrust", "status", "schema", "validity"] as const;
const PRESENTATION_CHECKS = [
  "signature",
  "did",
  "schema",
  "validity",
  "holder",
  "challenge",
  "domain",
] as const;
const PRESENTATION_TYPE = "VerifiablePresentation";

/** Freezes `value` and everything in it, without recursion (a payload may nest deeply). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next !== "object" || next === null || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next))
      if (typeof child === "object" && child !== null) stack.push(child);
  }
  return value;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function unreadable(
  checks: readonly (typeof PRESENTATION_CHECKS)[number][] | readonly (typeof CREDENTIAL_CHECKS)[number][],
  code: ReasonCode,
  message: string,
): CheckResult[] {
  return checks.map((check) =>
    check === "signature"
      ? { check, status: "fail" as const, code, message }
      : skipped(check, "not checked: the JWT could not be read"),
  );
}

/**
 * The one verification pipeline for credentials and presentations (VC Data Model 1.1 as JWT, did-jwt-vc
 * compatible, ES256K / ES256K-R). A credential gets six checks: signature (JWT structure, algorithm allow-list,
 * the key from the issuer's current DID document), did (resolves, not deactivated), issuerTrust (trusted for the
 * credential's type at issuance and now), status (live), schema, validity; a presentation gets signature, did,
 * schema, validity, holder (every credential is about the signer), challenge (issued here, used once) and domain,
 * plus the six checks of each credential inside. Each check reports a status and a stable reason code; the
 * verdict is invalid if any check failed, indeterminate if none failed but a dependency could not answer (chain
 * unreachable, resolver error), else valid.
 *
 * Fast paths: signatures verify natively (OpenSSL) with cached KeyObjects, keys are recovered from a signature
 * only the first time an address is seen; decoded payloads (JSON, W3C form, schema result) are cached by their
 * bytes; concurrent identical reads of the resolver and registries share one call; `verifyMany` verifies
 * signatures on worker threads while this thread does the rest.
 */
export function createVerifier(parameters: CreateVerifierParameters): CreateVerifierReturnType {
  const { resolver, trustedIssuers, statusReader, challenges } = parameters;
  if (typeof resolver?.resolve !== "function")
    throw new VerifierConfigError("a resolver with resolve() is required");
  if (typeof trustedIssuers?.isTrusted !== "function" || typeof trustedIssuers.blockAt !== "function") {
    throw new VerifierConfigError("trustedIssuers needs isTrusted and blockAt");
  }
  if (typeof trustedIssuers.wasTrustedAt !== "function" && typeof trustedIssuers.trustAt !== "function") {
    throw new VerifierConfigError("trustedIssuers needs wasTrustedAt or trustAt");
  }
  if (typeof statusReader?.statusOf !== "function")
    throw new VerifierConfigError("a statusReader with statusOf() is required");
  if (typeof challenges?.consume !== "function")
    throw new VerifierConfigError("a challenge store is required");
  const clock = parameters.clock ?? Date.now;
  const tolerance = parameters.clockToleranceSeconds ?? 60;
  const maxLength = parameters.maxJwtLength ?? DEFAULT_MAX_JWT_LENGTH;
  const maxCredentials = parameters.maxCredentialsPerPresentation ?? 16;
  const workers =
    parameters.workers ?? (availableParallelism() > 1 ? Math.min(2, availableParallelism()) : 0);
  const concurrency = parameters.concurrency ?? 256;
  const classify = parameters.classifyResolutionError ?? classifyResolutionError;
  const cacheOptions = parameters.cache ?? {};
  for (const [name, value] of Object.entries({
    tolerance,
    maxLength,
    maxCredentials,
    workers,
    concurrency,
  })) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new VerifierConfigError(`${name} must be a non-negative number`);
    }
  }
  if (!Number.isSafeInteger(workers) || !Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new VerifierConfigError("workers must be a whole number, concurrency a positive one");
  }

  const keys = createKeyCache({ maxKeys: cacheOptions.maxKeys ?? 10_000 });
  let pool: SignatureWorkerPool | undefined;
  let closed = false;
  const stats = { payloadHits: 0, payloadMisses: 0 };

  // decoded payloads, by their base64url bytes
  const maxPayloadChars = cacheOptions.maxPayloadChars ?? 32 * 1024 * 1024;
  let payloadChars = 0;
  const payloads = new LruMap<string, Decoded>(cacheOptions.maxPayloads ?? 10_000, (_segment, entry) => {
    payloadChars -= entry.chars;
  });
  const decodeCached = (segment: string): Decoded | undefined => {
    const hit = payloads.get(segment);
    if (hit !== undefined) {
      stats.payloadHits++;
      return hit;
    }
    stats.payloadMisses++;
    let payload: Json | undefined;
    try {
      payload = decodePayload(segment);
    } catch {
      payload = undefined; // e.g. nested beyond what the JSON parser takes
    }
    if (payload === undefined) return undefined;
    const entry: Decoded = { payload: deepFreeze(payload), chars: segment.length };
    if (segment.length <= maxPayloadChars / 4) {
      payloads.set(segment, entry);
      payloadChars += entry.chars;
      while (payloadChars > maxPayloadChars) if (!payloads.evictOldest()) break;
    }
    return entry;
  };

  // dependencies, each behind single-flight (and history, which never changes, behind an LRU)
  const resolve = singleFlight((did: string) => resolver.resolve(did) as Promise<DidResolutionResultLike>, {
    ttlMs: cacheOptions.resolutionTtlMs ?? 0,
    now: clock,
  });
  const split = (key: string) => key.split("|") as [string, string, string];
  const trustNow = singleFlight(
    (key: string) => {
      const [issuer, typeId] = split(key);
      return trustedIssuers.isTrusted(issuer, typeId);
    },
    { ttlMs: cacheOptions.trustTtlMs ?? 0, now: clock },
  );
  const history = <V>(load: (key: string) => Promise<V>) => {
    const kept = new LruMap<string, V>(cacheOptions.maxHistory ?? 100_000);
    const shared = singleFlight(load);
    return async (key: string): Promise<V> => {
      const hit = kept.get(key);
      if (hit !== undefined) return hit;
      const value = await shared(key);
      kept.set(key, value);
      return value;
    };
  };
  const wasTrustedAt = history((key) => {
    const [issuer, typeId, block] = split(key);
    return trustedIssuers.wasTrustedAt!(issuer, typeId, Number(block));
  });
  const trustAt = history((key): Promise<TrustAtResult> => {
    const [issuer, typeId, block] = split(key);
    return trustedIssuers.trustAt!(issuer, typeId, Number(block));
  });
  const blockAt = singleFlight((timestamp: number) => trustedIssuers.blockAt(timestamp));
  // an allocation never moves once made; "not allocated" is not kept (it may be allocated next block)
  const allocationBlockOf =
    statusReader.allocationBlock === undefined
      ? undefined
      : history((key) => {
          const [issuer, index] = split(key);
          return statusReader.allocationBlock!(issuer, BigInt(index));
        });
  const trustReader: TrustedIssuerReader = {
    isTrusted: (issuer, typeId) => trustNow(`${issuer}|${typeId}`),
    blockAt,
    wasTrustedAt:
      trustedIssuers.wasTrustedAt === undefined
        ? undefined
        : (issuer, typeId, block) => wasTrustedAt(`${issuer}|${typeId}|${block}`),
    trustAt:
      trustedIssuers.trustAt === undefined
        ? undefined
        : (issuer, typeId, block) => trustAt(`${issuer}|${typeId}|${block}`),
  };
  const readStatus = (key: string): Promise<CredentialStatusValue> => {
    const [issuer, index] = split(key);
    return statusReader.statusOf(issuer, BigInt(index));
  };
  const statusTtlMs = cacheOptions.statusTtlMs ?? 0;
  // a syncing reader shares identical reads itself, per synced block: sharing here could hand a call that synced
  // later an answer read before its sync
  const statusOf =
    typeof statusReader.sync === "function" && statusTtlMs === 0
      ? readStatus
      : singleFlight(readStatus, { ttlMs: statusTtlMs, now: clock });

  /**
   * One sync of a caching status reader for a whole call, started by its first status read and awaited by every
   * one (a rejection makes each of them an error).
   */
  const syncStatusOnce = (): (() => Promise<void>) => {
    let synced: Promise<void> | undefined;
    return () => (synced ??= statusReader.sync?.() ?? Promise.resolve());
  };

  /** The allocation-block lookup of a credential's status entry in the registry read, if it has one. */
  const allocationOf = (
    issuer: string,
    credentialStatus: unknown,
  ): (() => Promise<number | undefined>) | undefined => {
    if (allocationBlockOf === undefined) return undefined;
    const parsed = parseStatusEntry(issuer, credentialStatus, statusReader.registry);
    if (!parsed.ok) return undefined;
    const { issuerAddress, index } = parsed.entry;
    return () => allocationBlockOf(`${issuerAddress}|${index}`);
  };

  const assertOpen = () => {
    if (closed) throw new VerifierClosedError();
  };

  /**
   * did, then signature; `dispatched` is called as soon as the signature is on its way (so that a batch reaches
   * the workers before this thread turns to the schema checks).
   */
  const signerChecks = async (
    jwt: ParsedJwt,
    relationship: VerificationRelationship,
    verifier: SignatureVerifier,
    dispatched: () => void,
  ): Promise<[CheckResult, CheckResult]> => {
    try {
      const did = await checkDid(jwt.payload.iss, resolve, classify);
      if (did.result.status !== "pass") {
        dispatched();
        return [skipped("signature", "not checked: the signer's DID document is not available"), did.result];
      }
      const pending = checkSignature({ jwt, document: did.document, relationship, keys, verifier });
      dispatched();
      const { signer: _signer, ...signature } = await pending;
      return [signature, did.result];
    } catch (error) {
      dispatched();
      return [internalError("signature", error), internalError("did", error)];
    }
  };

  const runCredential = async (
    input: unknown,
    options: VerifyCredentialParameters,
    verifier: SignatureVerifier,
    statusSynced: () => Promise<void>,
  ): Promise<CredentialRun> => {
    const now = clock() / 1000;
    let decoded: Decoded | undefined;
    const parsed = parseJwt(input, {
      maxLength,
      decodePayload: (segment) => {
        decoded = decodeCached(segment);
        return decoded?.payload;
      },
    });
    if (!parsed.ok || decoded === undefined) {
      const code = parsed.ok ? ReasonCode.JWT_MALFORMED : parsed.code;
      const message = parsed.ok ? "the payload could not be decoded" : parsed.message;
      const checks = unreadable(CREDENTIAL_CHECKS, code, message);
      return { result: { verdict: verdictOf(checks), checks }, readable: false };
    }
    const jwt = parsed.value;
    const entry = decoded;
    const { payload } = entry;
    if (entry.credential === undefined) entry.credential = deepFreeze(normalizeCredential(payload)) ?? null;
    const credential = entry.credential ?? undefined;
    const issuer = payload.iss;

    let markDispatched: () => void = () => undefined;
    const dispatched = new Promise<void>((resolveDispatched) => {
      markDispatched = resolveDispatched;
    });
    const signer = signerChecks(jwt, "assertionMethod", verifier, () => markDispatched());
    const withIssuer = typeof issuer === "string" && issuer.length > 0;
    const noClaims = !withIssuer
      ? "not checked: the JWT names no issuer"
      : "not checked: the JWT has no vc claim";
    const trust: Promise<CheckResult> =
      withIssuer && credential !== undefined
        ? checkIssuerTrust({
            issuer,
            credentialType: credentialTypeOf(credential),
            issuedAt: issuanceTime(payload, credential),
            allocationBlock: allocationOf(issuer, credential.credentialStatus),
            reader: trustReader,
          }).catch((error: unknown) => internalError("issuerTrust", error))
        : Promise.resolve(skipped("issuerTrust", noClaims));
    const status: Promise<CheckResult> =
      withIssuer && credential !== undefined
        ? checkStatus({
            issuer,
            credentialStatus: credential.credentialStatus,
            statusOf: async (statusIssuer, index) => {
              await statusSynced();
              return statusOf(`${statusIssuer}|${index}`);
            },
            registry: statusReader.registry,
          }).catch((error: unknown) => internalError("status", error))
        : Promise.resolve(skipped("status", noClaims));

    await dispatched;
    let schema: CheckResult;
    let validity: CheckResult;
    try {
      entry.schema ??= checkSchema(
        credential === undefined
          ? undefined
          : { ...credential, proof: { type: JWT_PROOF_TYPE, jwt: jwt.jwt } },
      );
      schema = expectType(entry.schema, credential, options.credentialType);
    } catch (error) {
      schema = internalError("schema", error);
    }
    try {
      validity = checkValidity({ payload, credential, now, toleranceSeconds: tolerance });
    } catch (error) {
      validity = internalError("validity", error);
    }
    const [[signature, did], trustResult, statusResult] = await Promise.all([signer, trust, status]);
    const checks = [signature, did, trustResult, statusResult, schema, validity];
    const subject = (credential?.credentialSubject as Json | undefined)?.id;
    return {
      result: {
        verdict: verdictOf(checks),
        checks,
        ...(credential === undefined
          ? {}
          : {
              credential: Object.freeze({
                ...credential,
                proof: Object.freeze({ type: JWT_PROOF_TYPE, jwt: jwt.jwt }),
              }),
            }),
      },
      readable: true,
      subject,
    };
  };

  /** runCredential, and should anything in it throw, a result saying so rather than a rejection. */
  const verifyOne = async (
    input: unknown,
    options: VerifyCredentialParameters,
    verifier: SignatureVerifier,
    statusSynced: () => Promise<void>,
  ): Promise<CredentialRun> => {
    try {
      return await runCredential(input, options, verifier, statusSynced);
    } catch (error) {
      const checks = CREDENTIAL_CHECKS.map((name) => internalError(name, error));
      return { result: { verdict: verdictOf(checks), checks }, readable: false };
    }
  };

  const presentationShape = (vp: unknown): { schema: CheckResult; credentials: unknown[] } => {
    const invalid = (message: string) => ({
      schema: { check: "schema" as const, status: "fail" as const, code: ReasonCode.SCHEMA_INVALID, message },
      credentials: [],
    });
    if (typeof vp !== "object" || vp === null || Array.isArray(vp)) {
      return invalid("the JWT has no vp claim (an object holding the presentation)");
    }
    const { type, verifiableCredential } = vp as Json;
    if (!asArray(type).includes(PRESENTATION_TYPE))
      return invalid(`vp.type must include ${PRESENTATION_TYPE}`);
    if (!asArray((vp as Json)["@context"]).includes(VC_V1_CONTEXT)) {
      return invalid(`vp["@context"] must include ${VC_V1_CONTEXT}`);
    }
    const credentials = asArray(verifiableCredential)
      .filter((entry) => entry !== undefined && entry !== null)
      .map((entry) => {
        if (typeof entry === "object" && !Array.isArray(entry)) {
          const proof = (entry as Json).proof as Json | undefined;
          if (typeof proof?.jwt === "string") return proof.jwt;
        }
        return entry;
      });
    if (credentials.length > maxCredentials) {
      return invalid(
        `the presentation holds ${credentials.length} credentials, more than the ${maxCredentials} accepted`,
      );
    }
    return {
      schema: {
        check: "schema",
        status: "pass",
        code: ReasonCode.SCHEMA_VALID,
        message: "a verifiable presentation",
      },
      credentials,
    };
  };

  const holderCheck = (holder: unknown, vp: unknown, runs: readonly CredentialRun[]): CheckResult => {
    const fail = (code: ReasonCode, message: string): CheckResult => ({
      check: "holder",
      status: "fail",
      code,
      message,
    });
    if (typeof holder !== "string") return skipped("holder", "not checked: the presentation names no signer");
    const claimed = typeof vp === "object" && vp !== null ? (vp as Json).holder : undefined;
    if (claimed !== undefined && !sameDid(claimed, holder)) {
      return fail(ReasonCode.HOLDER_MISMATCH, "vp.holder is not the presentation's signer");
    }
    if (runs.length === 0) return fail(ReasonCode.CREDENTIAL_MISSING, "the presentation holds no credential");
    for (const [index, run] of runs.entries()) {
      if (!run.readable) continue;
      if (!sameDid(run.subject, holder)) {
        const about = typeof run.subject === "string" ? run.subject : "no subject";
        return fail(
          ReasonCode.HOLDER_MISMATCH,
          `credential ${index} is about ${about}, the presentation is signed by ${holder}`,
        );
      }
    }
    return {
      check: "holder",
      status: "pass",
      code: ReasonCode.HOLDER_BOUND,
      message: `every credential is about ${holder}`,
    };
  };

  const challengeChecks = async (
    payload: Readonly<Json>,
    options: VerifyPresentationParameters,
    signed: boolean,
  ): Promise<[CheckResult, CheckResult]> => {
    const fail = (code: ReasonCode, message: string): CheckResult => ({
      check: "challenge",
      status: "fail",
      code,
      message,
    });
    const audiences = asArray(payload.aud).filter((entry): entry is string => typeof entry === "string");
    let domain: CheckResult = audiences.includes(options.domain)
      ? {
          check: "domain",
          status: "pass",
          code: ReasonCode.DOMAIN_MATCHED,
          message: `addressed to ${options.domain}`,
        }
      : {
          check: "domain",
          status: "fail",
          code: ReasonCode.DOMAIN_MISMATCH,
          message: `the presentation's aud does not include ${options.domain}`,
        };
    const nonce = payload.nonce;
    if (typeof nonce !== "string" || nonce.length === 0) {
      return [fail(ReasonCode.CHALLENGE_MISSING, "the presentation carries no nonce (challenge)"), domain];
    }
    if (options.challenge !== undefined && nonce !== options.challenge) {
      return [
        fail(
          ReasonCode.CHALLENGE_MISMATCH,
          "the presentation's nonce is not the challenge given to this holder",
        ),
        domain,
      ];
    }
    if (!signed) {
      return [skipped("challenge", "not consumed: the presentation's signature was not verified"), domain];
    }
    let outcome: Awaited<ReturnType<ChallengeStore["consume"]>>;
    try {
      outcome = await challenges.consume(nonce);
    } catch (error) {
      return [
        {
          check: "challenge",
          status: "error",
          code: ReasonCode.INTERNAL_ERROR,
          message: `the challenge store failed: ${messageOf(error)}`,
        },
        domain,
      ];
    }
    switch (outcome.outcome) {
      case "accepted": {
        const bound = outcome.challenge.domain;
        if (bound !== undefined && bound !== options.domain) {
          domain = {
            check: "domain",
            status: "fail",
            code: ReasonCode.DOMAIN_MISMATCH,
            message: `the challenge was issued for ${bound}, not ${options.domain}`,
          };
        }
        return [
          {
            check: "challenge",
            status: "pass",
            code: ReasonCode.CHALLENGE_ACCEPTED,
            message: "the challenge was issued here and is now used",
          },
          domain,
        ];
      }
      case "replayed":
        return [fail(ReasonCode.CHALLENGE_REPLAYED, "the challenge was already used"), domain];
      case "expired":
        return [fail(ReasonCode.CHALLENGE_EXPIRED, "the challenge has expired"), domain];
      default:
        return [fail(ReasonCode.CHALLENGE_UNKNOWN, "the challenge was not issued here"), domain];
    }
  };

  return {
    async verifyCredential(jwt, options = {}) {
      assertOpen();
      return (await verifyOne(jwt, options, inlineSignatureVerifier, syncStatusOnce())).result;
    },

    async verifyPresentation(input, options) {
      assertOpen();
      if (typeof options?.domain !== "string" || options.domain.length === 0) {
        throw new VerifierConfigError("verifyPresentation needs the verifier's domain");
      }
      const now = clock() / 1000;
      const parsed = parseJwt(input, { maxLength });
      if (!parsed.ok) {
        const checks = unreadable(PRESENTATION_CHECKS, parsed.code, parsed.message);
        return { verdict: verdictOf(checks), checks, credentials: [] };
      }
      const jwt = parsed.value;
      const { payload } = jwt;
      const shape = presentationShape(payload.vp);
      const credentialOptions =
        options.credentialType === undefined ? {} : { credentialType: options.credentialType };
      const statusSynced = syncStatusOnce();
      const runs = Promise.all(
        shape.credentials.map((credential) =>
          verifyOne(credential, credentialOptions, inlineSignatureVerifier, statusSynced),
        ),
      );
      const [signature, did] = await signerChecks(
        jwt,
        "authentication",
        inlineSignatureVerifier,
        () => undefined,
      );
      let validity: CheckResult;
      try {
        validity = checkValidity({ payload, now, toleranceSeconds: tolerance });
      } catch (error) {
        validity = internalError("validity", error);
      }
      const [challenge, domain] = await challengeChecks(
        payload,
        options,
        signature.status === "pass" && did.status === "pass",
      );
      const credentialRuns = await runs;
      const checks = [
        signature,
        did,
        shape.schema,
        validity,
        holderCheck(payload.iss, payload.vp, credentialRuns),
        challenge,
        domain,
      ];
      const credentials = credentialRuns.map((run) => run.result);
      return {
        verdict: verdictOf(checks, credentials),
        checks,
        ...(typeof payload.iss === "string" ? { holder: payload.iss } : {}),
        credentials,
      };
    },

    async verifyMany(jwts, options = {}) {
      assertOpen();
      if (!Array.isArray(jwts)) throw new VerifierConfigError("verifyMany takes an array of JWTs");
      if (workers > 0) pool ??= createSignatureWorkerPool({ size: workers, keys });
      const verifier = pool ?? inlineSignatureVerifier;
      const results: CredentialVerificationResult[] = new Array(jwts.length);
      // one sync for the whole batch: every status answer in it is exact as of the head that sync read
      const statusSynced = syncStatusOnce();
      let next = 0;
      const runner = async () => {
        while (next < jwts.length) {
          const index = next++;
          results[index] = (await verifyOne(jwts[index], options, verifier, statusSynced)).result;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jwts.length) }, runner));
      return results;
    },

    get stats() {
      return { ...keys.stats, ...stats };
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool?.close();
    },
  };
}
