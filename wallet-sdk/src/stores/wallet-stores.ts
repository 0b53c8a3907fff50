import { join } from "node:path";
import { type AbstractDIDStore, MemoryDIDStore } from "@veramo/did-manager";
import {
  type AbstractKeyStore,
  type AbstractPrivateKeyStore,
  MemoryKeyStore,
  MemoryPrivateKeyStore,
} from "@veramo/key-manager";
import {
  type CredentialStore,
  EncryptedFileCredentialStore,
  MemoryCredentialStore,
} from "./credential-store.js";
import { EncryptedFilePrivateKeyStore } from "./encrypted-private-key-store.js";
import { JsonFileDIDStore, JsonFileKeyStore } from "./json-file-stores.js";
import type { ScryptParameters } from "./sealed-file.js";

/** The stores a wallet keeps its state in: the Veramo agent's three, and the credentials. */
export interface WalletStores {
  /** Key metadata (kid, type, public key, KMS): Veramo's KeyManager store. */
  keys: AbstractKeyStore;
  /** Private key material: kms-local's store. Locked stores ({@link EncryptedFilePrivateKeyStore}) are checked. */
  privateKeys: AbstractPrivateKeyStore;
  /** Identifiers (DID, controller key id, keys, services): Veramo's DIDManager store. */
  dids: AbstractDIDStore;
  /** Credentials received (VC-JWTs, decoded, with proofs and metadata); without it credential operations fail. */
  credentials?: CredentialStore;
}

/** File names inside a wallet directory. */
export const WALLET_FILES = {
  privateKeys: "private-keys.json",
  keys: "keys.json",
  dids: "dids.json",
  credentials: "credentials.json",
} as const;

/** The four stores of a file wallet (see {@link openFileStores}). */
export interface FileWalletStores extends WalletStores {
  keys: JsonFileKeyStore;
  privateKeys: EncryptedFilePrivateKeyStore;
  dids: JsonFileDIDStore;
  credentials: EncryptedFileCredentialStore;
}

export interface OpenFileStoresParameters {
  /** Directory of the wallet; created when missing. */
  directory: string;
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. */
  scrypt?: ScryptParameters;
}

/**
 * The stores of a wallet directory: private keys and credentials encrypted at rest with the passphrase
 * ({@link EncryptedFilePrivateKeyStore}, {@link EncryptedFileCredentialStore}: each file its own salt), key
 * metadata and identifiers as JSON (public data only). The key store is opened first, so that a wrong
 * passphrase never creates a credential store. One process at a time may use a directory. Throws
 * `WRONG_PASSPHRASE` / `KEYSTORE_CORRUPT` / `CREDENTIAL_STORE_CORRUPT`.
 */
export async function openFileStores(parameters: OpenFileStoresParameters): Promise<FileWalletStores> {
  const privateKeys = await EncryptedFilePrivateKeyStore.open({
    path: join(parameters.directory, WALLET_FILES.privateKeys),
    passphrase: parameters.passphrase,
    ...(parameters.scrypt === undefined ? {} : { scrypt: parameters.scrypt }),
  });
  const keys = await JsonFileKeyStore.open(join(parameters.directory, WALLET_FILES.keys));
  const dids = await JsonFileDIDStore.open(join(parameters.directory, WALLET_FILES.dids));
  const credentials = await EncryptedFileCredentialStore.open({
    path: join(parameters.directory, WALLET_FILES.credentials),
    passphrase: parameters.passphrase,
    ...(parameters.scrypt === undefined ? {} : { scrypt: parameters.scrypt }),
  });
  return { keys, privateKeys, dids, credentials };
}

/** Stores that live in memory only (tests, short-lived tools). */
export function memoryStores(): WalletStores {
  return {
    keys: new MemoryKeyStore(),
    privateKeys: new MemoryPrivateKeyStore(),
    dids: new MemoryDIDStore(),
    credentials: new MemoryCredentialStore(),
  };
}
