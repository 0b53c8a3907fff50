import { join } from "node:path";
import { type AbstractDIDStore, MemoryDIDStore } from "@veramo/did-manager";
import {
  type AbstractKeyStore,
  type AbstractPrivateKeyStore,
  MemoryKeyStore,
  MemoryPrivateKeyStore,
} from "@veramo/key-manager";
import { EncryptedFilePrivateKeyStore, type ScryptParameters } from "./encrypted-private-key-store.js";
import { JsonFileDIDStore, JsonFileKeyStore } from "./json-file-stores.js";

/** The three stores a wallet's Veramo agent keeps its state in. */
export interface WalletStores {
  /** Key metadata (kid, type, public key, KMS): Veramo's KeyManager store. */
  keys: AbstractKeyStore;
  /** Private key material: kms-local's store. Locked stores ({@link EncryptedFilePrivateKeyStore}) are checked. */
  privateKeys: AbstractPrivateKeyStore;
  /** Identifiers (DID, controller key id, keys, services): Veramo's DIDManager store. */
  dids: AbstractDIDStore;
}

/** File names inside a wallet directory. */
export const WALLET_FILES = {
  privateKeys: "private-keys.json",
  keys: "keys.json",
  dids: "dids.json",
} as const;

export interface OpenFileStoresParameters {
  /** Directory of the wallet; created when missing. */
  directory: string;
  passphrase: string;
  /** scrypt cost for a new wallet; an existing one keeps its own. */
  scrypt?: ScryptParameters;
}

/**
 * The stores of a wallet directory: private keys encrypted at rest with the passphrase
 * ({@link EncryptedFilePrivateKeyStore}), key metadata and identifiers as JSON (public data only).
 * One process at a time may use a directory. Throws `WRONG_PASSPHRASE` / `KEYSTORE_CORRUPT`.
 */
export async function openFileStores(parameters: OpenFileStoresParameters): Promise<WalletStores> {
  const privateKeys = await EncryptedFilePrivateKeyStore.open({
    path: join(parameters.directory, WALLET_FILES.privateKeys),
    passphrase: parameters.passphrase,
    ...(parameters.scrypt === undefined ? {} : { scrypt: parameters.scrypt }),
  });
  const keys = await JsonFileKeyStore.open(join(parameters.directory, WALLET_FILES.keys));
  const dids = await JsonFileDIDStore.open(join(parameters.directory, WALLET_FILES.dids));
  return { keys, privateKeys, dids };
}

/** Stores that live in memory only (tests, short-lived tools). */
export function memoryStores(): WalletStores {
  return { keys: new MemoryKeyStore(), privateKeys: new MemoryPrivateKeyStore(), dids: new MemoryDIDStore() };
}
