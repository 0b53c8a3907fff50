// Informal speed check (not a test, not the benchmark): credentials verified per second by
//   - this package's verifyMany (signatures on worker threads) and verifyCredential (one at a time, inline),
//   - did-jwt-vc's verifyCredential, with the same in-memory resolver,
//   - raw native secp256k1 verification (node:crypto) of the same JWTs, on 1 thread and on as many threads as
//     verifyMany's workers.
// Measures interleave in short rounds and the medians are printed, so that other load on the machine hits all alike.
// Needs the build: npm run build -w @permitchain/verifier. Usage: node verifier/scripts/measure-speed.mjs [rounds=5]
import { createPublicKey, verify } from "node:crypto";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { examples } from "@permitchain/schemas";
import { createMemoryChallengeStore, createVerifier } from "@permitchain/verifier";
import { ES256KSigner } from "did-jwt";
import { createVerifiableCredentialJwt, verifyCredential } from "did-jwt-vc";
import { SigningKey } from "ethers";

const rounds = Number(process.argv[2] ?? 5);
const threads = Math.min(2, availableParallelism());
const SLICE_MS = 1_000;

// dev account 1 of the public development mnemonic: the examples' regulator
const privateKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const did = examples.REGULATOR_DID;
const address = examples.REGULATOR_ADDRESS;
const document = {
  "@context": ["https://www.w3.org/ns/did/v1"],
  id: did,
  verificationMethod: [
    {
      id: `${did}#controller`,
      type: "EcdsaSecp256k1RecoveryMethod2020",
      controller: did,
      blockchainAccountId: `eip155:31337:${address}`,
    },
  ],
  authentication: [`${did}#controller`],
  assertionMethod: [`${did}#controller`],
};
// in memory and the same for both verifiers; a copy per call, as a caching resolver returns
const resolver = {
  async resolve() {
    return { didResolutionMetadata: {}, didDocumentMetadata: {}, didDocument: structuredClone(document) };
  },
};

const signer = ES256KSigner(Buffer.from(privateKey.slice(2), "hex"));
const permit = (index) =>
  createVerifiableCredentialJwt(
    examples.withChanges(examples.dischargePermitExample, {
      "/credentialStatus": examples.exampleStatus(address, index),
    }),
    { did, signer, alg: "ES256K" },
  );
const jwts = [];
for (let i = 0; i < 1_000; i++) jwts.push(await permit(i));
console.log(`${jwts.length} permits of ${jwts[0].length} characters; ${threads} threads; ${rounds} rounds`);

const dependencies = {
  resolver,
  trustedIssuers: { isTrusted: async () => true, wasTrustedAt: async () => true, blockAt: async () => 1 },
  statusReader: { statusOf: async () => "active" },
  challenges: createMemoryChallengeStore(),
  clock: () => Date.parse("2026-06-01T00:00:00Z"),
  workers: threads,
};
const expectValid = (results) => {
  for (const result of results)
    if (result.verdict !== "valid") throw new Error(JSON.stringify(result.checks));
  return results.length;
};
const warm = createVerifier(dependencies);
expectValid(await warm.verifyMany(jwts));

// raw: each worker verifies the JWTs' signatures with one KeyObject for SLICE_MS when told to
const publicKey = SigningKey.computePublicKey(privateKey, false);
const spki = Buffer.concat([
  Buffer.from("3056301006072a8648ce3d020106052b8104000a034200", "hex"),
  Buffer.from(publicKey.slice(2), "hex"),
]);
const rawSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const key = createPublicKey({ key: Buffer.from(workerData.spki), format: "der", type: "spki" });
const items = workerData.jwts.map((jwt) => {
  const dot = jwt.lastIndexOf(".");
  return [Buffer.from(jwt.slice(0, dot), "latin1"), Buffer.from(jwt.slice(dot + 1), "base64url")];
});
parentPort.on("message", (ms) => {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const [data, signature] of items) if (!verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature)) throw new Error("bad");
    done += items.length;
  }
  parentPort.postMessage(done / ((performance.now() - start) / 1000));
});
`;
const rawWorkers = Array.from(
  { length: threads },
  () => new Worker(rawSource, { eval: true, workerData: { spki, jwts: jwts.slice(0, 100) } }),
);
const rawThreads = async () => {
  const rates = await Promise.all(
    rawWorkers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.once("message", resolve);
          worker.postMessage(SLICE_MS);
        }),
    ),
  );
  return rates.reduce((sum, rate) => sum + rate, 0);
};
const key = createPublicKey({ key: spki, format: "der", type: "spki" });
const rawItems = jwts.slice(0, 100).map((jwt) => {
  const dot = jwt.lastIndexOf(".");
  return [Buffer.from(jwt.slice(0, dot), "latin1"), Buffer.from(jwt.slice(dot + 1), "base64url")];
});

/** Calls `step` (which returns how many it verified) for SLICE_MS; per second. */
async function timed(step) {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < SLICE_MS) done += await step();
  return done / ((performance.now() - start) / 1000);
}

const measures = {
  "ours verifyMany, repeated JWTs": () => timed(async () => expectValid(await warm.verifyMany(jwts))),
  "ours verifyMany, every payload new": async () => {
    // a fresh verifier: nothing cached but, after its first call, the issuer's key and the workers
    const fresh = createVerifier(dependencies);
    await fresh.verifyMany(jwts.slice(0, 1));
    // all the rest once, in batches of 250 (the pool's work cannot be timed by slices here: nothing repeats)
    const begin = performance.now();
    let done = 0;
    for (let offset = 1; offset < jwts.length; offset += 250) {
      done += expectValid(await fresh.verifyMany(jwts.slice(offset, offset + 250)));
    }
    const rate = done / ((performance.now() - begin) / 1000);
    await fresh.close();
    return rate;
  },
  "ours verifyCredential, one at a time": () =>
    timed(async () => {
      for (const jwt of jwts.slice(0, 20)) expectValid([await warm.verifyCredential(jwt)]);
      return 20;
    }),
  "did-jwt-vc verifyCredential, one at a time": () =>
    timed(async () => {
      for (const jwt of jwts.slice(0, 5))
        await verifyCredential(jwt, resolver, { policies: { now: 1780272000 } });
      return 5;
    }),
  [`raw node:crypto verify, ${threads} threads`]: rawThreads,
  "raw node:crypto verify, 1 thread": () =>
    timed(() => {
      for (const [data, signature] of rawItems)
        verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature);
      return rawItems.length;
    }),
};

const samples = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, measure] of Object.entries(measures)) samples[name].push(await measure());
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const result = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
for (const [name, perSecond] of Object.entries(result)) {
  console.log(
    `${name.padEnd(46)} ${perSecond.toFixed(0).padStart(7)} /s   (${samples[name].map((v) => v.toFixed(0)).join(", ")})`,
  );
}
const baseline = result["did-jwt-vc verifyCredential, one at a time"];
const raw = result[`raw node:crypto verify, ${threads} threads`];
for (const name of [
  "ours verifyMany, repeated JWTs",
  "ours verifyMany, every payload new",
  "ours verifyCredential, one at a time",
]) {
  console.log(
    `${name.padEnd(46)} ${(result[name] / baseline).toFixed(1)}x did-jwt-vc, ${(result[name] / raw).toFixed(2)} of raw (${threads} threads)`,
  );
}
await warm.close();
await Promise.all(rawWorkers.map((worker) => worker.terminate()));
