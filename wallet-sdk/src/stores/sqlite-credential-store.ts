import { CredentialStoreCorruptError } from "../errors.js";
import type { CredentialStore, StoredCredential } from "./credential-store.js";
import type { Lockable } from "./sealed-file.js";
import type { SqlRow, WalletDatabase } from "./sqlite-database.js";
import type { RowCipher } from "./sqlite-row-cipher.js";
import { nextPosition } from "./sqlite-schema.js";

const TABLE = "credentials";

/**
 * A {@link CredentialStore} in the wallet database: one row per credential, its id in clear (the lookup key)
 * with the position of first storage, everything else encrypted as one record ({@link RowCipher}): the
 * VC-JWT, the decoded credential, the EIP-712 proof, the metadata. Every write is a transaction. While
 * locked, every operation fails with `WALLET_LOCKED`; a row that does not decrypt is
 * `CREDENTIAL_STORE_CORRUPT`.
 */
export class SqliteCredentialStore implements CredentialStore, Lockable {
  constructor(
    private readonly database: WalletDatabase,
    private readonly cipher: RowCipher,
  ) {}

  /** The database file. */
  get path(): string {
    return this.database.path;
  }

  get locked(): boolean {
    return this.cipher.locked;
  }

  /** Forgets the derived key; every operation fails with `WALLET_LOCKED` until `unlock`. */
  lock(): void {
    this.cipher.lock();
  }

  /** Checks the passphrase against the wallet and keeps the derived key. Throws `WRONG_PASSPHRASE`. */
  unlock(passphrase: string): Promise<void> {
    return this.cipher.unlock(passphrase);
  }

  private readonly corrupt = (reason: string, cause?: unknown): Error =>
    new CredentialStoreCorruptError(this.path, reason, cause === undefined ? undefined : { cause });

  private decode(row: SqlRow): StoredCredential {
    const id = row.id;
    if (typeof id !== "string") throw this.corrupt("a credential row has no id");
    const plaintext = this.cipher.open(TABLE, id, row.sealed);
    if (plaintext === undefined) {
      throw this.corrupt(
        `the credential row "${id}" does not authenticate: damaged, altered, or moved from another row`,
      );
    }
    let credential: Partial<StoredCredential> | null;
    try {
      credential = JSON.parse(plaintext) as Partial<StoredCredential> | null;
    } catch (cause) {
      throw this.corrupt(`the credential row "${id}" is not JSON`, cause);
    }
    if (
      credential?.id !== id ||
      typeof credential.jwt !== "string" ||
      typeof credential.credential !== "object" ||
      credential.credential === null ||
      typeof credential.metadata !== "object" ||
      credential.metadata === null
    ) {
      throw this.corrupt(`the credential row "${id}" is not a stored credential`);
    }
    return credential as StoredCredential;
  }

  async get(id: string): Promise<StoredCredential | undefined> {
    const row = this.database.read(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.get(`SELECT id, sealed FROM ${TABLE} WHERE id = ?`, [id]);
    });
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<StoredCredential[]> {
    const rows = this.database.read(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.all(`SELECT id, sealed FROM ${TABLE} ORDER BY position`);
    });
    return rows.map((row) => this.decode(row));
  }

  /** Adds the credential, or replaces the one with its id (which keeps its position). */
  async put(credential: StoredCredential): Promise<void> {
    this.database.write(this.corrupt, (sql) => {
      const sealed = this.cipher.seal(TABLE, credential.id, JSON.stringify(credential));
      sql.run(
        `INSERT INTO ${TABLE} (id, position, sealed) VALUES (?, ${nextPosition(TABLE)}, ?)
         ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed`,
        [credential.id, sealed],
      );
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.database.write(this.corrupt, (sql) => {
      this.cipher.requireUnlocked();
      return sql.run(`DELETE FROM ${TABLE} WHERE id = ?`, [id]) > 0;
    });
  }
}
