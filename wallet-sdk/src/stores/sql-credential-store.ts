import { CredentialStoreCorruptError } from "../errors.js";
import type { CredentialStore, StoredCredential } from "./credential-store.js";
import type { RowCipher } from "./row-cipher.js";
import type { Lockable } from "./sealed-file.js";
import { type OpenedRow, SealedRows } from "./sealed-rows.js";
import type { WalletSql } from "./wallet-sql.js";

/**
 * A {@link CredentialStore} in the wallet database (SQLite or PostgreSQL): one row per credential, its id in
 * clear (the lookup key) with the position of first storage, everything else encrypted as one record
 * ({@link RowCipher}): the VC-JWT, the decoded credential, the EIP-712 proof, the metadata. Every write is a
 * transaction. While locked, every operation fails with `WALLET_LOCKED`; a row that does not decrypt is
 * `CREDENTIAL_STORE_CORRUPT`.
 */
export class SqlCredentialStore implements CredentialStore, Lockable {
  readonly #rows: SealedRows;

  constructor(
    private readonly database: WalletSql,
    private readonly cipher: RowCipher,
  ) {
    this.#rows = new SealedRows(
      { table: "credentials", keyColumn: "id", what: "credential" },
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

  /** Forgets the derived key; every operation fails with `WALLET_LOCKED` until `unlock`. */
  lock(): void {
    this.cipher.lock();
  }

  /** Checks the passphrase against the wallet and keeps the derived key. Throws `WRONG_PASSPHRASE`. */
  unlock(passphrase: string): Promise<void> {
    return this.cipher.unlock(passphrase);
  }

  private readonly corrupt = (reason: string, cause?: unknown): Error =>
    new CredentialStoreCorruptError(this.location, reason, cause === undefined ? undefined : { cause });

  private decode({ key: id, content }: OpenedRow): StoredCredential {
    const credential = content as Partial<StoredCredential> | null;
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
    const row = await this.database.read(this.corrupt, (sql) => this.#rows.get(sql, id));
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<StoredCredential[]> {
    const rows = await this.database.read(this.corrupt, (sql) => this.#rows.list(sql));
    return rows.map((row) => this.decode(row));
  }

  /** Adds the credential, or replaces the one with its id (which keeps its position). */
  async put(credential: StoredCredential): Promise<void> {
    await this.database.write(this.corrupt, (sql) => this.#rows.put(sql, credential.id, credential));
  }

  async delete(id: string): Promise<boolean> {
    return this.database.write(this.corrupt, (sql) => this.#rows.delete(sql, id));
  }
}
