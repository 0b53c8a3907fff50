import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyStoreCorruptError, WalletClosedError } from "../errors.js";
import { type CorruptError, WalletDatabase } from "./sqlite-database.js";
import { temporaryDirectory } from "./test-fixtures.js";

let dir: string;
let remove: () => Promise<void>;
let path: string;
const corrupt: CorruptError = (reason, cause) => new KeyStoreCorruptError(path, reason, { cause });

beforeEach(async () => {
  ({ dir, remove } = await temporaryDirectory("permitchain-sqlite-database-"));
  path = join(dir, "wallet.sqlite");
});

afterEach(async () => {
  await remove();
});

describe("WalletDatabase", () => {
  it("commits a write whole or not at all", async () => {
    const database = WalletDatabase.open(path, { create: true, corrupt });
    database.write(corrupt, (sql) => sql.run("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT"));
    expect(database.write(corrupt, (sql) => sql.run("INSERT INTO t VALUES ('a')"))).toBe(1);
    const failure = new Error("fails after its first statement");
    expect(() =>
      database.write(corrupt, (sql) => {
        sql.run("INSERT INTO t VALUES ('b')");
        sql.run("DELETE FROM t WHERE k = 'a'");
        throw failure;
      }),
    ).toThrow(failure);
    // a constraint failure in the middle rolls back the statements before it too
    expect(() =>
      database.write(corrupt, (sql) => {
        sql.run("INSERT INTO t VALUES ('c')");
        sql.run("INSERT INTO t VALUES ('a')");
      }),
    ).toThrow(/UNIQUE constraint failed/);
    expect(database.read(corrupt, (sql) => sql.all("SELECT k FROM t"))).toEqual([{ k: "a" }]);
    database.close();
    expect(() => database.read(corrupt, (sql) => sql.all("SELECT k FROM t"))).toThrow(WalletClosedError);
  });

  it("removes a journal that was never synced, and refuses one it cannot read", async () => {
    const database = WalletDatabase.open(path, { create: true, corrupt });
    database.write(corrupt, (sql) => sql.run("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT"));
    database.close();
    const committed = await readFile(path);

    // a journal whose header was never written: nothing was written to the database under it
    await writeFile(`${path}-journal`, Buffer.alloc(512));
    WalletDatabase.open(path, { create: false, corrupt }).close();
    expect(await readdir(dir)).toEqual(["wallet.sqlite"]);
    expect((await readFile(path)).equals(committed)).toBe(true);

    // a journal with SQLite's magic and an impossible page size: the database is not touched
    const header = Buffer.alloc(512);
    Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]).copy(header);
    header.writeUInt32BE(512, 20);
    header.writeUInt32BE(1000, 24);
    await writeFile(`${path}-journal`, header);
    expect(() => WalletDatabase.open(path, { create: false, corrupt })).toThrow(
      /impossible page or sector size/,
    );
    expect((await readFile(path)).equals(committed)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["wallet.sqlite", "wallet.sqlite-journal"]);
  });

  it("reports a missing file as corrupt when it may not create it", () => {
    expect(() => WalletDatabase.open(path, { create: false, corrupt })).toThrow(KeyStoreCorruptError);
  });
});
