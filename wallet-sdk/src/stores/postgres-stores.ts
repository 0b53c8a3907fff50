import type { IIdentifier } from "@veramo/core";
import type { ScryptParameters } from "./passphrase-key.js";
import { type PostgresConnectionOptions, PostgresWalletSql } from "./postgres-wallet-sql.js";
import { lockStores, openStoresOn, readIdentifiersOn, type SqlWalletStores } from "./sql-wallet-stores.js";

/** A wallet in a PostgreSQL database. */
export interface PostgresWalletAddress extends PostgresConnectionOptions {
  /** The database: `postgres://` or `postgresql://` (the issuer's `DATABASE_URL` form). */
  url: string;
  /**
   * The wallet's name in the database (its schema is `wallet_<name>`): 1 to 56 lowercase letters, digits and
   * underscores. Default "default".
   */
  wallet?: string;
}

export interface OpenPostgresStoresParameters extends PostgresWalletAddress {
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. Default `DEFAULT_SCRYPT`. */
  scrypt?: ScryptParameters;
}

/** The four stores of a wallet in PostgreSQL, and the end of its connections. */
export interface PostgresWalletStores extends SqlWalletStores {
  /** The database (URL without password) and the wallet: `postgres://user@host:port/db#name`. */
  readonly location: string;
  readonly wallet: string;
  /** Locks the stores (the derived keys leave memory) and ends the connections: later calls are `WALLET_CLOSED`. */
  close(): Promise<void>;
}

/**
 * The stores of a wallet kept in a PostgreSQL database, in the schema `wallet_<name>` (several wallets may
 * share a database; see `postgres-wallet-place.ts`): the same tables, encryption and errors as a SQLite
 * wallet ({@link openSqliteStores}), created on first open. Every write is one transaction, and the writes of
 * one wallet are serialised across connections and processes, so several processes may use a wallet at once.
 * Throws `WRONG_PASSPHRASE`, `KEYSTORE_CORRUPT` (not a wallet, damaged), `WALLET_CONFIG` (the URL or the
 * name), `WALLET_STORAGE_UNAVAILABLE` (the server cannot be reached or refuses the connection).
 */
export async function openPostgresStores(
  parameters: OpenPostgresStoresParameters,
): Promise<PostgresWalletStores> {
  const database = await PostgresWalletSql.open(parameters.url, parameters.wallet, parameters);
  const stores = await openStoresOn(database, parameters.passphrase, parameters.scrypt);
  return {
    ...stores,
    location: database.location,
    wallet: database.wallet,
    close: async () => {
      lockStores(stores);
      await database.close();
    },
  };
}

/** The identifiers of a wallet in PostgreSQL, read without the passphrase; none when it does not exist yet. */
export async function readPostgresIdentifiers(address: PostgresWalletAddress): Promise<IIdentifier[]> {
  return readIdentifiersOn(await PostgresWalletSql.open(address.url, address.wallet, address));
}
