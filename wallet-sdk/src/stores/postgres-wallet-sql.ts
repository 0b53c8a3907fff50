import { createHash } from "node:crypto";
import type { Pool, PoolClient } from "pg";
import { WalletClosedError, WalletStorageUnavailableError } from "../errors.js";
import { translatePostgresFailure } from "./postgres-failures.js";
import { type PostgresWalletPlace, postgresWalletPlace } from "./postgres-wallet-place.js";
import {
  type CorruptError,
  inTransaction,
  type SqlRow,
  type SqlValue,
  type WalletSql,
  type WalletSqlDialect,
  type WalletSqlStatements,
} from "./wallet-sql.js";

/** First key of the advisory lock a wallet's writes take ("wall"); the second is the wallet's. */
const WALLET_WRITE_LOCK = 0x77616c6c;

export interface PostgresConnectionOptions {
  /** Most connections the wallet opens at once. Default 4. */
  maxConnections?: number;
  /** Milliseconds to wait for a connection. Default 10,000. */
  connectionTimeoutMs?: number;
}

/** The statement's `?` placeholders numbered as PostgreSQL wants them (`$1`, `$2`, ...), none inside quotes. */
export function numberedPlaceholders(sql: string): string {
  let count = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === "?" ? `$${++count}` : match));
}

function postgresDialect(schema: string): WalletSqlDialect {
  return {
    blob: "BYTEA",
    tableOptions: "",
    listTables: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${schema}'`,
    // not CREATE SCHEMA IF NOT EXISTS: that needs CREATE on the database even when the schema exists, which
    // a role confined to a schema an administrator made for it does not have
    createNamespace: [
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = '${schema}') THEN CREATE SCHEMA "${schema}"; END IF;
       END $$`,
    ],
  };
}

/**
 * {@link WalletSql} on PostgreSQL (a node-postgres pool), for one wallet: its schema (see
 * {@link postgresWalletPlace}), made the `search_path` of every transaction. Every read is one
 * `BEGIN READ ONLY` ... `COMMIT`, every write one `BEGIN` ... `COMMIT` that first takes the wallet's
 * transaction-scoped advisory lock: the writes of one wallet are serialised across connections and processes
 * (a key imported twice at once is checked against the first; positions never collide), while reads and
 * other wallets' writes go on. The creation of a new wallet's schema is such a write, under the same lock.
 * A server that cannot be reached is `WALLET_STORAGE_UNAVAILABLE`.
 */
export class PostgresWalletSql implements WalletSql {
  readonly dialect: WalletSqlDialect;
  readonly #pool: Pool;
  readonly #place: PostgresWalletPlace;
  readonly #lockKey: number;
  #closed = false;

  private constructor(place: PostgresWalletPlace, pool: Pool) {
    this.#place = place;
    this.#pool = pool;
    this.dialect = postgresDialect(place.schema);
    this.#lockKey = createHash("sha256").update(place.schema).digest().readInt32BE(0);
  }

  /**
   * The wallet `wallet` of the database at `url`; connects on first use. Throws `WALLET_CONFIG` for a URL or
   * a wallet name that is not one.
   */
  static async open(
    url: string,
    wallet?: string,
    options: PostgresConnectionOptions = {},
  ): Promise<PostgresWalletSql> {
    const place = postgresWalletPlace(url, wallet);
    // loaded on first use, so that a wallet on SQLite never loads the PostgreSQL driver
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    });
    // an idle connection that breaks must not crash the process
    pool.on("error", () => undefined);
    return new PostgresWalletSql(place, pool);
  }

  get location(): string {
    return this.#place.location;
  }

  /** The wallet's name in its database. */
  get wallet(): string {
    return this.#place.wallet;
  }

  read<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T> {
    return this.#transaction(corrupt, "BEGIN READ ONLY", task);
  }

  write<T>(corrupt: CorruptError, task: (sql: WalletSqlStatements) => Promise<T>): Promise<T> {
    return this.#transaction(corrupt, "BEGIN", task, [WALLET_WRITE_LOCK, this.#lockKey]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #transaction<T>(
    corrupt: CorruptError,
    begin: string,
    task: (sql: WalletSqlStatements) => Promise<T>,
    lock?: readonly [number, number],
  ): Promise<T> {
    if (this.#closed) throw new WalletClosedError(this.location);
    const client = await this.#pool.connect().catch((error: unknown) => {
      throw this.#closed ? new WalletClosedError(this.location) : this.#failure(error, corrupt);
    });
    let broken = false;
    try {
      return await inTransaction(
        this.#statementsOn(client, corrupt),
        async (sql) => {
          await sql.run(begin);
          if (lock !== undefined) await sql.get("SELECT pg_advisory_xact_lock(?, ?)", lock);
          await sql.get("SELECT set_config('search_path', ?, true)", [`"${this.#place.schema}"`]);
        },
        task,
      );
    } catch (error) {
      broken = error instanceof WalletStorageUnavailableError;
      throw error;
    } finally {
      // a connection that failed leaves the pool rather than serve the next transaction
      client.release(broken);
    }
  }

  #statementsOn(client: PoolClient, corrupt: CorruptError): WalletSqlStatements {
    const query = async (text: string, values: readonly SqlValue[] = []) => {
      try {
        return await client.query<SqlRow>(numberedPlaceholders(text), [...values]);
      } catch (error) {
        throw this.#failure(error, corrupt);
      }
    };
    return {
      get: async (text, values) => (await query(text, values)).rows[0],
      all: async (text, values) => (await query(text, values)).rows,
      run: async (text, values) => (await query(text, values)).rowCount ?? 0,
    };
  }

  #failure(error: unknown, corrupt: CorruptError): unknown {
    return translatePostgresFailure(error, this.location, corrupt);
  }
}
