import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ServerProcess } from "./child-server.js";

/** The anvil binary shipped inside the @foundry-rs/anvil-<platform> registry package (no download). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
  return join(dirname(pkg), "bin", process.platform === "win32" ? "anvil.exe" : "anvil");
}

/** Starts anvil on `port` with the same mnemonic, chain id and EVM level as the embedded chain, automining. */
export async function startAnvil(port: number, mnemonic: string, chainId: number): Promise<ServerProcess> {
  const args = ["--port", String(port), "--mnemonic", mnemonic, "--chain-id", String(chainId)];
  const child = spawn(anvilBinary(), [...args, "--hardfork", "paris", "--prune-history", "--silent"], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}',
      });
      break;
    } catch (error) {
      if (attempt > 400 || child.exitCode !== null)
        throw new Error(`anvil did not start: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
