import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encryptKeystoreJson, Wallet } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { ApiKeyStore, generateApiKey, hashApiKey, operatorMay } from "./api-keys.js";
import { loadIssuerConfig } from "./config.js";
import { didNetwork } from "./did.js";
import { IssuerConfigError } from "./errors.js";
import { loadIssuerKeys } from "./keys.js";

const dir = mkdtempSync(join(tmpdir(), "issuer-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DID = "did:ethr:0x7a69:0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // dev account 1
const HASH = hashApiKey("pck_operator-key");

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof IssuerConfigError) return error.problems;
    throw error;
  }
  throw new Error("no IssuerConfigError");
}

const minimalEnv = {
  PERMITCHAIN_RPC_URL: "http://127.0.0.1:8545",
  PERMITCHAIN_ISSUER_KEYS: JSON.stringify([{ did: DID, signingKey: KEY }]),
  PERMITCHAIN_ISSUER_API_KEYS: JSON.stringify([
    { operator: "bureau-ops", keyHash: HASH, issuers: [DID], types: ["DischargePermitCredential"] },
  ]),
};

describe("loadIssuerConfig", () => {
  it("reads the environment, with defaults for everything optional", () => {
    const config = loadIssuerConfig({ env: minimalEnv, cwd: "/srv/permitchain" });
    expect(config).toMatchObject({
      rpcUrl: "http://127.0.0.1:8545",
      rpcTimeoutMs: 15_000,
      deploymentPath: "/srv/permitchain/data/deployment.json",
      dataDir: "/srv/permitchain/data/issuer",
      database: { kind: "sqlite", path: "/srv/permitchain/data/issuer/issuer.sqlite" },
      host: "127.0.0.1",
      port: 8081,
      bodyLimit: 1_048_576,
      logLevel: "info",
    });
    expect(config.issuers).toEqual([
      { did: DID, signingKey: { kind: "hex", hex: KEY }, statusKey: undefined, name: undefined },
    ]);
    expect(config.apiKeys).toEqual([
      { operator: "bureau-ops", keyHash: HASH, issuers: [DID], types: ["DischargePermitCredential"] },
    ]);
  });

  it("reads a FISCO BCOS node: ws(s):// URLs, group, node and SDK certificates (a path like the others)", () => {
    const config = loadIssuerConfig({
      cwd: "/srv",
      env: {
        ...minimalEnv,
        PERMITCHAIN_CHAIN: "fisco",
        PERMITCHAIN_RPC_URL: "wss://10.0.0.1:20200",
        PERMITCHAIN_FISCO_GROUP: "group1",
        PERMITCHAIN_FISCO_NODE: "node0",
        PERMITCHAIN_FISCO_CERT_DIR: "sdk",
      },
    });
    expect(config).toMatchObject({
      chain: "fisco",
      rpcUrl: "wss://10.0.0.1:20200",
      fisco: { group: "group1", node: "node0", certDir: "/srv/sdk" },
    });
    expect(loadIssuerConfig({ env: minimalEnv })).toMatchObject({ chain: "evm", fisco: undefined });
    const path = join(dir, "fisco.json");
    writeFileSync(path, JSON.stringify({ chain: "fisco", rpcUrl: "http://node:20200" }));
    const { PERMITCHAIN_RPC_URL: _url, ...keys } = minimalEnv;
    expect(loadIssuerConfig({ env: { ...keys, PERMITCHAIN_ISSUER_CONFIG: path } })).toMatchObject({
      chain: "fisco",
      rpcUrl: "http://node:20200",
      fisco: { group: "group0", node: "", certDir: undefined },
    });
  });

  it("lists every misuse of the chain settings at once", () => {
    expect(
      problemsOf(() =>
        loadIssuerConfig({
          env: {
            ...minimalEnv,
            PERMITCHAIN_RPC_URL: "wss://10.0.0.1:20200",
            PERMITCHAIN_FISCO_GROUP: "group0",
            PERMITCHAIN_FISCO_NODE: "node0",
            PERMITCHAIN_FISCO_CERT_DIR: "sdk",
          },
        }),
      ),
    ).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http:// or https:// URL, got "wss://10.0.0.1:20200" (ws:// and wss:// are for PERMITCHAIN_CHAIN (chain) "fisco")',
      'PERMITCHAIN_FISCO_GROUP (fiscoGroup): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_NODE (fiscoNode): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
    ]);
    expect(
      problemsOf(() =>
        loadIssuerConfig({
          env: {
            ...minimalEnv,
            PERMITCHAIN_CHAIN: "fisco",
            PERMITCHAIN_RPC_URL: "http://127.0.0.1:20200",
            PERMITCHAIN_FISCO_CERT_DIR: "sdk",
            PERMITCHAIN_ISSUER_PORT: "-1",
          },
        }),
      ),
    ).toEqual([
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): the SDK certificates are for an https:// or wss:// rpcUrl, got "http://127.0.0.1:20200"',
      'PERMITCHAIN_ISSUER_PORT (port): an integer from 0 to 65535, got "-1"',
    ]);
    expect(problemsOf(() => loadIssuerConfig({ env: { ...minimalEnv, PERMITCHAIN_CHAIN: "besu" } }))).toEqual(
      ['PERMITCHAIN_CHAIN (chain): "evm" or "fisco", got "besu"'],
    );
  });

  it("takes DATABASE_URL as PostgreSQL or as a SQLite path", () => {
    const pg = loadIssuerConfig({
      env: { ...minimalEnv, DATABASE_URL: "postgres://issuer@db:5432/permits" },
    });
    expect(pg.database).toEqual({ kind: "postgres", url: "postgres://issuer@db:5432/permits" });
    const file = loadIssuerConfig({
      env: { ...minimalEnv, DATABASE_URL: "sqlite:var/issuer.db" },
      cwd: "/srv",
    });
    expect(file.database).toEqual({ kind: "sqlite", path: "/srv/var/issuer.db" });
    expect(problemsOf(() => loadIssuerConfig({ env: { ...minimalEnv, DATABASE_URL: "mysql://x" } }))).toEqual(
      ["DATABASE_URL (database): postgres://... for PostgreSQL, or a file path (sqlite:PATH) for SQLite"],
    );
  });

  it("reads a JSON file (paths relative to it), which the environment overrides", () => {
    const path = join(dir, "issuer.json");
    writeFileSync(
      path,
      JSON.stringify({
        rpcUrl: "http://chain:8545",
        deployment: "deployment.json",
        database: "db/issuer.sqlite",
        port: 9000,
        issuers: [
          {
            did: DID,
            signingKey: { file: "keys/regulator.json", passwordFile: "keys/password" },
            name: "局",
          },
        ],
        apiKeys: JSON.parse(minimalEnv.PERMITCHAIN_ISSUER_API_KEYS),
      }),
    );
    const config = loadIssuerConfig({
      env: { PERMITCHAIN_ISSUER_CONFIG: path, PERMITCHAIN_ISSUER_PORT: "9100" },
    });
    expect(config).toMatchObject({
      rpcUrl: "http://chain:8545",
      deploymentPath: join(dir, "deployment.json"),
      database: { kind: "sqlite", path: join(dir, "db/issuer.sqlite") },
      port: 9100,
    });
    expect(config.issuers[0]?.signingKey).toEqual({
      kind: "file",
      path: join(dir, "keys/regulator.json"),
      passwordFile: join(dir, "keys/password"),
      passwordEnv: undefined,
    });
  });

  it("lists every problem at once, naming the variable", () => {
    const problems = problemsOf(() =>
      loadIssuerConfig({
        env: {
          PERMITCHAIN_RPC_URL: "ftp://nowhere",
          PERMITCHAIN_ISSUER_PORT: "70000",
          PERMITCHAIN_ISSUER_LOG_LEVEL: "loud",
          PERMITCHAIN_ISSUER_KEYS: JSON.stringify([{ did: "did:web:bureau.example", signingKey: "0x12" }]),
          PERMITCHAIN_ISSUER_API_KEYS: JSON.stringify([
            { operator: "ops", keyHash: "pck_plaintext", issuers: [DID], types: ["DrivingLicence"] },
          ]),
        },
      }),
    );
    expect(problems).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http:// or https:// URL, got "ftp://nowhere"',
      'PERMITCHAIN_ISSUER_PORT (port): an integer from 0 to 65535, got "70000"',
      'PERMITCHAIN_ISSUER_LOG_LEVEL (logLevel): one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'PERMITCHAIN_ISSUER_KEYS (issuers)[0].did: must be a did:ethr DID, got "did:web:bureau.example"',
      'PERMITCHAIN_ISSUER_API_KEYS (apiKeys)[0].keyHash: "sha256:" and 64 lower-case hex digits (hashApiKey of the key), never the key',
      `PERMITCHAIN_ISSUER_API_KEYS (apiKeys)[0].issuers: "${DID}" is not one of the configured issuers`,
      'PERMITCHAIN_ISSUER_API_KEYS (apiKeys)[0].types: "DrivingLicence" is not one of DischargePermitCredential, AuditReportCredential, AuditorAccreditationCredential, ParticipantCredential',
    ]);
    expect(problemsOf(() => loadIssuerConfig({ env: {} }))).toEqual([
      "PERMITCHAIN_RPC_URL (rpcUrl): required, the chain's JSON-RPC URL",
      'PERMITCHAIN_ISSUER_KEYS (issuers): required, a JSON array of {"did", "signingKey", "statusKey"?, "name"?}',
      'PERMITCHAIN_ISSUER_API_KEYS (apiKeys): required, a JSON array of {"operator", "keyHash", "issuers", "types"}',
    ]);
    expect(
      problemsOf(() => loadIssuerConfig({ env: { ...minimalEnv, PERMITCHAIN_ISSUER_KEYS: "[{" } }))[0],
    ).toMatch(/^PERMITCHAIN_ISSUER_KEYS: not valid JSON/);
  });
});

