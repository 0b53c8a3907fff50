/**
 * SM2 digital signatures (GB/T 32918.2-2016) over the recommended curve sm2p256v1 (GB/T 32918.5), built on
 * @noble/curves' short-Weierstrass point arithmetic and our SM3. FISCO BCOS SM chains sign the 32-byte
 * transaction data hash as the message M, with e = SM3(Z_A || M) and the default user id
 * "1234567812345678"; the signature travels as r(32) | s(32) | publicKey(64).
 */
import { invert, mod } from "@noble/curves/abstract/modular.js";
import { type WeierstrassPoint, weierstrassN } from "@noble/curves/abstract/weierstrass.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { bigIntToBytes32, bytesToBigInt, concatBytes, toHex } from "./bytes.js";
import { FiscoKeyError, FiscoSignatureError } from "./errors.js";
import { sm3 } from "./sm3.js";

/** Domain parameters of sm2p256v1 (GB/T 32918.5-2017). */
export const SM2_CURVE: Readonly<Record<"p" | "a" | "b" | "n" | "h" | "Gx" | "Gy", bigint>> = Object.freeze({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

/** The default SM2 user id (GM/T 0009), used by FISCO BCOS: ASCII "1234567812345678". */
export const SM2_DEFAULT_USER_ID: Uint8Array = new TextEncoder().encode("1234567812345678");

const Point = weierstrassN<bigint>(SM2_CURVE);
const N = SM2_CURVE.n;

export interface Sm2Options {
  /** Signer's distinguishing identifier for Z_A; defaults to {@link SM2_DEFAULT_USER_ID}. */
  userId?: Uint8Array;
}

export interface Sm2SignOptions extends Sm2Options {
  /** Source of randomness for the per-signature nonce k; defaults to the platform CSPRNG. Tests only. */
  randomBytes?: (length: number) => Uint8Array;
}

function privateScalar(privateKey: Uint8Array): bigint {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) {
    throw new FiscoKeyError("SM2 private key must be 32 bytes", { details: { length: privateKey?.length } });
  }
  const d = bytesToBigInt(privateKey);
  // d = n-1 would make (1 + d) non-invertible, so the valid range is [1, n-2].
  if (d < 1n || d > N - 2n) throw new FiscoKeyError("SM2 private key out of range [1, n-2]");
  return d;
}

function publicPoint(publicKey: Uint8Array): WeierstrassPoint<bigint> {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 64) {
    throw new FiscoKeyError("SM2 public key must be 64 bytes (x | y)", {
      details: { length: publicKey?.length },
    });
  }
  try {
    const point = Point.fromAffine({
      x: bytesToBigInt(publicKey.subarray(0, 32)),
      y: bytesToBigInt(publicKey.subarray(32)),
    });
    point.assertValidity();
    return point;
  } catch (cause) {
    throw new FiscoKeyError("SM2 public key is not a point of sm2p256v1", { cause });
  }
}

function pointBytes(point: WeierstrassPoint<bigint>): Uint8Array {
  const { x, y } = point.toAffine();
  return concatBytes(bigIntToBytes32(x), bigIntToBytes32(y));
}

/** The 64-byte public key x | y of an SM2 private key. */
export function sm2PublicKey(privateKey: Uint8Array): Uint8Array {
  return pointBytes(Point.BASE.multiply(privateScalar(privateKey)));
}

/** FISCO BCOS SM address of a 64-byte public key: the last 20 bytes of SM3(x | y), lower-case 0x hex. */
export function sm2Address(publicKey: Uint8Array): string {
  publicPoint(publicKey);
  return toHex(sm3(publicKey).subarray(12));
}

/** Z_A = SM3(ENTL_A | ID_A | a | b | xG | yG | xA | yA) for a 64-byte public key. */
export function sm2Za(publicKey: Uint8Array, userId: Uint8Array = SM2_DEFAULT_USER_ID): Uint8Array {
  const bits = userId.length * 8;
  if (bits > 0xffff) throw new FiscoKeyError("SM2 user id longer than 8191 bytes");
  return sm3(
    Uint8Array.of(bits >>> 8, bits & 0xff),
    userId,
    bigIntToBytes32(SM2_CURVE.a),
    bigIntToBytes32(SM2_CURVE.b),
    bigIntToBytes32(SM2_CURVE.Gx),
    bigIntToBytes32(SM2_CURVE.Gy),
    publicKey,
  );
}

function digest(message: Uint8Array, publicKey: Uint8Array, userId: Uint8Array | undefined): bigint {
  return bytesToBigInt(sm3(sm2Za(publicKey, userId), message));
}

/** Uniform scalar in [1, n-1] from 40 random bytes (bias below 2^-64). */
function randomScalar(source: (length: number) => Uint8Array): bigint {
  return mod(bytesToBigInt(source(40)), N - 1n) + 1n;
}

/**
 * Signs `message` (for FISCO transactions: the 32-byte data hash) with a fresh random k from the CSPRNG.
 * Returns r(32) | s(32).
 */
export function sm2Sign(
  message: Uint8Array,
  privateKey: Uint8Array,
  options: Sm2SignOptions = {},
): Uint8Array {
  const d = privateScalar(privateKey);
  const e = digest(message, pointBytes(Point.BASE.multiply(d)), options.userId);
  const source = options.randomBytes ?? randomBytes;
  const dInv = invert(1n + d, N);
  for (;;) {
    const k = randomScalar(source);
    const x1 = Point.BASE.multiply(k).toAffine().x;
    const r = mod(e + x1, N);
    if (r === 0n || r + k === N) continue;
    const s = mod(dInv * (k - r * d), N);
    if (s === 0n) continue;
    return concatBytes(bigIntToBytes32(r), bigIntToBytes32(s));
  }
}

/**
 * Verifies r(32) | s(32) over `message` for a 64-byte public key. Returns false for a signature that does
 * not verify; throws {@link FiscoSignatureError} for a signature of the wrong length and
 * {@link FiscoKeyError} for a public key that is not on the curve.
 */
export function sm2Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  options: Sm2Options = {},
): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new FiscoSignatureError("SM2 signature must be 64 bytes (r | s)", {
      details: { length: signature?.length },
    });
  }
  const P = publicPoint(publicKey);
  const r = bytesToBigInt(signature.subarray(0, 32));
  const s = bytesToBigInt(signature.subarray(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const e = digest(message, publicKey, options.userId);
  const sum = Point.BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(t));
  if (sum.is0()) return false;
  return mod(e + sum.toAffine().x, N) === r;
}
