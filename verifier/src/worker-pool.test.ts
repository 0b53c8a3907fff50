import { generateKeyPairSync, sign } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inlineSignatureVerifier } from "./check-signature.js";
import { createKeyCache, type KnownKey } from "./key-cache.js";
import { createSignatureWorkerPool, type SignatureWorkerPool } from "./worker-pool.js";

const pools: SignatureWorkerPool[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.close();
});

/** `count` secp256k1 key pairs: private KeyObjects and uncompressed public keys (hex). */
function keyPairs(count: number) {
  return Array.from({ length: count }, () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const jwk = publicKey.export({ format: "jwk" });
    const hex = `04${Buffer.from(jwk.x!, "base64url").toString("hex")}${Buffer.from(jwk.y!, "base64url").toString("hex")}`;
    return { privateKey, hex };
  });
}

describe("createSignatureWorkerPool", () => {
  it("answers as inline verification does: the index of the key that verifies, or -1", async () => {
    const pairs = keyPairs(3);
    const cache = createKeyCache();
    const keys = pairs.map((pair) => cache.learn(pair.hex, "decoded"));
    const pool = createSignatureWorkerPool({ size: 2, keys: cache, batchSize: 16 });
    pools.push(pool);
    const cases: { input: string; signature: Buffer; candidates: KnownKey[] }[] = [];
    for (let i = 0; i < 100; i++) {
      const input = `header.payload-${i}`;
      const signer = pairs[i % 3]!;
      const signature = sign("sha256", Buffer.from(input), {
        key: signer.privateKey,
        dsaEncoding: "ieee-p1363",
      });
      // candidates in varying order, sometimes without the signer's key
      const candidates = i % 5 === 0 ? keys.filter((_, k) => k !== i % 3) : [...keys].reverse();
      cases.push({ input, signature, candidates });
    }
    const pooled = await Promise.all(cases.map((c) => pool.verify(c.input, c.signature, c.candidates)));
    const inline = cases.map((c) => inlineSignatureVerifier.verify(c.input, c.signature, c.candidates));
    expect(pooled).toEqual(inline);
    expect(pooled.filter((index) => index === -1)).toHaveLength(20);
  });

  it("keeps answering right while the key cache evicts keys (workers drop theirs and get new ids)", async () => {
    const pairs = keyPairs(6);
    const cache = createKeyCache({ maxKeys: 2 });
    const pool = createSignatureWorkerPool({ size: 2, keys: cache, batchSize: 4 });
    pools.push(pool);
    for (let round = 0; round < 3; round++) {
      for (const pair of pairs) {
        const key = cache.learn(pair.hex, "decoded");
        const input = `round-${round}-${key.id}`;
        const signature = sign("sha256", Buffer.from(input), {
          key: pair.privateKey,
          dsaEncoding: "ieee-p1363",
        });
        expect(await pool.verify(input, signature, [key])).toBe(0);
      }
    }
  });

  it("verifies in this thread what is still queued when it closes", async () => {
    const [pair] = keyPairs(1);
    const cache = createKeyCache();
    const key = cache.learn(pair!.hex, "decoded");
    const pool = createSignatureWorkerPool({ size: 1, keys: cache });
    const signature = sign("sha256", Buffer.from("late"), {
      key: pair!.privateKey,
      dsaEncoding: "ieee-p1363",
    });
    const pending = pool.verify("late", signature, [key]);
    await pool.close();
    expect(await pending).toBe(0);
    expect(await pool.verify("late", signature, [key])).toBe(0);
  });
});
