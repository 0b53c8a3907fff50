import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFiscoProtocolServer } from "@permitchain/chain";
import { deploy } from "@permitchain/contracts";
import {
  didNetwork,
  generateApiKey,
  hashApiKey,
  IssuerConfigError,
  loadIssuerConfig,
  type RunningIssuer,
  startIssuerServer,
} from "@permitchain/issuer";
import { examples } from "@permitchain/schemas";
import { loadVerifierConfig, type RunningVerifier, startVerifierServer } from "@permitchain/verifier/http";
import { ES256KSigner } from "did-jwt";
import { createVerifiablePresentationJwt } from "did-jwt-vc";
import type { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainUnderTest, type ChainUnderTestKind, devWallet, START_CHAIN } from "./chains-under-test.js";
import { permitBootstrap } from "./permit-bootstrap.js";

/*
 * Issue 4, item 5: the issuer and the verifier services, each started as `server.ts` starts it (configuration
 * validated, manifest read, chain connected, listening on a free port), talking to each other only through the
 * chain, and driven with plain fetch as any client would: issue a permit, verify it, ask a challenge, present the
 * permit, replay the presentation, revoke, suspend and reinstate, watching the verdict follow the chain with no
 * restart and no cache in the way. The same scenario runs on every kind of chain (DESIGN.md §8): the embedded
 * chain; a FISCO BCOS node through its native JSON-RPC (the protocol server: TARS transactions, millisecond
 * block time; both services configured with `chain: fisco`); anvil, a third-party Ethereum JSON-RPC node.
 */

type Json = Record<string, unknown>;
interface Check {
  check: string;
  status: string;
  code: string;
}

const DOMAIN = "https://bourse.permitchain.example";
const { REGULATOR_ORGANIZATION, dischargePermitExample } = examples;
const KINDS: ChainUnderTestKind[] = ["embedded", "fisco", "evm"];

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const codeOf = (result: { checks: Check[] }, name: string) =>
  result.checks.find((check) => check.check === name)?.code;

/**
 * The examples' regulator (dev account 1) trusted for permits and the examples' refinery (dev account 3) a
 * polluter, on `chain`; the deployment manifest written under `dir`.
 */
