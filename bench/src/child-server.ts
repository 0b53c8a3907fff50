import { type ChildProcess, spawn } from "node:child_process";

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Spawns `command args`, waits for its first stdout line (the RPC URL) and gives a clean stop. */
export async function spawnServer(command: string, args: string[]): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const line = text.split("\n")[0];
      if (text.includes("\n") && line) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code} before printing its URL`)));
  });
  return { url, stop: () => stopChild(child) };
}

/** Sends SIGTERM and resolves once the process has exited (at once if it already has). */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
