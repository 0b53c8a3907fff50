import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { concatBytes, parseHex, toHex } from "./bytes.js";
import { FiscoKeyError, FiscoSignatureError } from "./errors.js";
import {
  cryptoSuite,
  ecdsaSuite,
  privateKeyBytes,
  secp256k1Address,
  secp256k1PublicKey,
  secp256k1Recover,
  secp256k1Sign,
  smSuite,
} from "./signature.js";
import { sm3 } from "./sm3.js";

const key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const dataHash = keccak_256(new TextEncoder().encode("data"));

function signatureError(fn: () => unknown): void {
  expect(fn).toThrow(FiscoSignatureError);
  expect(fn).toThrow(expect.objectContaining({ code: "FISCO_SIGNATURE_INVALID" }));
}

describe("secp256k1 r|s|v", () => {
  it("signs deterministically with low s and v in {0, 1}, and recovers the key", () => {
    const signature = secp256k1Sign(dataHash, key);
    expect(signature).toHaveLength(65);
    expect(secp256k1Sign(dataHash, key)).toEqual(signature);
    expect([0, 1]).toContain(signature[64]);
    const s = BigInt(toHex(signature.subarray(32, 64)));
    expect(s <= secp256k1.CURVE.n / 2n).toBe(true);
    expect(secp256k1Recover(dataHash, signature)).toEqual(secp256k1PublicKey(key));
  });

  it("derives the Ethereum-style address keccak256(pub64)[12:]", () => {
    // The well-known key of the web3.js documentation.
    expect(secp256k1Address(secp256k1PublicKey(key))).toBe("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
  });

  it("refuses v other than 0 or 1", () => {
    const signature = secp256k1Sign(dataHash, key);
    for (const v of [2, 3, 27, 28]) {
      const wrong = signature.slice();
      wrong[64] = v;
      signatureError(() => secp256k1Recover(dataHash, wrong));
    }
  });

  it("refuses signatures of the wrong length and r or s out of range", () => {
    const signature = secp256k1Sign(dataHash, key);
    signatureError(() => secp256k1Recover(dataHash, signature.subarray(0, 64)));
    signatureError(() => secp256k1Recover(dataHash, concatBytes(signature, Uint8Array.of(0))));
    const zeroR = signature.slice();
    zeroR.fill(0, 0, 32);
    signatureError(() => secp256k1Recover(dataHash, zeroR));
    const bigS = signature.slice();
    bigS.fill(0xff, 32, 64);
    signatureError(() => secp256k1Recover(dataHash, bigS));
    signatureError(() => secp256k1Recover(dataHash.subarray(0, 31), signature));
  });

  it("recovers another key from a different hash (recovery cannot fail silently to the signer)", () => {
    const signature = secp256k1Sign(dataHash, key);
    const other = keccak_256(dataHash);
    let recovered: Uint8Array | undefined;
    try {
      recovered = secp256k1Recover(other, signature);
    } catch (error) {
      expect(error).toBeInstanceOf(FiscoSignatureError);
    }
    if (recovered) expect(recovered).not.toEqual(secp256k1PublicKey(key));
  });

  it("refuses bad private keys", () => {
    expect(() => secp256k1PublicKey("0x1234")).toThrow(FiscoKeyError);
    expect(() => secp256k1PublicKey(new Uint8Array(32))).toThrow(FiscoKeyError);
    expect(() => secp256k1Sign(dataHash, "zz".repeat(32))).toThrow(FiscoKeyError);
    expect(() => privateKeyBytes(new Uint8Array(33))).toThrow(FiscoKeyError);
    expect(() => secp256k1Address(new Uint8Array(64))).toThrow(FiscoKeyError);
  });
});

describe("crypto suites", () => {
  it.each([ecdsaSuite, smSuite])("$name: sign then recoverOrVerify gives the signer", (suite) => {
    const hash = suite.hash(new TextEncoder().encode("payload"));
    const signature = suite.sign(hash, key);
    expect(signature).toHaveLength(suite.signatureLength);
    const signer = suite.recoverOrVerify(hash, signature);
    expect(signer.publicKey).toEqual(suite.publicKey(key));
    expect(signer.address).toBe(suite.address(suite.publicKey(key)));
    expect(signer.address).toMatch(/^0x[0-9a-f]{40}$/);
  });

  it.each([ecdsaSuite, smSuite])("$name: a tampered signature or hash is refused", (suite) => {
    const hash = suite.hash(new TextEncoder().encode("payload"));
    const signature = suite.sign(hash, key);
    if (suite.name === "sm") {
      const tampered = signature.slice();
      tampered[10]! ^= 1;
      signatureError(() => suite.recoverOrVerify(hash, tampered));
      signatureError(() => suite.recoverOrVerify(suite.hash(hash), signature));
    } else {
      const signer = suite.recoverOrVerify(suite.hash(hash), signature);
      expect(signer.address).not.toBe(suite.address(suite.publicKey(key)));
    }
    signatureError(() => suite.recoverOrVerify(hash, signature.subarray(1)));
  });

  it("sm: the signature is r|s|pub64 and a foreign or invalid embedded key is refused", () => {
    const signature = smSuite.sign(dataHash, key);
    expect(signature.subarray(64)).toEqual(smSuite.publicKey(key));
    const foreign = concatBytes(signature.subarray(0, 64), smSuite.publicKey(parseHex("11".repeat(32))!));
    signatureError(() => smSuite.recoverOrVerify(dataHash, foreign));
    const offCurve = signature.slice();
    offCurve[127]! ^= 1;
    signatureError(() => smSuite.recoverOrVerify(dataHash, offCurve));
  });

  it("hash functions are keccak256 and SM3", () => {
    const bytes = new TextEncoder().encode("abc");
    expect(ecdsaSuite.hash(bytes)).toEqual(keccak_256(bytes));
    expect(smSuite.hash(bytes)).toEqual(sm3(bytes));
    expect(cryptoSuite("ecdsa")).toBe(ecdsaSuite);
    expect(cryptoSuite("sm")).toBe(smSuite);
  });
});
