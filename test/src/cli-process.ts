import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI_MAIN = fileURLToPath(new URL("../../cli/dist/main.js", import.meta.url));

export interface CliRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the RPC URL once the CLI prints "ready" (the embedded chain). */
  ready: Promise<string>;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Runs the built `permitchain` CLI as a child process, as a user would (in `cwd`, default this process's). */
export function runCli(args: string[], options: { cwd?: string } = {}): CliRun {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let text = "";
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
  });
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const url = /RPC URL:\s+(\S+)/.exec(text);
      if (url && text.includes("ready;")) resolve(url[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then((code) => reject(new Error(`permitchain exited (${code}) before it was ready:\n${text}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => text, ready, exited };
}
