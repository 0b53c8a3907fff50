import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { type ServerProcess, stopChild } from "./child-server.js";

/** The anvil binary shipped inside the @foundry-rs/anvil-<platform> registry package (no download). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
  return join(dirname(pkg), "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts anvil with the same mnemonic, chain id and EVM level as the embedded chain, automining, on a free
 * port (or `port`); fails with anvil's own output if it exits or does not answer in time.
 */
export async function startAnvil(mnemonic: string, chainId: number, port?: number): Promise<ServerProcess> {
  const listen = port ?? (await freePort());
  const args = ["--port", String(listen), "--mnemonic", mnemonic, "--chain-id", String(chainId)];
  const child = spawn(anvilBinary(), [...args, "--hardfork", "paris", "--prune-history"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const url = `http://127.0.0.1:${listen}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
      });
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(
          `anvil did not start on port ${listen} (exit code ${child.exitCode}): ${(error as Error).message}\n${stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return { url, stop: () => stopChild(child) };
}
