import { type CheckName, type CheckResult, ReasonCode, type Verdict } from "./codes.js";

type Json = Record<string, unknown>;

/** The outcome of verifying one credential. */
export interface CredentialVerificationResult {
  readonly verdict: Verdict;
  /** signature, did, issuerTrust, status, schema, validity: each with its status and reason code. */
  readonly checks: readonly CheckResult[];
  /**
   * The credential as W3C JSON, decoded from the JWT (did-jwt-vc's normalisation); absent when the JWT could not
   * be read. Its claims are vouched for only when the verdict is valid. Frozen.
   */
  readonly credential?: Readonly<Json>;
}

/** The outcome of verifying a presentation and every credential in it. */
export interface PresentationVerificationResult {
  /** invalid if the presentation or any credential is; indeterminate if none is invalid and any is indeterminate. */
  readonly verdict: Verdict;
  /** signature, did, schema, validity, holder, challenge, domain: the presentation's own checks. */
  readonly checks: readonly CheckResult[];
  /** The presentation's signer (`iss`), when the JWT could be read. */
  readonly holder?: string;
  /** One result per credential in the presentation, in order. */
  readonly credentials: readonly CredentialVerificationResult[];
}

/** invalid if anything failed, else indeterminate if anything errored, else valid. */
export function verdictOf(
  checks: readonly CheckResult[],
  nested: readonly { verdict: Verdict }[] = [],
): Verdict {
  let indeterminate = false;
  for (const check of checks) {
    if (check.status === "fail") return "invalid";
    if (check.status === "error") indeterminate = true;
  }
  for (const result of nested) {
    if (result.verdict === "invalid") return "invalid";
    if (result.verdict === "indeterminate") indeterminate = true;
  }
  return indeterminate ? "indeterminate" : "valid";
}

export function skipped(check: CheckName, message: string): CheckResult {
  return { check, status: "skipped", code: ReasonCode.NOT_CHECKED, message };
}

export function internalError(check: CheckName, error: unknown): CheckResult {
  const text = error instanceof Error ? error.message : String(error);
  return {
    check,
    status: "error",
    code: ReasonCode.INTERNAL_ERROR,
    message: `the check failed unexpectedly: ${text.slice(0, 200)}`,
  };
}
