// The service over real HTTP, started as server.ts starts it: configuration from a JSON file (keys in a hex key
// file and in an encrypted keystore), the deployment manifest from disk, SQLite under a data directory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyCredential } from "did-jwt-vc";
import { Resolver } from "did-resolver";
import { encryptKeystoreJson } from "ethers";
import { getResolver } from "ethr-did-resolver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
type Json = any;
const json = async (response: Response): Promise<Json> => response.json();

import { loadIssuerConfig } from "./config.js";
import { IssuerConfigError } from "./errors.js";
import { type RunningIssuer, startIssuerServer } from "./start.js";
import { type IssuerTestChain, startIssuerTestChain } from "./test-support/chain.js";
import { API_KEYS, FIRM_DID, KEYS, permitRequest, REGULATOR_DID } from "./test-support/fixtures.js";

let env: IssuerTestChain;
let running: RunningIssuer;
const dir = mkdtempSync(join(tmpdir(), "issuer-http-"));

beforeAll(async () => {
  env = await startIssuerTestChain();
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(env.manifest));
  const keystore = await encryptKeystoreJson(
    { address: env.regulator.address, privateKey: env.regulator.privateKey },
    "s3cret",
    { scrypt: { N: 1 << 10 } },
  );
  writeFileSync(join(dir, "regulator.keystore.json"), keystore);
  writeFileSync(join(dir, "regulator.password"), "s3cret\n");
  writeFileSync(join(dir, "regulator-operator.key"), env.regulatorOperator.privateKey);
  writeFileSync(
    join(dir, "issuer.json"),
    JSON.stringify({
      rpcUrl: env.rpcUrl,
      deployment: "deployment.json",
      dataDir: "data",
      port: 0,
      logLevel: "silent",
      issuers: [
        {
          did: REGULATOR_DID,
          signingKey: { file: "regulator.keystore.json", passwordFile: "regulator.password" },
          statusKey: { file: "regulator-operator.key" },
        },
      ],
      apiKeys: [{ ...API_KEYS[0], issuers: [REGULATOR_DID] }],
    }),
  );
  running = await startIssuerServer(
    loadIssuerConfig({ env: { PERMITCHAIN_ISSUER_CONFIG: join(dir, "issuer.json") } }),
  );
});

afterAll(async () => {
  await running?.close();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the issuer over HTTP", () => {
  it("issues, serves the record, revokes, and publishes its OpenAPI document", async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const issued = await fetch(`${running.url}/credentials/issue`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${KEYS.bureau}`,
        "idempotency-key": "http-1",
      },
      body: JSON.stringify(permitRequest()),
    });
    expect(issued.status).toBe(201);
    const body = await json(issued);
    const resolver = new Resolver(
      getResolver({
        networks: [
          {
            name: "dev",
            chainId: env.manifest.chainId,
            rpcUrl: env.rpcUrl,
            registry: env.manifest.contracts.EthereumDIDRegistry,
          },
        ],
      }),
    ) as unknown as Parameters<typeof verifyCredential>[1];
    const verified = await verifyCredential(body.verifiableCredential, resolver);
    expect(verified.issuer).toBe(REGULATOR_DID);
    expect(verified.verifiableCredential.credentialSubject.id).toBe(FIRM_DID);

    const record = await fetch(`${running.url}/credentials/${encodeURIComponent(body.id)}`, {
      headers: { authorization: `Bearer ${KEYS.bureau}` },
    });
    expect(record.status).toBe(200);
    expect((await json(record)).verifiableCredential).toBe(body.verifiableCredential);

    const revoked = await fetch(`${running.url}/credentials/status`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.bureau}` },
      body: JSON.stringify({ credentialId: body.id, action: "revoke", reason: 5 }),
    });
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).status).toMatchObject({ status: "revoked", reason: 5 });

    const malformed = await fetch(`${running.url}/credentials/issue`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.bureau}` },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.code).toBe("BAD_REQUEST");

    const doc = await fetch(`${running.url}/documentation/json`);
    expect(doc.status).toBe(200);
    expect((await json(doc)).info.title).toBe("PermitChain issuer");
  });

  it("refuses to start on a manifest without the status registry, naming the problem", async () => {
    const { CredentialStatusRegistry: _gone, ...contracts } = env.manifest.contracts;
    writeFileSync(
      join(dir, "old-deployment.json"),
      JSON.stringify({ chainId: env.manifest.chainId, contracts }),
    );
    const config = loadIssuerConfig({
      env: {
        PERMITCHAIN_ISSUER_CONFIG: join(dir, "issuer.json"),
        PERMITCHAIN_DEPLOYMENT: join(dir, "old-deployment.json"),
      },
    });
    const error = await startIssuerServer(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IssuerConfigError);
    expect((error as IssuerConfigError).problems).toEqual([
      `deployment manifest ${join(dir, "old-deployment.json")}: contracts.CredentialStatusRegistry must be an address`,
    ]);
  });
});
