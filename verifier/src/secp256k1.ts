// secp256k1 primitives of the signature check: native verification (node's OpenSSL), key recovery (ethers'
// noble, only when a key is not known yet), addresses and public-key encodings.
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { computeAddress, SigningKey } from "ethers";

/** The curve order n, and n / 2: a signature with s above it is the "high-S" twin of a low-S one. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_ORDER = CURVE_ORDER >> 1n;

/** DER prefix of a SubjectPublicKeyInfo for an uncompressed secp256k1 point (id-ecPublicKey, secp256k1). */
const SPKI_PREFIX = Buffer.from("3056301006072a8648ce3d020106052b8104000a034200", "hex");

/** `0x04 | x | y`, 65 bytes, as lower-case hex without 0x: the one form keys are compared and cached in. */
export type UncompressedKeyHex = string;

/** SPKI DER of an uncompressed public key (65 bytes starting with 0x04). */
export function spkiOf(uncompressed: Buffer): Buffer {
  return Buffer.concat([SPKI_PREFIX, uncompressed]);
}

/** A KeyObject for node's native verification; throws for a point that is not on the curve. */
export function keyObjectOf(uncompressedHex: UncompressedKeyHex): KeyObject {
  return createPublicKey({ key: spkiOf(Buffer.from(uncompressedHex, "hex")), format: "der", type: "spki" });
}

/** Lower-case Ethereum address of a public key. */
export function addressOf(uncompressedHex: UncompressedKeyHex): string {
  return computeAddress(`0x${uncompressedHex}`).toLowerCase();
}

/**
 * Native ECDSA verification of `signature` (r|s, 64 bytes; high S accepted, as did-jwt does) over
 * SHA-256(`signingInput`). Never throws.
 */
export function verifyNative(key: KeyObject, signingInput: string | Buffer, signature: Buffer): boolean {
  try {
    return verify(
      "sha256",
      typeof signingInput === "string" ? Buffer.from(signingInput, "latin1") : signingInput,
      { key, dsaEncoding: "ieee-p1363" },
      signature.length === 64 ? signature : signature.subarray(0, 64),
    );
  } catch {
    return false;
  }
}

/**
 * The public keys `signature` may have been made with over SHA-256(`signingInput`), lazily: for ES256K-R the one
 * its recovery byte names (0/1 or 27/28), for ES256K both candidates, one after the other. Each costs one
 * secp256k1 recovery (about a millisecond): use it only for keys not known yet. Never throws; a signature that
 * recovers nothing yields nothing.
 */
export function* recoverPublicKeys(signingInput: string, signature: Buffer): Generator<UncompressedKeyHex> {
  const r = BigInt(`0x${signature.subarray(0, 32).toString("hex")}`);
  let s = BigInt(`0x${signature.subarray(32, 64).toString("hex")}`);
  if (r === 0n || s === 0n || r >= CURVE_ORDER || s >= CURVE_ORDER) return;
  let parities: number[];
  if (signature.length === 65) {
    const v = signature[64]!;
    const parity = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : -1;
    if (parity < 0) return;
    parities = [parity];
  } else parities = [0, 1];
  // ethers refuses high S: recover with its low-S twin, whose recovery parity is the other one
  const high = s > HALF_ORDER;
  if (high) s = CURVE_ORDER - s;
  const digest = createHash("sha256").update(signingInput, "latin1").digest();
  for (const parity of parities) {
    let recovered: string;
    try {
      recovered = SigningKey.recoverPublicKey(digest, {
        r: `0x${r.toString(16).padStart(64, "0")}`,
        s: `0x${s.toString(16).padStart(64, "0")}`,
        yParity: (high ? 1 - parity : parity) as 0 | 1,
      });
    } catch {
      continue; // no point for this parity
    }
    yield recovered.slice(2).toLowerCase();
  }
}

const HEX = /^(?:0x)?([0-9a-fA-F]*)$/;

/** A public key from hex: 33 bytes compressed, 65 bytes uncompressed, or 64 bytes x|y. Undefined if none. */
export function uncompressedFromHex(hex: string): UncompressedKeyHex | undefined {
  const match = HEX.exec(hex);
  if (match === null) return undefined;
  const digits = match[1]!.toLowerCase();
  try {
    if (digits.length === 66 && (digits.startsWith("02") || digits.startsWith("03"))) {
      return SigningKey.computePublicKey(`0x${digits}`, false).slice(2).toLowerCase();
    }
    if (digits.length === 130 && digits.startsWith("04")) {
      // computePublicKey checks that the point is on the curve
      return SigningKey.computePublicKey(`0x${digits}`, false).slice(2).toLowerCase();
    }
    if (digits.length === 128)
      return SigningKey.computePublicKey(`0x04${digits}`, false).slice(2).toLowerCase();
  } catch {
    return undefined;
  }
  return undefined;
}

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Bitcoin base58 to bytes; undefined for a character outside the alphabet. */
export function decodeBase58(text: string): Buffer | undefined {
  if (text.length > 200) return undefined;
  let value = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  let hex = value === 0n ? "" : value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex, "hex")]);
}
