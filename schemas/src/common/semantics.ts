import { jsonPointer, type ValidationIssue } from "../result.js";
import { DEFAULT_PERMIT_VALIDITY_YEARS } from "../vocabulary.js";

/**
 * The rules JSON Schema cannot express (they compare two values of one credential), checked by the
 * `validate*Semantics` functions and by validateCredential after the schema. Each is the `keyword` of its issues.
 */
export const SEMANTIC_RULES = Object.freeze({
  dateTimeParsable: "a date-time the schema accepted must denote an instant (e.g. no leap second)",
  expirationAfterIssuance: "expirationDate must be after issuanceDate",
  statusIndexRange: "credentialStatus.statusIndex must fit in a uint256",
  validityOrder: "the validity must end after it starts",
  validityDuration: "a permit is valid for at most five years (or the stated maximum)",
  expirationWithinValidity: "expirationDate must not be after the end of the subject's validity",
  permitNumberHolder: "the permit number must start with the holder's unified social credit code",
  uniqueOutlet: "outlet ids must be unique",
  uniquePollutant: "a pollutant may appear once per medium",
  pollutantMedium: "the pollutant cannot be discharged to this medium",
  unitMedium: "the concentration unit must match the medium (mg/m3 air, mg/L water)",
  outletExists: "a referenced outlet must be listed in outlets",
  outletMedium: "a referenced outlet must discharge to the pollutant's medium",
  outletMonitorsPollutant: "a referenced outlet must list the pollutant among its monitored pollutants",
  pollutantPermitted: "a monitored pollutant must be permitted for the outlet's medium",
  periodOrder: "the period must not end before it starts",
  materialMisstatement:
    "an unqualified opinion is impossible when the misstatement exceeds the materiality threshold",
} as const);
export type SemanticRule = keyof typeof SEMANTIC_RULES;

/** An issue of a semantic rule, with the rule's description as message unless one is given. */
export function semanticIssue(path: string, keyword: SemanticRule, message?: string): ValidationIssue {
  return { path, keyword, message: message ?? SEMANTIC_RULES[keyword] };
}

/** Milliseconds since the epoch of an RFC 3339 date-time or full-date, `undefined` when it denotes no instant. */
export function parseInstant(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `ms` plus `years` calendar years (UTC); 29 February plus a non-leap number of years gives 28 February. */
export function addUtcYears(ms: number, years: number): number {
  const date = new Date(ms);
  const month = date.getUTCMonth();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  if (date.getUTCMonth() !== month) date.setUTCDate(0);
  return date.getTime();
}

/**
 * The default end of a permit's validity for issuers: `validFrom` plus DEFAULT_PERMIT_VALIDITY_YEARS (five)
 * calendar years, as an exclusive end instant.
 */
export function defaultPermitValidUntil(
  validFrom: Date | string,
  years = DEFAULT_PERMIT_VALIDITY_YEARS,
): Date {
  const start = typeof validFrom === "string" ? Date.parse(validFrom) : validFrom.getTime();
  if (!Number.isFinite(start)) throw new RangeError(`validFrom is not a date: ${String(validFrom)}`);
  return new Date(addUtcYears(start, years));
}

const UINT256_MAX = (1n << 256n) - 1n;

/** The envelope fields the common semantic rules read. */
export interface EnvelopeSemanticsInput {
  readonly issuanceDate: string;
  readonly expirationDate?: string;
  readonly credentialStatus: { readonly statusIndex: string };
}

/** Reads a date-time for a rule, recording a dateTimeParsable issue when it denotes no instant. */
export function instantAt(value: string, path: string, issues: ValidationIssue[]): number | undefined {
  const ms = parseInstant(value);
  if (ms === undefined) issues.push(semanticIssue(path, "dateTimeParsable"));
  return ms;
}

/** The rules every credential type shares: expiration after issuance, a status index within uint256. */
export function checkEnvelopeSemantics(credential: EnvelopeSemanticsInput, issues: ValidationIssue[]): void {
  const issued = instantAt(credential.issuanceDate, jsonPointer("issuanceDate"), issues);
  if (credential.expirationDate !== undefined) {
    const expires = instantAt(credential.expirationDate, jsonPointer("expirationDate"), issues);
    if (issued !== undefined && expires !== undefined && expires <= issued) {
      issues.push(semanticIssue(jsonPointer("expirationDate"), "expirationAfterIssuance"));
    }
  }
  const index = credential.credentialStatus.statusIndex;
  if (/^[0-9]{1,78}$/.test(index) && BigInt(index) > UINT256_MAX) {
    issues.push(semanticIssue(jsonPointer("credentialStatus", "statusIndex"), "statusIndexRange"));
  }
}

/** The subject's validity end must not be before the credential's expiration. */
export function checkExpirationWithin(
  expirationDate: string | undefined,
  validUntil: number | undefined,
  issues: ValidationIssue[],
): void {
  if (expirationDate === undefined || validUntil === undefined) return;
  const expires = parseInstant(expirationDate);
  if (expires !== undefined && expires > validUntil) {
    issues.push(semanticIssue(jsonPointer("expirationDate"), "expirationWithinValidity"));
  }
}

/** The issue reported when a semantic check throws on input the schema would have refused. */
export function uncheckableIssue(error: unknown): ValidationIssue {
  return {
    path: "",
    keyword: "exception",
    message: `the credential could not be checked (validate it against the schema first): ${String(error)}`,
  };
}
