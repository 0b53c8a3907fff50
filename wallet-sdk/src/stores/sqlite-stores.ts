import type { IIdentifier } from "@veramo/core";
import type { ScryptParameters } from "./passphrase-key.js";
import {
  keyStoreCorrupt,
  lockStores,
  openStoresOn,
  readIdentifiersOn,
  type SqlWalletStores,
} from "./sql-wallet-stores.js";
import { WalletDatabase } from "./sqlite-database.js";
import { SqliteWalletSql } from "./sqlite-wallet-sql.js";

export interface OpenSqliteStoresParameters {
  /** The database file; created (with its directory) when missing. */
  path: string;
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. Default `DEFAULT_SCRYPT`. */
  scrypt?: ScryptParameters;
}

/** The four stores of one wallet database file, and the database's end. */
export interface SqliteWalletStores extends SqlWalletStores {
  /** The database file. */
  readonly path: string;
  /** Locks the stores (the derived keys leave memory) and closes the database: later calls are `WALLET_CLOSED`. */
  close(): void;
}

/**
 * The stores of a wallet kept in ONE SQLite database file (see `wallet-schema.ts` for the tables): private
 * keys and credentials encrypted per row with AES-256-GCM under a key derived from the passphrase with scrypt
 * (one random salt per database, kept with a check value in `wallet_meta`), the row's table and primary key
 * as associated data; key metadata and identifiers in clear (public data). Every write is a transaction.
 * One process at a time may use a wallet: another one meanwhile gets `WALLET_BUSY`.
 * Throws `WRONG_PASSPHRASE`, `KEYSTORE_CORRUPT` (not a wallet database, damaged), `WALLET_BUSY`.
 */
export async function openSqliteStores(parameters: OpenSqliteStoresParameters): Promise<SqliteWalletStores> {
  const { path } = parameters;
  const database = WalletDatabase.open(path, { create: true, corrupt: keyStoreCorrupt(path) });
  const stores = await openStoresOn(new SqliteWalletSql(database), parameters.passphrase, parameters.scrypt);
  return {
    ...stores,
    path,
    close: () => {
      lockStores(stores);
      database.close();
    },
  };
}

/**
 * The identifiers of the wallet database at `path`, read without the passphrase (they are public data, kept
 * in clear), also while another process has the wallet open. Throws `KEYSTORE_CORRUPT` when the file is
 * missing or not a wallet.
 */
export async function readSqliteIdentifiers(path: string): Promise<IIdentifier[]> {
  const database = WalletDatabase.open(path, { create: false, corrupt: keyStoreCorrupt(path), reader: true });
  return readIdentifiersOn(new SqliteWalletSql(database));
}
