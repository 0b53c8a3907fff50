import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ISSUER_SERVER = fileURLToPath(new URL("../../issuer/dist/server.js", import.meta.url));

/** The built issuer service (`node issuer/dist/server.js`) running as a child process. */
export interface IssuerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** What it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal's name, when the process ends. */
  readonly exited: Promise<number | string>;
  /** SIGKILL: no shutdown hook runs, as with a power cut or the OOM killer; resolves once it is gone. */
  kill(): Promise<number | string>;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts `node issuer/dist/server.js` with `PERMITCHAIN_ISSUER_CONFIG=configPath`, listening on `port`, and
 * resolves once `GET /documentation/json` answers 200. The environment's other `PERMITCHAIN_*` settings and
 * `DATABASE_URL` are left out (they would win over the file). Fails with the child's output if it exits or
 * does not answer in time (and kills it in that case).
 */
export async function startIssuerProcess(configPath: string, port: number): Promise<IssuerProcess> {
  if (!existsSync(ISSUER_SERVER)) throw new Error(`${ISSUER_SERVER} is missing: run "npm run build" first`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("PERMITCHAIN_") && name !== "DATABASE_URL") env[name] = value;
  }
  env.PERMITCHAIN_ISSUER_CONFIG = configPath;
  env.PERMITCHAIN_ISSUER_PORT = String(port);
  const child = spawn(process.execPath, [ISSUER_SERVER], { env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  let exitedWith: number | string | undefined;
  // should this process end without killing it (a test runner's worker torn down), it must not outlive it
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      process.removeListener("exit", killOnExit);
      exitedWith = code ?? signal ?? -1;
      resolve(exitedWith);
    });
  });
  const kill = async (): Promise<number | string> => {
    if (exitedWith === undefined) child.kill("SIGKILL");
    return exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exitedWith !== undefined) {
      throw new Error(`the issuer process exited (${exitedWith}) before it answered:\n${text}`);
    }
    try {
      const response = await fetch(`${url}/documentation/json`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the issuer process did not answer within ${READY_TIMEOUT_MS} ms:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url, output: () => text, exited, kill };
}
