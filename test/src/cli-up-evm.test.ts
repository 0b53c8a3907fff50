import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerProcess, startAnvil } from "@permitchain/bench";
import { connectJsonRpc, DEV_MNEMONIC } from "@permitchain/chain";
import { HDNodeWallet, Mnemonic } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-process.js";

/*
 * `permitchain up --chain evm` against a third-party Ethereum JSON-RPC node (anvil from npm): the plain EVM
 * path that FISCO BCOS web3 RPC, Besu and Geth use too.
 */

let anvil: ServerProcess;
let keyFile: string;
const ANVIL_CHAIN_ID = 4242;

beforeAll(async () => {
  anvil = await startAnvil(DEV_MNEMONIC, ANVIL_CHAIN_ID);
  keyFile = join(mkdtempSync(join(tmpdir(), "pc-key-")), "deployer.key");
  writeFileSync(
    keyFile,
    `${HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0/5").privateKey}\n`,
  );
});

afterAll(async () => {
  await anvil?.stop();
});

describe("permitchain up --chain evm", () => {
  it("deploys the suite on an external chain once, then verifies it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-evm-"));
    const args = ["up", "--chain", "evm", "--rpc", anvil.url, "--key-file", keyFile, "--data-dir", dataDir];
    const first = runCli(args);
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toMatch(/chain id:\s+4242/);
    expect(first.output()).toMatch(/contracts \(deployed now\)/);
    const manifest = JSON.parse(readFileSync(join(dataDir, "deployment.json"), "utf8"));
    expect(manifest.chainId).toBe(ANVIL_CHAIN_ID);
    const provider = await connectJsonRpc(anvil.url);
    for (const address of Object.values(manifest.contracts) as string[]) {
      expect(await provider.getCode(address)).not.toBe("0x");
    }
    provider.destroy();

    const second = runCli(args);
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/deployed earlier, code verified/);

    const wrongChain = runCli([...args, "--chain-id", "7"]);
    expect(await wrongChain.exited).toBe(1);
    expect(wrongChain.output()).toMatch(/chain id 4242, expected 7.*CHAIN_ID_MISMATCH/);
  });

  it("explains what is missing or misplaced before touching the chain", async () => {
    const noKey = runCli(["up", "--chain", "evm", "--rpc", anvil.url]);
    expect(await noKey.exited).toBe(2);
    expect(noKey.output()).toMatch(/needs the deployer's key: --key-file FILE or PERMITCHAIN_DEPLOYER_KEY/);
    const misplaced = runCli([
      "up",
      "--chain",
      "evm",
      "--rpc",
      anvil.url,
      "--key-file",
      keyFile,
      "--rpc-port",
      "1",
    ]);
    expect(await misplaced.exited).toBe(2);
    expect(misplaced.output()).toMatch(/--rpc-port does not apply to --chain evm/);
    const badKey = join(mkdtempSync(join(tmpdir(), "pc-badkey-")), "k");
    writeFileSync(badKey, "not a key");
    const unreadable = runCli(["up", "--chain", "evm", "--rpc", anvil.url, "--key-file", badKey]);
    expect(await unreadable.exited).toBe(2);
    expect(unreadable.output()).toMatch(/must hold one 32-byte hex private key/);
    const down = runCli(["up", "--chain", "evm", "--rpc", "http://127.0.0.1:1", "--key-file", keyFile]);
    expect(await down.exited).toBe(1);
    expect(down.output()).toMatch(
      /cannot reach a JSON-RPC chain at http:\/\/127\.0\.0\.1:1.*CHAIN_UNREACHABLE/,
    );
  });
});
