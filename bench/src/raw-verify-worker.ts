// Worker thread of the verify benchmark's ceiling: native secp256k1 ECDSA verification (node:crypto, OpenSSL) of
// JWT signing inputs with one cached KeyObject, the way the verifier's own workers verify, and nothing else.
// workerData: { spki: Uint8Array (DER), inputs: string[] (header.payload), signatures: Uint8Array (64 bytes each) }.
// Each message is a number of milliseconds: the worker verifies the inputs round and round for that long and
// answers with how many it verified per second.
import { createPublicKey, verify } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";

const { spki, inputs, signatures } = workerData as {
  spki: Uint8Array;
  inputs: string[];
  signatures: Uint8Array;
};
const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
const items = inputs.map(
  (input, i) => [Buffer.from(input, "latin1"), signatures.subarray(i * 64, i * 64 + 64)] as const,
);

parentPort!.on("message", (ms: number) => {
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (const [data, signature] of items) {
      if (!verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature)) {
        throw new Error("a signature did not verify");
      }
    }
    done += items.length;
  }
  parentPort!.postMessage(done / ((performance.now() - started) / 1000));
});
