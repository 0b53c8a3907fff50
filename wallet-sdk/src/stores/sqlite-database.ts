import { openSqliteDatabase, type SqliteConnection, type SqliteDatabase } from "@permitchain/sqlite";
import sqlite3 from "node-sqlite3-wasm";
import { WalletBusyError, WalletClosedError } from "../errors.js";
import type { CorruptError, SqlRow, SqlValue } from "./wallet-sql.js";

export type { CorruptError, SqlRow, SqlValue };

/** The statements run inside {@link WalletDatabase.read} or {@link WalletDatabase.write}, synchronously. */
export interface SqlStatements {
  get(sql: string, values?: readonly SqlValue[]): SqlRow | undefined;
  all(sql: string, values?: readonly SqlValue[]): SqlRow[];
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, values?: readonly SqlValue[]): number;
}

/** SQLite's messages for a file that is not a database, damaged, or missing part of the wallet's schema. */
const DAMAGED = /not a database|malformed|corrupt|no such table|no such column/i;
const LOCKED = /database is locked|database table is locked/i;

function translate(error: unknown, path: string, corrupt: CorruptError): unknown {
  if (!(error instanceof sqlite3.SQLite3Error)) return error;
  if (LOCKED.test(error.message)) return new WalletBusyError(path, undefined, { cause: error });
  if (DAMAGED.test(error.message)) return corrupt(`SQLite: ${error.message}`, error);
  return error;
}

/**
 * The connection to one wallet database, opened as the issuer's repository is (`openSqliteDatabase`: owned by
 * this process alone, a write a crash interrupted rolled back from its journal, `synchronous=FULL`);
 * `secure_delete` overwrites deleted rows. Every write is one `BEGIN IMMEDIATE` ... `COMMIT`; the calls are
 * synchronous, so no two transactions of this process interleave. SQLite's failures come out typed: a wallet
 * another running process has open as `WALLET_BUSY`, a damaged one as the calling store's corrupt error.
 */
export class WalletDatabase {
  readonly #file: SqliteDatabase;
  readonly #db: SqliteConnection;
  readonly #statements: SqlStatements;

  private constructor(
    readonly path: string,
    file: SqliteDatabase,
  ) {
    this.#file = file;
    const db = file.connection;
    this.#db = db;
    this.#statements = {
      get: (sql, values = []) => (db.get(sql, [...values]) as SqlRow | null) ?? undefined,
      all: (sql, values = []) => db.all(sql, [...values]) as SqlRow[],
      run: (sql, values = []) => db.run(sql, [...values]).changes,
    };
  }

  /**
   * Opens the database at `path`, first rolling back a write a crash interrupted. With `create`, a missing
   * file is created first, owner-only (0600), in a directory created owner-only (0700); without, a missing
   * file is the `corrupt` error. A `reader` may open it while another process has it open (to read only).
   */
  static open(
    path: string,
    options: { create: boolean; corrupt: CorruptError; reader?: boolean },
  ): WalletDatabase {
    const file = openSqliteDatabase(path, {
      create: options.create,
      reader: options.reader === true,
      errors: {
        busy: (_path, pid, cause) => new WalletBusyError(path, pid, { cause }),
        corrupt: (_path, reason, cause) => options.corrupt(reason, cause),
      },
    });
    const database = new WalletDatabase(path, file);
    try {
      if (file.owned) database.read(options.corrupt, () => file.connection.exec("PRAGMA secure_delete = ON"));
    } catch (error) {
      file.close();
      throw error;
    }
    return database;
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  /** Runs `task` (reads, or a single statement) with SQLite's failures translated. */
  read<T>(corrupt: CorruptError, task: (sql: SqlStatements) => T): T {
    if (!this.#db.isOpen) throw new WalletClosedError(this.path);
    try {
      return task(this.#statements);
    } catch (error) {
      throw translate(error, this.path, corrupt);
    }
  }

  /** Runs `task` in one transaction: all its statements are committed, or none (any error rolls back). */
  write<T>(corrupt: CorruptError, task: (sql: SqlStatements) => T): T {
    return this.read(corrupt, (sql) => {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const result = task(sql);
        this.#db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.#db.inTransaction) {
          try {
            this.#db.exec("ROLLBACK");
          } catch {
            // the first error says more; SQLite rolls back itself a transaction it cannot go on with
          }
        }
        throw error;
      }
    });
  }

  close(): void {
    this.#file.close();
  }
}
