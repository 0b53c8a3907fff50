import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configProblems, loadVerifierConfig } from "./config.js";
import { VerifierConfigError } from "./errors.js";

const dir = mkdtempSync(join(tmpdir(), "verifier-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimalEnv = {
  PERMITCHAIN_RPC_URL: "http://127.0.0.1:8545",
  PERMITCHAIN_VERIFIER_DOMAIN: "https://bourse.example",
};

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VerifierConfigError);
    return configProblems(error)!;
  }
  throw new Error("no VerifierConfigError");
}

describe("loadVerifierConfig", () => {
  it("reads the environment, with defaults for everything optional", () => {
    expect(loadVerifierConfig({ env: minimalEnv, cwd: "/srv/permitchain" })).toEqual({
      chain: "evm",
      rpcUrl: "http://127.0.0.1:8545",
      fisco: undefined,
      rpcTimeoutMs: 15_000,
      deploymentPath: "/srv/permitchain/data/deployment.json",
      chainId: undefined,
      timestampUnit: "seconds",
      domain: "https://bourse.example",
      challengeTtlSeconds: 300,
      clockToleranceSeconds: 60,
      host: "127.0.0.1",
      port: 8082,
      bodyLimit: 1_048_576,
      logLevel: "info",
    });
  });

  it("takes every setting from the environment", () => {
    const config = loadVerifierConfig({
      cwd: "/srv",
      env: {
        ...minimalEnv,
        PERMITCHAIN_RPC_TIMEOUT_MS: "5000",
        PERMITCHAIN_DEPLOYMENT: "chain/deployment.json",
        PERMITCHAIN_CHAIN_ID: "20200",
        PERMITCHAIN_TIMESTAMP_UNIT: "milliseconds",
        PERMITCHAIN_VERIFIER_CHALLENGE_TTL_SECONDS: "120",
        PERMITCHAIN_VERIFIER_CLOCK_TOLERANCE_SECONDS: "0",
        PERMITCHAIN_VERIFIER_HOST: "0.0.0.0",
        PERMITCHAIN_VERIFIER_PORT: "0",
        PERMITCHAIN_VERIFIER_BODY_LIMIT: "65536",
        PERMITCHAIN_VERIFIER_LOG_LEVEL: "warn",
      },
    });
    expect(config).toEqual({
      chain: "evm",
      rpcUrl: "http://127.0.0.1:8545",
      fisco: undefined,
      rpcTimeoutMs: 5000,
      deploymentPath: "/srv/chain/deployment.json",
      chainId: 20200,
      timestampUnit: "milliseconds",
      domain: "https://bourse.example",
      challengeTtlSeconds: 120,
      clockToleranceSeconds: 0,
      host: "0.0.0.0",
      port: 0,
      bodyLimit: 65_536,
      logLevel: "warn",
    });
  });

  it("reads a JSON file, its relative paths against its folder, the environment winning", () => {
    const file = join(dir, "verifier.json");
    writeFileSync(
      file,
      JSON.stringify({
        rpcUrl: "http://10.0.0.1:8545",
        deployment: "../deployment.json",
        domain: "https://from-file.example",
        port: 9000,
        timestampUnit: "milliseconds",
      }),
    );
    const config = loadVerifierConfig({
      env: { PERMITCHAIN_VERIFIER_CONFIG: file, PERMITCHAIN_VERIFIER_PORT: "9100" },
    });
    expect(config).toMatchObject({
      rpcUrl: "http://10.0.0.1:8545",
      deploymentPath: join(dir, "..", "deployment.json"),
      domain: "https://from-file.example",
      port: 9100,
      timestampUnit: "milliseconds",
    });
  });

  it("lists every problem at once", () => {
    const problems = problemsOf(() =>
      loadVerifierConfig({
        env: {
          PERMITCHAIN_RPC_URL: "ws://127.0.0.1:8545",
          PERMITCHAIN_RPC_TIMEOUT_MS: "10",
          PERMITCHAIN_CHAIN_ID: "-1",
          PERMITCHAIN_TIMESTAMP_UNIT: "minutes",
          PERMITCHAIN_VERIFIER_CHALLENGE_TTL_SECONDS: "0",
          PERMITCHAIN_VERIFIER_CLOCK_TOLERANCE_SECONDS: "1.5",
          PERMITCHAIN_VERIFIER_PORT: "70000",
          PERMITCHAIN_VERIFIER_BODY_LIMIT: "10",
          PERMITCHAIN_VERIFIER_LOG_LEVEL: "loud",
        },
      }),
    );
    expect(problems).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http:// or https:// URL, got "ws://127.0.0.1:8545" (ws:// and wss:// are for PERMITCHAIN_CHAIN (chain) "fisco")',
      'PERMITCHAIN_RPC_TIMEOUT_MS (rpcTimeoutMs): an integer from 100 to 600000, got "10"',
      `PERMITCHAIN_CHAIN_ID (chainId): an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got "-1"`,
      'PERMITCHAIN_TIMESTAMP_UNIT (timestampUnit): "seconds" or "milliseconds", got "minutes"',
      "PERMITCHAIN_VERIFIER_DOMAIN (domain): required, the domain presentations are addressed to (their aud), e.g. https://verifier.example",
      'PERMITCHAIN_VERIFIER_CHALLENGE_TTL_SECONDS (challengeTtlSeconds): an integer from 1 to 86400, got "0"',
      'PERMITCHAIN_VERIFIER_CLOCK_TOLERANCE_SECONDS (clockToleranceSeconds): an integer from 0 to 3600, got "1.5"',
      'PERMITCHAIN_VERIFIER_PORT (port): an integer from 0 to 65535, got "70000"',
      'PERMITCHAIN_VERIFIER_BODY_LIMIT (bodyLimit): an integer from 1024 to 67108864, got "10"',
      'PERMITCHAIN_VERIFIER_LOG_LEVEL (logLevel): one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it("reads a FISCO BCOS node: ws(s):// URLs, group, node, certificates; milliseconds by default", () => {
    const config = loadVerifierConfig({
      cwd: "/srv",
      env: {
        PERMITCHAIN_CHAIN: "fisco",
        PERMITCHAIN_RPC_URL: "wss://10.0.0.1:20200",
        PERMITCHAIN_FISCO_GROUP: "group1",
        PERMITCHAIN_FISCO_NODE: "node0",
        PERMITCHAIN_FISCO_CERT_DIR: "nodes/127.0.0.1/sdk",
        PERMITCHAIN_VERIFIER_DOMAIN: "https://bourse.example",
      },
    });
    expect(config).toMatchObject({
      chain: "fisco",
      rpcUrl: "wss://10.0.0.1:20200",
      fisco: { group: "group1", node: "node0", certDir: "/srv/nodes/127.0.0.1/sdk" },
      timestampUnit: "milliseconds",
    });
    const file = join(dir, "fisco.json");
    writeFileSync(
      file,
      JSON.stringify({
        chain: "fisco",
        rpcUrl: "https://node:20200",
        fiscoCertDir: "sdk",
        timestampUnit: "seconds",
      }),
    );
    expect(
      loadVerifierConfig({ env: { PERMITCHAIN_VERIFIER_DOMAIN: "https://bourse.example" }, file }),
    ).toMatchObject({
      chain: "fisco",
      fisco: { group: "group0", node: "", certDir: join(dir, "sdk") },
      timestampUnit: "seconds",
    });
  });

  it("lists every misuse of the chain settings at once", () => {
    expect(
      problemsOf(() =>
        loadVerifierConfig({
          env: {
            ...minimalEnv,
            PERMITCHAIN_FISCO_GROUP: "group0",
            PERMITCHAIN_FISCO_NODE: "node0",
            PERMITCHAIN_FISCO_CERT_DIR: "sdk",
          },
        }),
      ),
    ).toEqual([
      'PERMITCHAIN_FISCO_GROUP (fiscoGroup): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_NODE (fiscoNode): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
    ]);
    expect(
      problemsOf(() =>
        loadVerifierConfig({
          env: {
            ...minimalEnv,
            PERMITCHAIN_CHAIN: "fisco",
            PERMITCHAIN_RPC_URL: "ws://127.0.0.1:20200",
            PERMITCHAIN_FISCO_CERT_DIR: "sdk",
            PERMITCHAIN_TIMESTAMP_UNIT: "ms",
          },
        }),
      ),
    ).toEqual([
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): the SDK certificates are for an https:// or wss:// rpcUrl, got "ws://127.0.0.1:20200"',
      'PERMITCHAIN_TIMESTAMP_UNIT (timestampUnit): "seconds" or "milliseconds", got "ms"',
    ]);
    expect(
      problemsOf(() => loadVerifierConfig({ env: { ...minimalEnv, PERMITCHAIN_CHAIN: "ethereum" } })),
    ).toEqual(['PERMITCHAIN_CHAIN (chain): "evm" or "fisco", got "ethereum"']);
  });

  it("requires the RPC URL and the domain, and says what they are", () => {
    expect(problemsOf(() => loadVerifierConfig({ env: {} }))).toEqual([
      "PERMITCHAIN_RPC_URL (rpcUrl): required, the chain's JSON-RPC URL",
      "PERMITCHAIN_VERIFIER_DOMAIN (domain): required, the domain presentations are addressed to (their aud), e.g. https://verifier.example",
    ]);
    expect(
      problemsOf(() =>
        loadVerifierConfig({ env: { ...minimalEnv, PERMITCHAIN_VERIFIER_DOMAIN: "https://a b.example" } }),
      ),
    ).toEqual(["PERMITCHAIN_VERIFIER_DOMAIN (domain): at most 1024 characters, no white space"]);
  });

  it("refuses an unreadable file, a file that is not an object, unknown and mistyped fields", () => {
    expect(
      problemsOf(() => loadVerifierConfig({ env: minimalEnv, file: join(dir, "missing.json") }))[0],
    ).toMatch(/^config file .*missing\.json: ENOENT/);
    const list = join(dir, "list.json");
    writeFileSync(list, "[]");
    expect(problemsOf(() => loadVerifierConfig({ env: minimalEnv, file: list }))).toEqual([
      `config file ${list}: must hold a JSON object`,
    ]);
    const odd = join(dir, "odd.json");
    writeFileSync(odd, JSON.stringify({ domian: "x", port: "eighty", host: 1 }));
    expect(problemsOf(() => loadVerifierConfig({ env: minimalEnv, file: odd }))).toEqual([
      'config file: unknown field "domian"',
      "PERMITCHAIN_VERIFIER_HOST (host): must be a non-empty string",
      'PERMITCHAIN_VERIFIER_PORT (port): an integer from 0 to 65535, got "eighty"',
    ]);
  });
});
