import type { IIdentifier } from "@veramo/core";
import { KeyStoreCorruptError } from "../errors.js";
import { DEFAULT_SCRYPT, type ScryptParameters } from "./passphrase-key.js";
import { RowCipher } from "./row-cipher.js";
import { SqlCredentialStore } from "./sql-credential-store.js";
import { SqlPrivateKeyStore } from "./sql-private-key-store.js";
import { SqlDIDStore, SqlKeyStore } from "./sql-public-stores.js";
import { openWalletKey } from "./wallet-key.js";
import { readWalletKeyParameters } from "./wallet-schema.js";
import type { CorruptError, WalletSql } from "./wallet-sql.js";
import type { WalletStores } from "./wallet-stores.js";

/** The four stores of a wallet database, SQLite or PostgreSQL (see `wallet-schema.ts` for the tables). */
export interface SqlWalletStores extends WalletStores {
  keys: SqlKeyStore;
  privateKeys: SqlPrivateKeyStore;
  dids: SqlDIDStore;
  credentials: SqlCredentialStore;
}

/** The wallet database's own failures (not a wallet, damaged) are `KEYSTORE_CORRUPT`. */
export function keyStoreCorrupt(location: string): CorruptError {
  return (reason, cause) =>
    new KeyStoreCorruptError(location, reason, cause === undefined ? undefined : { cause });
}

/**
 * The stores of the wallet in `database`, unlocked with the key the passphrase derives (for an empty database,
 * a new wallet with `scrypt`'s cost, default `DEFAULT_SCRYPT`): private keys and credentials encrypted per
 * row, each store with its own copy of the key; key metadata and identifiers in clear. `database` is closed
 * when this fails. Throws `WRONG_PASSPHRASE`, `KEYSTORE_CORRUPT`, and the backend's errors.
 */
export async function openStoresOn(
  database: WalletSql,
  passphrase: string,
  scrypt: ScryptParameters | undefined,
): Promise<SqlWalletStores> {
  const { location } = database;
  try {
    const { parameters, key } = await openWalletKey(
      database,
      passphrase,
      scrypt ?? DEFAULT_SCRYPT,
      keyStoreCorrupt(location),
    );
    return {
      keys: new SqlKeyStore(database),
      privateKeys: new SqlPrivateKeyStore(database, new RowCipher(location, parameters, "key store", key)),
      dids: new SqlDIDStore(database),
      credentials: new SqlCredentialStore(
        database,
        new RowCipher(location, parameters, "credential store", Buffer.from(key)),
      ),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Locks the encrypted stores: the derived keys leave memory (before the database is closed). */
export function lockStores(stores: SqlWalletStores): void {
  stores.privateKeys.lock();
  stores.credentials.lock();
}

/**
 * The identifiers of the wallet in `database`, read without the passphrase (public data, kept in clear); none
 * when it holds no wallet yet. Closes `database`.
 */
export async function readIdentifiersOn(database: WalletSql): Promise<IIdentifier[]> {
  const corrupt = keyStoreCorrupt(database.location);
  try {
    const parameters = await database.read(corrupt, (sql) =>
      readWalletKeyParameters(sql, database.dialect, corrupt),
    );
    if (parameters === undefined) return [];
    return await new SqlDIDStore(database).listDIDs({});
  } finally {
    await database.close();
  }
}