describe("loadIssuerKeys", () => {
  it("reads settings as the verifier does: trimmed strings, URLs that parse, blank values refused", () => {
    const file = join(dir, "blank.json");
    writeFileSync(file, JSON.stringify({ host: "   ", logLevel: " info ", deployment: " " }));
    const problems = problemsOf(() =>
      loadIssuerConfig({
        env: { ...minimalEnv, PERMITCHAIN_ISSUER_CONFIG: file, PERMITCHAIN_RPC_URL: "http://chain:99999" },
      }),
    );
    expect(problems).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http:// or https:// URL, got "http://chain:99999"',
      "PERMITCHAIN_DEPLOYMENT (deployment): must be a non-empty string",
      "PERMITCHAIN_ISSUER_HOST (host): must be a non-empty string",
    ]);
    const trimmed = loadIssuerConfig({
      env: {
        ...minimalEnv,
        PERMITCHAIN_ISSUER_LOG_LEVEL: " debug ",
        PERMITCHAIN_RPC_URL: " http://chain:8545 ",
      },
    });
    expect(trimmed).toMatchObject({ logLevel: "debug", rpcUrl: "http://chain:8545" });
  });

  it("loads inline keys, hex key files and encrypted keystores, and checks DIDs against the chain", async () => {
    const owner = new Wallet(KEY);
    const statusKey = Wallet.createRandom();
    writeFileSync(join(dir, "status.key"), `${statusKey.privateKey.slice(2)}\n`);
    const keystore = await encryptKeystoreJson(
      { address: owner.address, privateKey: owner.privateKey },
      "correct horse",
      { scrypt: { N: 1 << 10 } },
    );
    writeFileSync(join(dir, "owner.json"), keystore);
    writeFileSync(join(dir, "password"), "correct horse\n");
    const keyring = await loadIssuerKeys(
      [
        {
          did: DID,
          signingKey: { kind: "file", path: join(dir, "owner.json"), passwordFile: join(dir, "password") },
          statusKey: { kind: "file", path: join(dir, "status.key") },
        },
      ],
      { network: didNetwork(31337) },
    );
    const identity = keyring.get(DID.toLowerCase())!;
    expect(identity.address).toBe(owner.address);
    expect(identity.signingKey.address).toBe(owner.address);
    expect(identity.statusKey.address).toBe(statusKey.address);

    const failure = await loadIssuerKeys(
      [
        { did: DID, signingKey: { kind: "file", path: join(dir, "owner.json"), passwordEnv: "ISSUER_PW" } },
        {
          did: "did:ethr:0x1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
          signingKey: { kind: "hex", hex: KEY },
        },
        { did: DID, signingKey: { kind: "file", path: join(dir, "missing.key") } },
      ],
      { network: didNetwork(31337), env: { ISSUER_PW: "wrong" } },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IssuerConfigError);
    const problems = (failure as IssuerConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/neither a hex private key nor a keystore this password opens/);
    expect(problems[1]).toMatch(/did:ethr:0x1:.*0x7a69/);
    expect(problems[2]).toMatch(/cannot read .*missing\.key \(ENOENT\)/);
  });
});

