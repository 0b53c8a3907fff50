import { examples } from "@permitchain/schemas";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { assertWhere, matchesWhere, valuesAt, type Where } from "./query.js";

const permit = examples.dischargePermitExample as unknown as Record<string, unknown>;

function matches(where: Where): boolean {
  assertWhere(where);
  return matchesWhere(permit, where);
}

describe("the credential query language", () => {
  it("reaches values by dotted paths, into each array element with []", () => {
    expect(valuesAt(permit, "credentialSubject.organization.sector")).toEqual(["C2511"]);
    expect(valuesAt(permit, "credentialSubject.outlets[].id")).toEqual(["DA001", "DA002", "DW001"]);
    expect(valuesAt(permit, "credentialSubject.outlets[].monitoredPollutants[]")).toHaveLength(8);
    expect(valuesAt(permit, "credentialSubject.nothing.here")).toEqual([]);
    expect(valuesAt(permit, "type[]")).toEqual(["VerifiableCredential", "DischargePermitCredential"]);
  });

  it("matches literals, against any reached value or array element", () => {
    expect(matches({ "credentialSubject.pollutants[].code": "COD" })).toBe(true);
    expect(matches({ "credentialSubject.pollutants[].code": "Pb" })).toBe(false);
    expect(matches({ type: "DischargePermitCredential" })).toBe(true);
    expect(
      matches({
        "credentialSubject.managementCategory": "key",
        "credentialSubject.organization.region": "310115",
      }),
    ).toBe(true);
    expect(matches({ "credentialSubject.managementCategory": "simplified" })).toBe(false);
    expect(matches({ "credentialSubject.missing": null })).toBe(false);
  });

  it("applies operators", () => {
    expect(matches({ "credentialSubject.pollutants[].code": { in: ["Pb", "TP"] } })).toBe(true);
    expect(matches({ "credentialSubject.pollutants[].annualCap.value": { gt: 484 } })).toBe(true);
    expect(matches({ "credentialSubject.pollutants[].annualCap.value": { gt: 485 } })).toBe(false);
    expect(matches({ "credentialSubject.permitNumber": { exists: true } })).toBe(true);
    expect(matches({ "credentialSubject.revocationReason": { exists: false } })).toBe(true);
    // date-times compare as instants, whatever their offsets
    expect(matches({ expirationDate: { gt: "2030-02-28T17:00:00Z" } })).toBe(false);
    expect(matches({ expirationDate: { gte: "2030-02-28T16:00:00Z", lt: "2030-02-28T16:00:01Z" } })).toBe(
      true,
    );
    // conditions on the same element with some, not on any elements each
    expect(
      matches({
        "credentialSubject.pollutants[].code": "TP",
        "credentialSubject.pollutants[].medium": "air",
      }),
    ).toBe(true);
    expect(matches({ "credentialSubject.pollutants": { some: { code: "TP", medium: "air" } } })).toBe(false);
    expect(
      matches({
        "credentialSubject.pollutants": {
          some: { code: "TP", "annualCap.unit": "kg/a", "outlets[]": "DW001" },
        },
      }),
    ).toBe(true);
  });

  it("refuses malformed queries instead of matching nothing", () => {
    for (const where of [
      { "credentialSubject..id": 1 },
      { "a[]b": 1 },
      { x: { equals: 1 } },
      { x: {} },
      { x: { in: "COD" } },
      { x: { gt: true } },
      { x: { some: 3 } },
      { x: [1] },
      [],
    ]) {
      expect(() => assertWhere(where), JSON.stringify(where)).toThrow(InvalidArgumentError);
    }
  });
});
