/**
 * Signatures of FISCO BCOS native transactions and the two crypto suites:
 *
 * - "ecdsa": keccak256 hashes, secp256k1 signatures r(32) | s(32) | v(1) with v the recovery id in {0, 1};
 *   the signer is recovered from the signature; address = keccak256(pub64)[12:].
 * - "sm": SM3 hashes, SM2 signatures r(32) | s(32) | pub(64) over e = SM3(Z_A | dataHash) with the default
 *   user id; the signer's key travels in the signature and is verified; address = SM3(pub64)[12:].
 *
 * Public keys are the 64 bytes x | y without the 0x04 prefix.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { concatBytes, parseHex, toHex } from "./bytes.js";
import { FiscoKeyError, FiscoSignatureError, FiscoTransactionFieldError } from "./errors.js";
import { sm2Address, sm2PublicKey, sm2Sign, sm2Verify } from "./sm2.js";
import { sm3 } from "./sm3.js";

/** A 32-byte private key, as bytes or as hex (with or without 0x). */
export type PrivateKeyInput = Uint8Array | string;

export type CryptoSuiteName = "ecdsa" | "sm";

export interface TransactionSigner {
  /** 64-byte public key x | y. */
  publicKey: Uint8Array;
  /** Lower-case 0x address. */
  address: string;
}

export interface CryptoSuite {
  readonly name: CryptoSuiteName;
  /** Length of a signature in bytes: 65 (ecdsa) or 128 (sm). */
  readonly signatureLength: number;
  /** keccak256 or SM3. */
  hash(bytes: Uint8Array): Uint8Array;
  /** 64-byte public key x | y of a private key. */
  publicKey(privateKey: PrivateKeyInput): Uint8Array;
  /** Signs a 32-byte data hash in the suite's wire format. */
  sign(dataHash: Uint8Array, privateKey: PrivateKeyInput): Uint8Array;
  /**
   * The signer of `signature` over the 32-byte `dataHash`: recovered (ecdsa) or carried and verified (sm).
   * Throws {@link FiscoSignatureError} when the signature is malformed or does not verify.
   */
  recoverOrVerify(dataHash: Uint8Array, signature: Uint8Array): TransactionSigner;
  /** Address of a 64-byte public key. */
  address(publicKey: Uint8Array): string;
}

/** The 32 bytes of a private key given as bytes or hex. Throws {@link FiscoKeyError}. */
export function privateKeyBytes(privateKey: PrivateKeyInput): Uint8Array {
  const bytes = typeof privateKey === "string" ? parseHex(privateKey) : privateKey;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new FiscoKeyError("Private key must be 32 bytes (or 64 hex digits)");
  }
  return bytes;
}

function assertDataHash(dataHash: Uint8Array): void {
  if (!(dataHash instanceof Uint8Array) || dataHash.length !== 32) {
    throw new FiscoSignatureError("Data hash must be 32 bytes", { details: { length: dataHash?.length } });
  }
}

function assertSignatureLength(signature: Uint8Array, expected: number, suite: CryptoSuiteName): void {
  if (!(signature instanceof Uint8Array) || signature.length !== expected) {
    throw new FiscoSignatureError(`${suite} signature must be ${expected} bytes`, {
      details: { length: signature?.length, expected },
    });
  }
}

function secpScalar(privateKey: PrivateKeyInput): Uint8Array {
  const bytes = privateKeyBytes(privateKey);
  if (!secp256k1.utils.isValidSecretKey(bytes))
    throw new FiscoKeyError("secp256k1 private key out of range [1, n-1]");
  return bytes;
}

/** 64-byte secp256k1 public key x | y of a private key. */
export function secp256k1PublicKey(privateKey: PrivateKeyInput): Uint8Array {
  return secp256k1.getPublicKey(secpScalar(privateKey), false).subarray(1);
}

/** FISCO BCOS ECDSA address of a 64-byte public key: keccak256(x | y)[12:], lower-case 0x hex. */
export function secp256k1Address(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 64) {
    throw new FiscoKeyError("secp256k1 public key must be 64 bytes (x | y)");
  }
  try {
    secp256k1.Point.fromBytes(concatBytes(Uint8Array.of(4), publicKey)).assertValidity();
  } catch (cause) {
    throw new FiscoKeyError("secp256k1 public key is not a point of the curve", { cause });
  }
  return toHex(keccak_256(publicKey).subarray(12));
}

