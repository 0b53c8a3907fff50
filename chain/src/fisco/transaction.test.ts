import { describe, expect, it } from "vitest";
import { parseHex, toHex } from "./bytes.js";
import { FiscoTarsError, FiscoTransactionFieldError } from "./errors.js";
import { transactionDataHashKeccak, transactionDataHashPreimage, transactionDataHashSm3 } from "./hash.js";
import { TarsWriter } from "./tars.js";
import {
  decodeTransaction,
  decodeTransactionData,
  encodeTransaction,
  encodeTransactionData,
  type Transaction,
  transactionData,
} from "./transaction.js";

const full = transactionData({
  version: 2,
  chainID: "chain0",
  groupID: "group0",
  blockLimit: 1_000n,
  nonce: "42",
  to: "0x0102e8b6fc8cdf9626fddc1c3ea8c1e79b3fce94",
  input: parseHex("0x4ed3885e")!,
  abi: "[]",
  value: "0x1",
  gasPrice: "0x2",
  gasLimit: 3_000_000n,
  maxFeePerGas: "0x3",
  maxPriorityFeePerGas: "0x4",
  extension: Uint8Array.of(9, 9),
});

describe("TransactionData", () => {
  it("round-trips every field through TARS", () => {
    expect(decodeTransactionData(encodeTransactionData(full))).toEqual(full);
  });

  it("decodes absent fields to their defaults and omits defaults when encoding", () => {
    const minimal = transactionData({ chainID: "c", groupID: "g", blockLimit: 0n, nonce: "" });
    expect(toHex(encodeTransactionData(minimal))).toBe("0x1c260163360167");
    expect(decodeTransactionData(new Uint8Array(0))).toEqual(
      transactionData({ chainID: "", groupID: "", blockLimit: 0n, nonce: "" }),
    );
  });

  it("skips fields it does not know", () => {
    const w = new TarsWriter();
    w.int(1, 1);
    w.string(2, "chain0");
    w.int(15, 123);
    w.structBegin(16);
    w.string(1, "nested");
    w.structEnd();
    w.bytes(200, Uint8Array.of(1));
    expect(decodeTransactionData(w.toBytes())).toEqual(
      transactionData({ version: 1, chainID: "chain0", groupID: "", blockLimit: 0n, nonce: "" }),
    );
  });

  it("hashes version 0, 1 and 2 over the documented field sequence", () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const int64 = (value: bigint) => {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigInt64(0, value);
      return out;
    };
    const base = [
      Uint8Array.of(0, 0, 0, 0),
      utf8("chain0group0"),
      int64(1_000n),
      utf8(`42${full.to}`),
      full.input,
      utf8("[]"),
    ];
    const v1 = [utf8("0x10x2"), int64(3_000_000n), utf8("0x30x4")];
    const join = (parts: Uint8Array[]) => toHex(Uint8Array.from(parts.flatMap((p) => [...p])));
    for (const version of [0, 1, 2]) {
      const data = { ...full, version };
      base[0] = Uint8Array.of(0, 0, 0, version);
      const expected = [...base, ...(version >= 1 ? v1 : []), ...(version >= 2 ? [full.extension] : [])];
      expect(toHex(transactionDataHashPreimage(data)), `version ${version}`).toBe(join(expected));
    }
    expect(transactionDataHashKeccak(full)).not.toEqual(transactionDataHashSm3(full));
  });

  it("refuses field values TARS cannot carry", () => {
    const bad: [string, unknown][] = [
      ["version", 2 ** 31],
      ["version", 1.5],
      ["blockLimit", 2n ** 63n],
      ["blockLimit", 5],
      ["gasLimit", -(2n ** 63n) - 1n],
      ["chainID", 7],
      ["nonce", "\uD800"],
      ["input", "0x00"],
      ["extension", [1]],
    ];
    for (const [field, value] of bad) {
      const data = { ...full, [field]: value } as never;
      expect(() => encodeTransactionData(data), field).toThrow(FiscoTransactionFieldError);
      expect(() => transactionDataHashKeccak(data), field).toThrow(FiscoTransactionFieldError);
    }
  });
});

describe("Transaction", () => {
  const tx: Transaction = {
    data: full,
    dataHash: transactionDataHashKeccak(full),
    signature: new Uint8Array(65).fill(1),
    importTime: 1_700_000_000_000n,
    attribute: 1,
    sender: new Uint8Array(20).fill(2),
    extraData: "extra",
  };

  it("round-trips every field through TARS", () => {
    expect(decodeTransaction(encodeTransaction(tx))).toEqual(tx);
  });

  it("refuses a data field that is not a struct", () => {
    expect(() => decodeTransaction(parseHex("1601")!)).toThrow(FiscoTarsError);
  });

  it("refuses bad transaction-level fields", () => {
    expect(() => encodeTransaction({ ...tx, attribute: 2 ** 32 })).toThrow(FiscoTransactionFieldError);
    expect(() => encodeTransaction({ ...tx, importTime: 1 as never })).toThrow(FiscoTransactionFieldError);
    expect(() => encodeTransaction({ ...tx, signature: "0x00" as never })).toThrow(
      FiscoTransactionFieldError,
    );
  });

  it("refuses non-byte input with a typed error", () => {
    expect(() => decodeTransaction("0x00" as never)).toThrow(FiscoTarsError);
  });

  it("refuses an attribute encoded as int64 (TARS int is 32-bit)", () => {
    const w = new TarsWriter();
    w.structBegin(1);
    w.structEnd();
    const bytes = Uint8Array.from([...w.toBytes(), 0x53, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(() => decodeTransaction(bytes)).toThrow(FiscoTarsError);
  });
});
