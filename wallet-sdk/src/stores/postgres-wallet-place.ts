import { WalletConfigError } from "../errors.js";

/** The wallet a PostgreSQL database holds when none is named. */
export const DEFAULT_WALLET_NAME = "default";

/** A wallet name: lowercase letters, digits and `_`, short enough for PostgreSQL's 63-byte identifiers. */
const WALLET_NAME = /^[a-z0-9_]{1,56}$/;

/** Where one wallet is in a PostgreSQL database. */
export interface PostgresWalletPlace {
  /** The wallet's name, as given. */
  readonly wallet: string;
  /** Its schema: `wallet_<name>`. */
  readonly schema: string;
  /** The database URL without password or parameters, and the wallet: `postgres://user@host:port/db#name`. */
  readonly location: string;
}

/**
 * The place of wallet `wallet` in the database at `url`. Several wallets share a database each in a schema of
 * its own, `wallet_<name>`, holding the same tables as a SQLite wallet file, rather than in shared tables
 * with a wallet column:
 * - the stores' statements are one text for both backends (the backend only sets `search_path`), and a
 *   wallet's primary keys and positions are its own, as in its own file;
 * - PostgreSQL's privileges can confine a firm's role to its own schema (an administrator runs
 *   `CREATE SCHEMA wallet_<name> AUTHORIZATION <role>`; the role needs no CREATE on the database), so that
 *   one wallet's rows, even encrypted, are not readable with another's credentials;
 * - a wallet is removed, dumped or restored whole (`DROP SCHEMA ... CASCADE`, `pg_dump -n`).
 * Throws `WALLET_CONFIG` for a URL that is not `postgres://` or `postgresql://`, or a name that is not one.
 */
export function postgresWalletPlace(url: string, wallet: string = DEFAULT_WALLET_NAME): PostgresWalletPlace {
  if (!WALLET_NAME.test(wallet)) {
    throw new WalletConfigError(
      `the wallet name "${wallet}" is not one: 1 to 56 lowercase letters, digits and underscores`,
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = /^postgres(?:ql)?:\/\//.test(url) ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    throw new WalletConfigError("the wallet's PostgreSQL URL is not one: postgres://user@host:port/database");
  }
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return { wallet, schema: `wallet_${wallet}`, location: `${parsed.href}#${wallet}` };
}
