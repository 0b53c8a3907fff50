import { describe, expect, it } from "vitest";
import {
  auditReportExample,
  auditReportInvalidExamples,
  dischargePermitExample,
  dischargePermitInvalidExamples,
  polluterParticipantExample,
  withChanges,
} from "./examples/index.js";
import { CREDENTIAL_SCHEMA_REFERENCES, CREDENTIAL_TYPES, STATUS_REGISTRY_TYPE } from "./ids.js";
import type { ValidationResult } from "./result.js";
import {
  CREDENTIAL_JSON_SCHEMAS,
  isCredentialOfType,
  MAX_REPORTED_ISSUES,
  VALIDATION_LIMITS,
  validateCredential,
} from "./validate.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

describe("validateCredential picks the schema from type", () => {
  it("each type's schema has the $id its credentialSchema reference names", () => {
    for (const type of CREDENTIAL_TYPES) {
      expect(CREDENTIAL_JSON_SCHEMAS[type].$id).toBe(CREDENTIAL_SCHEMA_REFERENCES[type].id);
      expect(CREDENTIAL_SCHEMA_REFERENCES[type].type).toBe("JsonSchema");
      expect(CREDENTIAL_JSON_SCHEMAS[type].$defs.credentialStatus.properties.type.const).toBe(
        STATUS_REGISTRY_TYPE,
      );
    }
  });

  it("rejects a credential without a known type, or with two", () => {
    expect(
      issuesOf(
        validateCredential(withChanges(dischargePermitExample, { "/type": ["VerifiableCredential"] })),
      ),
    ).toEqual([{ path: "/type", keyword: "credentialType" }]);
    const both = withChanges(dischargePermitExample, {
      "/type": ["VerifiableCredential", "DischargePermitCredential", "ParticipantCredential"],
    });
    expect(issuesOf(validateCredential(both))).toEqual([{ path: "/type", keyword: "credentialType" }]);
    expect(
      issuesOf(
        validateCredential(withChanges(dischargePermitExample, { "/type": "DischargePermitCredential" })),
      ),
    ).toEqual([{ path: "/type", keyword: "type" }]);
  });

  it("skips the semantic rules on request", () => {
    const semanticOnly = dischargePermitInvalidExamples.find(
      (example) => example.name === "permit number of another unit",
    );
    expect(semanticOnly).toBeDefined();
    expect(validateCredential(semanticOnly!.credential, { semantics: false })).toEqual({ valid: true });
    expect(validateCredential(semanticOnly!.credential).valid).toBe(false);
  });

  it("isCredentialOfType narrows to the TypeScript type", () => {
    const unknownValue: unknown = structuredClone(auditReportExample);
    expect(isCredentialOfType(unknownValue, "AuditReportCredential")).toBe(true);
    if (isCredentialOfType(unknownValue, "AuditReportCredential")) {
      expect(unknownValue.credentialSubject.opinion).toBe("unqualified");
    }
    expect(isCredentialOfType(unknownValue, "DischargePermitCredential")).toBe(false);
    expect(isCredentialOfType(auditReportInvalidExamples[0]!.credential, "AuditReportCredential")).toBe(
      false,
    );
  });
});

