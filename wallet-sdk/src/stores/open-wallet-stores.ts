import { access } from "node:fs/promises";
import { join } from "node:path";
import type { IIdentifier } from "@veramo/core";
import { AmbiguousWalletError } from "../errors.js";
import { JsonFileDIDStore } from "./json-file-stores.js";
import type { ScryptParameters } from "./passphrase-key.js";
import { openPostgresStores, type PostgresWalletAddress } from "./postgres-stores.js";
import { openSqliteStores, readSqliteIdentifiers } from "./sqlite-stores.js";
import { openFileStores, WALLET_FILES, type WalletStores } from "./wallet-stores.js";

/** The database file of a SQLite wallet inside its directory. */
export const WALLET_DATABASE_FILE = "wallet.sqlite";

/** How a wallet directory keeps its stores: one SQLite database, or the four files of the file wallet. */
export type WalletFormat = "sqlite" | "files";

/** A wallet's stores as {@link openWalletStores} opened them. */
export interface OpenedWalletStores extends WalletStores {
  /** How they are kept: a wallet directory's format, or a PostgreSQL database. */
  readonly format: WalletFormat | "postgres";
  /**
   * The database file (`sqlite`), the wallet directory (`files`), or the database URL without password and
   * the wallet's name (`postgres`: `postgres://user@host:port/db#name`).
   */
  readonly location: string;
  /**
   * Locks the encrypted stores (keys and credentials leave memory) and closes the database, if any (SQLite's
   * at once; PostgreSQL's connections when the promise settles).
   */
  close(): Promise<void>;
}

interface WalletOpening {
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. */
  scrypt?: ScryptParameters;
}

/** A wallet in a directory: SQLite by default, or a file wallet already there. */
export interface WalletInDirectory extends WalletOpening {
  /** The wallet directory; created when missing. */
  directory: string;
  postgresUrl?: undefined;
}

/** A wallet in a PostgreSQL database (several wallets may share one, each under its name). */
export interface WalletInPostgres extends WalletOpening, Omit<PostgresWalletAddress, "url"> {
  /** `postgres://` or `postgresql://`, as the issuer's `DATABASE_URL`. */
  postgresUrl: string;
  directory?: undefined;
}

export type OpenWalletStoresParameters = WalletInDirectory | WalletInPostgres;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * How the wallet in `directory` is kept, or undefined when the directory holds no wallet (or does not exist).
 * A directory holding both `wallet.sqlite` and a file of the file wallet is {@link AmbiguousWalletError}.
 */
export async function walletFormatOf(directory: string): Promise<WalletFormat | undefined> {
  const database = await exists(join(directory, WALLET_DATABASE_FILE));
  const files: string[] = [];
  for (const name of Object.values(WALLET_FILES)) {
    if (await exists(join(directory, name))) files.push(name);
  }
  if (database && files.length > 0) throw new AmbiguousWalletError(directory, WALLET_DATABASE_FILE, files);
  if (database) return "sqlite";
  return files.length > 0 ? "files" : undefined;
}

/**
 * The stores of a wallet. With `directory`, SQLite by default: `wallet.sqlite` ({@link openSqliteStores}),
 * created for a new wallet; a directory that already holds a file wallet ({@link WALLET_FILES}) is opened as
 * one ({@link openFileStores}), never migrated; one process at a time may use it. With `postgresUrl`, the
 * wallet `wallet` (default "default") of that PostgreSQL database ({@link openPostgresStores}), created on
 * first open; several processes may use it at once.
 */
export async function openWalletStores(parameters: OpenWalletStoresParameters): Promise<OpenedWalletStores> {
  if (parameters.postgresUrl !== undefined) {
    const { postgresUrl, ...rest } = parameters;
    const stores = await openPostgresStores({ ...rest, url: postgresUrl });
    return { ...stores, format: "postgres" };
  }
  const { directory, passphrase, scrypt } = parameters;
  const options = scrypt === undefined ? {} : { scrypt };
  if ((await walletFormatOf(directory)) === "files") {
    const stores = await openFileStores({ directory, passphrase, ...options });
    const { privateKeys, credentials } = stores;
    return {
      ...stores,
      format: "files",
      location: directory,
      close: async () => {
        privateKeys.lock();
        credentials.lock();
      },
    };
  }
  const stores = await openSqliteStores({
    path: join(directory, WALLET_DATABASE_FILE),
    passphrase,
    ...options,
  });
  return {
    keys: stores.keys,
    privateKeys: stores.privateKeys,
    dids: stores.dids,
    credentials: stores.credentials,
    format: "sqlite",
    location: stores.path,
    close: async () => stores.close(),
  };
}

/**
 * The identifiers of the wallet in `directory` (DIDs, aliases, public keys, services), read without the
 * passphrase; none when the directory holds no wallet.
 */
export async function readWalletIdentifiers(directory: string): Promise<IIdentifier[]> {
  const format = await walletFormatOf(directory);
  if (format === undefined) return [];
  if (format === "sqlite") return readSqliteIdentifiers(join(directory, WALLET_DATABASE_FILE));
  return (await JsonFileDIDStore.open(join(directory, WALLET_FILES.dids))).listDIDs({});
}
