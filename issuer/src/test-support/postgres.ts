// Test helper: a throwaway PostgreSQL cluster (initdb + pg_ctl, as the `postgres` system user when running as
// root, since initdb refuses root), or the reason none can be started here.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/DB */
  readonly url: string;
  /** A fresh database in the cluster. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const BIN_DIRS = ["/usr/local/bin", "/usr/local/pgsql/bin", "/usr/lib/postgresql/15/bin", "/usr/bin"];

function binary(name: string): string | undefined {
  for (const dir of BIN_DIRS) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * vitest runs Node with `--conditions import`, under which Node's `require("pg-pool")` inside pg's CommonJS
 * code returns pg-pool's ESM wrapper namespace, which pg cannot `extend`. Outside vitest (plain `node`) this
 * does not happen. Seed the require cache with the CommonJS module, as plain Node resolves it.
 */
function seedPgPoolForVitest(): void {
  const fromPg = createRequire(createRequire(import.meta.url).resolve("pg"));
  const resolved = fromPg.resolve("pg-pool");
  if (!resolved.endsWith(".mjs")) return;
  const cjsPath = join(dirname(resolved), "..", "index.js");
  const cached = new Module(resolved);
  cached.filename = resolved;
  cached.exports = fromPg(cjsPath);
  cached.loaded = true;
  fromPg.cache[resolved] = cached;
}

/** Starts a cluster, or returns why it cannot (the PostgreSQL tests then skip, printing the reason). */
export async function startTestPostgres(): Promise<TestPostgres | { skip: string }> {
  const initdb = binary("initdb");
  const pgCtl = binary("pg_ctl");
  if (initdb === undefined || pgCtl === undefined) {
    return { skip: `PostgreSQL tests skipped: initdb/pg_ctl not found in ${BIN_DIRS.join(", ")}` };
  }
  const asRoot = process.getuid?.() === 0;
  const run = (command: string) => {
    if (asRoot) execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: "pipe" });
    else execFileSync("/bin/sh", ["-c", command], { stdio: "pipe" });
  };
  const dir = mkdtempSync(join(tmpdir(), "issuer-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  try {
    chmodSync(dir, 0o777);
    run(`'${initdb}' -D '${data}' -U postgres --auth=trust -E UTF8 --no-sync >/dev/null`);
    run(
      `'${pgCtl}' -D '${data}' -l '${join(dir, "log")}' -w -o "-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null`,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return {
      skip: `PostgreSQL tests skipped: could not start a throwaway cluster (${stderr || (error as Error).message})`,
    };
  }
  seedPgPoolForVitest();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(name: string) {
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run(`'${pgCtl}' -D '${data}' -m immediate -w stop >/dev/null`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
