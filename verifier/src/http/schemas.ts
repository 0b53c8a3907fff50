// JSON Schemas of the HTTP API: requests are validated with them, responses serialised with them, and the
// OpenAPI document is generated from them. Shared ones are registered by $id (see `registerSharedSchemas`).
import { CREDENTIAL_TYPES } from "@permitchain/schemas";
import { BODY_ERROR_RESPONSES, errorResponseRef, errorResponseSchema } from "@permitchain/service";
import type { FastifyInstance } from "fastify";
import { CHECK_NAMES, ReasonCode } from "../codes.js";

export const ERROR_SCHEMA = errorResponseSchema({
  codeExample: "BAD_REQUEST",
  errorsDescription: "For BAD_REQUEST: every way the request misses its schema.",
  pathDescription: "JSON Pointer into the request",
});

export const CHECK_SCHEMA = {
  $id: "Check",
  type: "object",
  description:
    "One check's outcome. `pass`; `fail` (the input is wrong: the verdict is invalid); `error` (a dependency " +
    "could not answer, e.g. the chain: the verdict is at best indeterminate); `skipped` (NOT_CHECKED: an " +
    "earlier step failed). `code` is stable and safe to branch on; `message` is for people.",
  required: ["check", "status", "code", "message"],
  properties: {
    check: { type: "string", enum: [...CHECK_NAMES] },
    status: { type: "string", enum: ["pass", "fail", "error", "skipped"] },
    code: { type: "string", enum: Object.values(ReasonCode) },
    message: { type: "string" },
    details: {
      type: "object",
      additionalProperties: true,
      description: "structured data where the code alone is not enough (SCHEMA_INVALID: `issues`)",
    },
  },
} as const;

const VERDICT = {
  type: "string",
  enum: ["valid", "invalid", "indeterminate"],
  description:
    "invalid if any check failed; else indeterminate if any check could not run for a dependency; else valid",
} as const;

export const CREDENTIAL_RESULT_SCHEMA = {
  $id: "CredentialVerificationResult",
  type: "object",
  required: ["verdict", "checks"],
  properties: {
    verdict: VERDICT,
    checks: {
      type: "array",
      description: "signature, did, issuerTrust, status, schema, validity, in this order",
      items: { $ref: "Check#" },
    },
    credential: {
      type: "object",
      additionalProperties: true,
      description:
        "the credential as W3C JSON decoded from the JWT (absent when the JWT could not be read); its claims " +
        "are vouched for only when the verdict is valid",
    },
  },
} as const;

export const PRESENTATION_RESULT_SCHEMA = {
  $id: "PresentationVerificationResult",
  type: "object",
  required: ["verdict", "checks", "credentials"],
  properties: {
    verdict: {
      ...VERDICT,
      description:
        "invalid if a check of the presentation or any credential in it failed; else as for a credential",
    },
    checks: {
      type: "array",
      description: "signature, did, schema, validity, holder, challenge, domain, in this order",
      items: { $ref: "Check#" },
    },
    holder: { type: "string", description: "the presentation's signer (`iss`), when the JWT could be read" },
    credentials: {
      type: "array",
      description: "one result per credential in the presentation, in order",
      items: { $ref: "CredentialVerificationResult#" },
    },
  },
} as const;

/** Registers the shared schemas (before the routes that reference them). */
export function registerSharedSchemas(app: FastifyInstance): void {
  app.addSchema(ERROR_SCHEMA);
  app.addSchema(CHECK_SCHEMA);
  app.addSchema(CREDENTIAL_RESULT_SCHEMA);
  app.addSchema(PRESENTATION_RESULT_SCHEMA);
}

/** Response schemas of the error codes, by HTTP status. */
export const ERRORS = {
  400: errorResponseRef(
    "not a verification request: malformed JSON, a missing or mistyped field, an unknown field (BAD_REQUEST, with every issue)",
  ),
  ...BODY_ERROR_RESPONSES,
  503: errorResponseRef(
    "too many challenges outstanding (CHALLENGE_STORE_FULL), or the service is shutting down (SERVICE_UNAVAILABLE); retry later",
  ),
} as const;

const JWT = { type: "string", description: "compact JWS (VC-JWT / VP-JWT)" } as const;
const CREDENTIAL_TYPE = {
  type: "string",
  enum: [...CREDENTIAL_TYPES],
  description:
    "require this PermitChain credential type (else the schema check fails: CREDENTIAL_TYPE_MISMATCH)",
} as const;

export const VERIFY_CREDENTIAL_BODY_SCHEMA = {
  type: "object",
  required: ["verifiableCredential"],
  additionalProperties: false,
  properties: {
    verifiableCredential: { ...JWT, description: "the VC-JWT to verify (compact JWS, ES256K or ES256K-R)" },
    options: {
      type: "object",
      additionalProperties: false,
      properties: { credentialType: CREDENTIAL_TYPE },
    },
  },
} as const;

export const VERIFY_PRESENTATION_BODY_SCHEMA = {
  type: "object",
  required: ["verifiablePresentation", "options"],
  additionalProperties: false,
  properties: {
    verifiablePresentation: {
      ...JWT,
      description:
        "the VP-JWT to verify: signed by the holder, `nonce` = the challenge, `aud` including the domain; " +
        "credentials in `vp.verifiableCredential` as VC-JWTs",
    },
    options: {
      type: "object",
      required: ["challenge"],
      additionalProperties: false,
      properties: {
        challenge: {
          type: "string",
          minLength: 1,
          maxLength: 1024,
          description: "the challenge POST /challenges gave for this holder; used once",
        },
        domain: {
          type: "string",
          minLength: 1,
          maxLength: 1024,
          description:
            "the verifier's domain the presentation must be addressed to; default the configured one",
        },
        credentialType: CREDENTIAL_TYPE,
      },
    },
  },
} as const;

export const CHALLENGE_BODY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {},
  description: "no fields (an empty object, or no body at all)",
} as const;

export const CHALLENGE_RESPONSE_SCHEMA = {
  description:
    "A new challenge: the holder signs a presentation with `nonce` = challenge and `aud` = domain before expiresAt.",
  type: "object",
  required: ["challenge", "domain", "expiresAt"],
  properties: {
    challenge: { type: "string", description: "256 random bits, base64url; accepted once" },
    domain: { type: "string", description: "the domain the challenge is bound to (the verifier's)" },
    expiresAt: { type: "string", format: "date-time" },
  },
} as const;

export const HEALTH_SCHEMA = {
  type: "object",
  required: ["status", "chainId"],
  properties: {
    status: { type: "string", enum: ["ok", "unavailable"] },
    chainId: { type: "integer", description: "the chain id of the deployment" },
    blockNumber: { type: "integer", description: "the chain's head block, when it could be read" },
    message: { type: "string", description: "why the service is unavailable" },
  },
} as const;
