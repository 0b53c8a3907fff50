import { WalletStorageUnavailableError } from "../errors.js";
import type { CorruptError } from "./wallet-sql.js";

/** Node's failures of a connection: no such host, nobody listening, no route, a connection that broke. */
const NETWORK_FAILURES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * SQLSTATEs of a server that cannot serve the wallet now: class 08 (connection exception), class 28
 * (authentication), 3D000 (no such database), 42501 (the role may not use the wallet's schema), 53300 (too
 * many connections), 57P01-57P03 (shutting down, crashed, starting up).
 */
const UNAVAILABLE = /^(?:08|28|3D000|42501|53300|57P0)/;

/** node-postgres's own messages for a connection it could not get or lost (they carry no code). */
const LOST_CONNECTION = /timeout exceeded when trying to connect|Connection terminated/i;

/**
 * "No schema has been selected to create in": the wallet's schema exists (a missing one is created first)
 * and the role has no USAGE on it, so that PostgreSQL leaves it out of the `search_path`.
 */
const SCHEMA_NOT_USABLE = "3F000";

/** A missing table or column: the wallet's schema was damaged or dropped, as SQLite's "no such table". */
const DAMAGED = new Set(["42P01", "42703"]);

/**
 * `error` from node-postgres typed for the wallet at `location`: {@link WalletStorageUnavailableError} when
 * the database cannot be used now, the store's `corrupt` error when the wallet's tables are damaged; any other
 * error as it is.
 */
export function translatePostgresFailure(error: unknown, location: string, corrupt: CorruptError): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const reason = String(message);
  if (
    (typeof code === "string" && (NETWORK_FAILURES.has(code) || UNAVAILABLE.test(code))) ||
    LOST_CONNECTION.test(reason)
  ) {
    return new WalletStorageUnavailableError(location, reason, { cause: error });
  }
  if (code === SCHEMA_NOT_USABLE) {
    return new WalletStorageUnavailableError(
      location,
      `the role may not use the wallet's schema (${reason})`,
      {
        cause: error,
      },
    );
  }
  if (typeof code === "string" && DAMAGED.has(code)) return corrupt(`PostgreSQL: ${reason}`, error);
  return error;
}
