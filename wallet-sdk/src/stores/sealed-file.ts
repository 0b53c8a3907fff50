import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { WalletLockedError, WrongPassphraseError } from "../errors.js";
import { readFileIfExists, SerialQueue, writeFileAtomic } from "./atomic-file.js";
import {
  checkMatches,
  DEFAULT_SCRYPT,
  derivePassphraseKey,
  SALT_BYTES,
  type ScryptParameters,
} from "./passphrase-key.js";

export { DEFAULT_SCRYPT, type ScryptParameters };

/** A store whose locking can be asked about and changed; the wallet checks it before it reads or signs. */
export interface Lockable {
  readonly locked: boolean;
  lock(): void;
  unlock(passphrase: string): Promise<void>;
}

export function isLockable(store: unknown): store is Lockable {
  return (
    typeof store === "object" &&
    store !== null &&
    "locked" in store &&
    typeof (store as Lockable).lock === "function" &&
    typeof (store as Lockable).unlock === "function"
  );
}

/** What kind of sealed file a store keeps, and how it reports one that is unusable. */
export interface SealedFileKind {
  /** The file's `format` field, e.g. "permitchain-private-keys". */
  readonly format: string;
  /** What the file is to its user, for messages: "key store", "credential store". */
  readonly label: string;
  /** The typed error for a file that is not of this kind, damaged, or altered. */
  corrupt(path: string, reason: string, cause?: unknown): Error;
}

interface Header {
  format: string;
  version: 1;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
  /** SHA-256 of the second half of the scrypt output: tells a wrong passphrase from a damaged file. */
  check: string;
}

interface FileContent extends Header {
  cipher: { name: "aes-256-gcm"; nonce: string; tag: string };
  ciphertext: string;
}

function headerOf(file: FileContent): Header {
  return { format: file.format, version: file.version, kdf: file.kdf, check: file.check };
}

function parseFile(kind: SealedFileKind, path: string, text: string): FileContent {
  let file: FileContent;
  try {
    file = JSON.parse(text) as FileContent;
  } catch (cause) {
    throw kind.corrupt(path, "not JSON", cause);
  }
  if (
    file?.format !== kind.format ||
    file.version !== 1 ||
    file.kdf?.name !== "scrypt" ||
    typeof file.kdf.salt !== "string" ||
    typeof file.check !== "string" ||
    file.cipher?.name !== "aes-256-gcm" ||
    typeof file.cipher.nonce !== "string" ||
    typeof file.cipher.tag !== "string" ||
    typeof file.ciphertext !== "string"
  ) {
    throw kind.corrupt(path, `not a ${kind.format} v1 file`);
  }
  return file;
}

export interface OpenSealedFileParameters {
  path: string;
  kind: SealedFileKind;
  passphrase: string;
  /** scrypt cost for a new file (an existing file keeps its own). Default {@link DEFAULT_SCRYPT}. */
  scrypt?: ScryptParameters;
}

export interface OpenSealedFileReturnType {
  file: SealedFile;
  /** The decrypted content; undefined when the file did not exist (nothing is written until `seal`). */
  plaintext: string | undefined;
}

/**
 * One file sealed with a passphrase, the encryption every encrypted wallet store shares: the content is
 * encrypted with AES-256-GCM under a key derived from the passphrase with scrypt (random 16-byte salt per
 * file, fresh random 12-byte nonce per write, the header as associated data), and every write replaces the
 * file atomically with owner-only permissions (0600). A check value derived alongside the key tells a wrong
 * passphrase ({@link WrongPassphraseError}) from a damaged or altered file (the kind's `corrupt` error).
 * The derived key lives in memory only while the file is unlocked.
 */
export class SealedFile implements Lockable {
  private secret: Buffer | undefined;
  private readonly writes = new SerialQueue();

  private constructor(
    readonly path: string,
    private readonly kind: SealedFileKind,
    private header: Header,
  ) {}

  /** Opens the file, or prepares a new one (fresh salt) when it does not exist. */
  static async open(parameters: OpenSealedFileParameters): Promise<OpenSealedFileReturnType> {
    const { path, kind, passphrase } = parameters;
    const text = await readFileIfExists(path);
    if (text === undefined) {
      const kdf = parameters.scrypt ?? DEFAULT_SCRYPT;
      const salt = randomBytes(SALT_BYTES);
      const derived = await derivePassphraseKey(passphrase, salt, kdf);
      const file = new SealedFile(path, kind, {
        format: kind.format,
        version: 1,
        kdf: { name: "scrypt", N: kdf.N, r: kdf.r, p: kdf.p, salt: salt.toString("base64") },
        check: derived.check.toString("base64"),
      });
      file.secret = derived.key;
      return { file, plaintext: undefined };
    }
    const file = new SealedFile(path, kind, headerOf(parseFile(kind, path, text)));
    const plaintext = await file.open(passphrase);
    return { file, plaintext };
  }

  get locked(): boolean {
    return this.secret === undefined;
  }

  /** Forgets the derived key: `seal` fails with {@link WalletLockedError} until `open` or `unlock`. */
  lock(): void {
    this.secret?.fill(0);
    this.secret = undefined;
  }

  /** Reads the file again and checks the passphrase (the content is dropped: use `open` to get it). */
  async unlock(passphrase: string): Promise<void> {
    await this.open(passphrase);
  }

  /**
   * Reads the file again and decrypts it with `passphrase`; keeps the derived key for later writes.
   * Throws {@link WrongPassphraseError} or the kind's `corrupt` error.
   */
  async open(passphrase: string): Promise<string> {
    const text = await readFileIfExists(this.path);
    if (text === undefined) throw this.kind.corrupt(this.path, "the file is gone");
    const file = parseFile(this.kind, this.path, text);
    const derived = await derivePassphraseKey(passphrase, Buffer.from(file.kdf.salt, "base64"), file.kdf);
    if (!checkMatches(Buffer.from(file.check, "base64"), derived)) {
      throw new WrongPassphraseError(this.path, this.kind.label);
    }
    const secret = derived.key;
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
      throw this.kind.corrupt(this.path, "authentication failed: the file was damaged or altered", cause);
    }
    this.header = headerOf(file);
    this.secret = secret;
    return plaintext;
  }

  /**
   * Encrypts `content()` (called when the write's turn comes, so that writes see the latest state) under a
   * fresh nonce and replaces the file atomically. Writes run one after another.
   */
  seal(content: () => string): Promise<void> {
    return this.writes.run(async () => {
      const plaintext = content();
      const secret = this.secret;
      if (secret === undefined) throw new WalletLockedError();
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", secret, nonce);
      cipher.setAAD(Buffer.from(JSON.stringify(this.header)));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const file: FileContent = {
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
}
