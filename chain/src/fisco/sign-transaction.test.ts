import { describe, expect, it } from "vitest";
import { parseHex, toHex } from "./bytes.js";
import { FiscoHashMismatchError, FiscoSignatureError, FiscoTarsError } from "./errors.js";
import { transactionDataHash } from "./hash.js";
import {
  buildTransactionData,
  randomNonce,
  signTransaction,
  type TransactionFields,
  verifyTransaction,
} from "./sign-transaction.js";
import { ecdsaSuite, smSuite } from "./signature.js";
import { decodeTransaction, encodeTransaction, TransactionAttribute } from "./transaction.js";

const key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

const base: TransactionFields = {
  chainID: "chain0",
  groupID: "group0",
  blockLimit: 1_001,
  to: "0x0102E8B6FC8CDF9626FDDC1C3EA8C1E79B3FCE94",
  input: "0x4ed3885e",
};

const byVersion: Record<0 | 1 | 2, TransactionFields> = {
  0: { ...base, version: 0 },
  1: { ...base, version: 1, value: 0n, gasPrice: "0x0", gasLimit: 3_000_000, maxFeePerGas: 10n ** 9n },
  2: { ...base, version: 2, value: 5n, gasLimit: 21_000n, extension: Uint8Array.of(1, 2, 3) },
};

describe.each([ecdsaSuite, smSuite])("signTransaction with the $name suite", (suite) => {
  it.each([0, 1, 2] as const)(
    "version %i encodes, decodes to the same fields and hash, and verifies",
    (version) => {
      const signed = signTransaction(byVersion[version], suite, key);
      const decoded = decodeTransaction(parseHex(signed.hex)!);
      expect(decoded).toEqual(signed.transaction);
      expect(decoded.data.version).toBe(version);
      expect(toHex(transactionDataHash(decoded.data, suite.hash))).toBe(signed.hash);
      expect(toHex(decoded.dataHash)).toBe(signed.hash);
      expect(decoded.signature).toHaveLength(suite.signatureLength);
      expect(decoded.importTime).toBe(0n);
      expect(decoded.attribute).toBe(TransactionAttribute.EVM_ABI_CODEC);
      expect(toHex(encodeTransaction(decoded))).toBe(signed.hex);
      const verified = verifyTransaction(signed.hex, suite);
      expect(verified.signer.address).toBe(signed.sender);
      expect(signed.sender).toBe(suite.address(suite.publicKey(key)));
    },
  );

  it("normalises to, amounts and input, and fills a random nonce", () => {
    const signed = signTransaction(byVersion[1], suite, key);
    const data = signed.transaction.data;
    expect(data.to).toBe("0x0102e8b6fc8cdf9626fddc1c3ea8c1e79b3fce94");
    expect(data.value).toBe("0x0");
    expect(data.maxFeePerGas).toBe("0x3b9aca00");
    expect(data.gasLimit).toBe(3_000_000n);
    expect(data.blockLimit).toBe(1_001n);
    expect(toHex(data.input)).toBe("0x4ed3885e");
    expect(data.nonce).toMatch(/^\d+$/);
    expect(signTransaction(byVersion[1], suite, key).transaction.data.nonce).not.toBe(data.nonce);
  });

  it("deploys with an empty to and carries attribute and extraData", () => {
    const signed = signTransaction({ ...byVersion[0], to: undefined, abi: "[]" }, suite, key, {
      attribute: TransactionAttribute.EVM_ABI_CODEC | TransactionAttribute.DAG,
      extraData: "memo",
    });
    const decoded = decodeTransaction(signed.bytes);
    expect(decoded.data.to).toBe("");
    expect(decoded.data.abi).toBe("[]");
    expect(decoded.attribute).toBe(5);
    expect(decoded.extraData).toBe("memo");
    expect(verifyTransaction(signed.bytes, suite).signer.address).toBe(signed.sender);
  });

  it("detects a field changed after signing", () => {
    const signed = signTransaction(byVersion[1], suite, key);
    const tampered = { ...signed.transaction, data: { ...signed.transaction.data, value: "0x1" } };
    expect(() => verifyTransaction(encodeTransaction(tampered), suite)).toThrow(FiscoHashMismatchError);
    const withoutHash = { ...tampered, dataHash: new Uint8Array(0) };
    if (suite.name === "sm") {
      expect(() => verifyTransaction(encodeTransaction(withoutHash), suite)).toThrow(FiscoSignatureError);
    } else {
      expect(verifyTransaction(encodeTransaction(withoutHash), suite).signer.address).not.toBe(signed.sender);
    }
  });
});

describe("signTransaction input checks", () => {
  const fieldError = (fields: TransactionFields, field: string) => {
    expect(() => signTransaction(fields, ecdsaSuite, key)).toThrow(
      expect.objectContaining({
        code: "FISCO_TX_FIELD_INVALID",
        details: expect.objectContaining({ field }),
      }),
    );
  };

  it("refuses value or gas fields that a version 0 hash would not cover", () => {
    fieldError({ ...base, value: 1n }, "value");
    fieldError({ ...base, gasLimit: 1 }, "gasLimit");
    fieldError({ ...base, version: 1, extension: Uint8Array.of(1) }, "extension");
  });

  it("refuses what the node refuses", () => {
    fieldError({ ...base, version: 1, value: "10" }, "value");
    fieldError({ ...base, version: 1, gasPrice: "0xzz" }, "gasPrice");
    fieldError({ ...base, blockLimit: 0 }, "blockLimit");
    fieldError({ ...base, blockLimit: 1.5 }, "blockLimit");
    fieldError({ ...base, to: "0x1234" }, "to");
    fieldError({ ...base, input: "0x123" }, "input");
    fieldError({ ...base, chainID: "" }, "chainID");
    fieldError({ ...base, nonce: "" }, "nonce");
    fieldError({ ...base, version: 3 as never }, "version");
    fieldError({ ...base, version: 1, value: -1n }, "value");
  });

  it("exposes the data it would sign", () => {
    const data = buildTransactionData({ ...base, nonce: "7" });
    expect(data.nonce).toBe("7");
    expect(data.version).toBe(0);
    expect(randomNonce()).toMatch(/^\d{1,78}$/);
  });

  it("throws typed errors for undecodable hex and bad signature lengths", () => {
    expect(() => verifyTransaction("0x123", ecdsaSuite)).toThrow(FiscoTarsError);
    expect(() => verifyTransaction("0x1a0b", ecdsaSuite)).toThrow(FiscoSignatureError);
    const signed = signTransaction(byVersion[0], ecdsaSuite, key);
    const short = { ...signed.transaction, signature: signed.transaction.signature.subarray(0, 64) };
    expect(() => verifyTransaction(encodeTransaction(short), ecdsaSuite)).toThrow(FiscoSignatureError);
    expect(() => signTransaction(byVersion[0], ecdsaSuite, "0x00")).toThrow(
      expect.objectContaining({ code: "FISCO_KEY_INVALID" }),
    );
  });

  it("reports unhashed fields of a decoded transaction", () => {
    const signed = signTransaction(byVersion[0], ecdsaSuite, key);
    const injected = { ...signed.transaction, data: { ...signed.transaction.data, value: "0x100" } };
    const verified = verifyTransaction(encodeTransaction(injected), ecdsaSuite);
    expect(verified.signer.address).toBe(signed.sender);
    expect(verified.unhashedFields).toEqual(["value"]);
  });
});
