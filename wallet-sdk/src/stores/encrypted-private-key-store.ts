import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  randomUUID,
  type ScryptOptions,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import {
  AbstractPrivateKeyStore,
  type ImportablePrivateKey,
  type ManagedPrivateKey,
} from "@veramo/key-manager";
import { KeyStoreCorruptError, WalletLockedError, WrongPassphraseError } from "../errors.js";
import { readFileIfExists, SerialQueue, writeFileAtomic } from "./atomic-file.js";

/** scrypt cost parameters, stored in the file so that a store opens with the parameters it was made with. */
export interface ScryptParameters {
  /** CPU/memory cost, a power of two. Default 2^17 (128 MiB with r = 8), OWASP's recommendation. */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: Readonly<ScryptParameters> = { N: 2 ** 17, r: 8, p: 1 };

const FORMAT = "permitchain-private-keys";

interface Header {
  format: typeof FORMAT;
  version: 1;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  /** SHA-256 of the second half of the scrypt output: tells a wrong passphrase from a damaged file. */
  check: string;
}

interface StoreFile extends Header {
  cipher: { name: "aes-256-gcm"; nonce: string; tag: string };
  ciphertext: string;
}

/** A private key store whose locking can be asked about and changed; the wallet checks it before signing. */
export interface LockablePrivateKeyStore {
  readonly locked: boolean;
  lock(): void;
  unlock(passphrase: string): Promise<void>;
}

export function isLockable(store: unknown): store is LockablePrivateKeyStore {
  return (
    typeof store === "object" &&
    store !== null &&
    "locked" in store &&
    typeof (store as LockablePrivateKeyStore).lock === "function" &&
    typeof (store as LockablePrivateKeyStore).unlock === "function"
  );
}

export interface OpenEncryptedPrivateKeyStoreParameters {
  /** The store file; created (with its directory) when missing. */
  path: string;
  passphrase: string;
  /** scrypt cost for a new file (an existing file keeps its own). Default {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParameters;
}

function derive(passphrase: string, salt: Buffer, kdf: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 64 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize("NFKC"), salt, 64, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function sha256(data: Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

function headerOf(file: StoreFile): Header {
  return { format: file.format, version: file.version, kdf: file.kdf, check: file.check };
}

/**
 * Veramo's {@link AbstractPrivateKeyStore} kept in one file, encrypted at rest: the key list is sealed with
 * AES-256-GCM under a key derived from the passphrase with scrypt (random 16-byte salt per file, fresh random
 * 12-byte nonce per write, the header as associated data), and every write replaces the file atomically
 * with owner-only permissions. Keys live in memory in clear only while the store is unlocked; `lock()` drops
 * them and the derived key. A wrong passphrase is told apart from a damaged file by a check value derived
 * alongside the encryption key.
 */
export class EncryptedFilePrivateKeyStore extends AbstractPrivateKeyStore implements LockablePrivateKeyStore {
  private keys: Map<string, ManagedPrivateKey> | undefined;
  private secret: Buffer | undefined;
  private readonly writes = new SerialQueue();

  private constructor(
    readonly path: string,
    private header: Header,
  ) {
    super();
  }

  /** Opens (or creates) the store file. Throws {@link WrongPassphraseError} or {@link KeyStoreCorruptError}. */
  static async open(
    parameters: OpenEncryptedPrivateKeyStoreParameters,
  ): Promise<EncryptedFilePrivateKeyStore> {
    const text = await readFileIfExists(parameters.path);
    if (text === undefined) {
      const kdf = parameters.scrypt ?? DEFAULT_SCRYPT;
      const salt = randomBytes(16);
      const derived = await derive(parameters.passphrase, salt, kdf);
      const header: Header = {
        format: FORMAT,
        version: 1,
        kdf: { name: "scrypt", N: kdf.N, r: kdf.r, p: kdf.p, salt: salt.toString("base64") },
        check: sha256(derived.subarray(32)).toString("base64"),
      };
      const store = new EncryptedFilePrivateKeyStore(parameters.path, header);
      store.secret = derived.subarray(0, 32);
      store.keys = new Map();
      await store.persist();
      return store;
    }
    const store = new EncryptedFilePrivateKeyStore(
      parameters.path,
      headerOf(parseFile(parameters.path, text)),
    );
    await store.unlock(parameters.passphrase);
    return store;
  }

  get locked(): boolean {
    return this.keys === undefined;
  }

  /** Forgets the keys and the derived key; signing fails with {@link WalletLockedError} until `unlock`. */
  lock(): void {
    this.secret?.fill(0);
    this.secret = undefined;
    this.keys = undefined;
  }

  /** Reads the file again and decrypts it. Throws {@link WrongPassphraseError} or {@link KeyStoreCorruptError}. */
  async unlock(passphrase: string): Promise<void> {
    const text = await readFileIfExists(this.path);
    if (text === undefined) throw new KeyStoreCorruptError(this.path, "the file is gone");
    const file = parseFile(this.path, text);
    const derived = await derive(passphrase, Buffer.from(file.kdf.salt, "base64"), file.kdf);
    const check = Buffer.from(file.check, "base64");
    const actual = sha256(derived.subarray(32));
    if (check.length !== actual.length || !timingSafeEqual(check, actual)) {
      throw new WrongPassphraseError(this.path);
    }
    const secret = derived.subarray(0, 32);
    let plaintext: string;
    try {
      const decipher = createDecipheriv("aes-256-gcm", secret, Buffer.from(file.cipher.nonce, "base64"));
      decipher.setAAD(Buffer.from(JSON.stringify(headerOf(file))));
      decipher.setAuthTag(Buffer.from(file.cipher.tag, "base64"));
      plaintext = Buffer.concat([
        decipher.update(Buffer.from(file.ciphertext, "base64")),
        decipher.final(),
      ]).toString("utf8");
    } catch (cause) {
      throw new KeyStoreCorruptError(this.path, "authentication failed: the file was damaged or altered", {
        cause,
      });
    }
    const list = JSON.parse(plaintext) as ManagedPrivateKey[];
    this.header = headerOf(file);
    this.secret = secret;
    this.keys = new Map(list.map((key) => [key.alias, key]));
  }

  private unlocked(): Map<string, ManagedPrivateKey> {
    if (this.keys === undefined) throw new WalletLockedError();
    return this.keys;
  }

  private persist(): Promise<void> {
    return this.writes.run(async () => {
      const keys = this.unlocked();
      const secret = this.secret!;
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", secret, nonce);
      cipher.setAAD(Buffer.from(JSON.stringify(this.header)));
      const ciphertext = Buffer.concat([
        cipher.update(JSON.stringify([...keys.values()]), "utf8"),
        cipher.final(),
      ]);
      const file: StoreFile = {
        ...this.header,
        cipher: {
          name: "aes-256-gcm",
          nonce: nonce.toString("base64"),
          tag: cipher.getAuthTag().toString("base64"),
        },
        ciphertext: ciphertext.toString("base64"),
      };
      await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
    });
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

function parseFile(path: string, text: string): StoreFile {
  let file: StoreFile;
  try {
    file = JSON.parse(text) as StoreFile;
  } catch (cause) {
    throw new KeyStoreCorruptError(path, "not JSON", { cause });
  }
  if (
    file?.format !== FORMAT ||
    file.version !== 1 ||
    file.kdf?.name !== "scrypt" ||
    file.cipher?.name !== "aes-256-gcm"
  ) {
    throw new KeyStoreCorruptError(path, `not a ${FORMAT} v1 file`);
  }
  return file;
}
