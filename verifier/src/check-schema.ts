import { CREDENTIAL_TYPES, type CredentialType, validateCredential } from "@permitchain/schemas";
import { type CheckResult, ReasonCode } from "./codes.js";

type Json = Record<string, unknown>;

/** Issues listed in a failed schema check's `details.issues`. */
const MAX_LISTED_ISSUES = 20;

/**
 * The credential against the JSON Schema of its type (`validateCredential` from @permitchain/schemas, semantics
 * included). Undefined `credential`: the JWT has no `vc` claim (VC_CLAIM_MISSING). Depends on the credential
 * alone, never on time, so a result may be reused for the same payload.
 */
export function checkSchema(credential: Readonly<Json> | undefined): CheckResult {
  if (credential === undefined) {
    return {
      check: "schema",
      status: "fail",
      code: ReasonCode.VC_CLAIM_MISSING,
      message: "the JWT has no vc claim (an object holding the credential)",
    };
  }
  const result = validateCredential(credential);
  if (result.valid) {
    return {
      check: "schema",
      status: "pass",
      code: ReasonCode.SCHEMA_VALID,
      message: `a valid ${credentialTypeOf(credential)}`,
    };
  }
  const issues = result.errors.slice(0, MAX_LISTED_ISSUES);
  const summary = issues
    .slice(0, 3)
    .map((issue) => `${issue.path || "/"} ${issue.message}`)
    .join("; ");
  return {
    check: "schema",
    status: "fail",
    code: ReasonCode.SCHEMA_INVALID,
    message: `${result.errors.length} schema issue${result.errors.length === 1 ? "" : "s"}: ${summary}`,
    details: { issues },
  };
}

/** The one PermitChain credential type in `credential.type`, or undefined (none, or several). */
export function credentialTypeOf(credential: Readonly<Json> | undefined): CredentialType | undefined {
  const types = credential?.type;
  if (!Array.isArray(types)) return undefined;
  const known = CREDENTIAL_TYPES.filter((type) => types.includes(type));
  return known.length === 1 ? known[0] : undefined;
}

/** The schema check, narrowed to an expected credential type when the caller asks for one. */
export function expectType(
  schema: CheckResult,
  credential: Readonly<Json> | undefined,
  expected: CredentialType | undefined,
): CheckResult {
  if (expected === undefined || schema.status !== "pass") return schema;
  const actual = credentialTypeOf(credential);
  if (actual === expected) return schema;
  return {
    check: "schema",
    status: "fail",
    code: ReasonCode.CREDENTIAL_TYPE_MISMATCH,
    message: `a ${expected} was expected, this is a ${actual ?? "credential of no known type"}`,
  };
}
