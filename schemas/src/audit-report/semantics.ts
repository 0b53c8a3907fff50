import { checkEnvelopeSemantics, instantAt, semanticIssue, uncheckableIssue } from "../common/semantics.js";
import { jsonPointer, toValidationResult, type ValidationIssue, type ValidationResult } from "../result.js";
import { POLLUTANT_MEDIA } from "../vocabulary.js";
import type { AuditReportCredential } from "./types.js";

/**
 * The rules of an audit report that JSON Schema cannot express. Expects a credential the schema accepted;
 * never throws.
 *
 * - the period does not end before it starts;
 * - each (medium, pollutant) once among the verified emissions, and the pollutant allowed in its medium;
 * - an unqualified opinion only when the misstatement does not exceed the materiality threshold.
 */
export function validateAuditReportSemantics(credential: AuditReportCredential): ValidationResult {
  const issues: ValidationIssue[] = [];
  try {
    checkEnvelopeSemantics(credential, issues);
    const subject = credential.credentialSubject;

    const start = instantAt(
      subject.period.start,
      jsonPointer("credentialSubject", "period", "start"),
      issues,
    );
    const endPath = jsonPointer("credentialSubject", "period", "end");
    const end = instantAt(subject.period.end, endPath, issues);
    if (start !== undefined && end !== undefined && end < start)
      issues.push(semanticIssue(endPath, "periodOrder"));

    const seen = new Set<string>();
    subject.verifiedEmissions.forEach((emission, i) => {
      const codePath = jsonPointer("credentialSubject", "verifiedEmissions", i, "code");
      const key = `${emission.medium} ${emission.code}`;
      if (seen.has(key)) issues.push(semanticIssue(codePath, "uniquePollutant"));
      seen.add(key);
      const media = Object.hasOwn(POLLUTANT_MEDIA, emission.code) ? POLLUTANT_MEDIA[emission.code] : [];
      if (!media.includes(emission.medium)) {
        issues.push(
          semanticIssue(
            codePath,
            "pollutantMedium",
            `${emission.code} is not a ${emission.medium} pollutant`,
          ),
        );
      }
    });

    const { thresholdPercent, misstatementPercent } = subject.materiality;
    if (subject.opinion === "unqualified" && misstatementPercent > thresholdPercent) {
      issues.push(
        semanticIssue(
          jsonPointer("credentialSubject", "opinion"),
          "materialMisstatement",
          `an unqualified opinion is impossible with a misstatement of ${misstatementPercent}% above the ` +
            `materiality threshold of ${thresholdPercent}%`,
        ),
      );
    }
  } catch (error) {
    issues.push(uncheckableIssue(error));
  }
  return toValidationResult(issues);
}
