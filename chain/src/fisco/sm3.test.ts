import { createHash, getHashes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toHex } from "./bytes.js";
import { sm3 } from "./sm3.js";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("sm3", () => {
  it("matches the GB/T 32905 example 1: SM3('abc')", () => {
    expect(toHex(sm3(ascii("abc")))).toBe(
      "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    );
  });

  it("matches the GB/T 32905 example 2: SM3('abcd' x 16), a 512-bit message", () => {
    expect(toHex(sm3(ascii("abcd".repeat(16))))).toBe(
      "0xdebe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
    );
  });

  it("hashes the empty message", () => {
    expect(toHex(sm3(new Uint8Array(0)))).toBe(
      "0x1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
    );
  });

  it("hashes several parts as their concatenation", () => {
    expect(sm3(ascii("ab"), ascii(""), ascii("c"))).toEqual(sm3(ascii("abc")));
  });

  it.skipIf(!getHashes().includes("sm3"))("agrees with OpenSSL's SM3 around every padding boundary", () => {
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096]) {
      const message = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(toHex(sm3(message)), `length ${length}`).toBe(
        `0x${createHash("sm3").update(message).digest("hex")}`,
      );
    }
  });
});
