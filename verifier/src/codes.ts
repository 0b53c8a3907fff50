/**
 * The vocabulary of a verification result: check names, statuses, verdicts and the stable reason codes. A code
 * is safe to branch on and never changes meaning; the message next to it is for people.
 */

/** What the verifier checks, in the order a result lists them. */
export const CHECK_NAMES = [
  "signature",
  "did",
  "issuerTrust",
  "status",
  "schema",
  "validity",
  "holder",
  "challenge",
  "domain",
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * How a check ended: `pass`; `fail` (the input is wrong: the verdict is invalid); `error` (a dependency failed,
 * e.g. the chain could not be read: the verdict is at best indeterminate); `skipped` (the check could not run
 * because an earlier step failed, or does not apply).
 */
export type CheckStatus = "pass" | "fail" | "error" | "skipped";

/** `valid`: every check passed. `invalid`: some check failed. `indeterminate`: none failed, some could not run. */
export type Verdict = "valid" | "invalid" | "indeterminate";

/** Every reason code, with the check(s) that report it. */
export const ReasonCode = {
  // signature
  SIGNATURE_VALID: "SIGNATURE_VALID",
  SIGNATURE_INVALID: "SIGNATURE_INVALID",
  ALG_NOT_ALLOWED: "ALG_NOT_ALLOWED",
  JWT_MALFORMED: "JWT_MALFORMED",
  JWT_TOO_LARGE: "JWT_TOO_LARGE",
  KEY_NOT_FOUND: "KEY_NOT_FOUND",
  // did
  DID_RESOLVED: "DID_RESOLVED",
  ISSUER_MISSING: "ISSUER_MISSING",
  DID_INVALID: "DID_INVALID",
  DID_METHOD_UNSUPPORTED: "DID_METHOD_UNSUPPORTED",
  DID_NOT_FOUND: "DID_NOT_FOUND",
  DID_DEACTIVATED: "DID_DEACTIVATED",
  DID_DOCUMENT_INVALID: "DID_DOCUMENT_INVALID",
  DID_RESOLUTION_FAILED: "DID_RESOLUTION_FAILED",
  // issuerTrust
  ISSUER_TRUSTED: "ISSUER_TRUSTED",
  ISSUER_UNTRUSTED: "ISSUER_UNTRUSTED",
  ISSUER_UNTRUSTED_AT_ISSUANCE: "ISSUER_UNTRUSTED_AT_ISSUANCE",
  CREDENTIAL_TYPE_UNKNOWN: "CREDENTIAL_TYPE_UNKNOWN",
  // status
  STATUS_ACTIVE: "STATUS_ACTIVE",
  STATUS_REVOKED: "STATUS_REVOKED",
  STATUS_SUSPENDED: "STATUS_SUSPENDED",
  STATUS_UNALLOCATED: "STATUS_UNALLOCATED",
  STATUS_MISSING: "STATUS_MISSING",
  STATUS_MALFORMED: "STATUS_MALFORMED",
  STATUS_REGISTRY_UNKNOWN: "STATUS_REGISTRY_UNKNOWN",
  // schema
  SCHEMA_VALID: "SCHEMA_VALID",
  SCHEMA_INVALID: "SCHEMA_INVALID",
  VC_CLAIM_MISSING: "VC_CLAIM_MISSING",
  CREDENTIAL_TYPE_MISMATCH: "CREDENTIAL_TYPE_MISMATCH",
  // validity
  WITHIN_VALIDITY: "WITHIN_VALIDITY",
  EXPIRED: "EXPIRED",
  NOT_YET_VALID: "NOT_YET_VALID",
  VALIDITY_MALFORMED: "VALIDITY_MALFORMED",
  // holder
  HOLDER_BOUND: "HOLDER_BOUND",
  HOLDER_MISMATCH: "HOLDER_MISMATCH",
  CREDENTIAL_MISSING: "CREDENTIAL_MISSING",
  // challenge
  CHALLENGE_ACCEPTED: "CHALLENGE_ACCEPTED",
  CHALLENGE_MISSING: "CHALLENGE_MISSING",
  CHALLENGE_MISMATCH: "CHALLENGE_MISMATCH",
  CHALLENGE_UNKNOWN: "CHALLENGE_UNKNOWN",
  CHALLENGE_REPLAYED: "CHALLENGE_REPLAYED",
  CHALLENGE_EXPIRED: "CHALLENGE_EXPIRED",
  // domain
  DOMAIN_MATCHED: "DOMAIN_MATCHED",
  DOMAIN_MISMATCH: "DOMAIN_MISMATCH",
  // any check
  CHAIN_UNREACHABLE: "CHAIN_UNREACHABLE",
  NOT_CHECKED: "NOT_CHECKED",
  INTERNAL_ERROR: "INTERNAL_ERROR",
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** One check's outcome. `details` carries structured data where a code alone is not enough (schema issues). */
export interface CheckResult {
  readonly check: CheckName;
  readonly status: CheckStatus;
  readonly code: ReasonCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}
