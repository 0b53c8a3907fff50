import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@permitchain/bench";
import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  createDidResolver,
  credentialIdHash,
  credentialStatusRegistryAbi,
  type DeploymentManifest,
  deploy,
} from "@permitchain/contracts";
import { didNetwork, generateApiKey, hashApiKey } from "@permitchain/issuer";
import { examples } from "@permitchain/schemas";
import {
  createMemoryChallengeStore,
  createStatusRegistryReader,
  createTrustedIssuerRegistryReader,
  createVerifier,
} from "@permitchain/verifier";
import { decodeJWT } from "did-jwt";
import { Contract, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devWallet } from "./chains-under-test.js";
import { type IssuerProcess, startIssuerProcess } from "./issuer-process.js";
import { permitBootstrap } from "./permit-bootstrap.js";

/*
 * Crash safety with real process kills: the built issuer service (`node issuer/dist/server.js`, SQLite database)
 * runs as a child process and is killed with SIGKILL while issue requests are in flight, three times at different
 * moments, then restarted on the same database (a dead owner's lock and an interrupted write's journal are
 * recovered at start-up) and every idempotency key is retried until it answers. The chain, read directly, must
 * then hold exactly one allocation per credential handed out: "a crash at any point never hands out a credential
 * whose status entry does not exist and never reuses an index".
 */

type Json = Record<string, unknown>;

const { REGULATOR_ORGANIZATION, dischargePermitExample } = examples;
const OPERATOR = "permits-desk";
/** New idempotency keys per cycle. */
const BURST = 10;
/** Requests in flight at once. */
const IN_FLIGHT = 5;
/**
 * When each cycle's child is killed, counted from the `afterFresh`-th credential issued in that cycle (replays of
 * earlier answers not counted), while the other requests are at some step of theirs: `delayMs` later, or (`watch`)
 * the moment the chain holds an allocation whose credential no client has seen yet (mined, not yet answered).
 */
const KILL_PLANS: readonly ({ afterFresh: number } & ({ delayMs: number } | { watch: true }))[] = [
  { afterFresh: 2, delayMs: 0 },
  { afterFresh: 3, watch: true },
  { afterFresh: 5, delayMs: 35 },
];
/** Attempts per key after the last restart (a lost answer or a 503 is retried). */
const FINAL_ATTEMPTS = 5;

/** One 201 answer to an issue request, as the client saw it. */
interface Answer {
  readonly phase: string;
  readonly replayed: boolean;
  readonly id: string;
  readonly statusIndex: string;
  readonly statusIssuer: string;
  readonly statusRegistry: string;
  readonly jwt: string;
}

type Outcome =
  | { readonly kind: "answer"; readonly answer: Answer }
  | { readonly kind: "refused"; readonly status: number; readonly body: string }
  | { readonly kind: "lost"; readonly message: string };

