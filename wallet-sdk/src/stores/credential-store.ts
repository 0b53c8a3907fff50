import { CredentialStoreCorruptError, WalletLockedError } from "../errors.js";
import { type Lockable, type ScryptParameters, SealedFile, type SealedFileKind } from "./sealed-file.js";

type Json = Record<string, unknown>;

/** A credential's entry in the on-chain status registry (`credentialStatus`), as the wallet keeps it. */
export interface CredentialStatusEntry {
  /** The CredentialStatusRegistry's address. */
  readonly registry: string;
  /** The address whose status list holds the entry (the issuer's DID address). */
  readonly issuer: string;
  /** The status index, a uint256 in decimal. */
  readonly index: string;
}

/** A check of the verifier that did not pass when the credential was received (for a flagged credential). */
export interface ReceivedCheck {
  readonly check: string;
  readonly status: string;
  readonly code: string;
  readonly message: string;
}

/** What the wallet records about a credential beside the credential itself. */
export interface CredentialMetadata {
  /** When the wallet received it (ISO 8601, the wallet's clock). */
  readonly receivedAt: string;
  /** The issuer's DID. */
  readonly issuer: string;
  /** The credential's own type: the first of its types other than `VerifiableCredential`. */
  readonly type: string;
  /** All its types. */
  readonly types: readonly string[];
  /** `credentialSubject.id`, as the credential writes it. */
  readonly subject: string;
  /** The wallet identity the subject is (its DID as the wallet holds it). */
  readonly holder: string;
  /** The status registry entry, when the credential has one. */
  readonly status: CredentialStatusEntry | undefined;
  readonly issuanceDate: string | undefined;
  readonly expirationDate: string | undefined;
  /** The verifier's verdict at reception: `valid`, or `indeterminate` when kept flagged. */
  readonly verdict: "valid" | "indeterminate";
  /** True when the credential was kept although the verifier could not decide (`indeterminate`). */
  readonly flagged: boolean;
  /** The checks that did not pass at reception (empty for a valid one). */
  readonly reasons: readonly ReceivedCheck[];
}

/** The issuer's EIP-712 `CredentialProof`, normalised: numbers as decimal strings, addresses checksummed. */
export interface StoredCredentialProof {
  readonly domain: {
    readonly name: string;
    readonly version: string;
    /** The deployment's chain id, decimal. */
    readonly chainId: string;
    /** The CredentialProofVerifier the proof is signed for. */
    readonly verifyingContract: string;
  };
  readonly message: {
    readonly credentialId: string;
    readonly credentialType: string;
    readonly issuer: string;
    readonly subject: string;
    readonly statusIndex: string;
    readonly validFrom: string;
    readonly validUntil: string;
    readonly claimsHash: string;
  };
  /** 65-byte r, s, v signature, 0x-hex. */
  readonly signature: string;
  /** The address the signature recovers to. */
  readonly signer: string;
  /** A permit's caps in the canonical order its claims hash covers, when the issuer gave them. */
  readonly caps: readonly { pollutant: string; medium: string; annualCapGrams: string }[] | undefined;
}

/** One credential in the wallet. */
export interface StoredCredential {
  /** The credential's `id` (the JWT's `jti`); `urn:permitchain:jwt-sha256:<hex>` when it has none. */
  readonly id: string;
  /** The VC-JWT as received. */
  readonly jwt: string;
  /** The credential as W3C JSON, decoded from the JWT (did-jwt-vc's normalisation), without its JWT proof. */
  readonly credential: Readonly<Json>;
  /** The issuer's EIP-712 proof of the credential, for contracts, when one was received with it. */
  readonly proof: StoredCredentialProof | undefined;
  readonly metadata: CredentialMetadata;
}

/** Where a wallet keeps its credentials. Records come back as copies: changing one changes nothing stored. */
export interface CredentialStore {
  get(id: string): Promise<StoredCredential | undefined>;
  /** Every credential, in the order they were first stored. */
  list(): Promise<StoredCredential[]>;
  /** Adds or replaces the credential with `credential.id`. */
  put(credential: StoredCredential): Promise<void>;
  delete(id: string): Promise<boolean>;
}

/** Credentials in memory only (tests, short-lived tools). */
export class MemoryCredentialStore implements CredentialStore {
  private readonly credentials = new Map<string, StoredCredential>();

