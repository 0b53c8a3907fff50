import { describe, expect, it } from "vitest";
import {
  auditReportExample,
  auditReportExamples,
  auditReportInvalidExamples,
  qualifiedAuditReportExample,
  withChanges,
} from "../examples/index.js";
import { AUDIT_REPORT_SCHEMA_ID } from "../ids.js";
import type { ValidationResult } from "../result.js";
import { validateAuditReportCredential, validateCredential } from "../validate.js";
import { AUDIT_REPORT_SCHEMA } from "./schema.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

describe("AuditReportCredential schema", () => {
  it.each(auditReportExamples.map((credential) => [credential.id, credential]))(
    "accepts %s",
    (_, credential) => {
      expect(validateCredential(credential)).toEqual({ valid: true });
      expect(validateAuditReportCredential(credential)).toEqual({ valid: true });
    },
  );

  it("has at least 8 invalid examples", () => {
    expect(auditReportInvalidExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(auditReportInvalidExamples.map((example) => [example.name, example]))(
    "rejects: %s",
    (_, example) => {
      expect(issuesOf(validateCredential(example.credential))).toEqual(example.errors);
      expect(issuesOf(validateAuditReportCredential(example.credential))).toEqual(example.errors);
    },
  );

  it("needs no basis for an unqualified opinion but accepts one", () => {
    const withBasis = withChanges(auditReportExample, {
      "/credentialSubject/opinionBasis": "数据完整，核算方法符合技术规范。",
    });
    expect(validateCredential(withBasis)).toEqual({ valid: true });
  });

  it("requires a basis for an adverse opinion, as for a qualified one", () => {
    const adverse = withChanges(qualifiedAuditReportExample, {
      "/credentialSubject/opinion": "adverse",
      "/credentialSubject/opinionBasis": undefined,
    });
    expect(issuesOf(validateCredential(adverse))).toEqual([
      { path: "/credentialSubject/opinionBasis", keyword: "required" },
    ]);
  });

  it("checks 10,000 batch hashes for duplicates quickly and refuses more", () => {
    const hashes = Array.from({ length: 10_000 }, (_, i) => `0x${i.toString(16).padStart(64, "0")}`);
    const many = withChanges(auditReportExample, { "/credentialSubject/dataBatchHashes": hashes });
    const started = performance.now();
    expect(validateCredential(many)).toEqual({ valid: true });
    expect(performance.now() - started).toBeLessThan(1000);
    const tooMany = withChanges(auditReportExample, {
      "/credentialSubject/dataBatchHashes": [...hashes, `0x${"f".repeat(64)}`],
    });
    expect(issuesOf(validateCredential(tooMany))).toEqual([
      { path: "/credentialSubject/dataBatchHashes", keyword: "maxItems" },
    ]);
  });

  it("has its canonical $id and survives a JSON round trip", () => {
    expect(AUDIT_REPORT_SCHEMA.$id).toBe("https://schemas.permitchain.dev/credentials/audit-report/v1.json");
    expect(AUDIT_REPORT_SCHEMA.$id).toBe(AUDIT_REPORT_SCHEMA_ID);
    expect(JSON.parse(JSON.stringify(AUDIT_REPORT_SCHEMA))).toEqual(AUDIT_REPORT_SCHEMA);
  });
});
