import { WalletClosedError } from "../errors.js";
import { SerialQueue } from "./atomic-file.js";
import type { SqlStatements, WalletDatabase } from "./sqlite-database.js";
import {
  type CorruptError,
  inTransaction,
  type WalletSql,
  type WalletSqlDialect,
  type WalletSqlStatements,
} from "./wallet-sql.js";

/** SQLite's wallet schema: `BLOB`, `STRICT` tables, the whole file as the wallet's namespace. */
export const SQLITE_DIALECT: WalletSqlDialect = {
  blob: "BLOB",
  tableOptions: " STRICT",
  listTables: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
  createNamespace: [],
};

/**
 * {@link WalletSql} on a {@link WalletDatabase} (one SQLite file, one connection, synchronous underneath:
 * every statement's promise is settled when it returns). A task may await between its statements, so tasks
 * run one after another: the statements of two transactions never interleave on the connection. Every write
 * is one `BEGIN IMMEDIATE` ... `COMMIT`; SQLite's failures come out typed as {@link WalletDatabase} types them.
 */
export class SqliteWalletSql implements WalletSql {
  readonly dialect = SQLITE_DIALECT;
  readonly #queue = new SerialQueue();

  constructor(readonly database: WalletDatabase) {}

  /** The database file. */
  get location(): string {
    return this.database.path;
  }

  #statements(corrupt: CorruptError): WalletSqlStatements {
    const on = <T>(statement: (sql: SqlStatements) => T): Promise<T> =>
      new Promise((resolve) => resolve(this.database.read(corrupt, statement)));
    return {
      get: (text, values) => on((sql) => sql.get(text, values)),
      all: (text, values) => on((sql) => sql.all(text, values)),
      run: (text, values) => on((sql) => sql.run(text, values)),
    };
  }

  read<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T> {
    return this.#queue.run(async () => {
      // a closed wallet says so before a locked store does
      if (!this.database.isOpen) throw new WalletClosedError(this.location);
      return task(this.#statements(corrupt));
    });
  }

  write<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T> {
    return this.#queue.run(() =>
      inTransaction(
        this.#statements(corrupt),
        async (sql) => {
          await sql.run("BEGIN IMMEDIATE");
        },
        task,
      ),
    );
  }

  async close(): Promise<void> {
    this.database.close();
  }
}
