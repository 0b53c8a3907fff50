/** A value the wallet binds to a statement. */
export type SqlValue = string | number | Uint8Array | null;

/** A row as the database returns it: TEXT as string, INTEGER as number, BLOB / BYTEA as Uint8Array. */
export type SqlRow = Readonly<Record<string, SqlValue | bigint>>;

/** How a store reports data it cannot use (its corrupt error, e.g. `KEYSTORE_CORRUPT`). */
export type CorruptError = (reason: string, cause?: unknown) => Error;

/**
 * The statements a store runs inside {@link WalletSql.read} or {@link WalletSql.write}. Statements are
 * written once for every backend, with `?` placeholders; a backend that numbers them (PostgreSQL's `$1`)
 * rewrites them itself.
 */
export interface WalletSqlStatements {
  get(sql: string, values?: readonly SqlValue[]): Promise<SqlRow | undefined>;
  all(sql: string, values?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, values?: readonly SqlValue[]): Promise<number>;
}

/** What the wallet's schema says differently on each backend. */
export interface WalletSqlDialect {
  /** The column type of binary values (ciphertexts, the salt). */
  readonly blob: "BLOB" | "BYTEA";
  /** What follows a `CREATE TABLE`'s column list (SQLite: ` STRICT`). */
  readonly tableOptions: string;
  /** A query of the names (column `name`) of the tables in the wallet's namespace, none for a new wallet. */
  readonly listTables: string;
  /** The statements that make the wallet's namespace, run before a new wallet's tables are created. */
  readonly createNamespace: readonly string[];
}

/**
 * One wallet's database as its stores use it, whatever the backend: reads, and writes each in one
 * transaction, with the backend's failures typed (a closed wallet `WALLET_CLOSED`, a damaged one the calling
 * store's corrupt error, an unreachable server `WALLET_STORAGE_UNAVAILABLE`).
 */
export interface WalletSql {
  /** Where the wallet is, for messages: the database file, or the PostgreSQL database (no password) and wallet. */
  readonly location: string;
  readonly dialect: WalletSqlDialect;
  /** Runs `task`, which only reads. */
  read<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T>;
  /**
   * Runs `task` in one transaction: all its statements are committed, or none (any error rolls back). The
   * writes to one wallet never interleave, from this process or another.
   */
  write<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T>;
  /** Ends the connection(s): later calls are `WALLET_CLOSED`. */
  close(): Promise<void>;
}

/**
 * Runs `begin`, then `task`, then `COMMIT` on `sql`; a failure anywhere rolls back (a failed `ROLLBACK` is
 * ignored: the first error says more, and a database that cannot go on rolls back by itself).
 */
export async function inTransaction<T>(
  sql: WalletSqlStatements,
  begin: (sql: WalletSqlStatements) => Promise<void>,
  task: (sql: WalletSqlStatements) => Promise<T>,
): Promise<T> {
  try {
    await begin(sql);
    const result = await task(sql);
    await sql.run("COMMIT");
    return result;
  } catch (error) {
    await sql.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
