import {
  CREDENTIAL_SCHEMA_IDS,
  type CredentialType,
  JSON_SCHEMA_VALIDATOR_TYPE,
  VC_V1_CONTEXT,
  VERIFIABLE_CREDENTIAL_TYPE,
} from "../ids.js";
import { COMMON_DEFS } from "./defs.js";

/** JSON Schema dialect of every schema here. */
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** The envelope properties every PermitChain credential must carry. */
export const REQUIRED_ENVELOPE_PROPERTIES = [
  "@context",
  "type",
  "issuer",
  "issuanceDate",
  "credentialSubject",
  "credentialSchema",
  "credentialStatus",
] as const;

/**
 * The JSON Schema document of one credential type: the VC 1.1 envelope PermitChain issues, closed (no property
 * outside the VC 1.1 data model and the registered JWT claims a decoded JWT credential may keep), with
 * `credentialSubject` described by `subject` and the type's own `$defs` next to the shared ones.
 */
export function credentialSchemaDocument<
  const T extends CredentialType,
  const S extends object,
  const D extends object,
>(spec: {
  readonly type: T;
  readonly title: string;
  readonly description: string;
  readonly subject: S;
  readonly defs: D;
}) {
  return deepFreeze({
    $schema: JSON_SCHEMA_DIALECT,
    $id: CREDENTIAL_SCHEMA_IDS[spec.type],
    title: spec.title,
    description: spec.description,
    type: "object",
    additionalProperties: false,
    required: REQUIRED_ENVELOPE_PROPERTIES,
    properties: {
      "@context": {
        $comment: "VC 1.1: an ordered set whose first item is the VC 1.1 base context",
        type: "array",
        minItems: 1,
        maxItems: 16,
        prefixItems: [{ const: VC_V1_CONTEXT }],
        items: { $ref: "#/$defs/contextEntry" },
      },
      id: { $ref: "#/$defs/uri" },
      type: {
        type: "array",
        maxItems: 8,
        uniqueItems: true,
        items: { type: "string", minLength: 1, maxLength: 128 },
        allOf: [{ contains: { const: VERIFIABLE_CREDENTIAL_TYPE } }, { contains: { const: spec.type } }],
      },
      issuer: { $ref: "#/$defs/issuer" },
      issuanceDate: { $ref: "#/$defs/dateTime" },
      expirationDate: { $ref: "#/$defs/dateTime" },
      credentialSubject: { $ref: "#/$defs/credentialSubject" },
      credentialSchema: {
        type: "object",
        additionalProperties: false,
        required: ["id", "type"],
        properties: {
          id: { type: "string", const: CREDENTIAL_SCHEMA_IDS[spec.type] },
          type: { type: "string", const: JSON_SCHEMA_VALIDATOR_TYPE },
        },
      },
      credentialStatus: { $ref: "#/$defs/credentialStatus" },
      evidence: { $ref: "#/$defs/typedObjects" },
      termsOfUse: { $ref: "#/$defs/typedObjects" },
      refreshService: { $ref: "#/$defs/typedObjects" },
      proof: { $ref: "#/$defs/proof" },
      iss: { type: "string", maxLength: 2048 },
      sub: { type: "string", maxLength: 2048 },
      jti: { type: "string", maxLength: 2048 },
      aud: { $ref: "#/$defs/jwtAudience" },
      iat: { $ref: "#/$defs/numericDate" },
      nbf: { $ref: "#/$defs/numericDate" },
      exp: { $ref: "#/$defs/numericDate" },
    },
    $defs: { ...COMMON_DEFS, ...spec.defs, credentialSubject: spec.subject },
  } as const);
}

/** Freezes a schema and everything in it, so that no consumer can change what the validators compile. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
