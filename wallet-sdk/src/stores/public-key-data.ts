import type { IKey } from "@veramo/core";

/** A key's public data only (kid, type, public key, KMS, meta): no private key material in a clear store. */
export function publicOnly(key: Partial<IKey>): IKey {
  const { privateKeyHex: _, ...rest } = key;
  return rest as IKey;
}
