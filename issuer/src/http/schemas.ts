// JSON Schemas of the HTTP API: requests are validated with them, responses serialised with them, and the
// OpenAPI document is generated from them. Shared ones are registered by $id (see `registerSharedSchemas`).
import { CREDENTIAL_TYPES, STATUS_REGISTRY_TYPE } from "@permitchain/schemas";
import { BODY_ERROR_RESPONSES, errorResponseRef, errorResponseSchema } from "@permitchain/service";
import type { FastifyInstance } from "fastify";

export const ERROR_SCHEMA = errorResponseSchema({
  codeExample: "CREDENTIAL_INVALID",
  errorsDescription: "For CREDENTIAL_INVALID and BAD_REQUEST: every issue found.",
  pathDescription: "JSON Pointer into the credential or the request",
});

export const STATUS_VIEW_SCHEMA = {
  $id: "CredentialStatusView",
  type: "object",
  description: "The credential's entry in the on-chain status registry and where it stands.",
  required: [
    "id",
    "type",
    "statusRegistry",
    "statusIssuer",
    "statusIndex",
    "status",
    "allocationTransaction",
    "allocationBlock",
  ],
  properties: {
    id: { type: "string" },
    type: { type: "string", const: STATUS_REGISTRY_TYPE },
    statusRegistry: { type: "string", description: "CredentialStatusRegistry address" },
    statusIssuer: { type: "string", description: "the issuer DID's address" },
    statusIndex: { type: "string", description: "uint256 in decimal" },
    status: { type: "string", enum: ["active", "suspended", "revoked"] },
    reason: { type: "integer", description: "reason code of the last change" },
    allocationTransaction: { type: "string", description: "the transaction that allocated the index" },
    allocationBlock: { type: "integer" },
  },
} as const;

const PROOF_SCHEMA = {
  type: "object",
  description:
    "EIP-712 CredentialProof (DischargePermitCredential): bound to the same credential id and status index; " +
    "verifiable on chain by the CredentialProofVerifier with ecrecover.",
  additionalProperties: true,
  properties: {
    typedData: { type: "object", additionalProperties: true },
    signature: { type: "string" },
    signer: { type: "string" },
    caps: { type: "array", items: { type: "object", additionalProperties: true } },
  },
} as const;

/** A credential record's fields; the reads answer it with the status checked on chain (credential-view-schema). */
export const CREDENTIAL_VIEW_SCHEMA = {
  type: "object",
  required: ["id", "type", "issuer", "subject", "issuedAt", "status", "verifiableCredential", "credential"],
  properties: {
    id: { type: "string" },
    type: { type: "string" },
    issuer: { type: "string" },
    subject: { type: "string" },
    issuedAt: { type: "string", format: "date-time" },
    expiresAt: { type: "string" },
    status: { $ref: "CredentialStatusView#" },
    verifiableCredential: { type: "string", description: "VC-JWT (ES256K)" },
    credential: { type: "object", additionalProperties: true, description: "the decoded credential" },
    proof: PROOF_SCHEMA,
    statusHistory: {
      type: "array",
      items: {
        type: "object",
        properties: {
          action: { type: "string" },
          status: { type: "string" },
          reason: { type: "integer" },
          transactionHash: { type: "string" },
          blockNumber: { type: "integer" },
          operatorId: { type: "string" },
          at: { type: "string" },
        },
      },
    },
  },
} as const;

/** Registers the shared schemas (before the routes that reference them). */
export function registerSharedSchemas(app: FastifyInstance): void {
  app.addSchema(ERROR_SCHEMA);
  app.addSchema(STATUS_VIEW_SCHEMA);
}

/** Response schemas of the error codes, by HTTP status. */
export const ERRORS = {
  400: errorResponseRef("malformed JSON, or a request that does not match this schema (BAD_REQUEST)"),
  401: errorResponseRef("no API key, or an unknown one (UNAUTHENTICATED)"),
  403: errorResponseRef(
    "the key may not act for this issuer or type (FORBIDDEN); the issuer is not trusted on chain for it (ISSUER_NOT_TRUSTED); the service's key is not authorised on chain (ISSUER_KEY_NOT_AUTHORISED)",
  ),
  404: errorResponseRef("no such credential (NOT_FOUND)"),
  409: errorResponseRef(
    "idempotency key reused for another request (IDEMPOTENCY_CONFLICT), still running (ISSUANCE_IN_PROGRESS), credential id taken (CREDENTIAL_ID_CONFLICT), status change refused (STATUS_CONFLICT)",
  ),
  ...BODY_ERROR_RESPONSES,
  422: errorResponseRef(
    "unknown credential type (UNKNOWN_CREDENTIAL_TYPE); credential violates its schema (CREDENTIAL_INVALID, with every issue)",
  ),
  503: errorResponseRef(
    "the chain or the database cannot be reached (CHAIN_UNAVAILABLE, STORAGE_UNAVAILABLE); retry later",
  ),
} as const;

