import { describe, expect, it } from "vitest";
import { parseHex, toHex } from "./bytes.js";
import { FiscoTarsError } from "./errors.js";
import { TARS_MAX_DEPTH, TarsReader, TarsType, TarsWriter } from "./tars.js";

const hex = (text: string) => parseHex(text)!;

function tarsError(fn: () => unknown, reason: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FiscoTarsError);
  expect((caught as FiscoTarsError).code).toBe("FISCO_TARS_MALFORMED");
  expect((caught as FiscoTarsError).details?.reason).toBe(reason);
}

/** Reads a top-level struct whose fields are all skipped. */
function skipAll(bytes: Uint8Array): void {
  const r = new TarsReader(bytes);
  r.struct(() => false, true);
}

describe("TarsWriter", () => {
  it("picks the smallest integer type", () => {
    const cases: [bigint, string][] = [
      [0n, "1c"],
      [1n, "1001"],
      [-128n, "1080"],
      [127n, "107f"],
      [128n, "110080"],
      [509n, "1101fd"],
      [-32769n, "12ffff7fff"],
      [2n ** 31n - 1n, "127fffffff"],
      [2n ** 31n, "130000000080000000"],
      [-(2n ** 63n), "138000000000000000"],
    ];
    for (const [value, expected] of cases) {
      const w = new TarsWriter();
      w.int(1, value);
      expect(toHex(w.toBytes()), String(value)).toBe(`0x${expected}`);
    }
  });

  it("uses an extra tag byte from tag 15", () => {
    const w = new TarsWriter();
    w.int(14, 1);
    w.int(15, 1);
    w.int(200, 0);
    expect(toHex(w.toBytes())).toBe("0xe001f00f01fcc8");
  });

  it("writes STRING1 up to 255 bytes and STRING4 beyond", () => {
    const w = new TarsWriter();
    w.string(2, "a".repeat(255));
    w.string(3, "b".repeat(256));
    const out = w.toBytes();
    expect(toHex(out.subarray(0, 2))).toBe("0x26ff");
    expect(toHex(out.subarray(257, 262))).toBe("0x3700000100");
  });

  it("writes vector<byte> as a simple list with a tag-0 length", () => {
    const w = new TarsWriter();
    w.bytes(7, new Uint8Array(0));
    w.bytes(2, new Uint8Array(32));
    w.bytes(3, new Uint8Array(128));
    const out = toHex(w.toBytes());
    expect(out.startsWith("0x7d000c2d000020")).toBe(true);
    expect(out.slice(2 + 14 + 64, 2 + 14 + 64 + 10)).toBe("3d00010080");
  });

  it("grows its buffer for large values", () => {
    const w = new TarsWriter();
    w.bytes(1, new Uint8Array(100_000).fill(7));
    const r = new TarsReader(w.toBytes());
    const head = r.head();
    expect(r.bytes(head.type)).toEqual(new Uint8Array(100_000).fill(7));
  });
});

