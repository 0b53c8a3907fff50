import { describe, expect, it } from "vitest";
import {
  auditorAccreditationExample,
  auditorAccreditationExamples,
  auditorAccreditationInvalidExamples,
  withChanges,
} from "../examples/index.js";
import { AUDITOR_ACCREDITATION_SCHEMA_ID } from "../ids.js";
import type { ValidationResult } from "../result.js";
import { validateAuditorAccreditationCredential, validateCredential } from "../validate.js";
import { POLLUTANT_CODES } from "../vocabulary.js";
import { AUDITOR_ACCREDITATION_SCHEMA } from "./schema.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

describe("AuditorAccreditationCredential schema", () => {
  it.each(auditorAccreditationExamples.map((credential) => [credential.id, credential]))(
    "accepts %s",
    (_, credential) => {
      expect(validateCredential(credential)).toEqual({ valid: true });
      expect(validateAuditorAccreditationCredential(credential)).toEqual({ valid: true });
    },
  );

  it("has at least 8 invalid examples", () => {
    expect(auditorAccreditationInvalidExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(auditorAccreditationInvalidExamples.map((example) => [example.name, example]))(
    "rejects: %s",
    (_, example) => {
      expect(issuesOf(validateCredential(example.credential))).toEqual(example.errors);
      expect(issuesOf(validateAuditorAccreditationCredential(example.credential))).toEqual(example.errors);
    },
  );

  it("accepts a scope of every pollutant and of single classes", () => {
    const wide = withChanges(auditorAccreditationExample, {
      "/credentialSubject/scope": { sectors: ["C2511", "C3843", "D4411"], pollutants: [...POLLUTANT_CODES] },
    });
    expect(validateCredential(wide)).toEqual({ valid: true });
  });

  it("has its canonical $id", () => {
    expect(AUDITOR_ACCREDITATION_SCHEMA.$id).toBe(
      "https://schemas.permitchain.dev/credentials/auditor-accreditation/v1.json",
    );
    expect(AUDITOR_ACCREDITATION_SCHEMA.$id).toBe(AUDITOR_ACCREDITATION_SCHEMA_ID);
  });
});
