import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One bash session, fed script after script as a user types into one terminal: variables, functions and the
 * working directory carry over. Each script is written to a file and sourced with stdin from /dev/null (so
 * that no command in it can read the next script); its stdout and stderr come back together.
 */
export class ShellSession {
  private readonly child: ChildProcess;
  private output = "";
  private count = 0;
  private exited: string | undefined;

  constructor(
    private readonly cwd: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn("bash", ["--norc", "--noprofile"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString("utf8");
    };
    this.child.stdout!.on("data", collect);
    this.child.stderr!.on("data", collect);
    this.child.on("exit", (code, signal) => {
      this.exited = String(code ?? signal);
    });
  }

  /** Runs `script` to its end; resolves with what it printed. */
  async run(script: string, timeoutMs: number): Promise<string> {
    const n = ++this.count;
    const file = join(this.cwd, `.script-${n}.sh`);
    writeFileSync(file, `${script}\n`);
    const marker = `::script ${n} done::`;
    const start = this.output.length;
    this.child.stdin!.write(`source ${file} < /dev/null; echo "${marker}"\n`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.output.indexOf(marker, start);
      if (end >= 0) return this.output.slice(start, end);
      if (this.exited !== undefined) {
        throw new Error(`bash exited (${this.exited}) during script ${n}:\n${this.output.slice(start)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`script ${n} did not finish in ${timeoutMs} ms:\n${this.output.slice(start)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.child.stdin!.end();
    this.child.kill("SIGKILL");
  }
}

/** A long-running command of a terminal of its own (a service), with what it printed. */
export interface BackgroundCommand {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `script` with bash in a process of its own (a terminal of its own). */
export function startBackground(script: string, cwd: string, env: NodeJS.ProcessEnv): BackgroundCommand {
  const child = spawn("bash", ["--norc", "--noprofile", "-c", script], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    child,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resolves once `url` answers 200; rejects when `process` ends first or after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  process: BackgroundCommand,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`the service ended before ${url} answered:\n${process.output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
