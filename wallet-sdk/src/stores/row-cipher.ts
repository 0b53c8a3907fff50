import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { WalletLockedError, WrongPassphraseError } from "../errors.js";
import { checkMatches, derivePassphraseKey } from "./passphrase-key.js";
import type { Lockable } from "./sealed-file.js";
import { type EncryptedTable, WALLET_DATABASE_FORMAT, type WalletKeyParameters } from "./wallet-schema.js";
import type { SqlValue } from "./wallet-sql.js";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The associated data of a row: the ciphertext only authenticates in its own table, under its own key. */
function associatedData(table: EncryptedTable, primaryKey: string): Buffer {
  return Buffer.from(JSON.stringify([WALLET_DATABASE_FORMAT, table, primaryKey]), "utf8");
}

/**
 * Encrypts and decrypts the rows of the wallet's encrypted tables with AES-256-GCM under the key the
 * passphrase derives (scrypt, the wallet's salt): a row's `sealed` value is a fresh random 12-byte nonce, the
 * ciphertext and the 16-byte tag, with the table name and the row's primary key as associated data, so that a
 * row copied over another, or into another table, fails authentication. Holds the key only while unlocked;
 * each store has its own cipher, so locking one store does not lock another.
 */
export class RowCipher implements Lockable {
  #key: Buffer | undefined;

  /**
   * @param location the wallet, for {@link WrongPassphraseError}
   * @param key the derived key, owned by the cipher from now on (zeroed by `lock`)
   * @param label what the passphrase opens, for {@link WrongPassphraseError}: "key store", "credential store"
   */
  constructor(
    private readonly location: string,
    private readonly parameters: WalletKeyParameters,
    private readonly label: string,
    key: Buffer,
  ) {
    this.#key = key;
  }

  get locked(): boolean {
    return this.#key === undefined;
  }

  /** Forgets the key: the store's operations fail with {@link WalletLockedError} until `unlock`. */
  lock(): void {
    this.#key?.fill(0);
    this.#key = undefined;
  }

  /** Derives the key again; a wrong passphrase is {@link WrongPassphraseError} and leaves the cipher as it was. */
  async unlock(passphrase: string): Promise<void> {
    const derived = await derivePassphraseKey(passphrase, this.parameters.salt, this.parameters.kdf);
    if (!checkMatches(this.parameters.check, derived)) {
      derived.key.fill(0);
      throw new WrongPassphraseError(this.location, this.label);
    }
    this.lock();
    this.#key = derived.key;
  }

  /** Throws {@link WalletLockedError} while locked. */
  requireUnlocked(): void {
    if (this.#key === undefined) throw new WalletLockedError();
  }

  /** The `sealed` value of the row `primaryKey` of `table` holding `plaintext`. */
  seal(table: EncryptedTable, primaryKey: string, plaintext: string): Uint8Array {
    if (this.#key === undefined) throw new WalletLockedError();
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, nonce);
    cipher.setAAD(associatedData(table, primaryKey));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]);
  }

  /**
   * The plaintext of the row `primaryKey` of `table`, or undefined when `sealed` does not authenticate there:
   * damaged, altered, or moved from another row or table.
   */
  open(table: EncryptedTable, primaryKey: string, sealed: SqlValue | bigint | undefined): string | undefined {
    if (this.#key === undefined) throw new WalletLockedError();
    if (!(sealed instanceof Uint8Array) || sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, bytes.subarray(0, NONCE_BYTES));
      decipher.setAAD(associatedData(table, primaryKey));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      return undefined;
    }
  }
}
