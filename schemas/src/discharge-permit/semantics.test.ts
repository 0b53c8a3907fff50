import { describe, expect, it } from "vitest";
import { defaultPermitValidUntil } from "../common/semantics.js";
import { batteryPermitExample, dischargePermitExample, withChanges } from "../examples/index.js";
import type { ValidationResult } from "../result.js";
import { validateCredential } from "../validate.js";
import { DEFAULT_PERMIT_VALIDITY_YEARS } from "../vocabulary.js";
import { validatePermitSemantics } from "./semantics.js";
import type { DischargePermitCredential } from "./types.js";

function issuesOf(result: ValidationResult) {
  return result.valid ? [] : result.errors.map(({ path, keyword }) => ({ path, keyword }));
}

function permitWith(changes: Record<string, unknown>): DischargePermitCredential {
  return withChanges(dischargePermitExample, changes) as DischargePermitCredential;
}

const validUntilPath = "/credentialSubject/validity/validUntil";

describe("validatePermitSemantics", () => {
  it("accepts the examples, including one pollutant permitted for two media", () => {
    expect(validatePermitSemantics(dischargePermitExample)).toEqual({ valid: true });
    expect(validatePermitSemantics(batteryPermitExample)).toEqual({ valid: true });
  });

  it("allows exactly five years by default and no second more", () => {
    expect(DEFAULT_PERMIT_VALIDITY_YEARS).toBe(5);
    const fiveYears = permitWith({
      "/credentialSubject/validity": {
        validFrom: "2025-03-01T00:00:00+08:00",
        validUntil: "2030-03-01T00:00:00+08:00",
      },
    });
    expect(validatePermitSemantics(fiveYears)).toEqual({ valid: true });
    const plusOneSecond = permitWith({
      [validUntilPath]: "2030-02-28T16:00:01Z",
      "/expirationDate": undefined,
    });
    expect(issuesOf(validatePermitSemantics(plusOneSecond))).toEqual([
      { path: validUntilPath, keyword: "validityDuration" },
    ]);
  });

  it("accepts a longer validity where it is stated", () => {
    const sixYears = permitWith({ [validUntilPath]: "2031-03-01T00:00:00+08:00" });
    expect(validatePermitSemantics(sixYears, { maxValidityYears: 6 })).toEqual({ valid: true });
    expect(validateCredential(sixYears, { maxPermitValidityYears: 6 })).toEqual({ valid: true });
    expect(issuesOf(validateCredential(sixYears))).toEqual([
      { path: validUntilPath, keyword: "validityDuration" },
    ]);
  });

  it("counts calendar years: from 29 February the fifth year ends on 28 February", () => {
    const leap = (validUntil: string) =>
      permitWith({
        "/issuanceDate": "2028-02-29T00:00:00Z",
        "/expirationDate": undefined,
        "/credentialSubject/validity": { validFrom: "2028-02-29T00:00:00Z", validUntil },
      });
    expect(validatePermitSemantics(leap("2033-02-28T00:00:00Z"))).toEqual({ valid: true });
    expect(issuesOf(validatePermitSemantics(leap("2033-03-01T00:00:00Z")))).toEqual([
      { path: validUntilPath, keyword: "validityDuration" },
    ]);
  });

  it("rejects a validity that ends when it starts", () => {
    const empty = permitWith({ [validUntilPath]: "2025-03-01T00:00:00+08:00", "/expirationDate": undefined });
    expect(issuesOf(validatePermitSemantics(empty))).toEqual([
      { path: validUntilPath, keyword: "validityOrder" },
    ]);
  });

  it("compares instants, not strings, across time-zone offsets", () => {
    // 2030-02-28T16:00:00Z is 2030-03-01T00:00:00+08:00: exactly five years
    const utc = permitWith({ [validUntilPath]: "2030-02-28T16:00:00Z" });
    expect(validatePermitSemantics(utc)).toEqual({ valid: true });
  });

  it("checks units and media even on a credential the schema never saw", () => {
    const credential = permitWith({
      "/credentialSubject/pollutants/0/concentrationLimit/unit": "mg/L",
      "/credentialSubject/pollutants/1/code": "COD",
    });
    expect(issuesOf(validatePermitSemantics(credential))).toEqual([
      { path: "/credentialSubject/pollutants/0/concentrationLimit/unit", keyword: "unitMedium" },
      { path: "/credentialSubject/pollutants/1/code", keyword: "pollutantMedium" },
      { path: "/credentialSubject/pollutants/1/outlets/0", keyword: "outletMonitorsPollutant" },
      { path: "/credentialSubject/outlets/0/monitoredPollutants/1", keyword: "pollutantPermitted" },
    ]);
  });

  it("reports a date-time that denotes no instant", () => {
    const leapSecond = permitWith({ "/credentialSubject/validity/validFrom": "2025-06-30T23:59:60Z" });
    expect(issuesOf(validatePermitSemantics(leapSecond))).toEqual([
      { path: "/credentialSubject/validity/validFrom", keyword: "dateTimeParsable" },
    ]);
  });

  it("never throws, even on what is no permit at all", () => {
    expect(issuesOf(validatePermitSemantics({} as DischargePermitCredential))).toContainEqual({
      path: "",
      keyword: "exception",
    });
  });
});

describe("defaultPermitValidUntil", () => {
  it("adds five calendar years", () => {
    expect(defaultPermitValidUntil("2025-03-01T00:00:00+08:00").toISOString()).toBe(
      "2030-02-28T16:00:00.000Z",
    );
    expect(defaultPermitValidUntil(new Date("2028-02-29T00:00:00Z")).toISOString()).toBe(
      "2033-02-28T00:00:00.000Z",
    );
    expect(defaultPermitValidUntil("2025-01-01T00:00:00Z", 3).toISOString()).toBe("2028-01-01T00:00:00.000Z");
  });
  it("refuses what is not a date", () => {
    expect(() => defaultPermitValidUntil("next spring")).toThrow(RangeError);
  });
});
