import type { IIdentifier, IKey, ManagedKeyInfo } from "@veramo/core";
import { AbstractDIDStore } from "@veramo/did-manager";
import { AbstractKeyStore } from "@veramo/key-manager";
import { IdentityNotFoundError, KeyStoreCorruptError } from "../errors.js";
import { publicOnly } from "./public-key-data.js";
import { nextPosition } from "./wallet-schema.js";
import type { CorruptError, SqlRow, SqlValue, WalletSql } from "./wallet-sql.js";

function corruptIn(database: WalletSql): CorruptError {
  return (reason, cause) =>
    new KeyStoreCorruptError(database.location, reason, cause === undefined ? undefined : { cause });
}

/** The JSON object in `column` of `row`, which must have `key` equal to the row's key; else `corrupt`. */
function jsonOf<T extends object>(
  row: SqlRow,
  column: string,
  key: { name: keyof T & string; value: SqlRow[string] | undefined },
  corrupt: CorruptError,
): T {
  let value: unknown;
  try {
    value = JSON.parse(String(row[column]));
  } catch (cause) {
    throw corrupt(`the ${column} of ${String(key.value)} is not JSON`, cause);
  }
  if (typeof value !== "object" || value === null || (value as T)[key.name] !== key.value) {
    throw corrupt(`the ${column} of ${String(key.value)} does not describe it`);
  }
  return value as T;
}

/**
 * Veramo's {@link AbstractKeyStore} (key ids, types, public keys, KMS names) in the wallet database's `keys`
 * table (SQLite or PostgreSQL), in clear: public data only, the private key material of an imported key is
 * dropped.
 */
export class SqlKeyStore extends AbstractKeyStore {
  private readonly corrupt: CorruptError;

  constructor(private readonly database: WalletSql) {
    super();
    this.corrupt = corruptIn(database);
  }

  private decode(row: SqlRow): IKey {
    return jsonOf<IKey>(row, "key_json", { name: "kid", value: row.kid }, this.corrupt);
  }

  async importKey(args: Partial<IKey>): Promise<boolean> {
    const kid = args.kid;
    if (kid === undefined) throw new Error("invalid_argument: kid is required");
    await this.database.write(this.corrupt, (sql) =>
      sql.run(
        `INSERT INTO keys (kid, position, key_json) VALUES (?, ${nextPosition("keys")}, ?)
         ON CONFLICT (kid) DO UPDATE SET key_json = excluded.key_json`,
        [kid, JSON.stringify(publicOnly(args))],
      ),
    );
    return true;
  }

  async getKey({ kid }: { kid: string }): Promise<IKey> {
    const row = await this.database.read(this.corrupt, (sql) =>
      sql.get("SELECT kid, key_json FROM keys WHERE kid = ?", [kid]),
    );
    if (row === undefined) throw new Error("Key not found");
    return this.decode(row);
  }

  async deleteKey({ kid }: { kid: string }): Promise<boolean> {
    return this.database.write(
      this.corrupt,
      async (sql) => (await sql.run("DELETE FROM keys WHERE kid = ?", [kid])) > 0,
    );
  }

  async listKeys(_args: Record<string, never> = {}): Promise<ManagedKeyInfo[]> {
    const rows = await this.database.read(this.corrupt, (sql) =>
      sql.all("SELECT kid, key_json FROM keys ORDER BY position"),
    );
    return rows.map((row) => this.decode(row) as ManagedKeyInfo);
  }
}

/**
 * Veramo's {@link AbstractDIDStore} (identifiers with their public keys and services) in the wallet database's
 * `dids` table (SQLite or PostgreSQL), in clear (read without the passphrase); the alias and the provider are
 * columns to filter on.
 */
export class SqlDIDStore extends AbstractDIDStore {
  private readonly corrupt: CorruptError;

  constructor(private readonly database: WalletSql) {
    super();
    this.corrupt = corruptIn(database);
  }

  private decode(row: SqlRow): IIdentifier {
    const identifier = jsonOf<IIdentifier>(
      row,
      "identifier_json",
      { name: "did", value: row.did },
      this.corrupt,
    );
    if (!Array.isArray(identifier.keys) || !Array.isArray(identifier.services)) {
      throw this.corrupt(`the identifier_json of ${identifier.did} has no keys or services`);
    }
    return identifier;
  }

  async importDID(args: IIdentifier): Promise<boolean> {
    const identifier: IIdentifier = { ...args, keys: args.keys.map(publicOnly) };
    await this.database.write(this.corrupt, (sql) =>
      sql.run(
        `INSERT INTO dids (did, position, alias, provider, identifier_json)
         VALUES (?, ${nextPosition("dids")}, ?, ?, ?)
         ON CONFLICT (did) DO UPDATE SET alias = excluded.alias, provider = excluded.provider,
           identifier_json = excluded.identifier_json`,
        [args.did, args.alias ?? null, args.provider, JSON.stringify(identifier)],
      ),
    );
    return true;
  }

  getDID(args: { did: string }): Promise<IIdentifier>;
  getDID(args: { alias: string }): Promise<IIdentifier>;
  async getDID(args: { did?: string; alias?: string }): Promise<IIdentifier> {
    const row = await this.database.read(this.corrupt, (sql) =>
      args.did !== undefined
        ? sql.get("SELECT did, identifier_json FROM dids WHERE did = ?", [args.did])
        : sql.get("SELECT did, identifier_json FROM dids WHERE alias = ? ORDER BY position LIMIT 1", [
            args.alias ?? null,
          ]),
    );
    if (row === undefined) throw new IdentityNotFoundError(args.did ?? `alias ${args.alias}`);
    return this.decode(row);
  }

  async deleteDID({ did }: { did: string }): Promise<boolean> {
    return this.database.write(
      this.corrupt,
      async (sql) => (await sql.run("DELETE FROM dids WHERE did = ?", [did])) > 0,
    );
  }

  async listDIDs(args: { alias?: string; provider?: string } = {}): Promise<IIdentifier[]> {
    const filters = [
      ["alias", args.alias],
      ["provider", args.provider],
    ].filter((filter): filter is [string, string] => filter[1] !== undefined);
    const where = filters.map(([column]) => `${column} = ?`);
    const values: SqlValue[] = filters.map(([, value]) => value);
    const rows = await this.database.read(this.corrupt, (sql) =>
      sql.all(
        `SELECT did, identifier_json FROM dids
         ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY position`,
        values,
      ),
    );
    return rows.map((row) => this.decode(row));
  }
}
