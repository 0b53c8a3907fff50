import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectJsonRpc, DEV_MNEMONIC } from "@permitchain/chain";
import { HDNodeWallet, Mnemonic, NonceManager, Wallet } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "./cli-process.js";

const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.child.kill("SIGKILL");
});

function up(dataDir: string, ...extra: string[]): CliRun {
  const run = runCli(["up", "--data-dir", dataDir, "--rpc-port", "0", ...extra]);
  runs.push(run);
  return run;
}

const devKey = (i: number) =>
  HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${i}`).privateKey;

describe("permitchain up", () => {
  it("deploys on first start, reuses the manifest after, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-cli-"));
    const first = up(dataDir);
    await first.ready;
    expect(first.output()).toMatch(/contracts \(deployed now\):\s+EthereumDIDRegistry\s+0x[0-9a-fA-F]{40}/);
    const manifest = JSON.parse(readFileSync(join(dataDir, "deployment.json"), "utf8"));
    const address = expect.stringMatching(/^0x[0-9a-fA-F]{40}$/);
    expect(manifest).toEqual({
      chainId: 31337,
      contracts: {
        EthereumDIDRegistry: address,
        CommitteeGovernance: address,
        ParticipantRegistry: address,
        TrustedIssuerRegistry: address,
        CredentialStatusRegistry: address,
        CredentialProofVerifier: address,
      },
    });
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/stopped cleanly/);

    const second = up(dataDir);
    await second.ready;
    expect(second.output()).toMatch(/deployed earlier, code verified/);
    expect(second.output()).toContain(manifest.contracts.EthereumDIDRegistry);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });

  it("loses nothing a client was told about when killed with SIGKILL mid-stream", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-kill-"));
    const first = up(dataDir);
    const provider = await connectJsonRpc(await first.ready);
    const senders = [1, 2, 3].map((i) => new NonceManager(new Wallet(devKey(i), provider)));
    const confirmed: string[] = [];
    let killed = false;
    const streams = senders.map(async (sender) => {
      while (!killed) {
        try {
          const tx = await sender.sendTransaction({
            to: "0x000000000000000000000000000000000000dEaD",
            value: 1n,
          });
          confirmed.push(tx.hash);
        } catch {
          return; // the node is gone
        }
      }
    });
    while (confirmed.length < 60) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    killed = true;
    await first.exited;
    await Promise.all(streams);
    provider.destroy();

    const second = up(dataDir);
    const again = await connectJsonRpc(await second.ready);
    expect(second.output()).toMatch(/replayed \d+ blocks/);
    for (const hash of confirmed) {
      const receipt = await again.getTransactionReceipt(hash);
      expect(receipt?.status, `transaction ${hash} was confirmed before the kill`).toBe(1);
    }
    again.destroy();
  });

  it("refuses a data directory that holds another chain, and one that cannot be written, with exit code 1", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pc-cli-other-"));
    const first = up(dataDir);
    await first.ready;
    first.child.kill("SIGTERM");
    await first.exited;
    const other = up(dataDir, "--chain-id", "777");
    expect(await other.exited).toBe(1);
    expect(other.output()).toMatch(
      /holds another chain \(chainId: stored 31337, configured 777\).*DATA_DIR_OTHER_CHAIN/,
    );

    const file = join(dataDir, "deployment.json");
    const blocked = up(join(file, "sub"));
    expect(await blocked.exited).toBe(1);
    expect(blocked.output()).toMatch(/is not writable.*DATA_DIR_NOT_WRITABLE/);

    writeFileSync(
      file,
      JSON.stringify({ chainId: 31337, contracts: { EthereumDIDRegistry: `0x${"11".repeat(20)}` } }),
    );
    const mismatched = up(dataDir);
    expect(await mismatched.exited).toBe(1);
    expect(mismatched.output()).toMatch(/EthereumDIDRegistry/);

    const badFlag = up(dataDir, "--rpc-port", "http");
    expect(await badFlag.exited).toBe(2);
    expect(badFlag.output()).toMatch(/--rpc-port expects a non-negative integer.*\nusage: permitchain up/);
  });
});
