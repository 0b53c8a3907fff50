import { describe, expect, it } from "vitest";
import { participantExamples, participantInvalidExamples } from "../examples/index.js";
import { PARTICIPANT_SCHEMA_ID } from "../ids.js";
import type { ValidationResult } from "../result.js";
import { validateCredential, validateParticipantCredential } from "../validate.js";
import { PARTICIPANT_SCHEMA } from "./schema.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

describe("ParticipantCredential schema", () => {
  it.each(participantExamples.map((credential) => [credential.credentialSubject.role, credential]))(
    "accepts the %s",
    (_, credential) => {
      expect(validateCredential(credential)).toEqual({ valid: true });
      expect(validateParticipantCredential(credential)).toEqual({ valid: true });
    },
  );

  it("has at least 8 invalid examples", () => {
    expect(participantInvalidExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(participantInvalidExamples.map((example) => [example.name, example]))(
    "rejects: %s",
    (_, example) => {
      expect(issuesOf(validateCredential(example.credential))).toEqual(example.errors);
      expect(issuesOf(validateParticipantCredential(example.credential))).toEqual(example.errors);
    },
  );

  it("has its canonical $id", () => {
    expect(PARTICIPANT_SCHEMA.$id).toBe("https://schemas.permitchain.dev/credentials/participant/v1.json");
    expect(PARTICIPANT_SCHEMA.$id).toBe(PARTICIPANT_SCHEMA_ID);
  });
});
