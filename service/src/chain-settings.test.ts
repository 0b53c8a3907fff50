import { describe, expect, it } from "vitest";
import { chainEndpointOptions, chainSettings } from "./chain-settings.js";
import type { ConfigSource } from "./config-source.js";

function source(env: Record<string, string>, file: Record<string, unknown> = {}): ConfigSource {
  return { env, file, cwd: "/srv", fileBase: "/etc/permitchain" };
}

function read(env: Record<string, string>, file: Record<string, unknown> = {}) {
  const problems: string[] = [];
  const settings = chainSettings(source(env, file), problems);
  return { settings, problems };
}

describe("chainSettings", () => {
  it("an Ethereum JSON-RPC chain by default", () => {
    expect(read({ PERMITCHAIN_RPC_URL: "http://127.0.0.1:8545" })).toEqual({
      settings: { chain: "evm", rpcUrl: "http://127.0.0.1:8545", fisco: undefined },
      problems: [],
    });
  });

  it("a FISCO BCOS node: ws(s):// too, group and node defaults, the certificate directory resolved", () => {
    expect(read({ PERMITCHAIN_CHAIN: "fisco", PERMITCHAIN_RPC_URL: "ws://10.0.0.1:20200" })).toEqual({
      settings: {
        chain: "fisco",
        rpcUrl: "ws://10.0.0.1:20200",
        fisco: { group: "group0", node: "", certDir: undefined },
      },
      problems: [],
    });
    const fromEnv = read({
      PERMITCHAIN_CHAIN: " fisco ",
      PERMITCHAIN_RPC_URL: "https://10.0.0.1:20200",
      PERMITCHAIN_FISCO_GROUP: "group1",
      PERMITCHAIN_FISCO_NODE: "node2",
      PERMITCHAIN_FISCO_CERT_DIR: "nodes/127.0.0.1/sdk",
    });
    expect(fromEnv.problems).toEqual([]);
    expect(fromEnv.settings.fisco).toEqual({
      group: "group1",
      node: "node2",
      certDir: "/srv/nodes/127.0.0.1/sdk",
    });
    // from the file, relative to the file's folder
    const fromFile = read({}, { chain: "fisco", rpcUrl: "wss://node:20200", fiscoCertDir: "sdk" });
    expect(fromFile.settings.fisco?.certDir).toBe("/etc/permitchain/sdk");
  });

  it("lists every misuse at once", () => {
    expect(read({ PERMITCHAIN_CHAIN: "besu" }).problems).toEqual([
      'PERMITCHAIN_CHAIN (chain): "evm" or "fisco", got "besu"',
      "PERMITCHAIN_RPC_URL (rpcUrl): required, the chain's JSON-RPC URL",
    ]);
    expect(
      read({
        PERMITCHAIN_RPC_URL: "ws://127.0.0.1:8545",
        PERMITCHAIN_FISCO_GROUP: "group0",
        PERMITCHAIN_FISCO_NODE: "node0",
        PERMITCHAIN_FISCO_CERT_DIR: "sdk",
      }).problems,
    ).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http:// or https:// URL, got "ws://127.0.0.1:8545" (ws:// and wss:// are for PERMITCHAIN_CHAIN (chain) "fisco")',
      'PERMITCHAIN_FISCO_GROUP (fiscoGroup): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_NODE (fiscoNode): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): only for PERMITCHAIN_CHAIN (chain) "fisco", not "evm"',
    ]);
    expect(
      read({ PERMITCHAIN_CHAIN: "fisco", PERMITCHAIN_RPC_URL: "ftp://node" }, { fiscoGroup: " " }).problems,
    ).toEqual([
      'PERMITCHAIN_RPC_URL (rpcUrl): must be an http://, https://, ws:// or wss:// URL, got "ftp://node"',
      "PERMITCHAIN_FISCO_GROUP (fiscoGroup): must be a non-empty string",
    ]);
    expect(
      read({
        PERMITCHAIN_CHAIN: "fisco",
        PERMITCHAIN_RPC_URL: "http://node:20200",
        PERMITCHAIN_FISCO_CERT_DIR: "sdk",
      }).problems,
    ).toEqual([
      'PERMITCHAIN_FISCO_CERT_DIR (fiscoCertDir): the SDK certificates are for an https:// or wss:// rpcUrl, got "http://node:20200"',
    ]);
  });
});

describe("chainEndpointOptions", () => {
  it("names the endpoint of a service's chain settings for the deployment's chain id", () => {
    const fisco = { group: "group0", node: "", certDir: "/srv/sdk" };
    expect(
      chainEndpointOptions(
        { chain: "fisco", rpcUrl: "https://node:20200", rpcTimeoutMs: 5000, fisco },
        20200,
      ),
    ).toEqual({ kind: "fisco", url: "https://node:20200", chainId: 20200, timeoutMs: 5000, fisco });
  });
});
