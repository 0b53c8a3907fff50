import { describe, expect, it } from "vitest";
import { isValidPermitNumber, PERMIT_NUMBER_PATTERN, parsePermitNumber } from "./permit-number.js";

describe("HJ 608-2017 permit number", () => {
  it("parses the standard's annex A examples", () => {
    expect(parsePermitNumber("91130200699229617X001P")).toEqual({
      uscc: "91130200699229617X",
      sequence: 1,
      marker: "P",
    });
    expect(parsePermitNumber("91130200699229617X002P")).toMatchObject({ sequence: 2 });
    expect(isValidPermitNumber("91310115MA1FL1237Y999P")).toBe(true);
  });

  it("rejects a wrong shape or a wrong check character of the embedded USCC", () => {
    for (const value of [
      "91130200699229617X000P", // sequence starts at 001
      "91130200699229617X001p", // the marker is a capital letter
      "91130200699229617X001", // no marker
      "91130200699229617X01P", // two-digit sequence
      "91130200699229617X0001P",
      "91130200699229617Y001P", // wrong check character
      "H9310115000012345a001P", // the 2016 trial substitute for units without a USCC
      "91130200699229617X-001P",
    ]) {
      expect(isValidPermitNumber(value), value).toBe(false);
    }
    expect(parsePermitNumber(42)).toBeUndefined();
  });

  it("the pattern alone checks the shape, not the check character", () => {
    const shape = new RegExp(PERMIT_NUMBER_PATTERN);
    expect(shape.test("91130200699229617Y001P")).toBe(true);
    expect(shape.test("91130200699229617X000P")).toBe(false);
  });
});
