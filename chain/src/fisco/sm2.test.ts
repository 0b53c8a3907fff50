import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bigIntToBytes32, concatBytes, parseHex } from "./bytes.js";
import { FiscoKeyError, FiscoSignatureError } from "./errors.js";
import {
  SM2_CURVE,
  SM2_DEFAULT_USER_ID,
  sm2Address,
  sm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm2Za,
} from "./sm2.js";
import { sm3 } from "./sm3.js";

interface Vector {
  dataHash: string;
  signature: string;
  signerPubKey?: string;
  signerAddress?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL("../../../../shared/fixtures/fisco-bcos-tx-vectors.json", import.meta.url), "utf8"),
) as Vector[];
const smVector = vectors[2]!;
const hex = (text: string) => parseHex(text)!;

const privateKey = hex("3945208f7b2144b13f36ce38a3ef0d0f9bdb1a6a43bea7a10c0a3e4b0c1f2d5e");
const message = sm3(new TextEncoder().encode("PermitChain"));

describe("sm2 against the FISCO BCOS SM vector", () => {
  const signature = hex(smVector.signature);
  const publicKey = signature.slice(64);

  it("verifies r|s over the 32-byte data hash with the key carried in the signature", () => {
    expect(publicKey).toEqual(hex(smVector.signerPubKey!));
    expect(sm2Verify(hex(smVector.dataHash), signature.subarray(0, 64), publicKey)).toBe(true);
  });

  it("does not verify over the hash's hex text (the message is the raw hash bytes)", () => {
    const text = new TextEncoder().encode(smVector.dataHash.slice(2));
    expect(sm2Verify(text, signature.subarray(0, 64), publicKey)).toBe(false);
  });

  it("does not verify with another user id", () => {
    const userId = new TextEncoder().encode("ALICE123@YAHOO.COM");
    expect(sm2Verify(hex(smVector.dataHash), signature.subarray(0, 64), publicKey, { userId })).toBe(false);
  });

  it("derives the signer address as SM3(pub64)[12:]", () => {
    expect(sm2Address(publicKey)).toBe(smVector.signerAddress);
  });
});

describe("sm2 sign and verify", () => {
  it("round-trips, with a fresh k each time", () => {
    const publicKey = sm2PublicKey(privateKey);
    const a = sm2Sign(message, privateKey);
    const b = sm2Sign(message, privateKey);
    expect(a).toHaveLength(64);
    expect(a).not.toEqual(b);
    expect(sm2Verify(message, a, publicKey)).toBe(true);
    expect(sm2Verify(message, b, publicKey)).toBe(true);
  });

  it("rejects another message, a tampered signature and another key", () => {
    const publicKey = sm2PublicKey(privateKey);
    const signature = sm2Sign(message, privateKey);
    expect(sm2Verify(sm3(message), signature, publicKey)).toBe(false);
    const tampered = signature.slice();
    tampered[40]! ^= 1;
    expect(sm2Verify(message, tampered, publicKey)).toBe(false);
    const other = sm2PublicKey(hex("01".repeat(32)));
    expect(sm2Verify(message, signature, other)).toBe(false);
  });

  it("rejects r or s of 0 or n", () => {
    const publicKey = sm2PublicKey(privateKey);
    const signature = sm2Sign(message, privateKey);
    const zeroR = signature.slice();
    zeroR.fill(0, 0, 32);
    expect(sm2Verify(message, zeroR, publicKey)).toBe(false);
    const nS = signature.slice();
    nS.set(bigIntToBytes32(SM2_CURVE.n), 32);
    expect(sm2Verify(message, nS, publicKey)).toBe(false);
  });

  it("signs with a custom user id that verification must match", () => {
    const userId = new TextEncoder().encode("permitchain@example");
    const publicKey = sm2PublicKey(privateKey);
    const signature = sm2Sign(message, privateKey, { userId });
    expect(sm2Verify(message, signature, publicKey, { userId })).toBe(true);
    expect(sm2Verify(message, signature, publicKey)).toBe(false);
  });

  it("computes Z_A with ENTL = 128 bits for the default id", () => {
    const publicKey = sm2PublicKey(privateKey);
    expect(SM2_DEFAULT_USER_ID).toEqual(new TextEncoder().encode("1234567812345678"));
    const expected = sm3(
      Uint8Array.of(0x00, 0x80),
      SM2_DEFAULT_USER_ID,
      ...[SM2_CURVE.a, SM2_CURVE.b, SM2_CURVE.Gx, SM2_CURVE.Gy].map(bigIntToBytes32),
      publicKey,
    );
    expect(sm2Za(publicKey)).toEqual(expected);
  });

  it("throws typed errors for bad keys and signature lengths", () => {
    expect(() => sm2PublicKey(new Uint8Array(31))).toThrow(FiscoKeyError);
    expect(() => sm2PublicKey(new Uint8Array(32))).toThrow(FiscoKeyError);
    expect(() => sm2PublicKey(bigIntToBytes32(SM2_CURVE.n - 1n))).toThrow(FiscoKeyError);
    const publicKey = sm2PublicKey(privateKey);
    expect(() => sm2Verify(message, new Uint8Array(65), publicKey)).toThrow(FiscoSignatureError);
    const offCurve = publicKey.slice();
    offCurve[63]! ^= 1;
    expect(() => sm2Verify(message, new Uint8Array(64).fill(1), offCurve)).toThrow(FiscoKeyError);
    expect(() => sm2Address(new Uint8Array(63))).toThrow(FiscoKeyError);
  });
});

