import { isScryptParameters, SALT_BYTES, type ScryptParameters } from "./passphrase-key.js";
import type { CorruptError, WalletSqlDialect, WalletSqlStatements } from "./wallet-sql.js";

/** `wallet_meta.format`: marks a database (a SQLite file, a PostgreSQL schema) as a PermitChain wallet. */
export const WALLET_DATABASE_FORMAT = "permitchain-wallet";

/** The schema version this code writes and reads. */
export const WALLET_SCHEMA_VERSION = 1;

/** The tables whose rows are encrypted; a row's ciphertext is bound to the table's name and its primary key. */
export type EncryptedTable = "private_keys" | "credentials";

/**
 * The wallet's tables, the same on every backend but for the binary column type and SQLite's `STRICT`. In
 * clear only what the wallet looks up or orders by without decrypting, and the public data that was in clear
 * in the file wallet too:
 * - `wallet_meta`: the KDF parameters, the salt and the passphrase check (one row);
 * - `private_keys.alias` (kms-local's alias: the key id, i.e. the public key) and `credentials.id` (the
 *   credential's id), the primary keys `get` and `delete` look up; `position`, the order of first storage;
 * - `keys` (key ids, types, public keys, KMS names) and `dids` (DIDs, aliases, providers, public keys,
 *   services): public data, read without the passphrase (`permitchain identity list`).
 * Encrypted (`sealed`: AES-256-GCM nonce, ciphertext, tag): a private key's type and key material; a
 * credential whole: the VC-JWT, its decoded form, the EIP-712 proof, the metadata.
 */
const tables = ({ blob, tableOptions }: WalletSqlDialect): string[] => [
  `CREATE TABLE wallet_meta (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     format TEXT NOT NULL,
     version INTEGER NOT NULL,
     kdf TEXT NOT NULL,
     kdf_n INTEGER NOT NULL,
     kdf_r INTEGER NOT NULL,
     kdf_p INTEGER NOT NULL,
     salt ${blob} NOT NULL,
     passphrase_check ${blob} NOT NULL
   )${tableOptions}`,
  `CREATE TABLE private_keys (
     alias TEXT PRIMARY KEY NOT NULL,
     position INTEGER NOT NULL UNIQUE,
     sealed ${blob} NOT NULL
   )${tableOptions}`,
  `CREATE TABLE credentials (
     id TEXT PRIMARY KEY NOT NULL,
     position INTEGER NOT NULL UNIQUE,
     sealed ${blob} NOT NULL
   )${tableOptions}`,
  `CREATE TABLE keys (
     kid TEXT PRIMARY KEY NOT NULL,
     position INTEGER NOT NULL UNIQUE,
     key_json TEXT NOT NULL
   )${tableOptions}`,
  `CREATE TABLE dids (
     did TEXT PRIMARY KEY NOT NULL,
     position INTEGER NOT NULL UNIQUE,
     alias TEXT,
     provider TEXT NOT NULL,
     identifier_json TEXT NOT NULL
   )${tableOptions}`,
];

/** How the passphrase opens this wallet: scrypt's parameters and salt, and the check value of the key. */
export interface WalletKeyParameters {
  readonly kdf: ScryptParameters;
  readonly salt: Uint8Array;
  /** SHA-256 of the second half of the scrypt output (see `passphrase-key.ts`). */
  readonly check: Uint8Array;
}

/** The position after the last row of `table`: rows keep the order in which they were first stored. */
export function nextPosition(table: "private_keys" | "credentials" | "keys" | "dids"): string {
  return `(SELECT COALESCE(MAX(position), 0) + 1 FROM ${table})`;
}

/**
 * The wallet's key parameters, or undefined for an empty database (a wallet not yet created). A database that
 * is not a wallet, or a wallet of a newer schema, is the `corrupt` error.
 */
export async function readWalletKeyParameters(
  sql: WalletSqlStatements,
  dialect: WalletSqlDialect,
  corrupt: CorruptError,
): Promise<WalletKeyParameters | undefined> {
  const names = await sql.all(dialect.listTables);
  if (names.length === 0) return undefined;
  if (!names.some((table) => table.name === "wallet_meta")) {
    throw corrupt(`not a ${WALLET_DATABASE_FORMAT} database (no wallet_meta table)`);
  }
  const row = await sql.get("SELECT * FROM wallet_meta WHERE singleton = 1");
  if (row === undefined) throw corrupt("the wallet_meta row is missing");
  if (row.format !== WALLET_DATABASE_FORMAT) {
    throw corrupt(`not a ${WALLET_DATABASE_FORMAT} database (format ${String(row.format)})`);
  }
  if (row.version !== WALLET_SCHEMA_VERSION) {
    throw corrupt(
      `schema version ${String(row.version)}, this wallet-sdk reads version ${WALLET_SCHEMA_VERSION}`,
    );
  }
  const kdf = { N: row.kdf_n, r: row.kdf_r, p: row.kdf_p };
  const { salt, passphrase_check: check } = row;
  if (
    row.kdf !== "scrypt" ||
    !isScryptParameters(kdf) ||
    !(salt instanceof Uint8Array) ||
    salt.length !== SALT_BYTES ||
    !(check instanceof Uint8Array) ||
    check.length !== 32
  ) {
    throw corrupt("the wallet_meta row is malformed");
  }
  return { kdf: { N: kdf.N, r: kdf.r, p: kdf.p }, salt, check };
}

/**
 * Creates the namespace, the tables and the meta row of a new wallet (call inside the transaction that checked
 * it is empty).
 */
export async function createWalletSchema(
  sql: WalletSqlStatements,
  dialect: WalletSqlDialect,
  key: WalletKeyParameters,
): Promise<void> {
  for (const statement of [...dialect.createNamespace, ...tables(dialect)]) await sql.run(statement);
  await sql.run(
    `INSERT INTO wallet_meta (singleton, format, version, kdf, kdf_n, kdf_r, kdf_p, salt, passphrase_check)
     VALUES (1, ?, ?, 'scrypt', ?, ?, ?, ?, ?)`,
    [WALLET_DATABASE_FORMAT, WALLET_SCHEMA_VERSION, key.kdf.N, key.kdf.r, key.kdf.p, key.salt, key.check],
  );
}
