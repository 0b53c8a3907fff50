import { credentialStatusRegistryAbi } from "@permitchain/contracts";
import { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CachedStatusReader, createCachedStatusReader } from "./cached-status-reader.js";
import type { CredentialStatusReader } from "./check-status.js";
import type { CheckName } from "./codes.js";
import { createVerifier, type Verifier } from "./create-verifier.js";
import type { CredentialVerificationResult } from "./result.js";
import { createStatusRegistryReader } from "./status-registry-reader.js";
import { issueJwt, permitFor, startVerifierFixture, type VerifierFixture } from "./test-fixtures.js";

let f: VerifierFixture;
let registry: Contract;
let address: string;
/** statusOf calls that reached the live reader. */
let reads = 0;
let cached: CachedStatusReader;
let verifier: Verifier;

const code = (result: CredentialVerificationResult, name: CheckName = "status") =>
  result.checks.find((entry) => entry.check === name)?.code;

/** Allocates `count` status indices for the regulator; the first. */
async function allocate(count: number): Promise<number> {
  const first = Number(await registry.getFunction("allocatedCount")(f.regulator.wallet.address));
  await (await registry.getFunction("allocate")(f.regulator.wallet.address, count)).wait();
  return first;
}

const write = async (action: "revoke" | "suspend" | "reinstate", index: number) =>
  (await registry.getFunction(action)(f.regulator.wallet.address, index, 1)).wait();

/** A permit of the regulator's with status `index` in the deployed registry. */
const permitAt = (index: number) =>
  issueJwt(
    permitFor(f.regulator, f.firm, {
      issuedAt: f.issuedAt,
      statusIndex: index,
      changes: { "/credentialStatus/statusRegistry": address },
    }),
    f.regulator,
  );

beforeAll(async () => {
  f = await startVerifierFixture();
  address = f.manifest.contracts.CredentialStatusRegistry;
  registry = new Contract(address, credentialStatusRegistryAbi, f.regulator.wallet.connect(f.provider));
  const live = createStatusRegistryReader({ address, provider: f.provider });
  const counting: CredentialStatusReader = {
    registry: live.registry,
    statusOf(issuer, index, options) {
      reads++;
      return live.statusOf(issuer, index, options);
    },
  };
  cached = createCachedStatusReader({ reader: counting, provider: f.provider, address });
  verifier = createVerifier({
    resolver: f.resolver,
    trustedIssuers: f.trustedIssuers,
    statusReader: cached,
    challenges: f.challenges,
    clock: () => f.now,
    workers: 2,
  });
});

afterAll(async () => {
  await verifier?.close();
  await f?.stop();
});

describe("event-invalidated status cache", () => {
  it("sees a revocation mined after a cached verification in the next verifyCredential", async () => {
    const index = await allocate(1);
    const jwt = await permitAt(index);
    expect((await verifier.verifyCredential(jwt)).verdict).toBe("valid");
    const before = reads;
    expect((await verifier.verifyCredential(jwt)).verdict).toBe("valid");
    expect(reads).toBe(before); // served from the cache
    await write("revoke", index);
    const after = await verifier.verifyCredential(jwt);
    expect([after.verdict, code(after)]).toEqual(["invalid", "STATUS_REVOKED"]);
    const again = await verifier.verifyCredential(jwt);
    expect(code(again)).toBe("STATUS_REVOKED");
    expect(reads).toBe(before + 1); // revoked is read once, then kept
  });

  it("sees a revocation mined after a cached batch in the next verifyMany batch", async () => {
    const first = await allocate(2);
    const jwts = [await permitAt(first), await permitAt(first + 1)];
    expect((await verifier.verifyMany(jwts)).map((result) => result.verdict)).toEqual(["valid", "valid"]);
    await write("revoke", first + 1);
    const batch = await verifier.verifyMany(jwts);
    expect(batch.map((result) => code(result))).toEqual(["STATUS_ACTIVE", "STATUS_REVOKED"]);
  });

  it("flips suspended → reinstated → suspended with each change", async () => {
    const index = await allocate(1);
    const jwt = await permitAt(index);
    expect(code(await verifier.verifyCredential(jwt))).toBe("STATUS_ACTIVE");
    await write("suspend", index);
    expect(code(await verifier.verifyCredential(jwt))).toBe("STATUS_SUSPENDED");
    expect(code(await verifier.verifyCredential(jwt))).toBe("STATUS_SUSPENDED");
    await write("reinstate", index);
    expect(code((await verifier.verifyMany([jwt]))[0]!)).toBe("STATUS_ACTIVE");
    await write("suspend", index);
    expect(code((await verifier.verifyMany([jwt]))[0]!)).toBe("STATUS_SUSPENDED");
  });

  it("never caches unallocated: an index allocated later (no status event) shows as active", async () => {
    const index = Number(await registry.getFunction("allocatedCount")(f.regulator.wallet.address));
    const jwt = await permitAt(index);
    const before = reads;
    expect(code(await verifier.verifyCredential(jwt))).toBe("STATUS_UNALLOCATED");
    expect(code(await verifier.verifyCredential(jwt))).toBe("STATUS_UNALLOCATED");
    expect(reads).toBe(before + 2);
    expect(await allocate(1)).toBe(index);
    expect((await verifier.verifyCredential(jwt)).verdict).toBe("valid");
  });

  it("makes no statusOf call for a batch of already-seen credentials", async () => {
    const first = await allocate(8);
    const jwts = await Promise.all(Array.from({ length: 8 }, (_, i) => permitAt(first + i)));
    const before = reads;
    expect((await verifier.verifyMany(jwts)).every((result) => result.verdict === "valid")).toBe(true);
    expect(reads).toBe(before + 8);
    await allocate(1); // the head moves: the next batch reads the logs, none names these
    for (let round = 0; round < 2; round++) {
      expect((await verifier.verifyMany(jwts)).every((result) => result.verdict === "valid")).toBe(true);
      expect(reads).toBe(before + 8);
    }
    expect(cached.stats.hits).toBeGreaterThanOrEqual(16);
  });

  it("reports the status check as an error when the chain head cannot be read", async () => {
    const failing = createCachedStatusReader({
      reader: { statusOf: () => Promise.resolve("active") },
      provider: {
        getBlockNumber: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")),
      } as never,
      address,
    });
    const down = createVerifier({
      resolver: f.resolver,
      trustedIssuers: f.trustedIssuers,
      statusReader: failing,
      challenges: f.challenges,
      clock: () => f.now,
      workers: 0,
    });
    try {
      const result = await down.verifyCredential(await permitAt(0));
      expect([result.verdict, code(result)]).toEqual(["indeterminate", "CHAIN_UNREACHABLE"]);
    } finally {
      await down.close();
    }
  });
});
