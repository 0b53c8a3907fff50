// The contract both backends of WalletSql keep: SQLite (a file) and PostgreSQL (a throwaway cluster; skipped
// with the reason printed where none can be started).
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KeyStoreCorruptError, WalletClosedError } from "../errors.js";
import { numberedPlaceholders, PostgresWalletSql } from "./postgres-wallet-sql.js";
import { WalletDatabase } from "./sqlite-database.js";
import { SqliteWalletSql } from "./sqlite-wallet-sql.js";
import { temporaryDirectory } from "./test-fixtures.js";
import { throwawayPostgres } from "./test-postgres.js";
import type { CorruptError, WalletSql } from "./wallet-sql.js";

const cluster = throwawayPostgres();
const cleanups: (() => Promise<void>)[] = [];
const corrupt: CorruptError = (reason, cause) => new KeyStoreCorruptError("test", reason, { cause });

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const backends: { name: string; open(): Promise<WalletSql> }[] = [
  {
    name: "SQLite",
    async open() {
      const { dir, remove } = await temporaryDirectory("permitchain-wallet-sql-");
      const sql = new SqliteWalletSql(WalletDatabase.open(join(dir, "w.sqlite"), { create: true, corrupt }));
      cleanups.push(async () => {
        await sql.close();
        await remove();
      });
      return sql;
    },
  },
  {
    name: "PostgreSQL",
    async open() {
      const postgres = cluster();
      if ("skip" in postgres) throw new Error(postgres.skip);
      const sql = await PostgresWalletSql.open(postgres.url, `contract_${cleanups.length}_${Date.now()}`);
      cleanups.push(() => sql.close());
      return sql;
    },
  },
];

describe.each(backends)("WalletSql on $name", (backend) => {
  const skip = () => backend.name === "PostgreSQL" && "skip" in cluster();

  it("commits a write whole or not at all, and is WALLET_CLOSED once closed", async (ctx) => {
    if (skip()) return ctx.skip();
    const database = await backend.open();
    const { dialect } = database;
    await database.write(corrupt, async (sql) => {
      for (const statement of dialect.createNamespace) await sql.run(statement);
      await sql.run(`CREATE TABLE t (k TEXT PRIMARY KEY, v ${dialect.blob})${dialect.tableOptions}`);
    });
    expect(await database.write(corrupt, (sql) => sql.run("INSERT INTO t VALUES (?, ?)", ["a", null]))).toBe(
      1,
    );
    const failure = new Error("fails after its first statements");
    await expect(
      database.write(corrupt, async (sql) => {
        await sql.run("INSERT INTO t VALUES ('b?', ?)", [Buffer.from([1, 2])]);
        await sql.run("DELETE FROM t WHERE k = ?", ["a"]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    // a constraint failure in the middle rolls back the statements before it too
    await expect(
      database.write(corrupt, async (sql) => {
        await sql.run("INSERT INTO t VALUES (?, NULL)", ["c"]);
        await sql.run("INSERT INTO t VALUES (?, NULL)", ["a"]);
      }),
    ).rejects.toThrow(/UNIQUE|unique/);
    expect(await database.read(corrupt, (sql) => sql.all("SELECT k, v FROM t"))).toEqual([
      { k: "a", v: null },
    ]);
    // a missing table is the caller's corrupt error
    await expect(database.read(corrupt, (sql) => sql.all("SELECT k FROM gone"))).rejects.toBeInstanceOf(
      KeyStoreCorruptError,
    );
    await database.close();
    await expect(database.read(corrupt, (sql) => sql.all("SELECT k FROM t"))).rejects.toBeInstanceOf(
      WalletClosedError,
    );
    await expect(database.write(corrupt, (sql) => sql.run("DELETE FROM t"))).rejects.toBeInstanceOf(
      WalletClosedError,
    );
  });
});

describe("numberedPlaceholders", () => {
  it("numbers the placeholders, and leaves question marks in strings and identifiers alone", () => {
    expect(numberedPlaceholders("SELECT a FROM t WHERE b = ? AND c = ?")).toBe(
      "SELECT a FROM t WHERE b = $1 AND c = $2",
    );
    expect(numberedPlaceholders(`SELECT '?', 'it''s ?', "col?" FROM t WHERE d = ?`)).toBe(
      `SELECT '?', 'it''s ?', "col?" FROM t WHERE d = $1`,
    );
  });
});
