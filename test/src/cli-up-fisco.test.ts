import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FiscoProtocolServer, FiscoProvider, startFiscoProtocolServer } from "@permitchain/chain";
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-process.js";

/*
 * `permitchain up --chain fisco` against a node speaking FISCO BCOS 3.x JSON-RPC (the in-repo protocol
 * server, which enforces the node's admission rules): the suite is deployed through the native client.
 */

let server: FiscoProtocolServer;
let keyFile: string;

beforeAll(async () => {
  server = await startFiscoProtocolServer({ cryptoSuite: "ecdsa", chainId: "chain0", groupId: "group0" });
  keyFile = join(mkdtempSync(join(tmpdir(), "pc-fisco-key-")), "deployer.key");
  writeFileSync(keyFile, Wallet.createRandom().privateKey);
});

afterAll(async () => {
  await server?.close();
});

describe("permitchain up --chain fisco", () => {
  it("deploys the suite through the native client with millisecond time, then verifies it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-fisco-"));
    const args = ["up", "--chain", "fisco", "--rpc", server.url, "--group", "group0", "--key-file", keyFile];
    const first = runCli([...args, "--data-dir", dataDir, "--chain-id", "20200"]);
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toMatch(/contracts \(deployed now\)/);
    const manifest = JSON.parse(readFileSync(join(dataDir, "deployment.json"), "utf8"));
    expect(manifest.chainId).toBe(20200);
    const provider = new FiscoProvider({ url: server.url, groupId: "group0" }, { chainId: 20200 });
    for (const address of Object.values(manifest.contracts) as string[]) {
      expect(await provider.getCode(address)).not.toBe("0x");
    }
    provider.destroy();

    const second = runCli([...args, "--data-dir", dataDir, "--chain-id", "20200"]);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toMatch(/deployed earlier, code verified/);
  });

  it("stops with the node's message for an unknown group, and refuses flags of other chains", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-fisco-bad-"));
    const unknown = runCli([
      "up",
      "--chain",
      "fisco",
      "--rpc",
      server.url,
      "--group",
      "nogroup",
      "--key-file",
      keyFile,
      "--data-dir",
      dataDir,
    ]);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toMatch(/nogroup/);
    const misplaced = runCli([
      "up",
      "--chain",
      "fisco",
      "--rpc",
      server.url,
      "--key-file",
      keyFile,
      "--mnemonic",
      "x",
    ]);
    expect(await misplaced.exited).toBe(2);
    expect(misplaced.output()).toMatch(/--mnemonic does not apply to --chain fisco/);
    const badCrypto = runCli([
      "up",
      "--chain",
      "fisco",
      "--rpc",
      server.url,
      "--key-file",
      keyFile,
      "--crypto",
      "rsa",
    ]);
    expect(await badCrypto.exited).toBe(2);
    expect(badCrypto.output()).toMatch(/--crypto expects ecdsa or sm/);
  });
});