describe("API keys", () => {
  it("are random, stored hashed, and matched in constant time to their operator and scope", () => {
    const key = generateApiKey();
    expect(key).toMatch(/^pck_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(key);
    expect(hashApiKey(key)).toMatch(/^sha256:[0-9a-f]{64}$/);
    const store = new ApiKeyStore([
      { operator: "a", keyHash: hashApiKey(key), issuers: [DID], types: ["DischargePermitCredential"] },
      { operator: "b", keyHash: hashApiKey("pck_other"), issuers: [DID], types: ["ParticipantCredential"] },
    ]);
    const operator = store.authenticate(`Bearer ${key}`);
    expect(operator?.id).toBe("a");
    expect(store.authenticate("bearer pck_other")?.id).toBe("b");
    for (const header of [undefined, "", "Bearer", `Basic ${key}`, `Bearer ${key}x`, `Bearer ${key} extra`]) {
      expect(store.authenticate(header)).toBeUndefined();
    }
    expect(operatorMay(operator!, DID.toLowerCase(), "DischargePermitCredential")).toBe(true);
    expect(operatorMay(operator!, DID, "ParticipantCredential")).toBe(false);
    expect(
      operatorMay(
        operator!,
        "did:ethr:0x7a69:0x0000000000000000000000000000000000000001",
        "DischargePermitCredential",
      ),
    ).toBe(false);
  });
});
