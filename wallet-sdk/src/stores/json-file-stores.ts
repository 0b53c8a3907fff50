import type { IIdentifier, IKey, ManagedKeyInfo } from "@veramo/core";
import { AbstractDIDStore } from "@veramo/did-manager";
import { AbstractKeyStore } from "@veramo/key-manager";
import { IdentityNotFoundError, KeyStoreCorruptError } from "../errors.js";
import { readFileIfExists, SerialQueue, writeFileAtomic } from "./atomic-file.js";
import { publicOnly } from "./public-key-data.js";

async function load<T>(path: string, format: string): Promise<T[]> {
  const text = await readFileIfExists(path);
  if (text === undefined) return [];
  try {
    const file = JSON.parse(text) as { format?: string; version?: number; entries?: T[] };
    if (file.format !== format || file.version !== 1 || !Array.isArray(file.entries))
      throw new Error(`not ${format}`);
    return file.entries;
  } catch (cause) {
    throw new KeyStoreCorruptError(path, `not a ${format} v1 file`, { cause });
  }
}

function save<T>(path: string, format: string, entries: T[]): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify({ format, version: 1, entries }, null, 2)}\n`);
}

/** Veramo's {@link AbstractKeyStore} (key ids, types, public keys, KMS names) as a JSON file. */
export class JsonFileKeyStore extends AbstractKeyStore {
  static readonly FORMAT = "permitchain-keys";
  private readonly writes = new SerialQueue();

  private constructor(
    readonly path: string,
    private readonly keys: Map<string, IKey>,
  ) {
    super();
  }

  static async open(path: string): Promise<JsonFileKeyStore> {
    const entries = await load<IKey>(path, JsonFileKeyStore.FORMAT);
    return new JsonFileKeyStore(path, new Map(entries.map((key) => [key.kid, publicOnly(key)])));
  }

  private persist(): Promise<void> {
    return this.writes.run(() => save(this.path, JsonFileKeyStore.FORMAT, [...this.keys.values()]));
  }

  async importKey(args: Partial<IKey>): Promise<boolean> {
    if (args.kid === undefined) throw new Error("invalid_argument: kid is required");
    this.keys.set(args.kid, publicOnly(args));
    await this.persist();
    return true;
  }

  async getKey({ kid }: { kid: string }): Promise<IKey> {
    const key = this.keys.get(kid);
    if (key === undefined) throw new Error("Key not found");
    return structuredClone(key);
  }

  async deleteKey({ kid }: { kid: string }): Promise<boolean> {
    const deleted = this.keys.delete(kid);
    if (deleted) await this.persist();
    return deleted;
  }

  async listKeys(_args: Record<string, never> = {}): Promise<ManagedKeyInfo[]> {
    return [...this.keys.values()].map((key) => structuredClone(key) as ManagedKeyInfo);
  }
}

/** Veramo's {@link AbstractDIDStore} (identifiers with their public keys and services) as a JSON file. */
export class JsonFileDIDStore extends AbstractDIDStore {
  static readonly FORMAT = "permitchain-dids";
  private readonly writes = new SerialQueue();

  private constructor(
    readonly path: string,
    private readonly identifiers: Map<string, IIdentifier>,
  ) {
    super();
  }

  static async open(path: string): Promise<JsonFileDIDStore> {
    const entries = await load<IIdentifier>(path, JsonFileDIDStore.FORMAT);
    return new JsonFileDIDStore(path, new Map(entries.map((identifier) => [identifier.did, identifier])));
  }

  private persist(): Promise<void> {
    return this.writes.run(() => save(this.path, JsonFileDIDStore.FORMAT, [...this.identifiers.values()]));
  }

  async importDID(args: IIdentifier): Promise<boolean> {
    this.identifiers.set(args.did, { ...structuredClone(args), keys: args.keys.map(publicOnly) });
    await this.persist();
    return true;
  }

  getDID(args: { did: string }): Promise<IIdentifier>;
  getDID(args: { alias: string }): Promise<IIdentifier>;
  async getDID(args: { did?: string; alias?: string }): Promise<IIdentifier> {
    const found =
      args.did !== undefined
        ? this.identifiers.get(args.did)
        : [...this.identifiers.values()].find((identifier) => identifier.alias === args.alias);
    if (found === undefined) throw new IdentityNotFoundError(args.did ?? `alias ${args.alias}`);
    return structuredClone(found);
  }

  async deleteDID({ did }: { did: string }): Promise<boolean> {
    const deleted = this.identifiers.delete(did);
    if (deleted) await this.persist();
    return deleted;
  }

  async listDIDs(args: { alias?: string; provider?: string } = {}): Promise<IIdentifier[]> {
    return [...this.identifiers.values()]
      .filter(
        (i) =>
          (args.alias === undefined || i.alias === args.alias) &&
          (args.provider === undefined || i.provider === args.provider),
      )
      .map((i) => structuredClone(i));
  }
}
