/**
 * The official FISCO BCOS 3.x transaction vectors (../shared/fixtures/fisco-bcos-tx-vectors.json): decode,
 * recompute the data hash, recover or verify the signer, and re-encode byte for byte.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseHex, toHex } from "./bytes.js";
import { transactionDataHash } from "./hash.js";
import { verifyTransaction } from "./sign-transaction.js";
import { ecdsaSuite, smSuite } from "./signature.js";
import { decodeTransaction, encodeTransaction } from "./transaction.js";

interface Vector {
  name: string;
  txHex: string;
  decoded: {
    version: number;
    chainID: string;
    groupID: string;
    blockLimit: number;
    nonce: string;
    to: string;
    inputHex: string;
    abi: string;
    value?: string;
    gasPrice?: string;
    attribute?: number;
  };
  dataHash: string;
  signature: string;
  crypto: string;
  recoveredSender?: string;
  recoveredPubKey?: string;
  signerPubKey?: string;
  signerAddress?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL("../../../../shared/fixtures/fisco-bcos-tx-vectors.json", import.meta.url), "utf8"),
) as Vector[];

describe.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, vector) => {
  const suite = vector.crypto.startsWith("SM2") ? smSuite : ecdsaSuite;
  const bytes = parseHex(vector.txHex)!;

  it("decodes to the published fields", () => {
    const tx = decodeTransaction(bytes);
    const d = vector.decoded;
    expect(tx.data.version).toBe(d.version);
    expect(tx.data.chainID).toBe(d.chainID);
    expect(tx.data.groupID).toBe(d.groupID);
    expect(tx.data.blockLimit).toBe(BigInt(d.blockLimit));
    expect(tx.data.nonce).toBe(d.nonce);
    expect(tx.data.to).toBe(d.to);
    expect(toHex(tx.data.input)).toBe(d.inputHex);
    expect(tx.data.abi).toBe(d.abi);
    expect(tx.data.value).toBe(d.value ?? "");
    expect(tx.data.gasPrice).toBe(d.gasPrice ?? "");
    expect(tx.data.gasLimit).toBe(0n);
    expect(tx.attribute).toBe(d.attribute ?? 0);
    expect(tx.importTime).toBe(0n);
    expect(toHex(tx.dataHash)).toBe(vector.dataHash);
    expect(toHex(tx.signature)).toBe(vector.signature);
  });

  it("recomputes the data hash from the fields", () => {
    const tx = decodeTransaction(bytes);
    expect(toHex(transactionDataHash(tx.data, suite.hash))).toBe(vector.dataHash);
  });

  it("recovers or verifies the signer", () => {
    const verified = verifyTransaction(vector.txHex, suite);
    expect(toHex(verified.dataHash)).toBe(vector.dataHash);
    expect(verified.signer.address).toBe(vector.recoveredSender ?? vector.signerAddress);
    expect(toHex(verified.signer.publicKey)).toBe(vector.recoveredPubKey ?? vector.signerPubKey);
    expect(verified.unhashedFields).toEqual([]);
  });

  it("re-encodes to the same bytes", () => {
    expect(toHex(encodeTransaction(decodeTransaction(bytes)))).toBe(vector.txHex);
  });

  it("does not verify under the other crypto suite", () => {
    const other = suite === smSuite ? ecdsaSuite : smSuite;
    expect(() => verifyTransaction(bytes, other)).toThrow(
      expect.objectContaining({
        code: expect.stringMatching(/^FISCO_(TX_HASH_MISMATCH|SIGNATURE_INVALID)$/),
      }),
    );
  });

  it("throws only typed TARS errors on every truncation", () => {
    for (let length = 0; length < bytes.length; length++) {
      try {
        decodeTransaction(bytes.subarray(0, length));
      } catch (error) {
        expect((error as { code?: string }).code, `length ${length}`).toBe("FISCO_TARS_MALFORMED");
      }
    }
  });

  it("throws only typed TARS errors on single-byte corruptions", () => {
    for (let i = 0; i < Math.min(bytes.length, 400); i++) {
      for (const flip of [0x01, 0x10, 0x80, 0xff]) {
        const corrupt = bytes.slice();
        corrupt[i]! ^= flip;
        try {
          decodeTransaction(corrupt);
        } catch (error) {
          expect((error as { code?: string }).code, `byte ${i} ^ ${flip}`).toBe("FISCO_TARS_MALFORMED");
        }
      }
    }
  });
});
