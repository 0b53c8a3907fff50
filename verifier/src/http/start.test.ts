import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  connectJsonRpc,
  type EmbeddedChain,
  type FiscoProtocolServer,
  FiscoProvider,
  FiscoSigner,
  startEmbeddedChain,
  startFiscoProtocolServer,
} from "@permitchain/chain";
import {
  CredentialType,
  type DeploymentManifest,
  deploy,
  organisationRecord,
  Role,
} from "@permitchain/contracts";
import { examples } from "@permitchain/schemas";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configProblems, loadVerifierConfig } from "../config.js";
import { identityOf, issueJwt, permitFor } from "../test-fixtures.js";
import { type RunningVerifier, startVerifierServer } from "./start.js";

let chain: EmbeddedChain;
let manifest: DeploymentManifest;
let dir: string;
const running: RunningVerifier[] = [];

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  const provider = await connectJsonRpc(chain.rpcUrl!);
  manifest = await deploy(new Wallet(chain.devAccounts[0]!.privateKey, provider));
  provider.destroy();
  dir = mkdtempSync(join(tmpdir(), "verifier-start-"));
});

afterAll(async () => {
  for (const service of running) await service.close();
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeManifest(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function config(env: Record<string, string> = {}) {
  return loadVerifierConfig({
    env: {
      PERMITCHAIN_RPC_URL: chain.rpcUrl!,
      PERMITCHAIN_DEPLOYMENT: writeManifest("deployment.json", manifest),
      PERMITCHAIN_VERIFIER_DOMAIN: "https://bourse.example",
      PERMITCHAIN_VERIFIER_PORT: "0",
      PERMITCHAIN_RPC_TIMEOUT_MS: "2000",
      ...env,
    },
  });
}

async function start(env: Record<string, string> = {}): Promise<RunningVerifier> {
  const service = await startVerifierServer(config(env), { logger: false });
  running.push(service);
  return service;
}

async function problems(env: Record<string, string>): Promise<readonly string[]> {
  const error = await startVerifierServer(config(env), { logger: false }).then(
    (service) => {
      running.push(service);
      throw new Error("it started");
    },
    (caught: unknown) => caught,
  );
  const found = configProblems(error);
  if (found === undefined) throw error;
  return found;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("startVerifierServer", () => {
  it("listens on a free port, wired to the chain: health, challenges, verification, OpenAPI", async () => {
    const service = await start();
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", chainId: chain.chainId });
    const challenge = await fetch(`${service.url}/challenges`, { method: "POST" });
    expect(challenge.status).toBe(201);
    expect(await challenge.json()).toMatchObject({ domain: "https://bourse.example" });
    const verified = await fetch(`${service.url}/credentials/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ verifiableCredential: "a.b.c" }),
    });
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ verdict: "invalid" });
    const doc = await fetch(`${service.url}/documentation/json`);
    expect(((await doc.json()) as { info: { title: string } }).info.title).toBe("PermitChain verifier");
  });

  it("refuses a manifest without a contract it reads, naming it", async () => {
    const { TrustedIssuerRegistry: _gone, ...contracts } = manifest.contracts;
    const path = writeManifest("old.json", { chainId: manifest.chainId, contracts });
    expect(await problems({ PERMITCHAIN_DEPLOYMENT: path })).toEqual([
      `deployment manifest ${path}: contracts.TrustedIssuerRegistry must be an address`,
    ]);
    expect((await problems({ PERMITCHAIN_DEPLOYMENT: join(dir, "none.json") }))[0]).toMatch(
      /none\.json: ENOENT.*PERMITCHAIN_DEPLOYMENT/,
    );
  });

  it("refuses another chain id: configured, or reported by the chain", async () => {
    expect(await problems({ PERMITCHAIN_CHAIN_ID: "1" })).toEqual([
      `PERMITCHAIN_CHAIN_ID (chainId) is 1, the deployment manifest ${join(dir, "deployment.json")} is for chain ${chain.chainId}`,
    ]);
    const other = writeManifest("other-chain.json", { ...manifest, chainId: 5 });
    expect(await problems({ PERMITCHAIN_DEPLOYMENT: other })).toEqual([
      `the chain at ${chain.rpcUrl} has chain id ${chain.chainId}, expected 5`,
    ]);
  });

  it("refuses a manifest whose addresses hold no code on this chain", async () => {
    const empty = Wallet.createRandom().address;
    const path = writeManifest("elsewhere.json", {
      ...manifest,
      contracts: { ...manifest.contracts, CredentialStatusRegistry: empty },
    });
    const found = await problems({ PERMITCHAIN_DEPLOYMENT: path });
    expect(found).toEqual([
      `no contract code at CredentialStatusRegistry ${empty} on the chain at ${chain.rpcUrl}: the manifest ${path} is not this chain's deployment`,
    ]);
  });

  it("starts with the chain unreachable: health 503, verdicts indeterminate, never an error", async () => {
    const service = await start({ PERMITCHAIN_RPC_URL: `http://127.0.0.1:${await closedPort()}` });
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", chainId: chain.chainId });
    const issuer = identityOf(Wallet.createRandom(), chain.chainId);
    const jwt = await issueJwt(
      permitFor(issuer, identityOf(Wallet.createRandom(), chain.chainId), {
        issuedAt: Math.floor(Date.now() / 1000),
        changes: { "/credentialStatus/statusRegistry": manifest.contracts.CredentialStatusRegistry },
      }),
      issuer,
    );
    const verified = await fetch(`${service.url}/credentials/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ verifiableCredential: jwt }),
    });
    expect(verified.status).toBe(200);
    const body = (await verified.json()) as { verdict: string; checks: { code: string }[] };
    expect(body.verdict, JSON.stringify(body.checks)).toBe("indeterminate");
    expect(body.checks.map((check) => check.code)).toContain("CHAIN_UNREACHABLE");
  });
});

describe("startVerifierServer on FISCO BCOS native", () => {
  const FISCO_CHAIN_ID = 20200;
  let node: FiscoProtocolServer;
  let fiscoManifest: string;
  let registry: string;
  /** A regulator trusted for permits from the deployment on. */
  const bureau = identityOf(Wallet.createRandom(), FISCO_CHAIN_ID);
  let deployedAt: number;

  beforeAll(async () => {
    node = await startFiscoProtocolServer({ chainId: "chain0", groupId: "group0" });
    const provider = new FiscoProvider({ url: node.url }, { chainId: FISCO_CHAIN_ID, pollingInterval: 100 });
    const { name, uscc, region, sector } = examples.REGULATOR_ORGANIZATION;
    const deployed = await deploy(new FiscoSigner(Wallet.createRandom().privateKey, provider), {
      timestampUnit: "milliseconds",
      chainId: FISCO_CHAIN_ID,
      bootstrap: {
        participants: [
          {
            account: bureau.wallet.address,
            role: Role.Regulator,
            organisation: organisationRecord({ name, creditCode: uscc, regionCode: Number(region), sector }),
          },
        ],
        actions: [
          {
            kind: "AddTrustedIssuer",
            issuer: bureau.wallet.address,
            typeId: CredentialType.DischargePermit,
            sectors: [],
            validUntil: 2n ** 64n - 1n,
          },
        ],
      },
    });
    deployedAt = (await provider.getBlock("latest"))!.timestamp;
    provider.destroy();
    registry = deployed.contracts.CredentialStatusRegistry;
    fiscoManifest = writeManifest("fisco-deployment.json", deployed);
  });

  afterAll(async () => {
    await node?.close();
  });

  const onFisco = (env: Record<string, string> = {}) => ({
    PERMITCHAIN_CHAIN: "fisco",
    PERMITCHAIN_RPC_URL: node.url,
    PERMITCHAIN_DEPLOYMENT: fiscoManifest,
    ...env,
  });

  it("reads the suite through the native client: health, the chain id of the deployment", async () => {
    const service = await start(onFisco());
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", chainId: FISCO_CHAIN_ID });
    const verified = await fetch(`${service.url}/credentials/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ verifiableCredential: "a.b.c" }),
    });
    expect(await verified.json()).toMatchObject({ verdict: "invalid" });
  });

  it("finds blocks by time in the node's clock: trust at issuance is judged at the right block", async () => {
    const service = await start(onFisco());
    const trustAtIssuance = async (issuedAt: number) => {
      const permit = permitFor(bureau, identityOf(Wallet.createRandom(), FISCO_CHAIN_ID), {
        issuedAt,
        statusIndex: 1_000_000,
        changes: { "/credentialStatus/statusRegistry": registry },
      });
      const response = await fetch(`${service.url}/credentials/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ verifiableCredential: await issueJwt(permit, bureau) }),
      });
      const { checks } = (await response.json()) as { checks: { check: string; code: string }[] };
      return checks.find((check) => check.check === "issuerTrust")?.code;
    };
    expect(await trustAtIssuance(deployedAt + 1)).toBe("ISSUER_TRUSTED");
    // an hour before the suite existed: the bureau was not trusted then
    expect(await trustAtIssuance(deployedAt - 3_600)).toBe("ISSUER_UNTRUSTED_AT_ISSUANCE");
  });

  it("refuses a group the node does not serve, and the embedded chain's manifest", async () => {
    const [unknown] = await problems(onFisco({ PERMITCHAIN_FISCO_GROUP: "nogroup" }));
    expect(unknown).toMatch(/nogroup/);
    const elsewhere = await problems(onFisco({ PERMITCHAIN_DEPLOYMENT: join(dir, "deployment.json") }));
    expect(elsewhere).toHaveLength(3);
    expect(elsewhere[0]).toMatch(
      /^no contract code at EthereumDIDRegistry .* is not this chain's deployment$/,
    );
  });

  it("starts with the node unreachable: health 503, not an error", async () => {
    const service = await start(onFisco({ PERMITCHAIN_RPC_URL: `http://127.0.0.1:${await closedPort()}` }));
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", chainId: FISCO_CHAIN_ID });
  });
});
