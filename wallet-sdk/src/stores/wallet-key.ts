import { randomBytes } from "node:crypto";
import { WrongPassphraseError } from "../errors.js";
import { checkMatches, derivePassphraseKey, SALT_BYTES, type ScryptParameters } from "./passphrase-key.js";
import { createWalletSchema, readWalletKeyParameters, type WalletKeyParameters } from "./wallet-schema.js";
import type { CorruptError, WalletSql } from "./wallet-sql.js";

/** The wallet's key, checked against the passphrase, with the parameters it was derived with. */
export interface WalletKey {
  readonly parameters: WalletKeyParameters;
  /** The AES-256 key of the encrypted rows. */
  readonly key: Buffer;
}

/**
 * The key of the wallet in `database`, derived from the passphrase with the wallet's own parameters (a wrong
 * passphrase is {@link WrongPassphraseError}); for an empty database, a new wallet: a fresh salt, `scrypt`'s
 * cost, and the namespace, the tables and the meta row created in one transaction.
 */
export async function openWalletKey(
  database: WalletSql,
  passphrase: string,
  scrypt: ScryptParameters,
  corrupt: CorruptError,
): Promise<WalletKey> {
  const { dialect } = database;
  const existing = await database.read(corrupt, (sql) => readWalletKeyParameters(sql, dialect, corrupt));
  if (existing === undefined) {
    const kdf = { N: scrypt.N, r: scrypt.r, p: scrypt.p };
    const salt = randomBytes(SALT_BYTES);
    const derived = await derivePassphraseKey(passphrase, salt, kdf);
    const parameters: WalletKeyParameters = { kdf, salt, check: derived.check };
    const created = await database.write(corrupt, async (sql) => {
      // scrypt ran outside the transaction: create only if the wallet is still empty (writes do not interleave)
      if ((await readWalletKeyParameters(sql, dialect, corrupt)) !== undefined) return false;
      await createWalletSchema(sql, dialect, parameters);
      return true;
    });
    if (created) return { parameters, key: derived.key };
    derived.key.fill(0);
    return openWalletKey(database, passphrase, scrypt, corrupt);
  }
  const derived = await derivePassphraseKey(passphrase, existing.salt, existing.kdf);
  if (!checkMatches(existing.check, derived)) {
    derived.key.fill(0);
    throw new WrongPassphraseError(database.location, "key store");
  }
  return { parameters: existing, key: derived.key };
}