/** The SM2 private key as an OpenSSL key object (PKCS#8, id-ecPublicKey with curve 1.2.156.10197.1.301). */
function opensslKey(d: Uint8Array): KeyObject | undefined {
  const seq = (body: Uint8Array) => concatBytes(Uint8Array.of(0x30, body.length), body);
  const ecPrivateKey = seq(concatBytes(hex("020101"), Uint8Array.of(0x04, 32), d));
  const algorithm = seq(hex("06072a8648ce3d020106082a811ccf5501822d"));
  const pkcs8 = seq(
    concatBytes(hex("020100"), algorithm, Uint8Array.of(0x04, ecPrivateKey.length), ecPrivateKey),
  );
  try {
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
    sign("sm3", Buffer.from("probe"), key);
    return key;
  } catch {
    return undefined;
  }
}

function derToRaw(der: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  let offset = 2;
  for (const half of [0, 1]) {
    const length = der[offset + 1]!;
    const value = der.subarray(offset + 2, offset + 2 + length);
    const trimmed = value.subarray(Math.max(0, value.length - 32));
    out.set(trimmed, half * 32 + 32 - trimmed.length);
    offset += 2 + length;
  }
  return out;
}

function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let value = bytes.subarray(start);
    if (value[0]! & 0x80) value = concatBytes(Uint8Array.of(0), value);
    return concatBytes(Uint8Array.of(0x02, value.length), value);
  };
  const body = concatBytes(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));
  return concatBytes(Uint8Array.of(0x30, body.length), body);
}

const osslKey = opensslKey(privateKey);

// OpenSSL 3.0 (as bundled with Node 20) signs SM2 with an empty user id when none is set; that still checks
// our curve, Z_A and signing equations against an independent implementation.
describe.skipIf(osslKey === undefined)("sm2 interoperates with OpenSSL", () => {
  const key = osslKey!;
  const hello = new TextEncoder().encode("hello");
  const noId = { userId: new Uint8Array(0) };

  it("derives the same public key", () => {
    const spki = new Uint8Array(createPublicKey(key).export({ format: "der", type: "spki" }));
    expect(spki.subarray(-64)).toEqual(sm2PublicKey(privateKey));
  });

  it("verifies OpenSSL's signatures", () => {
    const raw = derToRaw(new Uint8Array(sign("sm3", hello, key)));
    expect(sm2Verify(hello, raw, sm2PublicKey(privateKey), noId)).toBe(true);
  });

  it("produces signatures OpenSSL verifies", () => {
    const raw = sm2Sign(hello, privateKey, noId);
    expect(verify("sm3", hello, createPublicKey(key), rawToDer(raw))).toBe(true);
  });
});
