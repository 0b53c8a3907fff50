import { describe, expect, it } from "vitest";
import { auditorAccreditationExample } from "../examples/index.js";
import { accreditationScopeGap, validateAccreditationSemantics } from "./semantics.js";

describe("validateAccreditationSemantics", () => {
  it("accepts the example", () => {
    expect(validateAccreditationSemantics(auditorAccreditationExample)).toEqual({ valid: true });
  });
});

describe("accreditationScopeGap", () => {
  const scope = auditorAccreditationExample.credentialSubject.scope;

  it("a division in scope covers the firm's class", () => {
    expect(accreditationScopeGap(scope, "C2511", ["SO2", "NOx", "COD"])).toBeUndefined();
    expect(accreditationScopeGap(scope, "D4411", ["SO2"])).toBeUndefined();
  });

  it("names what is not covered", () => {
    expect(accreditationScopeGap(scope, "C3843", ["Pb", "COD", "Pb"])).toEqual({
      sectorCovered: false,
      uncoveredPollutants: ["Pb"],
    });
    expect(accreditationScopeGap(scope, "C2511", ["Hg"])).toEqual({
      sectorCovered: true,
      uncoveredPollutants: ["Hg"],
    });
  });
});
