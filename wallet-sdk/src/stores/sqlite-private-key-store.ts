import { randomUUID } from "node:crypto";
import {
  AbstractPrivateKeyStore,
  type ImportablePrivateKey,
  type ManagedPrivateKey,
} from "@veramo/key-manager";
import { KeyStoreCorruptError } from "../errors.js";
import type { Lockable } from "./sealed-file.js";
import type { SqlRow, WalletDatabase } from "./sqlite-database.js";
import type { RowCipher } from "./sqlite-row-cipher.js";
import { nextPosition } from "./sqlite-schema.js";

const TABLE = "private_keys";

/**
 * Veramo's {@link AbstractPrivateKeyStore} in the wallet database: one row per key, the alias in clear (the
 * lookup key; kms-local's alias is the key id, a public key), the type and the key material encrypted
 * ({@link RowCipher}). Every write is a transaction. While locked, every operation fails with
 * `WALLET_LOCKED`; a row that does not decrypt is `KEYSTORE_CORRUPT`.
 */
export class SqlitePrivateKeyStore extends AbstractPrivateKeyStore implements Lockable {
  constructor(
    private readonly database: WalletDatabase,
    private readonly cipher: RowCipher,
  ) {
    super();
  }

  /** The database file. */
  get path(): string {
    return this.database.path;
  }

  get locked(): boolean {
    return this.cipher.locked;
  }

  /** Forgets the derived key; signing fails with `WALLET_LOCKED` until `unlock`. */
  lock(): void {
    this.cipher.lock();
  }

  /** Checks the passphrase against the wallet and keeps the derived key. Throws `WRONG_PASSPHRASE`. */
  unlock(passphrase: string): Promise<void> {
    return this.cipher.unlock(passphrase);
  }

  private readonly corrupt = (reason: string, cause?: unknown): Error =>
    new KeyStoreCorruptError(this.path, reason, cause === undefined ? undefined : { cause });

  private decode(row: SqlRow): ManagedPrivateKey {
    const alias = row.alias;
    if (typeof alias !== "string") throw this.corrupt("a private key row has no alias");
    const plaintext = this.cipher.open(TABLE, alias, row.sealed);
    if (plaintext === undefined) {
      throw this.corrupt(
        `the private key row "${alias}" does not authenticate: damaged, altered, or moved from another row`,
      );
    }
    let content: { type?: unknown; privateKeyHex?: unknown };
    try {
      content = JSON.parse(plaintext) as typeof content;
    } catch (cause) {
      throw this.corrupt(`the private key row "${alias}" is not JSON`, cause);
    }
    if (typeof content?.type !== "string" || typeof content.privateKeyHex !== "string") {
      throw this.corrupt(`the private key row "${alias}" is not a private key`);
    }
    return { alias, type: content.type, privateKeyHex: content.privateKeyHex };
  }

  async importKey(args: ImportablePrivateKey): Promise<ManagedPrivateKey> {
    const alias = args.alias ?? randomUUID();
    return this.database.write(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      const existing = sql.get(`SELECT alias, sealed FROM ${TABLE} WHERE alias = ?`, [alias]);
      if (existing !== undefined && this.decode(existing).privateKeyHex !== args.privateKeyHex) {
        throw new Error("key_already_exists: key exists with different data, please use a different alias");
      }
      const sealed = this.cipher.seal(
        TABLE,
        alias,
        JSON.stringify({ type: args.type, privateKeyHex: args.privateKeyHex }),
      );
      sql.run(
        `INSERT INTO ${TABLE} (alias, position, sealed) VALUES (?, ${nextPosition(TABLE)}, ?)
         ON CONFLICT (alias) DO UPDATE SET sealed = excluded.sealed`,
        [alias, sealed],
      );
      return { alias, type: args.type, privateKeyHex: args.privateKeyHex };
    });
  }

  async getKey({ alias }: { alias: string }): Promise<ManagedPrivateKey> {
    const row = this.database.read(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.get(`SELECT alias, sealed FROM ${TABLE} WHERE alias = ?`, [alias]);
    });
    if (row === undefined) throw new Error(`not_found: PrivateKey not found for alias=${alias}`);
    return this.decode(row);
  }

  async deleteKey({ alias }: { alias: string }): Promise<boolean> {
    return this.database.write(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.run(`DELETE FROM ${TABLE} WHERE alias = ?`, [alias]) > 0;
    });
  }

  async listKeys(_args: Record<string, never> = {}): Promise<ManagedPrivateKey[]> {
    const rows = this.database.read(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.all(`SELECT alias, sealed FROM ${TABLE} ORDER BY position`);
    });
    return rows.map((row) => this.decode(row));
  }
}