export const ISSUE_BODY_SCHEMA = {
  type: "object",
  required: ["credential"],
  additionalProperties: false,
  properties: {
    credential: {
      type: "object",
      description:
        "The credential to issue. The issuer adds issuanceDate, credentialSchema, credentialStatus (a newly " +
        "allocated on-chain status entry) and the proof; an id (urn:uuid) is made when none is given; a permit " +
        "without expirationDate expires with its validity.",
      required: ["type", "credentialSubject"],
      additionalProperties: false,
      properties: {
        "@context": { type: "array", maxItems: 16 },
        id: { type: "string", minLength: 1, maxLength: 2048 },
        type: {
          anyOf: [
            { type: "string", minLength: 1, maxLength: 128 },
            {
              type: "array",
              minItems: 1,
              maxItems: 8,
              items: { type: "string", minLength: 1, maxLength: 128 },
            },
          ],
          examples: [["VerifiableCredential", CREDENTIAL_TYPES[0]]],
        },
        issuer: {
          anyOf: [
            { type: "string", minLength: 1, maxLength: 200 },
            {
              type: "object",
              required: ["id"],
              additionalProperties: false,
              properties: {
                id: { type: "string", maxLength: 200 },
                name: { type: "string", maxLength: 200 },
              },
            },
          ],
        },
        expirationDate: { type: "string", maxLength: 64 },
        credentialSubject: { type: "object" },
        evidence: {},
        termsOfUse: {},
        refreshService: {},
      },
    },
    options: {
      type: "object",
      additionalProperties: false,
      properties: {
        idempotencyKey: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
      },
    },
  },
} as const;

export const IDEMPOTENCY_HEADERS_SCHEMA = {
  type: "object",
  properties: {
    "idempotency-key": {
      type: "string",
      minLength: 1,
      maxLength: 255,
      pattern: "^[\\x21-\\x7e]+$",
      description:
        "Same key and same body: the same answer, at most one credential; same key, other body: 409.",
    },
  },
} as const;

export const ISSUE_RESPONSE_SCHEMA = {
  description: "Issued (or, with the same idempotency key and body, the earlier answer replayed).",
  type: "object",
  required: ["id", "verifiableCredential", "credential", "status"],
  properties: {
    id: { type: "string" },
    verifiableCredential: { type: "string", description: "VC-JWT (ES256K)" },
    credential: { type: "object", additionalProperties: true, description: "the decoded credential" },
    status: { $ref: "CredentialStatusView#" },
    proof: PROOF_SCHEMA,
  },
} as const;

export const STATUS_BODY_SCHEMA = {
  type: "object",
  required: ["credentialId", "action"],
  additionalProperties: false,
  properties: {
    credentialId: { type: "string", minLength: 1, maxLength: 2048 },
    action: { type: "string", enum: ["revoke", "suspend", "reinstate"] },
    reason: {
      type: "integer",
      minimum: 0,
      maximum: 65535,
      default: 0,
      description: "Reason code recorded on chain (RFC 5280 CRLReason: 0 unspecified, 1 key compromise, ...)",
    },
  },
} as const;

export const STATUS_RESPONSE_SCHEMA = {
  description: "The change is mined; the new status.",
  type: "object",
  required: ["credentialId", "previousStatus", "status"],
  properties: {
    credentialId: { type: "string" },
    previousStatus: { type: "string", enum: ["active", "suspended", "revoked"] },
    status: { $ref: "CredentialStatusView#" },
    transactionHash: { type: "string" },
    blockNumber: { type: "integer" },
  },
} as const;

export const LIST_QUERY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    type: { type: "string", maxLength: 128 },
    subject: { type: "string", maxLength: 200 },
    status: { type: "string", enum: ["active", "suspended", "revoked"] },
    issuer: { type: "string", maxLength: 200 },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    cursor: { type: "string", maxLength: 64 },
  },
} as const;