/** Deterministic (RFC 6979) low-s secp256k1 signature r | s | v over a 32-byte hash, v in {0, 1}. */
export function secp256k1Sign(dataHash: Uint8Array, privateKey: PrivateKeyInput): Uint8Array {
  assertDataHash(dataHash);
  const key = secpScalar(privateKey);
  // A recovery id of 2 or 3 (r overflowed n) has probability ~2^-128 and no FISCO encoding: re-sign with
  // fresh entropy in that case.
  for (let attempt = 0; ; attempt++) {
    const sig = secp256k1.sign(dataHash, key, { lowS: true, prehash: false, extraEntropy: attempt > 0 });
    if (sig.recovery === 0 || sig.recovery === 1) {
      return concatBytes(sig.toBytes("compact"), Uint8Array.of(sig.recovery));
    }
  }
}

/** Recovers the 64-byte public key from r | s | v (v in {0, 1}) over a 32-byte hash. */
export function secp256k1Recover(dataHash: Uint8Array, signature: Uint8Array): Uint8Array {
  assertDataHash(dataHash);
  assertSignatureLength(signature, 65, "ecdsa");
  const v = signature[64]!;
  if (v !== 0 && v !== 1) {
    throw new FiscoSignatureError(`secp256k1 recovery id must be 0 or 1, got ${v}`, { details: { v } });
  }
  try {
    const sig = secp256k1.Signature.fromBytes(signature.subarray(0, 64), "compact").addRecoveryBit(v);
    return sig.recoverPublicKey(dataHash).toBytes(false).subarray(1);
  } catch (cause) {
    throw new FiscoSignatureError("secp256k1 signature does not recover a public key", { cause });
  }
}

export const ecdsaSuite: CryptoSuite = Object.freeze({
  name: "ecdsa",
  signatureLength: 65,
  hash: (bytes: Uint8Array) => keccak_256(bytes),
  publicKey: secp256k1PublicKey,
  sign: secp256k1Sign,
  recoverOrVerify(dataHash: Uint8Array, signature: Uint8Array): TransactionSigner {
    const publicKey = secp256k1Recover(dataHash, signature);
    return { publicKey, address: toHex(keccak_256(publicKey).subarray(12)) };
  },
  address: secp256k1Address,
});

export const smSuite: CryptoSuite = Object.freeze({
  name: "sm",
  signatureLength: 128,
  hash: (bytes: Uint8Array) => sm3(bytes),
  publicKey: (privateKey: PrivateKeyInput) => sm2PublicKey(privateKeyBytes(privateKey)),
  sign(dataHash: Uint8Array, privateKey: PrivateKeyInput): Uint8Array {
    assertDataHash(dataHash);
    const key = privateKeyBytes(privateKey);
    return concatBytes(sm2Sign(dataHash, key), sm2PublicKey(key));
  },
  recoverOrVerify(dataHash: Uint8Array, signature: Uint8Array): TransactionSigner {
    assertDataHash(dataHash);
    assertSignatureLength(signature, 128, "sm");
    const publicKey = signature.slice(64);
    let valid: boolean;
    try {
      valid = sm2Verify(dataHash, signature.subarray(0, 64), publicKey);
    } catch (cause) {
      throw new FiscoSignatureError("SM2 signature carries an invalid public key", { cause });
    }
    if (!valid) throw new FiscoSignatureError("SM2 signature does not verify");
    return { publicKey, address: sm2Address(publicKey) };
  },
  address: sm2Address,
});

/** The crypto suite of an ECDSA ("ecdsa") or SM ("sm") chain. */
export function cryptoSuite(name: CryptoSuiteName): CryptoSuite {
  if (name === "ecdsa") return ecdsaSuite;
  if (name === "sm") return smSuite;
  throw new FiscoTransactionFieldError(`Unknown crypto suite ${String(name)}`, {
    details: { field: "suite" },
  });
}
