import { describe, expect, it } from "vitest";
import {
  batteryPermitExample,
  dischargePermitExample,
  dischargePermitExamples,
  dischargePermitInvalidExamples,
  polluterParticipantExample,
  withChanges,
} from "../examples/index.js";
import { DISCHARGE_PERMIT_SCHEMA_ID } from "../ids.js";
import type { ValidationResult } from "../result.js";
import { validateCredential, validateDischargePermitCredential } from "../validate.js";
import { DISCHARGE_PERMIT_SCHEMA } from "./schema.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

describe("DischargePermitCredential schema", () => {
  it.each(dischargePermitExamples.map((credential) => [credential.id, credential]))(
    "accepts %s",
    (_, credential) => {
      expect(validateCredential(credential)).toEqual({ valid: true });
      expect(validateDischargePermitCredential(credential)).toEqual({ valid: true });
    },
  );

  it("has at least 8 invalid examples, each failing on its own rule", () => {
    expect(dischargePermitInvalidExamples.length).toBeGreaterThanOrEqual(8);
    expect(new Set(dischargePermitInvalidExamples.map((example) => example.name)).size).toBe(
      dischargePermitInvalidExamples.length,
    );
  });

  it.each(dischargePermitInvalidExamples.map((example) => [example.name, example]))(
    "rejects: %s",
    (_, example) => {
      expect(issuesOf(validateCredential(example.credential))).toEqual(example.errors);
      expect(issuesOf(validateDischargePermitCredential(example.credential))).toEqual(example.errors);
    },
  );

  it("gives every issue a message", () => {
    const result = validateCredential(dischargePermitInvalidExamples[0]!.credential);
    expect(result.valid).toBe(false);
    if (!result.valid) for (const issue of result.errors) expect(issue.message).not.toBe("");
  });

  it("explains a wrong check character in people's terms", () => {
    const result = validateCredential(
      withChanges(dischargePermitExample, { "/credentialSubject/organization/uscc": "91310115MA1FL1237X" }),
    );
    expect(result).toEqual({
      valid: false,
      errors: [
        {
          path: "/credentialSubject/organization/uscc",
          keyword: "format",
          message: "must be a unified social credit code with a valid GB 32100-2015 check character",
        },
      ],
    });
  });

  it("reports every issue of a credential with several", () => {
    const credential = withChanges(batteryPermitExample, {
      "/credentialSubject/organization/region": "990000",
      "/credentialSubject/outlets/0/monitoredPollutants/0": "COD",
      "/credentialSubject/pollutants/1/annualCap/unit": "t",
      "/credentialStatus": undefined,
    });
    expect(issuesOf(validateCredential(credential))).toEqual(
      expect.arrayContaining([
        { path: "/credentialSubject/organization/region", keyword: "pattern" },
        { path: "/credentialSubject/outlets/0/monitoredPollutants/0", keyword: "enum" },
        { path: "/credentialSubject/pollutants/1/annualCap/unit", keyword: "enum" },
        { path: "/credentialStatus", keyword: "required" },
      ]),
    );
  });

  it("accepts the issuer as an object, extra contexts and types, evidence, and a decoded JWT's leftovers", () => {
    const decoded = withChanges(dischargePermitExample, {
      "/type": ["VerifiableCredential", "DischargePermitCredential", "PollutantDischargePermit"],
      "/issuer": { id: dischargePermitExample.issuer, name: "上海市生态环境局" },
      "/iat": 1740792600,
      "/proof": { type: "JwtProof2020", jwt: "eyJhbGciOiJFUzI1NksifQ.e30.c2ln" },
    });
    expect(validateCredential(decoded)).toEqual({ valid: true });
  });

  it("the per-type validator rejects a credential of another type", () => {
    expect(issuesOf(validateDischargePermitCredential(polluterParticipantExample))).toContainEqual({
      path: "/type",
      keyword: "contains",
    });
  });

  it("is a self-contained JSON document with its canonical $id", () => {
    expect(DISCHARGE_PERMIT_SCHEMA.$id).toBe(
      "https://schemas.permitchain.dev/credentials/discharge-permit/v1.json",
    );
    expect(DISCHARGE_PERMIT_SCHEMA.$id).toBe(DISCHARGE_PERMIT_SCHEMA_ID);
    expect(JSON.parse(JSON.stringify(DISCHARGE_PERMIT_SCHEMA))).toEqual(DISCHARGE_PERMIT_SCHEMA);
    const refs = JSON.stringify(DISCHARGE_PERMIT_SCHEMA).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/$defs/'.length, -1);
      expect(Object.keys(DISCHARGE_PERMIT_SCHEMA.$defs), ref).toContain(name);
    }
  });
});

describe("the exported schema", () => {
  it("cannot be changed by a consumer", () => {
    expect(Object.isFrozen(DISCHARGE_PERMIT_SCHEMA)).toBe(true);
    expect(Object.isFrozen(DISCHARGE_PERMIT_SCHEMA.$defs.uscc)).toBe(true);
    expect(() => {
      (DISCHARGE_PERMIT_SCHEMA.$defs.uscc as { pattern: string }).pattern = ".*";
    }).toThrow(TypeError);
  });
});
