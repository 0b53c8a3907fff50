import { describe, expect, it } from "vitest";
import { computeUsccCheckCharacter, isValidUscc, USCC_CHARSET, USCC_WEIGHTS } from "./uscc.js";

describe("GB 32100-2015 check character", () => {
  it("uses the 31-character set without I, O, Z, S, V and the weights 3^(i-1) mod 31", () => {
    expect(USCC_CHARSET).toHaveLength(31);
    for (const letter of "IOZSV") expect(USCC_CHARSET).not.toContain(letter);
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it("reproduces the standard's worked example: 91350100M000100Y4 gives 3, so ...Y4Z is wrong", () => {
    expect(computeUsccCheckCharacter("91350100M000100Y4")).toBe("3");
    expect(isValidUscc("91350100M000100Y43")).toBe(true);
    expect(isValidUscc("91350100M000100Y4Z")).toBe(false);
  });

  it("accepts codes in use: the HJ 608-2017 annex A example and public company registrations", () => {
    for (const code of [
      "91130200699229617X", // 河钢股份有限公司唐山分公司, HJ 608-2017 annex A
      "914403001922038216", // 华为技术有限公司
      "9144030071526726XG", // 深圳市腾讯计算机系统有限公司
      "91330100716105852F", // 阿里巴巴(中国)有限公司
    ]) {
      expect(isValidUscc(code), code).toBe(true);
    }
  });

  it("maps a check value of 31 to 0 and reaches the last character Y (30)", () => {
    // the bodies were searched for: the first gives sum mod 31 = 0, the second sum mod 31 = 1
    expect(computeUsccCheckCharacter("91310000MA1FL1217")).toBe("0");
    expect(isValidUscc("91310000MA1FL12170")).toBe(true);
    expect(computeUsccCheckCharacter("91310115MA1FL1237")).toBe("Y");
    expect(isValidUscc("91310115MA1FL1237Y")).toBe(true);
  });

  it("rejects every other check character", () => {
    const body = "91130200699229617";
    for (const character of USCC_CHARSET) {
      expect(isValidUscc(body + character), character).toBe(character === "X");
    }
  });

  it("rejects a single-character substitution or an adjacent transposition", () => {
    const valid = "914403001922038216";
    expect(isValidUscc("914403001922038316")).toBe(false); // one digit changed
    expect(isValidUscc("914403001922083216")).toBe(false); // 38 -> 83
    expect(isValidUscc(valid)).toBe(true);
  });

  it("rejects the wrong shape whatever the check character", () => {
    for (const code of [
      "91310115ma1fl1237y", // lower case
      "91310115MA1FL1237", // 17 characters
      "91310115MA1FL1237YY", // 19 characters
      "9131011AMA1FL1237Y", // a letter in the division code (positions 3-8)
      "91310115MA1FL123IY", // I is not in the character set
      "91310115MA1FL123OY", // nor O
      "91310115MA1FL123SY", // nor S
      "91310115MA1FL123VY", // nor V
      "91310115MA1FL123ZY", // nor Z
      "91310115MA1FL1237Y ", // trailing space
      "",
    ]) {
      expect(isValidUscc(code), JSON.stringify(code)).toBe(false);
    }
    for (const value of [undefined, null, 914403001922038, ["914403001922038216"], {}]) {
      expect(isValidUscc(value)).toBe(false);
    }
    expect(computeUsccCheckCharacter("9131011AMA1FL123I")).toBeUndefined();
    expect(computeUsccCheckCharacter("91310115")).toBeUndefined();
  });
});
