import type { RowCipher } from "./row-cipher.js";
import { type EncryptedTable, nextPosition } from "./wallet-schema.js";
import type { CorruptError, SqlRow, WalletSqlStatements } from "./wallet-sql.js";

/** A row of an encrypted table, opened: its primary key, and the JSON value its `sealed` column holds. */
export interface OpenedRow {
  readonly key: string;
  readonly content: unknown;
}

/** An encrypted table, its primary key column, and what one row is for messages ("private key"). */
export interface SealedTable {
  readonly table: EncryptedTable;
  readonly keyColumn: "alias" | "id";
  readonly what: string;
}

/**
 * The rows of one encrypted table, for the store that owns it: the primary key in clear, the position of
 * first storage (the order of `list`), and a JSON value sealed by the store's {@link RowCipher} under the
 * table and the key. Reads and deletions need the cipher unlocked (`WALLET_LOCKED`); a row that does not
 * authenticate, or does not hold JSON, is the store's `corrupt` error. Run inside the wallet's `read` or
 * `write`.
 */
export class SealedRows {
  readonly #select: string;

  constructor(
    private readonly shape: SealedTable,
    private readonly cipher: RowCipher,
    private readonly corrupt: CorruptError,
  ) {
    this.#select = `SELECT ${shape.keyColumn}, sealed FROM ${shape.table}`;
  }

  async get(sql: WalletSqlStatements, key: string): Promise<OpenedRow | undefined> {
    this.cipher.requireUnlocked();
    const row = await sql.get(`${this.#select} WHERE ${this.shape.keyColumn} = ?`, [key]);
    return row === undefined ? undefined : this.#open(row);
  }

  /** Every row, in the order of first storage. */
  async list(sql: WalletSqlStatements): Promise<OpenedRow[]> {
    this.cipher.requireUnlocked();
    const rows = await sql.all(`${this.#select} ORDER BY position`);
    return rows.map((row) => this.#open(row));
  }

  /** Adds the row `key` holding `content`, or replaces the row's content (it keeps its position). */
  async put(sql: WalletSqlStatements, key: string, content: object): Promise<void> {
    const { table, keyColumn } = this.shape;
    const sealed = this.cipher.seal(table, key, JSON.stringify(content));
    await sql.run(
      `INSERT INTO ${table} (${keyColumn}, position, sealed) VALUES (?, ${nextPosition(table)}, ?)
       ON CONFLICT (${keyColumn}) DO UPDATE SET sealed = excluded.sealed`,
      [key, sealed],
    );
  }

  async delete(sql: WalletSqlStatements, key: string): Promise<boolean> {
    this.cipher.requireUnlocked();
    return (await sql.run(`DELETE FROM ${this.shape.table} WHERE ${this.shape.keyColumn} = ?`, [key])) > 0;
  }

  #open(row: SqlRow): OpenedRow {
    const { table, keyColumn, what } = this.shape;
    const key = row[keyColumn];
    if (typeof key !== "string") throw this.corrupt(`a ${what} row has no ${keyColumn}`);
    const plaintext = this.cipher.open(table, key, row.sealed);
    if (plaintext === undefined) {
      throw this.corrupt(
        `the ${what} row "${key}" does not authenticate: damaged, altered, or moved from another row`,
      );
    }
    try {
      return { key, content: JSON.parse(plaintext) as unknown };
    } catch (cause) {
      throw this.corrupt(`the ${what} row "${key}" is not JSON`, cause);
    }
  }
}
