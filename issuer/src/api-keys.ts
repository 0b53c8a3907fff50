import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { CredentialType } from "@permitchain/schemas";
import type { ApiKeyConfig } from "./config.js";

/** Prefix of the keys `generateApiKey` makes (so that a leaked key is recognisable in logs and scanners). */
export const API_KEY_PREFIX = "pck_";

/** An authenticated operator: who holds the key, and what it may do. */
export interface Operator {
  readonly id: string;
  /** Issuer DIDs (as configured) the operator may act for. */
  readonly issuers: readonly string[];
  readonly types: readonly CredentialType[];
}

/** Whether `operator` may act for `issuerDid` on credentials of `type`. */
export function operatorMay(operator: Operator, issuerDid: string, type: string): boolean {
  const did = issuerDid.toLowerCase();
  return (
    operator.issuers.some((allowed) => allowed.toLowerCase() === did) &&
    (operator.types as readonly string[]).includes(type)
  );
}

/** A new API key: the prefix and 32 random bytes in base64url (256 bits of entropy). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * The stored form of an API key: `sha256:<hex>`. A plain SHA-256 is enough for keys of 256 random bits (no
 * dictionary to try); a password-style KDF would only slow every request down.
 */
export function hashApiKey(key: string): string {
  return `sha256:${createHash("sha256").update(key, "utf8").digest("hex")}`;
}

/** Checks bearer keys against the configured hashes. */
export class ApiKeyStore {
  readonly #entries: readonly { digest: Buffer; operator: Operator }[];

  constructor(keys: readonly ApiKeyConfig[]) {
    this.#entries = keys.map((key) => ({
      digest: Buffer.from(key.keyHash.slice("sha256:".length), "hex"),
      operator: Object.freeze({ id: key.operator, issuers: [...key.issuers], types: [...key.types] }),
    }));
  }

  /**
   * The operator whose key `authorization` (`Bearer <key>`) carries, or undefined. Every configured hash is
   * compared in constant time, whether or not an earlier one matched.
   */
  authenticate(authorization: string | undefined): Operator | undefined {
    if (authorization === undefined) return undefined;
    const match = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(authorization);
    if (match === null) return undefined;
    const digest = createHash("sha256").update(match[1]!, "utf8").digest();
    let found: Operator | undefined;
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, digest) && found === undefined) found = entry.operator;
    }
    return found;
  }
}
