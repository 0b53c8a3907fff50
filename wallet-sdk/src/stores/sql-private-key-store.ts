import { randomUUID } from "node:crypto";
import {
  AbstractPrivateKeyStore,
  type ImportablePrivateKey,
  type ManagedPrivateKey,
} from "@veramo/key-manager";
import { KeyStoreCorruptError } from "../errors.js";
import type { RowCipher } from "./row-cipher.js";
import type { Lockable } from "./sealed-file.js";
import { type OpenedRow, SealedRows } from "./sealed-rows.js";
import type { WalletSql } from "./wallet-sql.js";

/**
 * Veramo's {@link AbstractPrivateKeyStore} in the wallet database (SQLite or PostgreSQL): one row per key, the
 * alias in clear (the lookup key; kms-local's alias is the key id, a public key), the type and the key
 * material encrypted ({@link RowCipher}). Every write is a transaction. While locked, every operation fails
 * with `WALLET_LOCKED`; a row that does not decrypt is `KEYSTORE_CORRUPT`.
 */
export class SqlPrivateKeyStore extends AbstractPrivateKeyStore implements Lockable {
  readonly #rows: SealedRows;

  constructor(
    private readonly database: WalletSql,
    private readonly cipher: RowCipher,
  ) {
    super();
    this.#rows = new SealedRows(
      { table: "private_keys", keyColumn: "alias", what: "private key" },
      cipher,
      this.corrupt,
    );
  }

  /** The wallet database: its file, or its PostgreSQL database and wallet name. */
  get location(): string {
    return this.database.location;
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
    new KeyStoreCorruptError(this.location, reason, cause === undefined ? undefined : { cause });

  private decode({ key: alias, content }: OpenedRow): ManagedPrivateKey {
    const { type, privateKeyHex } = (content ?? {}) as { type?: unknown; privateKeyHex?: unknown };
    if (typeof type !== "string" || typeof privateKeyHex !== "string") {
      throw this.corrupt(`the private key row "${alias}" is not a private key`);
    }
    return { alias, type, privateKeyHex };
  }

  async importKey(args: ImportablePrivateKey): Promise<ManagedPrivateKey> {
    const alias = args.alias ?? randomUUID();
    return this.database.write(this.corrupt, async (sql) => {
      const existing = await this.#rows.get(sql, alias);
      if (existing !== undefined && this.decode(existing).privateKeyHex !== args.privateKeyHex) {
        throw new Error("key_already_exists: key exists with different data, please use a different alias");
      }
      await this.#rows.put(sql, alias, { type: args.type, privateKeyHex: args.privateKeyHex });
      return { alias, type: args.type, privateKeyHex: args.privateKeyHex };
    });
  }

  async getKey({ alias }: { alias: string }): Promise<ManagedPrivateKey> {
    const row = await this.database.read(this.corrupt, (sql) => this.#rows.get(sql, alias));
    if (row === undefined) throw new Error(`not_found: PrivateKey not found for alias=${alias}`);
    return this.decode(row);
  }

  async deleteKey({ alias }: { alias: string }): Promise<boolean> {
    return this.database.write(this.corrupt, (sql) => this.#rows.delete(sql, alias));
  }

  async listKeys(_args: Record<string, never> = {}): Promise<ManagedPrivateKey[]> {
    const rows = await this.database.read(this.corrupt, (sql) => this.#rows.list(sql));
    return rows.map((row) => this.decode(row));
  }
}
