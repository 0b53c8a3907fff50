import type { KeyObject } from "node:crypto";
import { LruMap } from "./cache.js";
import { addressOf, keyObjectOf, spkiOf, type UncompressedKeyHex } from "./secp256k1.js";

/** A public key ready for native verification. `id` is unique for the life of the cache (workers key on it). */
export interface KnownKey {
  readonly id: number;
  readonly publicKey: UncompressedKeyHex;
  /** Lower-case Ethereum address of the key. */
  readonly address: string;
  readonly keyObject: KeyObject;
  /** SubjectPublicKeyInfo DER, for handing the key to a worker thread. */
  readonly spki: Buffer;
}

export interface KeyCacheStats {
  keys: number;
  /** Public keys learnt from a signature (secp256k1 recovery). */
  recovered: number;
  /** Verification-method encodings decoded (hex, JWK, base58, multibase). */
  decoded: number;
}

/**
 * What the signature check knows about public keys. Everything here is a fact of mathematics, not of any DID
 * document: "this encoding is this point", "this address belongs to this point". Whether a key may sign for a
 * DID is decided afresh at every verification from the document the resolver returns then, so no key rotation,
 * revoked delegate or deactivation can be outlived by this cache; what it saves is the work (decompressing,
 * recovering, building KeyObjects), never a decision.
 */
export interface KeyCache {
  /** The key of a verification-method encoding; `decode` runs on a miss (undefined: not a secp256k1 key). */
  byMaterial(material: string, decode: () => UncompressedKeyHex | undefined): KnownKey | undefined;
  /** The key known to hash to `address` (lower case), if one has been seen. */
  byAddress(address: string): KnownKey | undefined;
  /** Registers a key (recovered from a signature, or decoded); returns the one entry for it. */
  learn(publicKey: UncompressedKeyHex, how: "recovered" | "decoded"): KnownKey;
  /** Ids dropped since the last call (for workers to drop theirs). */
  takeEvicted(): number[];
  readonly stats: KeyCacheStats;
}

export interface CreateKeyCacheParameters {
  /** Most keys kept; default 10,000. */
  maxKeys?: number;
}

export function createKeyCache(parameters: CreateKeyCacheParameters = {}): KeyCache {
  const maxKeys = parameters.maxKeys ?? 10_000;
  let nextId = 1;
  const evicted: number[] = [];
  const stats: KeyCacheStats = { keys: 0, recovered: 0, decoded: 0 };
  const byAddress = new LruMap<string, KnownKey>(maxKeys);
  const byMaterial = new LruMap<string, KnownKey | null>(maxKeys);
  const byPublicKey = new LruMap<UncompressedKeyHex, KnownKey>(maxKeys, (_publicKey, key) => {
    // kept for a worker pool to collect; with none collecting, the oldest go (a worker keeping a stale key
    // wastes memory, nothing else: ids are never reused)
    if (evicted.length >= maxKeys) evicted.splice(0, evicted.length >> 1);
    evicted.push(key.id);
    if (byAddress.get(key.address) === key) byAddress.delete(key.address);
    stats.keys--;
  });

  const learn = (publicKey: UncompressedKeyHex, how: "recovered" | "decoded"): KnownKey => {
    const known = byPublicKey.get(publicKey);
    if (known !== undefined) return known;
    const key: KnownKey = {
      id: nextId++,
      publicKey,
      address: addressOf(publicKey),
      keyObject: keyObjectOf(publicKey),
      spki: spkiOf(Buffer.from(publicKey, "hex")),
    };
    byPublicKey.set(publicKey, key);
    byAddress.set(key.address, key);
    stats.keys++;
    if (how === "recovered") stats.recovered++;
    return key;
  };

  return {
    byMaterial(material, decode) {
      const cached = byMaterial.get(material);
      if (cached !== undefined) {
        // the key itself may have been evicted meanwhile: re-register it
        if (cached === null) return undefined;
        return byPublicKey.get(cached.publicKey) ?? learn(cached.publicKey, "decoded");
      }
      let key: KnownKey | null = null;
      const publicKey = decode();
      if (publicKey !== undefined) {
        try {
          key = learn(publicKey, "decoded");
          stats.decoded++;
        } catch {
          key = null; // not a point OpenSSL accepts
        }
      }
      byMaterial.set(material, key);
      return key ?? undefined;
    },
    byAddress(address) {
      return byAddress.get(address);
    },
    learn,
    takeEvicted() {
      return evicted.splice(0, evicted.length);
    },
    get stats() {
      return { ...stats };
    },
  };
}
