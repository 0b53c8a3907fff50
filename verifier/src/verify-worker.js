// Worker thread of the signature pool (worker-pool.ts): native secp256k1 ECDSA verification, in batches.
// Plain JavaScript with node built-ins only, so that node runs the same file from src/ (tests) and dist/.
//
// Message in:  { id, drop: number[], add: [keyId, spkiDer][], inputs: string[], signatures: Uint8Array (64 bytes
//               each), keyIds: Int32Array, offsets: Int32Array (item i tries keyIds[offsets[i] .. offsets[i+1]]) }
// Message out: { id, results: Int32Array }: per item the index (within its keys) of the key that verified, -1 for
//               none, -2 when a key was unknown here (the caller verifies that item itself).
import { createPublicKey, verify } from "node:crypto";
import { parentPort } from "node:worker_threads";

/** @type {Map<number, import("node:crypto").KeyObject>} */
const keys = new Map();

parentPort?.on("message", (message) => {
  const { id, drop, add, inputs, signatures, keyIds, offsets } = message;
  for (const keyId of drop) keys.delete(keyId);
  for (const [keyId, spki] of add) {
    try {
      keys.set(keyId, createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" }));
    } catch {
      keys.delete(keyId);
    }
  }
  const results = new Int32Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    results[i] = -1;
    const data = Buffer.from(inputs[i], "latin1");
    const signature = signatures.subarray(i * 64, i * 64 + 64);
    for (let j = offsets[i]; j < offsets[i + 1]; j++) {
      const key = keys.get(keyIds[j]);
      if (key === undefined) {
        results[i] = -2;
        break;
      }
      let ok = false;
      try {
        ok = verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
      } catch {
        ok = false;
      }
      if (ok) {
        results[i] = j - offsets[i];
        break;
      }
    }
  }
  parentPort?.postMessage({ id, results }, [results.buffer]);
});
