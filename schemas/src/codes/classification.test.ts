import { describe, expect, it } from "vitest";
import { isRegionCode } from "./region.js";
import { isSectorCode, sectorCovers } from "./sector.js";

describe("GB/T 2260 region codes", () => {
  it("accepts the province-level prefixes", () => {
    for (const code of [
      "110000",
      "310115",
      "320583",
      "440300",
      "500000",
      "540102",
      "650100",
      "710000",
      "810000",
    ]) {
      expect(isRegionCode(code), code).toBe(true);
    }
  });
  it("rejects unknown prefixes and other shapes", () => {
    for (const code of [
      "100000",
      "160000",
      "240000",
      "380000",
      "470000",
      "550000",
      "660000",
      "720000",
      "990115",
    ]) {
      expect(isRegionCode(code), code).toBe(false);
    }
    for (const value of ["31011", "3101150", "31011A", 310115]) expect(isRegionCode(value)).toBe(false);
  });
});

describe("GB/T 4754-2017 sector codes", () => {
  it("accepts divisions, groups and classes under their own section", () => {
    for (const code of [
      "A01",
      "B06",
      "B12",
      "C13",
      "C2511",
      "C3843",
      "C43",
      "D4411",
      "E50",
      "M7461",
      "N772",
      "S922",
      "T97",
    ]) {
      expect(isSectorCode(code), code).toBe(true);
    }
  });
  it("rejects a division under another section, no letter, or too many digits", () => {
    for (const code of ["A06", "B13", "C12", "C44", "D2511", "S97", "T96", "2511", "C25111", "c2511", "C2"]) {
      expect(isSectorCode(code), code).toBe(false);
    }
  });
  it("a division covers its groups and classes", () => {
    expect(sectorCovers("C25", "C2511")).toBe(true);
    expect(sectorCovers("C251", "C2511")).toBe(true);
    expect(sectorCovers("C2511", "C2511")).toBe(true);
    expect(sectorCovers("C26", "C2511")).toBe(false);
    expect(sectorCovers("C2511", "C25")).toBe(false);
  });
});
