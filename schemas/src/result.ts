/** One reason a credential is invalid. */
export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) to the offending value; for a missing or extra property, to that property. */
  readonly path: string;
  /**
   * The rule that failed: a JSON Schema keyword ("required", "pattern", "format", "const", ...), one of the
   * semantic rules of SEMANTIC_RULES, or "credentialType", "inputLimits", "exception" from validateCredential.
   */
  readonly keyword: string;
  /** For people. */
  readonly message: string;
}

/** The outcome of a validation: valid, or invalid with every issue found (capped at MAX_REPORTED_ISSUES). */
export type ValidationResult =
  | { readonly valid: true }
  | { readonly valid: false; readonly errors: readonly ValidationIssue[] };

/** Turns a list of issues into a result. */
export function toValidationResult(errors: readonly ValidationIssue[]): ValidationResult {
  return errors.length === 0 ? { valid: true } : { valid: false, errors };
}

/** A JSON Pointer (RFC 6901) from path segments: "~" and "/" inside a segment are escaped. */
export function jsonPointer(...segments: readonly (string | number)[]): string {
  let pointer = "";
  for (const segment of segments)
    pointer += `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`;
  return pointer;
}