  async get(id: string): Promise<StoredCredential | undefined> {
    const found = this.credentials.get(id);
    return found === undefined ? undefined : structuredClone(found);
  }

  async list(): Promise<StoredCredential[]> {
    return [...this.credentials.values()].map((credential) => structuredClone(credential));
  }

  async put(credential: StoredCredential): Promise<void> {
    this.credentials.set(credential.id, structuredClone(credential));
  }

  async delete(id: string): Promise<boolean> {
    return this.credentials.delete(id);
  }
}

const KIND: SealedFileKind = {
  format: "permitchain-credentials",
  label: "credential store",
  corrupt: (path, reason, cause) =>
    new CredentialStoreCorruptError(path, reason, cause === undefined ? undefined : { cause }),
};

function parseCredentials(path: string, plaintext: string): Map<string, StoredCredential> {
  let list: unknown;
  try {
    list = (JSON.parse(plaintext) as { credentials?: unknown }).credentials;
  } catch (cause) {
    throw new CredentialStoreCorruptError(path, "the decrypted content is not JSON", { cause });
  }
  if (
    !Array.isArray(list) ||
    !list.every(
      (entry: Partial<StoredCredential> | null) =>
        typeof entry?.id === "string" &&
        typeof entry.jwt === "string" &&
        typeof entry.credential === "object" &&
        typeof entry.metadata === "object",
    )
  ) {
    throw new CredentialStoreCorruptError(path, "the decrypted content is not a credential list");
  }
  return new Map((list as StoredCredential[]).map((credential) => [credential.id, credential]));
}

export interface OpenEncryptedCredentialStoreParameters {
  /** The store file; created (with its directory) when missing. */
  path: string;
  passphrase: string;
  /** scrypt cost for a new file (an existing file keeps its own). Default `DEFAULT_SCRYPT`. */
  scrypt?: ScryptParameters;
}

/**
 * A {@link CredentialStore} in one {@link SealedFile}, encrypted at rest exactly as the private keys are:
 * scrypt from the passphrase (random salt per file), AES-256-GCM with a fresh nonce on every write, atomic
 * replacement with mode 0600. A wrong passphrase is `WRONG_PASSPHRASE`; a damaged or altered file
 * `CREDENTIAL_STORE_CORRUPT`. While locked, every operation fails with `WALLET_LOCKED`.
 */
export class EncryptedFileCredentialStore implements CredentialStore, Lockable {
  private credentials: Map<string, StoredCredential> | undefined;

  private constructor(private readonly file: SealedFile) {}

  /** The store file. */
  get path(): string {
    return this.file.path;
  }

  /** Opens (or creates) the store file. */
  static async open(
    parameters: OpenEncryptedCredentialStoreParameters,
  ): Promise<EncryptedFileCredentialStore> {
    const { file, plaintext } = await SealedFile.open({ ...parameters, kind: KIND });
    const store = new EncryptedFileCredentialStore(file);
    if (plaintext === undefined) {
      store.credentials = new Map();
      await store.persist();
    } else {
      store.credentials = parseCredentials(file.path, plaintext);
    }
    return store;
  }

  get locked(): boolean {
    return this.credentials === undefined;
  }

  /** Drops the credentials and the derived key from memory. */
  lock(): void {
    this.file.lock();
    this.credentials = undefined;
  }

  async unlock(passphrase: string): Promise<void> {
    this.credentials = parseCredentials(this.path, await this.file.open(passphrase));
  }

  private unlocked(): Map<string, StoredCredential> {
    if (this.credentials === undefined) throw new WalletLockedError();
    return this.credentials;
  }

  private persist(): Promise<void> {
    return this.file.seal(() => JSON.stringify({ credentials: [...this.unlocked().values()] }));
  }

  async get(id: string): Promise<StoredCredential | undefined> {
    const found = this.unlocked().get(id);
    return found === undefined ? undefined : structuredClone(found);
  }

  async list(): Promise<StoredCredential[]> {
    return [...this.unlocked().values()].map((credential) => structuredClone(credential));
  }

  async put(credential: StoredCredential): Promise<void> {
    this.unlocked().set(credential.id, structuredClone(credential));
    await this.persist();
  }

  async delete(id: string): Promise<boolean> {
    const deleted = this.unlocked().delete(id);
    if (deleted) await this.persist();
    return deleted;
  }
}
