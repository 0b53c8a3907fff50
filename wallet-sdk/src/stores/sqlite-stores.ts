import type { IIdentifier } from "@veramo/core";
import { KeyStoreCorruptError } from "../errors.js";
import { DEFAULT_SCRYPT, type ScryptParameters } from "./passphrase-key.js";
import { SqliteCredentialStore } from "./sqlite-credential-store.js";
import { type CorruptError, WalletDatabase } from "./sqlite-database.js";
import { SqlitePrivateKeyStore } from "./sqlite-private-key-store.js";
import { SqliteDIDStore, SqliteKeyStore } from "./sqlite-public-stores.js";
import { RowCipher } from "./sqlite-row-cipher.js";
import { readWalletKeyParameters } from "./sqlite-schema.js";
import { openWalletKey } from "./sqlite-wallet-key.js";
import type { WalletStores } from "./wallet-stores.js";

export interface OpenSqliteStoresParameters {
  /** The database file; created (with its directory) when missing. */
  path: string;
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. Default `DEFAULT_SCRYPT`. */
  scrypt?: ScryptParameters;
}

/** The four stores of one wallet database, and the database's end. */
export interface SqliteWalletStores extends WalletStores {
  keys: SqliteKeyStore;
  privateKeys: SqlitePrivateKeyStore;
  dids: SqliteDIDStore;
  credentials: SqliteCredentialStore;
  /** The database file. */
  readonly path: string;
  /** Locks the stores (the derived keys leave memory) and closes the database: later calls are `WALLET_CLOSED`. */
  close(): void;
}

function keyStoreCorrupt(path: string): CorruptError {
  return (reason, cause) =>
    new KeyStoreCorruptError(path, reason, cause === undefined ? undefined : { cause });
}

/**
 * The stores of a wallet kept in ONE SQLite database file (see `sqlite-schema.ts` for the tables): private
 * keys and credentials encrypted per row with AES-256-GCM under a key derived from the passphrase with scrypt
 * (one random salt per database, kept with a check value in `wallet_meta`), the row's table and primary key
 * as associated data; key metadata and identifiers in clear (public data). Every write is a transaction.
 * One process at a time may use a wallet: another one meanwhile gets `WALLET_BUSY`.
 * Throws `WRONG_PASSPHRASE`, `KEYSTORE_CORRUPT` (not a wallet database, damaged), `WALLET_BUSY`.
 */
export async function openSqliteStores(parameters: OpenSqliteStoresParameters): Promise<SqliteWalletStores> {
  const { path } = parameters;
  const corrupt = keyStoreCorrupt(path);
  const database = WalletDatabase.open(path, { create: true, corrupt });
  try {
    const { parameters: keyParameters, key } = await openWalletKey(
      database,
      parameters.passphrase,
      parameters.scrypt ?? DEFAULT_SCRYPT,
      corrupt,
    );
    const privateKeys = new SqlitePrivateKeyStore(
      database,
      new RowCipher(path, keyParameters, "key store", key),
    );
    const credentials = new SqliteCredentialStore(
      database,
      new RowCipher(path, keyParameters, "credential store", Buffer.from(key)),
    );
    return {
      keys: new SqliteKeyStore(database),
      privateKeys,
      dids: new SqliteDIDStore(database),
      credentials,
      path,
      close: () => {
        privateKeys.lock();
        credentials.lock();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}

/**
 * The identifiers of the wallet database at `path`, read without the passphrase (they are public data, kept
 * in clear), also while another process has the wallet open. Throws `KEYSTORE_CORRUPT` when the file is
 * missing or not a wallet.
 */
export async function readSqliteIdentifiers(path: string): Promise<IIdentifier[]> {
  const corrupt = keyStoreCorrupt(path);
  const database = WalletDatabase.open(path, { create: false, corrupt, reader: true });
  try {
    const parameters = database.read(corrupt, (sql) => readWalletKeyParameters(sql, corrupt));
    if (parameters === undefined) return [];
    return await new SqliteDIDStore(database).listDIDs({});
  } finally {
    database.close();
  }
}