describe("TarsReader", () => {
  it("reads back what the writer wrote", () => {
    const w = new TarsWriter();
    w.int(1, -5);
    w.string(2, "链 chain");
    w.bytes(3, hex("deadbeef"));
    w.structBegin(4);
    w.int(1, 2n ** 40n);
    w.structEnd();
    w.int(20, 7);
    const r = new TarsReader(w.toBytes());
    const seen: unknown[] = [];
    r.struct((h) => {
      if (h.tag === 1) seen.push(r.int(h.type, 32));
      else if (h.tag === 2) seen.push(r.string(h.type));
      else if (h.tag === 3) seen.push(toHex(r.bytes(h.type)));
      else if (h.tag === 4)
        r.struct((inner) => {
          seen.push(r.int(inner.type, 64));
          return true;
        });
      else return false;
      return true;
    }, true);
    expect(seen).toEqual([-5n, "链 chain", "0xdeadbeef", 2n ** 40n]);
    expect(r.atEnd).toBe(true);
  });

  it("accepts a byte vector written as a list of int8", () => {
    // tag 1 LIST, size 3 (tag 0 int8), elements: int8 1, zero, int8 0xff
    const r = new TarsReader(hex("1900030001 0c 00ff".replaceAll(" ", "")));
    const head = r.head();
    expect(r.bytes(head.type)).toEqual(Uint8Array.of(1, 0, 255));
  });

  it("skips fields of every type, including nested maps, lists and structs", () => {
    const bytes = hex(
      [
        "1001", // int8
        "210102", // int16
        "3200000003", // int32
        "430000000000000004", // int64
        "543f800000", // float
        "654000000000000000", // double
        "760161", // string1
        "870000000162", // string4
        "9800010c1603616263", // map {0: "abc"} (size 1, key tag0 zero, value tag1 string1)
        "a90002 0c 1001".replaceAll(" ", ""), // list of two ints
        "ba 1001 0b".replaceAll(" ", ""), // struct { 1: 1 }
        "cc", // zero
        "dd000002abcd", // simple list
      ].join(""),
    );
    expect(() => skipAll(bytes)).not.toThrow();
  });

  it("throws on truncated input of every kind", () => {
    tarsError(() => skipAll(hex("12000000")), "truncated"); // int32 with 3 bytes
    tarsError(() => skipAll(hex("2605616263")), "length"); // string1 length 5, 3 bytes left
    tarsError(() => skipAll(hex("f0")), "truncated"); // extended tag byte missing
    tarsError(() => skipAll(hex("1a1001")), "truncated"); // struct without STRUCT_END
    tarsError(() => skipAll(hex("7d00")), "truncated"); // simple list without length
  });

  it("throws on unknown type codes", () => {
    tarsError(() => skipAll(hex("1e")), "type");
    tarsError(() => skipAll(hex("1f")), "type");
  });

  it("throws on lengths and counts beyond the input", () => {
    tarsError(() => skipAll(hex("17ffffffff00")), "length"); // string4 of 4 GiB
    tarsError(() => skipAll(hex("1d00027fffffff00")), "length"); // simple list of 2^31-1 bytes
    tarsError(() => skipAll(hex("1d0002ffffffff")), "length"); // negative length
    tarsError(() => skipAll(hex("19027fffffff")), "length"); // list of 2^31-1 items
    tarsError(() => skipAll(hex("18023fffffff")), "length"); // map of 2^30-1 pairs
  });

  it("throws on a simple list whose element type is not int8", () => {
    tarsError(() => skipAll(hex("1d0100")), "type");
  });

  it("throws on tags out of order or repeated", () => {
    tarsError(() => skipAll(hex("20011001")), "tag");
    tarsError(() => skipAll(hex("10011001")), "tag");
  });

  it("throws on STRUCT_END at the top level", () => {
    tarsError(() => skipAll(hex("0b")), "type");
  });

  it("throws on nesting deeper than the limit instead of overflowing the stack", () => {
    const deep = new Uint8Array(TARS_MAX_DEPTH + 10).fill(0x1a);
    tarsError(() => skipAll(deep), "depth");
    const lists = hex("19 0001".replaceAll(" ", "").repeat(TARS_MAX_DEPTH + 10));
    tarsError(() => skipAll(lists), "depth");
  });

  it("throws on an int64 where an int32 is expected and on non-integer types", () => {
    const r = new TarsReader(hex("130000000000000001"));
    tarsError(() => r.int(r.head().type, 32), "type");
    const s = new TarsReader(hex("160161"));
    tarsError(() => s.int(s.head().type, 64), "type");
    expect(TarsType.String1).toBe(6);
  });

  it("throws on strings that are not UTF-8", () => {
    const r = new TarsReader(hex("1602c328"));
    tarsError(() => r.string(r.head().type), "utf8");
  });
});
