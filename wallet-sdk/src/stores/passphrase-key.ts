import { createHash, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters, stored with the data so that a store opens with the parameters it was made with. */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. Default 2^17 (128 MiB with r = 8), OWASP's recommendation. */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParameters> = { N: 2 ** 17, r: 8, p: 1 };

/** Bytes of random salt per store. */
export const SALT_BYTES = 16;

/** What a passphrase yields with a salt: the AES-256 key, and a check value that is safe to store. */
export interface PassphraseKey {
  /** 32 bytes: the encryption key. */
  readonly key: Buffer;
  /**
   * SHA-256 of the other 32 bytes of the scrypt output: stored beside the data, it tells a wrong passphrase
   * from damaged data without revealing anything about the key.
   */
  readonly check: Buffer;
}

/** Derives 64 bytes with scrypt from the NFKC-normalised passphrase: the key, then the check's input. */
export function derivePassphraseKey(
  passphrase: string,
  salt: Uint8Array,
  kdf: ScryptParameters,
): Promise<PassphraseKey> {
  const options: ScryptOptions = {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 64 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize("NFKC"), salt, 64, options, (error, derived) => {
      if (error) {
        reject(error);
        return;
      }
      const check = createHash("sha256").update(derived.subarray(32)).digest();
      resolve({ key: Buffer.from(derived.subarray(0, 32)), check });
    });
  });
}

/** True when the stored check value is the one the passphrase gives (constant time). */
export function checkMatches(stored: Uint8Array, derived: PassphraseKey): boolean {
  return stored.length === derived.check.length && timingSafeEqual(stored, derived.check);
}

/** True for cost parameters scrypt accepts: N a power of two above 1, r and p positive integers. */
export function isScryptParameters(kdf: { N: unknown; r: unknown; p: unknown }): kdf is ScryptParameters {
  const positive = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
  return (
    positive(kdf.N) && kdf.N > 1 && Number.isInteger(Math.log2(kdf.N)) && positive(kdf.r) && positive(kdf.p)
  );
}