async function deploySuite(chain: ChainUnderTest, dir: string): Promise<string> {
  const regulator = devWallet(1);
  const firm = devWallet(3);
  const manifest = await deploy(chain.deployer, {
    timestampUnit: chain.timestampUnit,
    chainId: chain.chainId,
    bootstrap: permitBootstrap(regulator.address, firm.address),
  });
  const path = join(dir, "deployment.json");
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

describe.each(KINDS)("issuer and verifier services over HTTP, on the %s chain", (kind) => {
  let chain: ChainUnderTest;
  let dir: string;
  let issuer: RunningIssuer;
  let verifier: RunningVerifier;
  let apiKey: string;
  const regulator = devWallet(1);
  const firm: Wallet = devWallet(3);
  /** The examples' DIDs, on this chain. */
  let REGULATOR_DID: string;
  let FIRM_DID: string;

  beforeAll(async () => {
    chain = await START_CHAIN[kind]();
    const network = didNetwork(chain.chainId);
    REGULATOR_DID = `did:ethr:${network.chainIdHex}:${regulator.address}`;
    FIRM_DID = `did:ethr:${network.chainIdHex}:${firm.address}`;
    dir = mkdtempSync(join(tmpdir(), `credentials-e2e-${kind}-`));
    const deployment = await deploySuite(chain, dir);

    apiKey = generateApiKey();
    issuer = await startIssuerServer(
      loadIssuerConfig({
        env: {
          ...chain.serviceEnv.issuer,
          PERMITCHAIN_DEPLOYMENT: deployment,
          PERMITCHAIN_ISSUER_DATA_DIR: join(dir, "issuer"),
          PERMITCHAIN_ISSUER_PORT: "0",
          PERMITCHAIN_ISSUER_LOG_LEVEL: "silent",
          PERMITCHAIN_ISSUER_KEYS: JSON.stringify([
            { did: REGULATOR_DID, name: REGULATOR_ORGANIZATION.name, signingKey: regulator.privateKey },
          ]),
          PERMITCHAIN_ISSUER_API_KEYS: JSON.stringify([
            {
              operator: "permits-desk",
              keyHash: hashApiKey(apiKey),
              issuers: [REGULATOR_DID],
              types: ["DischargePermitCredential"],
            },
          ]),
        },
      }),
    );
    verifier = await startVerifierServer(
      loadVerifierConfig({
        env: {
          ...chain.serviceEnv.verifier,
          PERMITCHAIN_DEPLOYMENT: deployment,
          PERMITCHAIN_VERIFIER_DOMAIN: DOMAIN,
          PERMITCHAIN_VERIFIER_PORT: "0",
          PERMITCHAIN_VERIFIER_LOG_LEVEL: "silent",
        },
      }),
    );
  });

  afterAll(async () => {
    await verifier?.close();
    await issuer?.close();
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Issues the examples' permit for the refinery through the issuer's HTTP API. */
  async function issuePermit(): Promise<{ id: string; jwt: string }> {
    const { status, body } = await post(
      `${issuer.url}/credentials/issue`,
      {
        credential: {
          type: dischargePermitExample.type,
          issuer: REGULATOR_DID,
          credentialSubject: { ...dischargePermitExample.credentialSubject, id: FIRM_DID },
        },
      },
      { authorization: `Bearer ${apiKey}` },
    );
    expect(status, JSON.stringify(body)).toBe(201);
    return { id: body.id as string, jwt: body.verifiableCredential as string };
  }

  async function changeStatus(credentialId: string, action: "revoke" | "suspend" | "reinstate") {
    const { status, body } = await post(
      `${issuer.url}/credentials/status`,
      { credentialId, action },
      { authorization: `Bearer ${apiKey}` },
    );
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  }

  async function verifyCredential(jwt: string) {
    const { status, body } = await post(`${verifier.url}/credentials/verify`, {
      verifiableCredential: jwt,
      options: { credentialType: "DischargePermitCredential" },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    return body as { verdict: string; checks: Check[]; credential?: Json };
  }

  /** The refinery's presentation of `jwts`, signed with its key, answering `challenge` for `domain`. */
  function present(jwts: string[], challenge: string, domain: string): Promise<string> {
    return createVerifiablePresentationJwt(
      {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        type: ["VerifiablePresentation"],
        holder: FIRM_DID,
        verifiableCredential: jwts,
      },
      { did: FIRM_DID, signer: ES256KSigner(Buffer.from(firm.privateKey.slice(2), "hex")), alg: "ES256K" },
      { challenge, domain },
    );
  }

  let permit: { id: string; jwt: string };

  it("both services are up and read the same chain", async () => {
    for (const url of [`${verifier.url}/health`, `${verifier.url}/documentation/json`]) {
      expect((await fetch(url)).status).toBe(200);
    }
    const health = (await (await fetch(`${verifier.url}/health`)).json()) as Json;
    expect(health).toMatchObject({ status: "ok", chainId: chain.chainId });
  });

  it("a permit issued by the issuer (API key) verifies: valid, every check passes", async () => {
    permit = await issuePermit();
    const result = await verifyCredential(permit.jwt);
    expect(result.verdict).toBe("valid");
    expect(result.checks.map(({ check, status, code }) => `${check} ${status} ${code}`)).toEqual([
      "signature pass SIGNATURE_VALID",
      "did pass DID_RESOLVED",
      "issuerTrust pass ISSUER_TRUSTED",
      "status pass STATUS_ACTIVE",
      "schema pass SCHEMA_VALID",
      "validity pass WITHIN_VALIDITY",
    ]);
    expect(result.credential).toMatchObject({ id: permit.id, issuer: { id: REGULATOR_DID } });
  });

  it("the holder presents it with the verifier's challenge: valid once, CHALLENGE_REPLAYED after", async () => {
    const issued = await post(`${verifier.url}/challenges`, {});
    expect(issued.status).toBe(201);
    const { challenge, domain } = issued.body as { challenge: string; domain: string };
    expect(domain).toBe(DOMAIN);
    const vp = await present([permit.jwt], challenge, domain);

    const first = await post(`${verifier.url}/presentations/verify`, {
      verifiablePresentation: vp,
      options: { challenge, domain },
    });
    expect(first.status).toBe(200);
    const accepted = first.body as { verdict: string; checks: Check[]; holder: string; credentials: Json[] };
    expect(accepted.checks.map(({ check, code }) => `${check} ${code}`)).toEqual([
      "signature SIGNATURE_VALID",
      "did DID_RESOLVED",
      "schema SCHEMA_VALID",
      "validity WITHIN_VALIDITY",
      "holder HOLDER_BOUND",
      "challenge CHALLENGE_ACCEPTED",
      "domain DOMAIN_MATCHED",
    ]);
    expect(accepted.verdict).toBe("valid");
    expect(accepted.holder).toBe(FIRM_DID);
    expect(accepted.credentials.map((credential) => credential.verdict)).toEqual(["valid"]);

    const replay = await post(`${verifier.url}/presentations/verify`, {
      verifiablePresentation: vp,
      options: { challenge, domain },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.verdict).toBe("invalid");
    expect(codeOf(replay.body as { checks: Check[] }, "challenge")).toBe("CHALLENGE_REPLAYED");
  });

  it("revoked through the issuer: the verifier says invalid, STATUS_REVOKED, at once", async () => {
    const revoked = await changeStatus(permit.id, "revoke");
    expect(revoked).toMatchObject({ previousStatus: "active", status: { status: "revoked" } });
    const result = await verifyCredential(permit.jwt);
    expect(result.verdict).toBe("invalid");
    expect(codeOf(result, "status")).toBe("STATUS_REVOKED");
    // and a presentation of it, with a fresh challenge, fails on the credential
    const { challenge } = (await post(`${verifier.url}/challenges`, {})).body as { challenge: string };
    const vp = await present([permit.jwt], challenge, DOMAIN);
    const presented = await post(`${verifier.url}/presentations/verify`, {
      verifiablePresentation: vp,
      options: { challenge },
    });
    expect(presented.body.verdict).toBe("invalid");
    const [inner] = presented.body.credentials as { checks: Check[] }[];
    expect(codeOf(inner!, "status")).toBe("STATUS_REVOKED");
  });

  it("suspended, reinstated: the verdict follows the chain", async () => {
    const other = await issuePermit();
    expect((await verifyCredential(other.jwt)).verdict).toBe("valid");

    await changeStatus(other.id, "suspend");
    const suspended = await verifyCredential(other.jwt);
    expect({ verdict: suspended.verdict, status: codeOf(suspended, "status") }).toEqual({
      verdict: "invalid",
      status: "STATUS_SUSPENDED",
    });

    await changeStatus(other.id, "reinstate");
    const reinstated = await verifyCredential(other.jwt);
    expect({ verdict: reinstated.verdict, status: codeOf(reinstated, "status") }).toEqual({
      verdict: "valid",
      status: "STATUS_ACTIVE",
    });
    // the first permit stays revoked: revocation is final
    expect(codeOf(await verifyCredential(permit.jwt), "status")).toBe("STATUS_REVOKED");
  });
});

describe("the issuer on a FISCO BCOS SM (国密) group", () => {
  it("refuses to start: its status writes cannot work there", async () => {
    const node = await startFiscoProtocolServer({ cryptoSuite: "sm" });
    const dir = mkdtempSync(join(tmpdir(), "credentials-e2e-sm-"));
    try {
      const regulator = devWallet(1);
      const did = `did:ethr:${didNetwork(20200).chainIdHex}:${regulator.address}`;
      const deployment = join(dir, "deployment.json");
      const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
      writeFileSync(
        deployment,
        JSON.stringify({
          chainId: 20200,
          contracts: {
            CredentialStatusRegistry: address(1),
            TrustedIssuerRegistry: address(2),
            ParticipantRegistry: address(3),
          },
        }),
      );
      const config = loadIssuerConfig({
        env: {
          PERMITCHAIN_CHAIN: "fisco",
          PERMITCHAIN_RPC_URL: node.url,
          PERMITCHAIN_DEPLOYMENT: deployment,
          PERMITCHAIN_ISSUER_DATA_DIR: join(dir, "issuer"),
          PERMITCHAIN_ISSUER_KEYS: JSON.stringify([{ did, signingKey: regulator.privateKey }]),
          PERMITCHAIN_ISSUER_API_KEYS: JSON.stringify([
            {
              operator: "permits-desk",
              keyHash: hashApiKey(generateApiKey()),
              issuers: [did],
              types: ["DischargePermitCredential"],
            },
          ]),
        },
      });
      const refused = await startIssuerServer(config).then(
        async (running) => {
          await running.close();
          throw new Error("the issuer started on an SM group");
        },
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(IssuerConfigError);
      expect((refused as IssuerConfigError).problems).toEqual([
        expect.stringMatching(
          /^the FISCO BCOS group group0 at .* is an SM \(国密\) group: the issuer does not write credential status there/,
        ),
      ]);
    } finally {
      await node.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