describe("validateCredential never throws", () => {
  it("on values that are no object", () => {
    const values: unknown[] = [
      undefined,
      null,
      0,
      Number.NaN,
      "credential",
      true,
      Symbol("vc"),
      10n,
      () => ({}),
      [],
    ];
    for (const value of values) {
      const result = validateCredential(value);
      expect(result.valid, String(typeof value)).toBe(false);
      expect(issuesOf(result)).toEqual([{ path: "", keyword: "type" }]);
    }
  });

  it("on objects that are no credential", () => {
    for (const value of [
      {},
      new Date(),
      new Map([["type", []]]),
      Object.create(null),
      { type: [42, null, {}] },
    ]) {
      expect(validateCredential(value).valid).toBe(false);
    }
  });

  it("accepts a credential without a prototype", () => {
    const bare = Object.assign(Object.create(null), structuredClone(dischargePermitExample));
    expect(validateCredential(bare)).toEqual({ valid: true });
  });

  it("on getters that throw", () => {
    const hostile = new Proxy(structuredClone(dischargePermitExample), {
      get(target, key, receiver) {
        if (key === "credentialSubject") throw new Error("boom");
        return Reflect.get(target, key, receiver);
      },
    });
    expect(issuesOf(validateCredential(hostile))).toEqual([{ path: "", keyword: "exception" }]);
  });

  it("on reference cycles", () => {
    const cyclic = structuredClone(dischargePermitExample) as unknown as Record<string, unknown>;
    cyclic.evidence = { type: "Loop", self: cyclic };
    expect(issuesOf(validateCredential(cyclic))).toEqual([{ path: "", keyword: "inputLimits" }]);
  });

  it("on deep nesting inside an open extension object", () => {
    let nested: Record<string, unknown> = { type: "Deep" };
    for (let i = 0; i < 100_000; i++) nested = { type: "Deep", inner: nested };
    const deep = withChanges(dischargePermitExample, {});
    (deep as Record<string, unknown>).evidence = nested;
    expect(issuesOf(validateCredential(deep))).toEqual([{ path: "", keyword: "inputLimits" }]);
  });

  it("quickly on huge arrays and strings", () => {
    const started = performance.now();
    const manyOutlets = withChanges(dischargePermitExample, {});
    (manyOutlets as { credentialSubject: Record<string, unknown> }).credentialSubject.outlets = new Array(
      2_000_000,
    ).fill(dischargePermitExample.credentialSubject.outlets[0]);
    expect(issuesOf(validateCredential(manyOutlets))).toEqual([{ path: "", keyword: "inputLimits" }]);
    const longName = withChanges(dischargePermitExample, {
      "/credentialSubject/organization/name": "厂".repeat(VALIDATION_LIMITS.maxStringChars + 1),
    });
    expect(issuesOf(validateCredential(longName))).toEqual([{ path: "", keyword: "inputLimits" }]);
    const manyKeys = withChanges(dischargePermitExample, {});
    const extra = (manyKeys as { credentialSubject: Record<string, unknown> }).credentialSubject;
    for (let i = 0; i < 60_000; i++) extra[`k${i}`] = i;
    expect(issuesOf(validateCredential(manyKeys))).toEqual([{ path: "", keyword: "inputLimits" }]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("caps the issues it reports", () => {
    const hashes = Array.from({ length: 500 }, (_, i) => `not a hash ${i}`);
    const result = validateCredential(
      withChanges(auditReportExample, { "/credentialSubject/dataBatchHashes": hashes }),
    );
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.errors).toHaveLength(MAX_REPORTED_ISSUES + 1);
      expect(result.errors.at(-1)).toEqual({
        path: "",
        keyword: "maxIssues",
        message: "400 more issues not reported",
      });
    }
  });

  it("rejects numbers JSON cannot carry", () => {
    const infinite = withChanges(auditReportExample, {});
    (infinite as { credentialSubject: { verifiedEmissions: { quantity: number }[] } }).credentialSubject
      .verifiedEmissions[0]!.quantity = Number.POSITIVE_INFINITY;
    expect(issuesOf(validateCredential(infinite))).toEqual([
      { path: "/credentialSubject/verifiedEmissions/0/quantity", keyword: "type" },
    ]);
  });
});

describe("prototype pollution", () => {
  const json = JSON.stringify(polluterParticipantExample);

  it("a __proto__ key from JSON is an extra property, and pollutes nothing", () => {
    const top = JSON.parse(`{"__proto__":{"polluted":true},${json.slice(1)}`);
    expect(issuesOf(validateCredential(top))).toEqual([
      { path: "/__proto__", keyword: "additionalProperties" },
    ]);
    const inner = JSON.parse(
      json.replace('"credentialSubject":{', '"credentialSubject":{"__proto__":{"role":"regulator"},'),
    );
    expect(issuesOf(validateCredential(inner))).toEqual([
      { path: "/credentialSubject/__proto__", keyword: "additionalProperties" },
    ]);
    const inOpenObject = JSON.parse(json.replace('"issuer":{', '"issuer":{"__proto__":{"polluted":true},'));
    expect(validateCredential(inOpenObject)).toEqual({ valid: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("constructor, prototype and hasOwnProperty keys are extra properties", () => {
    const credential = withChanges(polluterParticipantExample, {
      "/credentialSubject/constructor": { prototype: { polluted: true } },
      "/credentialSubject/hasOwnProperty": true,
    });
    expect(issuesOf(validateCredential(credential))).toEqual([
      { path: "/credentialSubject/constructor", keyword: "additionalProperties" },
      { path: "/credentialSubject/hasOwnProperty", keyword: "additionalProperties" },
    ]);
  });

  it("a polluted Object.prototype does not supply a missing property", () => {
    const withoutStatus = withChanges(polluterParticipantExample, { "/credentialStatus": undefined });
    Object.defineProperty(Object.prototype, "credentialStatus", {
      value: polluterParticipantExample.credentialStatus,
      configurable: true,
      enumerable: false,
      writable: true,
    });
    try {
      expect(issuesOf(validateCredential(withoutStatus))).toEqual([
        { path: "/credentialStatus", keyword: "required" },
      ]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).credentialStatus;
    }
  });
});
