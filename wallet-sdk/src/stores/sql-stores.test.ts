// One suite, run against both backends of the wallet's database stores: SQLite (a file) and PostgreSQL (a
// wallet's schema in a throwaway cluster; skipped with the reason printed where none can be started).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { IIdentifier } from "@veramo/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  CredentialStoreCorruptError,
  IdentityNotFoundError,
  KeyStoreCorruptError,
  WalletClosedError,
  WalletLockedError,
  WrongPassphraseError,
} from "../errors.js";
import type { ScryptParameters } from "./passphrase-key.js";
import { openPostgresStores, readPostgresIdentifiers } from "./postgres-stores.js";
import type { SqlWalletStores } from "./sql-wallet-stores.js";
import { openSqliteStores, readSqliteIdentifiers } from "./sqlite-stores.js";
import {
  FAST_SCRYPT,
  fillWallet,
  flipped,
  HOLDER_DID,
  ISSUER_DID,
  identifier,
  OTHER_PRIVATE_KEY_HEX,
  PRIVATE_KEY_HEX,
  PUBLIC_KEY_HEX,
  storedCredential,
  temporaryDirectory,
  withRawDatabase,
} from "./test-fixtures.js";
import { rawPostgres, throwawayPostgres } from "./test-postgres.js";
import type { SqlRow, SqlValue } from "./wallet-sql.js";

const cluster = throwawayPostgres();

type OpenedStores = SqlWalletStores & { close(): void | Promise<void> };

