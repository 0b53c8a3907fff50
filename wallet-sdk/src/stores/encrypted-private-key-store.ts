import { randomUUID } from "node:crypto";
import {
  AbstractPrivateKeyStore,
  type ImportablePrivateKey,
  type ManagedPrivateKey,
} from "@veramo/key-manager";
import { KeyStoreCorruptError, WalletLockedError } from "../errors.js";
import {
  DEFAULT_SCRYPT,
  isLockable,
  type Lockable,
  type ScryptParameters,
  SealedFile,
  type SealedFileKind,
} from "./sealed-file.js";

export { DEFAULT_SCRYPT, isLockable, type ScryptParameters };

/** A private key store whose locking can be asked about and changed; the wallet checks it before signing. */
export type LockablePrivateKeyStore = Lockable;

const KIND: SealedFileKind = {
  format: "permitchain-private-keys",
  label: "key store",
  corrupt: (path, reason, cause) =>
    new KeyStoreCorruptError(path, reason, cause === undefined ? undefined : { cause }),
};

export interface OpenEncryptedPrivateKeyStoreParameters {
  /** The store file; created (with its directory) when missing. */
  path: string;
  passphrase: string;
  /** scrypt cost for a new file (an existing file keeps its own). Default {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParameters;
}

function parseKeys(path: string, plaintext: string): Map<string, ManagedPrivateKey> {
  try {
    const list = JSON.parse(plaintext) as ManagedPrivateKey[];
    if (!Array.isArray(list)) throw new Error("not a list");
    return new Map(list.map((key) => [key.alias, key]));
  } catch (cause) {
    throw new KeyStoreCorruptError(path, "the decrypted content is not a key list", { cause });
  }
}

/**
 * Veramo's {@link AbstractPrivateKeyStore} kept in one {@link SealedFile}, encrypted at rest: the key list is
 * sealed with AES-256-GCM under a key derived from the passphrase with scrypt (random 16-byte salt per file,
 * fresh random 12-byte nonce per write, the header as associated data), and every write replaces the file
 * atomically with owner-only permissions. Keys live in memory in clear only while the store is unlocked; `lock()` drops
 * them and the derived key. A wrong passphrase is told apart from a damaged file by a check value derived
 * alongside the encryption key.
 */
export class EncryptedFilePrivateKeyStore extends AbstractPrivateKeyStore implements LockablePrivateKeyStore {
  private keys: Map<string, ManagedPrivateKey> | undefined;

  private constructor(private readonly file: SealedFile) {
    super();
  }

  /** The store file. */
  get path(): string {
    return this.file.path;
  }

  /** Opens (or creates) the store file. Throws {@link WrongPassphraseError} or {@link KeyStoreCorruptError}. */
  static async open(
    parameters: OpenEncryptedPrivateKeyStoreParameters,
  ): Promise<EncryptedFilePrivateKeyStore> {
    const { file, plaintext } = await SealedFile.open({ ...parameters, kind: KIND });
    const store = new EncryptedFilePrivateKeyStore(file);
    if (plaintext === undefined) {
      store.keys = new Map();
      await store.persist();
    } else {
      store.keys = parseKeys(file.path, plaintext);
    }
    return store;
  }

  get locked(): boolean {
    return this.keys === undefined;
  }

  /** Forgets the keys and the derived key; signing fails with {@link WalletLockedError} until `unlock`. */
  lock(): void {
    this.file.lock();
    this.keys = undefined;
  }

  /** Reads the file again and decrypts it. Throws {@link WrongPassphraseError} or {@link KeyStoreCorruptError}. */
  async unlock(passphrase: string): Promise<void> {
    this.keys = parseKeys(this.path, await this.file.open(passphrase));
  }

  private unlocked(): Map<string, ManagedPrivateKey> {
    if (this.keys === undefined) throw new WalletLockedError();
    return this.keys;
  }

  private persist(): Promise<void> {
    return this.file.seal(() => JSON.stringify([...this.unlocked().values()]));
  }

  async importKey(args: ImportablePrivateKey): Promise<ManagedPrivateKey> {
    const keys = this.unlocked();
    const alias = args.alias ?? randomUUID();
    const existing = keys.get(alias);
    if (existing !== undefined && existing.privateKeyHex !== args.privateKeyHex) {
      throw new Error("key_already_exists: key exists with different data, please use a different alias");
    }
    const key: ManagedPrivateKey = { alias, type: args.type, privateKeyHex: args.privateKeyHex };
    keys.set(alias, key);
    await this.persist();
    return { ...key };
  }

  async getKey({ alias }: { alias: string }): Promise<ManagedPrivateKey> {
    const key = this.unlocked().get(alias);
    if (key === undefined) throw new Error(`not_found: PrivateKey not found for alias=${alias}`);
    return { ...key };
  }

  async deleteKey({ alias }: { alias: string }): Promise<boolean> {
    const deleted = this.unlocked().delete(alias);
    if (deleted) await this.persist();
    return deleted;
  }

  async listKeys(_args: Record<string, never> = {}): Promise<ManagedPrivateKey[]> {
    return [...this.unlocked().values()].map((key) => ({ ...key }));
  }
}