describe("the issuer process killed (SIGKILL) mid-issuance and restarted on its SQLite database", () => {
  const regulator = devWallet(1);
  const firm = devWallet(3);
  let chain: EmbeddedChain;
  let provider: JsonRpcProvider;
  let manifest: DeploymentManifest;
  let dir: string;
  let configPath: string;
  let apiKey: string;
  let regulatorDid: string;
  let firmDid: string;
  /** Every child started, so that afterAll kills whatever is left even when a test fails half-way. */
  const children: IssuerProcess[] = [];
  /** Every 201 answer seen, by idempotency key, in the order seen (before kills too). */
  const answers = new Map<string, Answer[]>();
  /** Answers other than 201 (none is expected), and requests lost while the child was meant to be alive. */
  const unexpected: string[] = [];
  const keys: string[] = [];
  /** What each kill interrupted, for the failure messages. */
  const kills: {
    cycle: number;
    inFlight: number;
    fresh: number;
    lost: number;
    /** Indices allocated on chain whose credential no client had seen when the child died. */
    unanswered: bigint;
    /** Bytes of the rollback journal the kill left behind (0: no write was cut short). */
    journal: number;
  }[] = [];
  let databasePath: string;
  let statusRegistry: Contract;

  beforeAll(async () => {
    chain = await startEmbeddedChain({ port: 0 });
    provider = await connectJsonRpc(chain.rpcUrl!);
    const network = didNetwork(chain.chainId);
    regulatorDid = `did:ethr:${network.chainIdHex}:${regulator.address}`;
    firmDid = `did:ethr:${network.chainIdHex}:${firm.address}`;
    manifest = await deploy(devWallet(0).connect(provider), {
      timestampUnit: "seconds",
      chainId: chain.chainId,
      bootstrap: permitBootstrap(regulator.address, firm.address),
    });
    dir = mkdtempSync(join(tmpdir(), "issuer-kill-"));
    const deployment = join(dir, "deployment.json");
    writeFileSync(deployment, JSON.stringify(manifest));
    apiKey = generateApiKey();
    configPath = join(dir, "issuer.json");
    databasePath = join(dir, "issuer", "issuer.sqlite");
    statusRegistry = new Contract(
      manifest.contracts.CredentialStatusRegistry,
      credentialStatusRegistryAbi,
      provider,
    );
    writeFileSync(
      configPath,
      JSON.stringify({
        rpcUrl: chain.rpcUrl,
        deployment,
        dataDir: join(dir, "issuer"),
        database: `sqlite:${databasePath}`,
        host: "127.0.0.1",
        logLevel: "warn",
        issuers: [{ did: regulatorDid, name: REGULATOR_ORGANIZATION.name, signingKey: regulator.privateKey }],
        apiKeys: [
          {
            operator: OPERATOR,
            keyHash: hashApiKey(apiKey),
            issuers: [regulatorDid],
            types: ["DischargePermitCredential"],
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    provider?.destroy();
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const allocatedCount = async (): Promise<bigint> =>
    (await statusRegistry.getFunction("allocatedCount").staticCall(regulator.address)) as bigint;
  /** The same, asked of the chain in this process directly (no HTTP, no batching delay): for polling. */
  const allocatedNow = async (): Promise<bigint> => {
    const data = statusRegistry.interface.encodeFunctionData("allocatedCount", [regulator.address]);
    const to = manifest.contracts.CredentialStatusRegistry;
    return BigInt((await chain.request({ method: "eth_call", params: [{ to, data }, "latest"] })) as string);
  };

  async function startIssuer(): Promise<IssuerProcess> {
    const started = await startIssuerProcess(configPath, await freePort());
    children.push(started);
    return started;
  }

  /** One issue request for `key` (the same body for every key; the key alone makes each a new credential). */
  async function issue(url: string, key: string, phase: string): Promise<Outcome> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}/credentials/issue`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${apiKey}`,
          "idempotency-key": key,
        },
        body: JSON.stringify({
          credential: {
            type: dischargePermitExample.type,
            issuer: regulatorDid,
            credentialSubject: { ...dischargePermitExample.credentialSubject, id: firmDid },
          },
        }),
      });
      text = await response.text();
    } catch (error) {
      return { kind: "lost", message: `${(error as Error).message} (${String((error as Error).cause)})` };
    }
    if (response.status !== 201) return { kind: "refused", status: response.status, body: text };
    const body = JSON.parse(text) as Json;
    const status = body.status as Json;
    const answer: Answer = {
      phase,
      replayed: response.headers.get("idempotent-replayed") === "true",
      id: String(body.id),
      statusIndex: String(status.statusIndex),
      statusIssuer: String(status.statusIssuer),
      statusRegistry: String(status.statusRegistry),
      jwt: String(body.verifiableCredential),
    };
    const seen = answers.get(key) ?? [];
    seen.push(answer);
    answers.set(key, seen);
    return { kind: "answer", answer };
  }

  it("three SIGKILLs mid-flight, then every idempotency key answered after a restart", async () => {
    for (const [cycle, plan] of KILL_PLANS.entries()) {
      const issuer = await startIssuer();
      const fresh = Array.from({ length: BURST }, (_, i) => `kill-${cycle}-${i}`);
      // earlier keys (finished: replayed; interrupted: resumed from their recorded step) interleaved with new ones
      const earlier = [...keys];
      keys.push(...fresh);
      const queue: string[] = [];
      for (let i = 0; i < Math.max(earlier.length, fresh.length); i++) {
        if (i < fresh.length) queue.push(fresh[i]!);
        if (i < earlier.length) queue.push(earlier[i]!);
      }
      const phase = `cycle ${cycle}`;
      let armed = false;
      let inFlight = 0;
      let freshAnswers = 0;
      let lost = 0;
      let inFlightAtKill = -1;
      let killed: Promise<number | string> | undefined;
      let workersDone = false;
      const killNow = () => {
        if (killed !== undefined) return;
        inFlightAtKill = inFlight;
        killed = issuer.kill();
      };
      const watchChain = async () => {
        while (killed === undefined && !workersDone) {
          if ((await allocatedNow()) > BigInt(answers.size)) killNow();
          else await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      let watching: Promise<void> = Promise.resolve();
      const worker = async () => {
        while (killed === undefined && queue.length > 0) {
          const key = queue.shift()!;
          inFlight++;
          const outcome = await issue(issuer.url, key, phase);
          inFlight--;
          if (outcome.kind === "lost") {
            lost++;
            if (killed === undefined)
              unexpected.push(`${phase} ${key}: lost before the kill: ${outcome.message}`);
          } else if (outcome.kind === "refused") {
            unexpected.push(`${phase} ${key}: ${outcome.status} ${outcome.body}`);
          } else if (!outcome.answer.replayed && !armed && ++freshAnswers === plan.afterFresh) {
            armed = true;
            if ("watch" in plan) watching = watchChain();
            else if (plan.delayMs === 0) killNow();
            else setTimeout(killNow, plan.delayMs);
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      workersDone = true;
      await watching;
      expect(killed, `${phase}: every request was answered before the kill`).toBeDefined();
      const exit = await killed!;
      expect(exit, `${phase}: the child's end\n${issuer.output()}`).toBe("SIGKILL");
      const journal = `${databasePath}-journal`;
      kills.push({
        cycle,
        inFlight: inFlightAtKill,
        fresh: freshAnswers,
        lost,
        unanswered: (await allocatedCount()) - BigInt(answers.size),
        journal: existsSync(journal) ? statSync(journal).size : 0,
      });
      expect(
        inFlightAtKill,
        `${phase}: no request was in flight when the child was killed (the kill must land mid-flight)`,
      ).toBeGreaterThan(0);
    }

    expect(
      kills.some((kill) => kill.unanswered > 0n),
      "no kill landed between an allocation being mined and its answer reaching the client, the window this " +
        `test is for: adjust KILL_PLANS (${JSON.stringify(kills, (_, v) => (typeof v === "bigint" ? Number(v) : v))})`,
    ).toBe(true);

    // restarted on the same database: a dead owner's lock and a cut-short write recovered at start-up
    const issuer = await startIssuer();
    const queue = [...keys];
    const worker = async () => {
      while (queue.length > 0) {
        const key = queue.shift()!;
        const failures: string[] = [];
        for (let attempt = 0; ; attempt++) {
          const outcome = await issue(issuer.url, key, "final");
          if (outcome.kind === "answer") break;
          const failure =
            outcome.kind === "lost" ? `lost: ${outcome.message}` : `${outcome.status} ${outcome.body}`;
          failures.push(failure);
          if (outcome.kind === "refused" && outcome.status !== 503) {
            unexpected.push(`final ${key}: ${failure}`);
            break;
          }
          if (attempt + 1 >= FINAL_ATTEMPTS) {
            unexpected.push(`final ${key}: no answer in ${FINAL_ATTEMPTS} attempts: ${failures.join("; ")}`);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(unexpected, `unexpected answers:\n${unexpected.join("\n")}\n${issuer.output()}`).toEqual([]);
    const listing = await fetch(`${issuer.url}/credentials?limit=100`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(listing.status).toBe(200);
    const listed = ((await listing.json()) as { items: Json[] }).items.map((item) => String(item.id));
    // every key answered in the last phase; each answer it ever got is the same credential
    const handedOut = new Map<string, Answer>();
    for (const key of keys) {
      const seen = answers.get(key) ?? [];
      const last = seen.at(-1);
      expect(last?.phase, `${key} got no answer after the last restart`).toBe("final");
      for (const earlier of seen) {
        expect(
          { id: earlier.id, statusIndex: earlier.statusIndex, jwt: earlier.jwt },
          `${key}: the answer of ${earlier.phase} differs from the final one (${last!.id}, index ${last!.statusIndex})`,
        ).toEqual({ id: last!.id, statusIndex: last!.statusIndex, jwt: last!.jwt });
      }
      handedOut.set(key, last!);
    }
    const credentials = [...handedOut.values()];
    const ids = credentials.map((answer) => answer.id);
    const indices = credentials.map((answer) => answer.statusIndex);
    expect(new Set(ids).size, `two keys got the same credential id: ${ids.join(", ")}`).toBe(keys.length);
    expect(new Set(indices).size, `two credentials share a status index: ${indices.join(", ")}`).toBe(
      keys.length,
    );
    expect([...listed].sort(), "the issuer's database lists other credentials than those handed out").toEqual(
      [...ids].sort(),
    );
    const summary = kills
      .map(
        (k) =>
          `cycle ${k.cycle}: ${k.fresh} issued, killed with ${k.inFlight} in flight (${k.lost} lost), ` +
          `${k.unanswered} allocations unanswered, journal ${k.journal} bytes`,
      )
      .join("; ");
    console.info(`issuer-kill: ${keys.length} keys; ${summary}`);
  });

  it("the chain holds exactly one allocation per credential handed out, and each JWT verifies", async () => {
    const handedOut = keys.map((key) => answers.get(key)?.at(-1));
    expect(
      handedOut.every((answer) => answer !== undefined),
      "the first test left keys unanswered",
    ).toBe(true);
    const credentials = handedOut as Answer[];
    const registryAddress = manifest.contracts.CredentialStatusRegistry;
    const registry = statusRegistry;

    // every handed-out index is allocated on chain
    const allocated = await allocatedCount();
    for (const answer of credentials) {
      expect(answer.statusIssuer.toLowerCase(), `${answer.id}: statusIssuer`).toBe(
        regulator.address.toLowerCase(),
      );
      expect(answer.statusRegistry.toLowerCase(), `${answer.id}: statusRegistry`).toBe(
        registryAddress.toLowerCase(),
      );
      expect(
        BigInt(answer.statusIndex) < allocated,
        `${answer.id}: status index ${answer.statusIndex} handed out, but only ${allocated} allocated`,
      ).toBe(true);
    }

    // every allocation on chain belongs to exactly one credential handed out: tagged with its id's hash (the
    // 32 bytes after allocate's arguments in the calldata), at the index that credential got
    const filter = registry.filters.StatusIndicesAllocated!(regulator.address);
    const events = await registry.queryFilter(filter, 0, "latest");
    const byTag = new Map(credentials.map((answer) => [credentialIdHash(answer.id).toLowerCase(), answer]));
    const claimed = new Map<string, string>();
    const orphans: string[] = [];
    let allocatedByEvents = 0n;
    for (const event of events) {
      const parsed = registry.interface.parseLog(event)!;
      const first = BigInt(parsed.args[1] as bigint);
      const count = BigInt(parsed.args[2] as bigint);
      allocatedByEvents += count;
      const transaction = await provider.getTransaction(event.transactionHash);
      const data = transaction!.data;
      const call = registry.interface.parseTransaction({ data });
      expect(
        { call: call?.name, issuer: call?.args[0], count: call?.args[1], bytes: (data.length - 2) / 2 },
        `${event.transactionHash}: not the issuer's tagged allocate(issuer, 1)`,
      ).toEqual({ call: "allocate", issuer: regulator.address, count: 1n, bytes: 4 + 32 + 32 + 32 });
      expect(count, `${event.transactionHash}: allocated ${count} indices at once`).toBe(1n);
      const tag = `0x${data.slice(-64)}`.toLowerCase();
      const owner = byTag.get(tag);
      if (owner === undefined) {
        orphans.push(`index ${first} (transaction ${event.transactionHash}, tag ${tag})`);
        continue;
      }
      expect(
        claimed.get(owner.id),
        `${owner.id} has two allocations: index ${claimed.get(owner.id)} and ${first}`,
      ).toBeUndefined();
      claimed.set(owner.id, first.toString());
      expect(first.toString(), `${owner.id}: handed out with an index other than its allocation's`).toBe(
        owner.statusIndex,
      );
    }
    expect(orphans, `allocations no credential handed out owns:\n${orphans.join("\n")}`).toEqual([]);
    expect(allocatedByEvents, "the StatusIndicesAllocated events do not add up to allocatedCount").toBe(
      allocated,
    );
    expect(allocated, "allocated on chain: one index per key").toBe(BigInt(keys.length));
    expect(claimed.size, "credentials handed out without an allocation of their own").toBe(keys.length);

    // each JWT carries its index, and verifies: signature, DID, trust, status active on chain, schema, validity
    const resolver = createDidResolver({
      chainId: chain.chainId,
      registry: manifest.contracts.EthereumDIDRegistry,
      provider,
    });
    const verifier = createVerifier({
      resolver,
      trustedIssuers: createTrustedIssuerRegistryReader({
        address: manifest.contracts.TrustedIssuerRegistry,
        provider,
      }),
      statusReader: createStatusRegistryReader({ address: registryAddress, provider }),
      challenges: createMemoryChallengeStore(),
      workers: 0,
    });
    try {
      for (const answer of credentials) {
        const payload = decodeJWT(answer.jwt).payload as { vc?: { credentialStatus?: Json } };
        expect(
          payload.vc?.credentialStatus?.statusIndex,
          `${answer.id}: the JWT's credentialStatus.statusIndex`,
        ).toBe(answer.statusIndex);
        const result = await verifier.verifyCredential(answer.jwt, {
          credentialType: "DischargePermitCredential",
        });
        expect(
          { verdict: result.verdict, checks: result.checks.map(({ check, code }) => `${check} ${code}`) },
          `${answer.id} (index ${answer.statusIndex})`,
        ).toEqual({
          verdict: "valid",
          checks: [
            "signature SIGNATURE_VALID",
            "did DID_RESOLVED",
            "issuerTrust ISSUER_TRUSTED",
            "status STATUS_ACTIVE",
            "schema SCHEMA_VALID",
            "validity WITHIN_VALIDITY",
          ],
        });
      }
    } finally {
      await verifier.close();
      resolver.close();
    }
  });
});
