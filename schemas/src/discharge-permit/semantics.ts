import {
  addUtcYears,
  checkEnvelopeSemantics,
  checkExpirationWithin,
  instantAt,
  semanticIssue,
  uncheckableIssue,
} from "../common/semantics.js";
import { jsonPointer, toValidationResult, type ValidationIssue, type ValidationResult } from "../result.js";
import {
  CONCENTRATION_UNITS,
  DEFAULT_PERMIT_VALIDITY_YEARS,
  type Medium,
  POLLUTANT_MEDIA,
} from "../vocabulary.js";
import type { DischargePermitCredential, Outlet } from "./types.js";

export interface PermitSemanticsOptions {
  /**
   * The longest validity accepted, in calendar years from validFrom. Default DEFAULT_PERMIT_VALIDITY_YEARS (5,
   * 排污许可管理条例 art. 14); state another value only where a law provides for one.
   */
  readonly maxValidityYears?: number;
}

function mediumAllows(code: string, medium: Medium): boolean {
  return (
    Object.hasOwn(POLLUTANT_MEDIA, code) &&
    POLLUTANT_MEDIA[code as keyof typeof POLLUTANT_MEDIA].includes(medium)
  );
}

/**
 * The rules of a permit that JSON Schema cannot express. Expects a credential the schema accepted (use
 * validateCredential or validateDischargePermitCredential for both); never throws.
 *
 * - validity: validUntil after validFrom, and at most `maxValidityYears` (default 5) calendar years after it;
 *   expirationDate, when present, not after validUntil;
 * - the permit number starts with the holder's USCC;
 * - outlet ids unique; each (medium, pollutant) once; the pollutant allowed in its medium and its concentration
 *   unit the medium's (mg/m3 air, mg/L water);
 * - every outlet a pollutant names exists, discharges to the pollutant's medium and monitors the pollutant;
 * - every pollutant an outlet monitors is permitted for the outlet's medium.
 */
export function validatePermitSemantics(
  credential: DischargePermitCredential,
  options: PermitSemanticsOptions = {},
): ValidationResult {
  const issues: ValidationIssue[] = [];
  try {
    collectPermitIssues(credential, options.maxValidityYears ?? DEFAULT_PERMIT_VALIDITY_YEARS, issues);
  } catch (error) {
    issues.push(uncheckableIssue(error));
  }
  return toValidationResult(issues);
}

function collectPermitIssues(
  credential: DischargePermitCredential,
  maxValidityYears: number,
  issues: ValidationIssue[],
): void {
  checkEnvelopeSemantics(credential, issues);
  const subject = credential.credentialSubject;

  const validFromPath = jsonPointer("credentialSubject", "validity", "validFrom");
  const validUntilPath = jsonPointer("credentialSubject", "validity", "validUntil");
  const from = instantAt(subject.validity.validFrom, validFromPath, issues);
  const until = instantAt(subject.validity.validUntil, validUntilPath, issues);
  if (from !== undefined && until !== undefined) {
    if (until <= from) {
      issues.push(semanticIssue(validUntilPath, "validityOrder"));
    } else if (until > addUtcYears(from, maxValidityYears)) {
      issues.push(
        semanticIssue(
          validUntilPath,
          "validityDuration",
          `a permit is valid for at most ${maxValidityYears} years: validUntil must not be after ${new Date(
            addUtcYears(from, maxValidityYears),
          ).toISOString()}`,
        ),
      );
    }
  }
  checkExpirationWithin(credential.expirationDate, until, issues);

  if (subject.permitNumber.slice(0, 18) !== subject.organization.uscc) {
    issues.push(semanticIssue(jsonPointer("credentialSubject", "permitNumber"), "permitNumberHolder"));
  }

  const outlets = new Map<string, Outlet>();
  subject.outlets.forEach((outlet, i) => {
    if (outlets.has(outlet.id)) {
      issues.push(semanticIssue(jsonPointer("credentialSubject", "outlets", i, "id"), "uniqueOutlet"));
    } else {
      outlets.set(outlet.id, outlet);
    }
  });

  const permitted = new Set<string>();
  subject.pollutants.forEach((pollutant, i) => {
    const path = (...rest: (string | number)[]) => jsonPointer("credentialSubject", "pollutants", i, ...rest);
    const key = `${pollutant.medium} ${pollutant.code}`;
    if (permitted.has(key)) issues.push(semanticIssue(path("code"), "uniquePollutant"));
    permitted.add(key);
    if (!mediumAllows(pollutant.code, pollutant.medium)) {
      issues.push(
        semanticIssue(
          path("code"),
          "pollutantMedium",
          `${pollutant.code} is not a ${pollutant.medium} pollutant`,
        ),
      );
    }
    if (pollutant.concentrationLimit.unit !== CONCENTRATION_UNITS[pollutant.medium]) {
      issues.push(
        semanticIssue(
          path("concentrationLimit", "unit"),
          "unitMedium",
          `a ${pollutant.medium} concentration is in ${CONCENTRATION_UNITS[pollutant.medium]}`,
        ),
      );
    }
    (pollutant.outlets ?? []).forEach((outletId, j) => {
      const outlet = outlets.get(outletId);
      if (outlet === undefined) {
        issues.push(
          semanticIssue(path("outlets", j), "outletExists", `outlet ${outletId} is not in outlets`),
        );
      } else if (outlet.type !== pollutant.medium) {
        issues.push(
          semanticIssue(
            path("outlets", j),
            "outletMedium",
            `outlet ${outletId} discharges to ${outlet.type}`,
          ),
        );
      } else if (!outlet.monitoredPollutants.includes(pollutant.code)) {
        issues.push(
          semanticIssue(
            path("outlets", j),
            "outletMonitorsPollutant",
            `outlet ${outletId} does not monitor ${pollutant.code}`,
          ),
        );
      }
    });
  });

  subject.outlets.forEach((outlet, i) => {
    outlet.monitoredPollutants.forEach((code, j) => {
      if (!permitted.has(`${outlet.type} ${code}`)) {
        issues.push(
          semanticIssue(
            jsonPointer("credentialSubject", "outlets", i, "monitoredPollutants", j),
            "pollutantPermitted",
            `${code} is not permitted for ${outlet.type} in pollutants`,
          ),
        );
      }
    });
  });
}
