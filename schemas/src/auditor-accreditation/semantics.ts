import { sectorCovers } from "../codes/sector.js";
import {
  checkEnvelopeSemantics,
  checkExpirationWithin,
  instantAt,
  semanticIssue,
  uncheckableIssue,
} from "../common/semantics.js";
import { jsonPointer, toValidationResult, type ValidationIssue, type ValidationResult } from "../result.js";
import type { PollutantCode } from "../vocabulary.js";
import type { AccreditationScope, AuditorAccreditationCredential } from "./types.js";

/**
 * The rules of an accreditation that JSON Schema cannot express: validUntil after issuanceDate, expirationDate
 * (when present) not after validUntil. Expects a credential the schema accepted; never throws.
 */
export function validateAccreditationSemantics(credential: AuditorAccreditationCredential): ValidationResult {
  const issues: ValidationIssue[] = [];
  try {
    checkEnvelopeSemantics(credential, issues);
    const validUntilPath = jsonPointer("credentialSubject", "validUntil");
    const until = instantAt(credential.credentialSubject.validUntil, validUntilPath, issues);
    const issued = Date.parse(credential.issuanceDate);
    if (until !== undefined && Number.isFinite(issued) && until <= issued) {
      issues.push(semanticIssue(validUntilPath, "validityOrder", "validUntil must be after issuanceDate"));
    }
    checkExpirationWithin(credential.expirationDate, until, issues);
  } catch (error) {
    issues.push(uncheckableIssue(error));
  }
  return toValidationResult(issues);
}

/** What an accreditation scope does not cover of a firm's sector and pollutants. */
export interface ScopeGap {
  readonly sectorCovered: boolean;
  readonly uncoveredPollutants: readonly PollutantCode[];
}

/**
 * Whether `scope` covers an audit of a firm in `sector` for `pollutants`: some scope sector is the firm's sector
 * or a prefix of it ("C25" covers "C2511"), and every pollutant is in scope. `undefined` when it does.
 */
export function accreditationScopeGap(
  scope: AccreditationScope,
  sector: string,
  pollutants: readonly PollutantCode[],
): ScopeGap | undefined {
  const sectorCovered = scope.sectors.some((scopeSector) => sectorCovers(scopeSector, sector));
  const uncoveredPollutants = [...new Set(pollutants)].filter((code) => !scope.pollutants.includes(code));
  return sectorCovered && uncoveredPollutants.length === 0
    ? undefined
    : { sectorCovered, uncoveredPollutants };
}
