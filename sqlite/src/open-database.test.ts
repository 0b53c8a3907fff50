import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDatabase, type SqliteOpenErrors } from "./open-database.js";

class Busy extends Error {
  constructor(readonly pid: number) {
    super(`busy: ${pid}`);
  }
}
class Corrupt extends Error {}
const errors: SqliteOpenErrors = {
  busy: (_path, pid) => new Busy(pid),
  corrupt: (_path, reason) => new Corrupt(reason),
};

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "permitchain-sqlite-"));
  path = join(dir, "records.sqlite");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (options: { reader?: boolean } = {}) =>
  openSqliteDatabase(path, { create: true, errors, ...options });

/** A table with `rows` committed rows. */
function committed(rows: number): Buffer {
  const database = open();
  database.connection.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  database.connection.exec("BEGIN IMMEDIATE");
  for (let k = 0; k < rows; k++) database.connection.run("INSERT INTO t VALUES (?, ?)", [k, "x".repeat(500)]);
  database.connection.exec("COMMIT");
  database.close();
  return readFileSync(path);
}

/** A process that opens the file, writes half a large transaction into it, and is killed before the commit. */
async function killedMidWrite(): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { openSqliteDatabase } from "@permitchain/sqlite";
       const errors = { busy: () => new Error("busy"), corrupt: () => new Error("corrupt") };
       const db = openSqliteDatabase(process.env.DB, { create: false, errors }).connection;
       db.exec("PRAGMA cache_size = 2");
       db.exec("BEGIN IMMEDIATE");
       db.run("DELETE FROM t");
       for (let k = 0; k < 400; k++) db.run("INSERT INTO t VALUES (?, ?)", [1000 + k, "y".repeat(3000)]);
       process.kill(process.pid, "SIGKILL");`,
    ],
    {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, DB: path },
      stdio: "inherit",
    },
  );
  const signal = await new Promise((resolve) => child.on("exit", (_code, killed) => resolve(killed)));
  expect(signal).toBe("SIGKILL");
}

describe("openSqliteDatabase", () => {
  it("after a process killed in the middle of a write: takes over and rolls the write back, byte for byte", async () => {
    const before = committed(50);
    await killedMidWrite();
    // the dead process's ownership, SQLite's lock directory and the journal are left; half a write is in the file
    expect(readdirSync(dir).sort()).toEqual([
      "records.sqlite",
      "records.sqlite-journal",
      "records.sqlite.lock",
      "records.sqlite.owner",
    ]);
    expect(readFileSync(path).equals(before)).toBe(false);

    const database = open();
    expect(database.recovered).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(database.connection.get("SELECT count(*) AS n, min(k) AS lo FROM t")).toEqual({ n: 50, lo: 0 });
    expect(database.connection.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    database.close();
    expect(readdirSync(dir)).toEqual(["records.sqlite"]);
  });

  it("is one running process's: a second opener is busy, naming it; a reader may read alongside", () => {
    committed(3);
    const owner = open();
    expect(() => open()).toThrow(Busy);
    try {
      open();
    } catch (error) {
      expect((error as Busy).pid).toBe(process.pid);
    }
    const reader = open({ reader: true });
    expect(reader.owned).toBe(false);
    expect(reader.connection.get("SELECT count(*) AS n FROM t")).toEqual({ n: 3 });
    reader.close();
    expect(readdirSync(dir)).toContain("records.sqlite.owner");
    owner.close();
    const next = open();
    expect(next.owned).toBe(true);
    next.close();
  });

  it("takes over the ownership of a process that is gone, or an ownership file left empty", () => {
    committed(1);
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    writeFileSync(`${path}.owner`, `${gone.stdout.toString()}\n`);
    open().close();
    writeFileSync(`${path}.owner`, "");
    const database = open();
    expect(readFileSync(`${path}.owner`, "utf8")).toMatch(new RegExp(`^${process.pid} \\d*\\n$`));
    database.close();
  });

  it("tells a running owner from a pid used again: this process's pid it did not take, another start time", async () => {
    committed(1);
    // left by an earlier process that had this process's pid (a restarted container's first process)
    writeFileSync(`${path}.owner`, `${process.pid} 1\n`);
    open().close();

    const sleeper = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => sleeper.once("spawn", resolve));
      const pid = sleeper.pid!;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const startTime = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
      writeFileSync(`${path}.owner`, `${pid} ${startTime}\n`);
      expect(() => open()).toThrow(Busy);
      // the same pid, another start time: another process, which has since ended
      writeFileSync(`${path}.owner`, `${pid} ${Number(startTime) - 1}\n`);
      open().close();
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("removes a journal whose header was never written, and refuses one it cannot play back", () => {
    const before = committed(2);
    writeFileSync(`${path}-journal`, Buffer.alloc(512));
    const database = open();
    expect(database.recovered).toBe(true);
    database.close();
    expect(readFileSync(path).equals(before)).toBe(true);

    const header = Buffer.alloc(512);
    Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]).copy(header);
    header.writeUInt32BE(512, 20);
    header.writeUInt32BE(1000, 24);
    writeFileSync(`${path}-journal`, header);
    expect(() => open()).toThrow(Corrupt);
    expect(readFileSync(path).equals(before)).toBe(true);
    // the refusal gave up the ownership it took
    expect(readdirSync(dir).sort()).toEqual(["records.sqlite", "records.sqlite-journal"]);
  });

  it("refuses a missing file it may not create, and a file that is not a database", () => {
    expect(() => openSqliteDatabase(path, { create: false, errors })).toThrow(Corrupt);
    writeFileSync(path, "not a database, just text ".repeat(100));
    expect(() => open()).toThrow(Corrupt);
    expect(readdirSync(dir)).toEqual(["records.sqlite"]);
  });
});