/** One wallet of a backend, not created until first opened. */
interface TestWallet {
  /** Where the wallet's errors say it is. */
  readonly location: string;
  open(passphrase: string, scrypt?: ScryptParameters): Promise<OpenedStores>;
  readIdentifiers(): Promise<IIdentifier[]>;
  /** Runs `sql` (`?` placeholders) on the wallet's tables, as someone with write access to the database. */
  raw(sql: string, values?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Everything the wallet stores, to tell that nothing changed. */
  snapshot(): Promise<string>;
}

interface Backend {
  readonly name: "SQLite" | "PostgreSQL";
  fresh(): Promise<TestWallet>;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let postgresDatabase: Promise<string> | undefined;
let wallets = 0;

const backends: Backend[] = [
  {
    name: "SQLite",
    async fresh() {
      const { dir, remove } = await temporaryDirectory("permitchain-sql-stores-");
      cleanups.push(remove);
      const path = join(dir, "wallet.sqlite");
      return {
        location: path,
        open: (passphrase, scrypt = FAST_SCRYPT) => openSqliteStores({ path, passphrase, scrypt }),
        readIdentifiers: () => readSqliteIdentifiers(path),
        raw: async (sql, values = []) => withRawDatabase(path, (db) => db.all(sql, [...values]) as SqlRow[]),
        snapshot: async () => (await readFile(path)).toString("hex"),
      };
    },
  },
  {
    name: "PostgreSQL",
    async fresh() {
      const postgres = cluster();
      if ("skip" in postgres) throw new Error(postgres.skip);
      postgresDatabase ??= postgres.createDatabase("wallet_sdk_stores");
      const url = await postgresDatabase;
      const wallet = `suite_${++wallets}`;
      const raw = (sql: string, values?: readonly SqlValue[]) => rawPostgres(url, wallet, sql, values);
      return {
        location: `${url}#${wallet}`,
        open: (passphrase, scrypt = FAST_SCRYPT) => openPostgresStores({ url, wallet, passphrase, scrypt }),
        readIdentifiers: () => readPostgresIdentifiers({ url, wallet }),
        raw,
        snapshot: async () => {
          const tables = ["wallet_meta", "private_keys", "credentials", "keys", "dids"];
          const rows = await Promise.all(tables.map((table) => raw(`SELECT * FROM ${table} ORDER BY 1`)));
          return JSON.stringify(rows);
        },
      };
    },
  },
];

describe.each(backends)("the wallet's stores on $name", (backend) => {
  const skip = () => backend.name === "PostgreSQL" && "skip" in cluster();
  let wallet: TestWallet;

  async function open(passphrase = "correct horse", scrypt?: ScryptParameters): Promise<OpenedStores> {
    const stores = await wallet.open(passphrase, scrypt);
    cleanups.push(async () => stores.close());
    return stores;
  }

  /** A wallet with two private keys, two credentials and an identity ({@link fillWallet}), closed. */
  async function filledWallet(): Promise<void> {
    const stores = await open();
    await fillWallet(stores);
    await stores.close();
  }

  async function sealedOf(table: string, keyColumn: string, key: string): Promise<Uint8Array> {
    const [row] = await wallet.raw(`SELECT sealed FROM ${table} WHERE ${keyColumn} = ?`, [key]);
    return row!.sealed as Uint8Array;
  }

  async function setSealed(table: string, keyColumn: string, key: string, sealed: Uint8Array): Promise<void> {
    await wallet.raw(`UPDATE ${table} SET sealed = ? WHERE ${keyColumn} = ?`, [sealed, key]);
  }

  async function fresh(ctx: { skip(): void }): Promise<void> {
    if (skip()) ctx.skip();
    wallet = await backend.fresh();
  }

  it("round-trips the private key store", async (ctx) => {
    await fresh(ctx);
    const { privateKeys } = await open();
    expect(await privateKeys.listKeys({})).toEqual([]);
    const first = await privateKeys.importKey({
      alias: "k1",
      type: "Secp256k1",
      privateKeyHex: PRIVATE_KEY_HEX,
    });
    expect(first).toEqual({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    const generated = await privateKeys.importKey({ type: "X25519", privateKeyHex: OTHER_PRIVATE_KEY_HEX });
    expect(generated.alias).toMatch(/^[0-9a-f-]{36}$/);
    expect(await privateKeys.getKey({ alias: "k1" })).toEqual(first);
    expect(await privateKeys.getKey({ alias: generated.alias })).toEqual(generated);
    expect(await privateKeys.listKeys({})).toEqual([first, generated]);

    // the same key again is accepted and keeps its place; different material under the alias is refused
    await privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await expect(
      privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: OTHER_PRIVATE_KEY_HEX }),
    ).rejects.toThrow(/^key_already_exists/);
    expect(await privateKeys.listKeys({})).toEqual([first, generated]);

    expect(await privateKeys.deleteKey({ alias: "k1" })).toBe(true);
    expect(await privateKeys.deleteKey({ alias: "k1" })).toBe(false);
    await expect(privateKeys.getKey({ alias: "k1" })).rejects.toThrow(
      "not_found: PrivateKey not found for alias=k1",
    );
    expect(await privateKeys.listKeys({})).toEqual([generated]);
  });

  it("round-trips the key store, keeping public data only", async (ctx) => {
    await fresh(ctx);
    const { keys } = await open();
    const key = {
      kid: PUBLIC_KEY_HEX,
      kms: "local",
      type: "Secp256k1" as const,
      publicKeyHex: PUBLIC_KEY_HEX,
      meta: { algorithms: ["ES256K"] },
    };
    expect(await keys.importKey({ ...key, privateKeyHex: PRIVATE_KEY_HEX })).toBe(true);
    expect(await keys.importKey({ kid: "k2", kms: "local", type: "X25519", publicKeyHex: "ab" })).toBe(true);
    expect(await keys.getKey({ kid: PUBLIC_KEY_HEX })).toEqual(key);
    expect((await keys.listKeys({})).map((k) => k.kid)).toEqual([PUBLIC_KEY_HEX, "k2"]);
    // a replacement keeps the key's place
    await keys.importKey({ ...key, meta: { algorithms: ["ES256K", "eth_signMessage"] } });
    expect(await keys.listKeys({})).toEqual([
      { ...key, meta: { algorithms: ["ES256K", "eth_signMessage"] } },
      { kid: "k2", kms: "local", type: "X25519", publicKeyHex: "ab" },
    ]);
    await expect(keys.importKey({ kms: "local", type: "X25519" })).rejects.toThrow(/kid is required/);
    expect(await keys.deleteKey({ kid: "k2" })).toBe(true);
    expect(await keys.deleteKey({ kid: "k2" })).toBe(false);
    await expect(keys.getKey({ kid: "k2" })).rejects.toThrow("Key not found");
    expect(JSON.stringify(await wallet.raw("SELECT * FROM keys"))).not.toContain(PRIVATE_KEY_HEX);
  });

  it("round-trips the DID store, keeping public key data only", async (ctx) => {
    await fresh(ctx);
    const { dids } = await open();
    const firm = identifier("firm");
    const other = { ...identifier("plant-7", ISSUER_DID), provider: "did:ethr:0x1" };
    expect(await dids.importDID(firm)).toBe(true);
    expect(await dids.importDID(other)).toBe(true);
    const { privateKeyHex: _, ...publicKey } = firm.keys[0]!;
    const expected = { ...firm, keys: [publicKey] };
    expect(await dids.getDID({ did: HOLDER_DID })).toEqual(expected);
    expect(await dids.getDID({ alias: "firm" })).toEqual(expected);
    expect((await dids.listDIDs({})).map((i) => i.did)).toEqual([HOLDER_DID, ISSUER_DID]);
    expect((await dids.listDIDs({ alias: "plant-7" })).map((i) => i.did)).toEqual([ISSUER_DID]);
    expect((await dids.listDIDs({ provider: "did:ethr:0x7a69" })).map((i) => i.did)).toEqual([HOLDER_DID]);
    expect(await dids.listDIDs({ alias: "firm", provider: "did:ethr:0x1" })).toEqual([]);
    expect((await dids.listDIDs({ alias: "plant-7", provider: "did:ethr:0x1" })).map((i) => i.did)).toEqual([
      ISSUER_DID,
    ]);

    // re-importing (Veramo does on every change) replaces the identifier in place, alias included
    await dids.importDID({ ...firm, alias: "renamed", services: [] });
    expect((await dids.listDIDs({})).map((i) => [i.did, i.alias])).toEqual([
      [HOLDER_DID, "renamed"],
      [ISSUER_DID, "plant-7"],
    ]);
    await expect(dids.getDID({ alias: "firm" })).rejects.toBeInstanceOf(IdentityNotFoundError);

    expect(await dids.deleteDID({ did: HOLDER_DID })).toBe(true);
    expect(await dids.deleteDID({ did: HOLDER_DID })).toBe(false);
    await expect(dids.getDID({ did: HOLDER_DID })).rejects.toMatchObject({ code: "IDENTITY_NOT_FOUND" });
    expect(JSON.stringify(await wallet.raw("SELECT * FROM dids"))).not.toContain(PRIVATE_KEY_HEX);
  });

  it("round-trips the credential store, in the order credentials were first stored", async (ctx) => {
    await fresh(ctx);
    const { credentials } = await open();
    const [one, two, three] = [storedCredential(1), storedCredential(2), storedCredential(3)];
    await credentials.put(one);
    await credentials.put(two);
    await credentials.put(three);
    expect(await credentials.get(two.id)).toEqual(two);
    expect(await credentials.get("urn:uuid:absent")).toBeUndefined();
    expect(await credentials.list()).toEqual([one, two, three]);

    // replacing keeps the place; a flagged credential without a proof round-trips too
    const refreshed = { ...one, proof: undefined, metadata: { ...one.metadata, flagged: true } };
    await credentials.put(refreshed);
    const listed = await credentials.list();
    expect(listed.map((c) => c.id)).toEqual([one.id, two.id, three.id]);
    expect(listed[0]!.metadata.flagged).toBe(true);
    expect(listed[0]!.proof).toBeUndefined();

    expect(await credentials.delete(two.id)).toBe(true);
    expect(await credentials.delete(two.id)).toBe(false);
    // a credential stored after a deletion goes last
    await credentials.put(two);
    expect((await credentials.list()).map((c) => c.id)).toEqual([one.id, three.id, two.id]);

    // records come back as copies
    const copy = (await credentials.get(three.id))!;
    (copy.metadata.reasons as unknown[]).push("changed");
    expect((await credentials.get(three.id))!.metadata.reasons).toEqual([]);
  });

  it("keeps everything across close and reopen", async (ctx) => {
    await fresh(ctx);
    const first = await open();
    await first.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await first.keys.importKey({ kid: "k1", kms: "local", type: "Secp256k1", publicKeyHex: PUBLIC_KEY_HEX });
    await first.dids.importDID(identifier("firm"));
    await first.credentials.put(storedCredential(1));
    await first.credentials.put(storedCredential(2));
    await first.close();
    await expect(first.credentials.list()).rejects.toBeInstanceOf(WalletClosedError);
    await expect(first.dids.listDIDs({})).rejects.toMatchObject({ code: "WALLET_CLOSED" });
    await expect(first.keys.importKey({ kid: "k2", kms: "local", type: "X25519" })).rejects.toMatchObject({
      code: "WALLET_CLOSED",
    });

    // a new wallet's scrypt cost does not apply to an existing one: it keeps its own
    const second = await open("correct horse", { N: 2 ** 10, r: 8, p: 1 });
    expect(await second.privateKeys.listKeys({})).toEqual([
      { alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX },
    ]);
    expect((await second.keys.getKey({ kid: "k1" })).publicKeyHex).toBe(PUBLIC_KEY_HEX);
    expect((await second.dids.getDID({ alias: "firm" })).services).toHaveLength(1);
    expect(await second.credentials.list()).toEqual([storedCredential(1), storedCredential(2)]);
    expect(await wallet.raw("SELECT kdf_n FROM wallet_meta")).toEqual([{ kdf_n: FAST_SCRYPT.N }]);
    // the identifiers read without the passphrase
    expect((await wallet.readIdentifiers()).map((i) => i.alias)).toEqual(["firm"]);
  });

  it("locks: keys and credentials need the passphrase again; public data stays readable", async (ctx) => {
    await fresh(ctx);
    const stores = await open("right");
    await stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await stores.credentials.put(storedCredential(1));
    await stores.dids.importDID(identifier("firm"));

    stores.privateKeys.lock();
    expect(stores.privateKeys.locked).toBe(true);
    // each store has its own key: the credentials are still open
    expect(stores.credentials.locked).toBe(false);
    expect(await stores.credentials.list()).toHaveLength(1);
    stores.credentials.lock();

    for (const call of [
      () => stores.privateKeys.getKey({ alias: "k1" }),
      () => stores.privateKeys.listKeys({}),
      () => stores.privateKeys.importKey({ type: "Secp256k1", privateKeyHex: OTHER_PRIVATE_KEY_HEX }),
      () => stores.privateKeys.deleteKey({ alias: "k1" }),
      () => stores.credentials.get(storedCredential(1).id),
      () => stores.credentials.list(),
      () => stores.credentials.put(storedCredential(2)),
      () => stores.credentials.delete(storedCredential(1).id),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(WalletLockedError);
    }
    expect((await stores.dids.listDIDs({})).map((i) => i.did)).toEqual([HOLDER_DID]);

    const wrong = await stores.privateKeys.unlock("wrong").catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(WrongPassphraseError);
    expect((wrong as WrongPassphraseError).code).toBe("WRONG_PASSPHRASE");
    expect(stores.privateKeys.locked).toBe(true);
    await expect(stores.credentials.unlock("wrong")).rejects.toThrow(/does not open the credential store/);

    await stores.privateKeys.unlock("right");
    await stores.credentials.unlock("right");
    expect((await stores.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect(await stores.credentials.list()).toEqual([storedCredential(1)]);
    // nothing was deleted or added while locked
    expect(await stores.privateKeys.listKeys({})).toHaveLength(1);
  });

  it("refuses a wrong passphrase with WRONG_PASSPHRASE, and changes nothing", async (ctx) => {
    await fresh(ctx);
    await filledWallet();
    const before = await wallet.snapshot();
    const wrong = await open("wrong").catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(WrongPassphraseError);
    expect(wrong).toMatchObject({ code: "WRONG_PASSPHRASE", details: { path: wallet.location } });
    expect((wrong as Error).message).toMatch(/passphrase does not open the key store/);
    expect(await wallet.snapshot()).toBe(before);
    // lowering the cost parameters derives another key: refused like a wrong passphrase
    await wallet.raw("UPDATE wallet_meta SET kdf_n = ?", [2 ** 10]);
    await expect(open()).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it("reports a tampered private key or credential row as its store's corrupt error", async (ctx) => {
    await fresh(ctx);
    await filledWallet();
    await setSealed(
      "private_keys",
      "alias",
      "k1",
      flipped(await sealedOf("private_keys", "alias", "k1"), 20),
    );
    const two = storedCredential(2).id;
    await setSealed("credentials", "id", two, flipped(await sealedOf("credentials", "id", two), 40));
    const stores = await open();
    const key = await stores.privateKeys.getKey({ alias: "k1" }).catch((error: unknown) => error);
    expect(key).toBeInstanceOf(KeyStoreCorruptError);
    expect(key).toMatchObject({ code: "KEYSTORE_CORRUPT", details: { path: wallet.location } });
    expect((key as Error).message).toMatch(/"k1" does not authenticate/);
    await expect(stores.privateKeys.listKeys({})).rejects.toBeInstanceOf(KeyStoreCorruptError);
    // the untouched rows still read
    expect((await stores.privateKeys.getKey({ alias: "k2" })).privateKeyHex).toBe(OTHER_PRIVATE_KEY_HEX);
    expect(await stores.credentials.get(storedCredential(1).id)).toEqual(storedCredential(1));
    const credential = await stores.credentials.get(two).catch((error: unknown) => error);
    expect(credential).toBeInstanceOf(CredentialStoreCorruptError);
    expect(credential).toMatchObject({ code: "CREDENTIAL_STORE_CORRUPT" });
    await expect(stores.credentials.list()).rejects.toMatchObject({ code: "CREDENTIAL_STORE_CORRUPT" });
    // a flipped nonce or tag, and a truncated value, are caught as well
    await setSealed("private_keys", "alias", "k2", flipped(await sealedOf("private_keys", "alias", "k2"), 0));
    await expect(stores.privateKeys.getKey({ alias: "k2" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    const one = await sealedOf("credentials", "id", storedCredential(1).id);
    await setSealed("credentials", "id", storedCredential(1).id, one.subarray(0, 20));
    await expect(stores.credentials.get(storedCredential(1).id)).rejects.toBeInstanceOf(
      CredentialStoreCorruptError,
    );
  });

  it("detects rows swapped, renamed, or moved to another table", async (ctx) => {
    await fresh(ctx);
    await filledWallet();
    const [id1, id2] = [storedCredential(1).id, storedCredential(2).id];
    const one = await sealedOf("credentials", "id", id1);
    const two = await sealedOf("credentials", "id", id2);
    await setSealed("credentials", "id", id1, two);
    await setSealed("credentials", "id", id2, one);
    const k1 = await sealedOf("private_keys", "alias", "k1");
    const k2 = await sealedOf("private_keys", "alias", "k2");
    await setSealed("private_keys", "alias", "k1", k2);
    await setSealed("private_keys", "alias", "k2", k1);
    const stores = await open();
    await expect(stores.credentials.get(id1)).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.credentials.get(id2)).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.privateKeys.getKey({ alias: "k1" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.privateKeys.getKey({ alias: "k2" })).rejects.toBeInstanceOf(KeyStoreCorruptError);

    // swapped back, they read again: it was the binding, not damage, that refused them
    await setSealed("credentials", "id", id1, one);
    await setSealed("credentials", "id", id2, two);
    expect(await stores.credentials.get(id1)).toEqual(storedCredential(1));
    // a row under another primary key
    await wallet.raw("UPDATE credentials SET id = ? WHERE id = ?", ["urn:uuid:forged", id2]);
    await expect(stores.credentials.get("urn:uuid:forged")).rejects.toBeInstanceOf(
      CredentialStoreCorruptError,
    );
    // a private key's ciphertext put into the credential table under the key's alias
    await wallet.raw("INSERT INTO credentials (id, position, sealed) VALUES ('k1', 99, ?)", [k1]);
    await expect(stores.credentials.get("k1")).rejects.toBeInstanceOf(CredentialStoreCorruptError);
  });

  it("reports damaged clear rows and missing tables as the store's corrupt error", async (ctx) => {
    await fresh(ctx);
    await filledWallet();
    const stores = await open();
    await stores.keys.importKey({ kid: "k1", kms: "local", type: "Secp256k1", publicKeyHex: "04ab" });
    await wallet.raw("UPDATE keys SET key_json = '{not json' WHERE kid = 'k1'");
    await wallet.raw(`UPDATE dids SET identifier_json = '{"did": "did:ethr:0x7a69:0xother"}'`);
    await expect(stores.keys.getKey({ kid: "k1" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.keys.listKeys({})).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.dids.listDIDs({})).rejects.toThrow(/does not describe it/);
    await wallet.raw("DROP TABLE credentials");
    await expect(stores.credentials.list()).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.credentials.put(storedCredential(3))).rejects.toMatchObject({
      code: "CREDENTIAL_STORE_CORRUPT",
    });
  });

  it("keeps every one of many concurrent writes, each whole and in its own place", async (ctx) => {
    await fresh(ctx);
    const stores = await open();
    const serials = Array.from({ length: 12 }, (_, i) => i + 1);
    await Promise.all([
      ...serials.map((serial) => stores.credentials.put(storedCredential(serial))),
      ...serials.map((serial) =>
        stores.keys.importKey({ kid: `k${serial}`, kms: "local", type: "X25519", publicKeyHex: "ab" }),
      ),
      stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX }),
      stores.dids.importDID(identifier("firm")),
    ]);
    const credentials = await stores.credentials.list();
    expect(credentials.map((c) => c.id).sort()).toEqual(serials.map((s) => storedCredential(s).id).sort());
    for (const credential of credentials) {
      expect(credential).toEqual(storedCredential(Number(credential.id.split("-").pop())));
    }
    expect(await stores.keys.listKeys({})).toHaveLength(serials.length);
    const positions = await wallet.raw("SELECT position FROM credentials");
    expect(new Set(positions.map((row) => row.position)).size).toBe(serials.length);
    // a write that fails in the middle of others takes only itself back
    const outcomes = await Promise.allSettled([
      stores.credentials.put(storedCredential(20)),
      stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: OTHER_PRIVATE_KEY_HEX }),
      stores.credentials.delete(storedCredential(1).id),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await stores.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect((await stores.credentials.list()).map((c) => c.id)).toContain(storedCredential(20).id);
    expect(await stores.credentials.get(storedCredential(1).id)).toBeUndefined();
  });
});
