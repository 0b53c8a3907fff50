import { describe, expect, it } from "vitest";
import { auditReportExample, qualifiedAuditReportExample, withChanges } from "../examples/index.js";
import type { ValidationResult } from "../result.js";
import { validateAuditReportSemantics } from "./semantics.js";
import type { AuditReportCredential } from "./types.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

function reportWith(base: AuditReportCredential, changes: Record<string, unknown>): AuditReportCredential {
  return withChanges(base, changes) as AuditReportCredential;
}

describe("validateAuditReportSemantics", () => {
  it("accepts the examples", () => {
    expect(validateAuditReportSemantics(auditReportExample)).toEqual({ valid: true });
    expect(validateAuditReportSemantics(qualifiedAuditReportExample)).toEqual({ valid: true });
  });

  it("accepts a one-day period and a misstatement equal to the threshold", () => {
    const oneDay = reportWith(auditReportExample, {
      "/credentialSubject/period": { start: "2025-12-31", end: "2025-12-31" },
      "/credentialSubject/materiality": { thresholdPercent: 5, misstatementPercent: 5 },
    });
    expect(validateAuditReportSemantics(oneDay)).toEqual({ valid: true });
  });

  it("a material misstatement allows a qualified or adverse opinion", () => {
    const adverse = reportWith(qualifiedAuditReportExample, {
      "/credentialSubject/opinion": "adverse",
      "/credentialSubject/materiality/misstatementPercent": 40,
    });
    expect(validateAuditReportSemantics(adverse)).toEqual({ valid: true });
  });

  it("allows one pollutant in both media but not twice in one", () => {
    const lead = { code: "Pb", quantity: 3.1, unit: "kg", methodology: "manual-sampling" };
    const both = reportWith(auditReportExample, {
      "/credentialSubject/verifiedEmissions": [
        { ...lead, medium: "air" },
        { ...lead, medium: "water" },
      ],
    });
    expect(validateAuditReportSemantics(both)).toEqual({ valid: true });
    const twice = reportWith(auditReportExample, {
      "/credentialSubject/verifiedEmissions": [
        { ...lead, medium: "air" },
        { ...lead, medium: "air" },
      ],
    });
    expect(issuesOf(validateAuditReportSemantics(twice))).toEqual([
      { path: "/credentialSubject/verifiedEmissions/1/code", keyword: "uniquePollutant" },
    ]);
  });

  it("never throws", () => {
    expect(validateAuditReportSemantics(null as unknown as AuditReportCredential).valid).toBe(false);
  });
});
