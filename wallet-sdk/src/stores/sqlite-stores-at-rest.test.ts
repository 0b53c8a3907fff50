import { spawn } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sqlite3 from "node-sqlite3-wasm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CredentialStoreCorruptError,
  KeyStoreCorruptError,
  WalletBusyError,
  WrongPassphraseError,
} from "../errors.js";
import { openSqliteStores, type SqliteWalletStores } from "./sqlite-stores.js";
import {
  FAST_SCRYPT,
  flipped,
  identifier,
  OTHER_PRIVATE_KEY_HEX,
  PERMIT_NUMBER,
  PRIVATE_KEY_HEX,
  storedCredential,
  temporaryDirectory,
  withRawDatabase,
} from "./test-fixtures.js";

let dir: string;
let remove: () => Promise<void>;
let path: string;
const opened: SqliteWalletStores[] = [];

async function open(passphrase = "right"): Promise<SqliteWalletStores> {
  const stores = await openSqliteStores({ path, passphrase, scrypt: FAST_SCRYPT });
  opened.push(stores);
  return stores;
}

/** A wallet with two private keys and two credentials, closed. */
async function filledWallet(): Promise<void> {
  const stores = await open();
  await stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
  await stores.privateKeys.importKey({
    alias: "k2",
    type: "Secp256k1",
    privateKeyHex: OTHER_PRIVATE_KEY_HEX,
  });
  await stores.credentials.put(storedCredential(1));
  await stores.credentials.put(storedCredential(2));
  await stores.dids.importDID(identifier("firm"));
  stores.close();
}

function sealedOf(table: string, keyColumn: string, key: string): Uint8Array {
  const row = withRawDatabase(path, (db) =>
    db.get(`SELECT sealed FROM ${table} WHERE ${keyColumn} = ?`, [key]),
  );
  return row!.sealed as Uint8Array;
}

function setSealed(table: string, keyColumn: string, key: string, sealed: Uint8Array): void {
  withRawDatabase(path, (db) =>
    db.run(`UPDATE ${table} SET sealed = ? WHERE ${keyColumn} = ?`, [sealed, key]),
  );
}

beforeEach(async () => {
  ({ dir, remove } = await temporaryDirectory("permitchain-sqlite-at-rest-"));
  path = join(dir, "wallet.sqlite");
});

afterEach(async () => {
  for (const stores of opened.splice(0)) stores.close();
  await remove();
});

describe("the SQLite wallet at rest", () => {
  it("holds no private key, JWT or claim in clear", async () => {
    await filledWallet();
    const bytes = await readFile(path);
    const secrets = [
      PRIVATE_KEY_HEX,
      OTHER_PRIVATE_KEY_HEX,
      PRIVATE_KEY_HEX.toUpperCase(),
      storedCredential(1).jwt,
      storedCredential(2).jwt,
      // the JWT's header and payload alone, a claim, the proof's signature, status data
      storedCredential(1).jwt.split(".")[1]!,
      PERMIT_NUMBER,
      storedCredential(1).proof!.signature,
      storedCredential(1).metadata.status!.registry,
    ];
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, "utf8")), secret).toBe(false);
    }
    // nor the raw key bytes
    expect(bytes.includes(Buffer.from(PRIVATE_KEY_HEX, "hex"))).toBe(false);
    // the DID store's copy of a key never had its private part
    const dids = withRawDatabase(path, (db) => db.all("SELECT identifier_json FROM dids"));
    expect(JSON.stringify(dids)).not.toContain(PRIVATE_KEY_HEX);
    // and the sanity check that the grep works: public data is there in clear
    expect(bytes.includes(Buffer.from(identifier("firm").did, "utf8"))).toBe(true);
    // a fresh nonce per write: the same credential stored twice is sealed differently
    const before = sealedOf("credentials", "id", storedCredential(1).id);
    const stores = await open();
    await stores.credentials.put(storedCredential(1));
    stores.close();
    expect(
      Buffer.from(sealedOf("credentials", "id", storedCredential(1).id)).equals(Buffer.from(before)),
    ).toBe(false);
  });

  it("refuses a wrong passphrase with WRONG_PASSPHRASE, and changes nothing", async () => {
    await filledWallet();
    const before = await readFile(path);
    const wrong = await open("wrong").catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(WrongPassphraseError);
    expect(wrong).toMatchObject({ code: "WRONG_PASSPHRASE", details: { path } });
    expect((wrong as Error).message).toMatch(/passphrase does not open the key store/);
    expect((await readFile(path)).equals(before)).toBe(true);
    // lowering the cost parameters derives another key: refused like a wrong passphrase
    withRawDatabase(path, (db) => db.run("UPDATE wallet_meta SET kdf_n = ?", [2 ** 10]));
    await expect(open("right")).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it("reports a tampered private key or credential row as its store's corrupt error", async () => {
    await filledWallet();
    setSealed("private_keys", "alias", "k1", flipped(sealedOf("private_keys", "alias", "k1"), 20));
    setSealed(
      "credentials",
      "id",
      storedCredential(2).id,
      flipped(sealedOf("credentials", "id", storedCredential(2).id), 40),
    );
    const stores = await open();
    const key = await stores.privateKeys.getKey({ alias: "k1" }).catch((error: unknown) => error);
    expect(key).toBeInstanceOf(KeyStoreCorruptError);
    expect(key).toMatchObject({ code: "KEYSTORE_CORRUPT" });
    expect((key as Error).message).toMatch(/"k1" does not authenticate/);
    await expect(stores.privateKeys.listKeys({})).rejects.toBeInstanceOf(KeyStoreCorruptError);
    // the untouched rows still read
    expect((await stores.privateKeys.getKey({ alias: "k2" })).privateKeyHex).toBe(OTHER_PRIVATE_KEY_HEX);
    expect(await stores.credentials.get(storedCredential(1).id)).toEqual(storedCredential(1));
    const credential = await stores.credentials.get(storedCredential(2).id).catch((error: unknown) => error);
    expect(credential).toBeInstanceOf(CredentialStoreCorruptError);
    expect(credential).toMatchObject({ code: "CREDENTIAL_STORE_CORRUPT" });
    await expect(stores.credentials.list()).rejects.toMatchObject({ code: "CREDENTIAL_STORE_CORRUPT" });
    // a flipped nonce or tag, and a truncated value, are caught as well
    setSealed("private_keys", "alias", "k2", flipped(sealedOf("private_keys", "alias", "k2"), 0));
    await expect(stores.privateKeys.getKey({ alias: "k2" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    const one = sealedOf("credentials", "id", storedCredential(1).id);
    setSealed("credentials", "id", storedCredential(1).id, one.subarray(0, 20));
    await expect(stores.credentials.get(storedCredential(1).id)).rejects.toBeInstanceOf(
      CredentialStoreCorruptError,
    );
  });

  it("detects rows swapped, renamed, or moved to another table", async () => {
    await filledWallet();
    const [id1, id2] = [storedCredential(1).id, storedCredential(2).id];
    const one = sealedOf("credentials", "id", id1);
    const two = sealedOf("credentials", "id", id2);
    setSealed("credentials", "id", id1, two);
    setSealed("credentials", "id", id2, one);
    const k1 = sealedOf("private_keys", "alias", "k1");
    const k2 = sealedOf("private_keys", "alias", "k2");
    setSealed("private_keys", "alias", "k1", k2);
    setSealed("private_keys", "alias", "k2", k1);
    const stores = await open();
    await expect(stores.credentials.get(id1)).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.credentials.get(id2)).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.privateKeys.getKey({ alias: "k1" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.privateKeys.getKey({ alias: "k2" })).rejects.toBeInstanceOf(KeyStoreCorruptError);

    // swapped back, they read again: it was the binding, not damage, that refused them
    setSealed("credentials", "id", id1, one);
    setSealed("credentials", "id", id2, two);
    expect(await stores.credentials.get(id1)).toEqual(storedCredential(1));
    // a row under another primary key
    withRawDatabase(path, (db) =>
      db.run("UPDATE credentials SET id = ? WHERE id = ?", ["urn:uuid:forged", id2]),
    );
    await expect(stores.credentials.get("urn:uuid:forged")).rejects.toBeInstanceOf(
      CredentialStoreCorruptError,
    );
    // a private key's ciphertext put into the credential table under the key's alias
    withRawDatabase(path, (db) =>
      db.run("INSERT INTO credentials (id, position, sealed) VALUES ('k1', 99, ?)", [k1]),
    );
    await expect(stores.credentials.get("k1")).rejects.toBeInstanceOf(CredentialStoreCorruptError);
  });

  it("reports a damaged or foreign database as KEYSTORE_CORRUPT, not a crash", async () => {
    await writeFile(path, Buffer.alloc(8192, 0x5a));
    const garbage = await open().catch((error: unknown) => error);
    expect(garbage).toBeInstanceOf(KeyStoreCorruptError);
    expect((garbage as Error).message).toMatch(/not a database/);

    await rm(path);
    const foreign = new sqlite3.Database(path);
    foreign.exec("CREATE TABLE orders (id INTEGER PRIMARY KEY)");
    foreign.close();
    await expect(open()).rejects.toThrow(/not a permitchain-wallet database/);

    await rm(path);
    await filledWallet();
    withRawDatabase(path, (db) => db.run("UPDATE wallet_meta SET version = 2"));
    await expect(open()).rejects.toThrow(/schema version 2/);
    withRawDatabase(path, (db) => db.run("UPDATE wallet_meta SET version = 1, salt = X'00'"));
    await expect(open()).rejects.toMatchObject({ code: "KEYSTORE_CORRUPT" });
  });

  it("reports damaged clear rows and missing tables as the store's corrupt error", async () => {
    await filledWallet();
    const stores = await open();
    await stores.keys.importKey({ kid: "k1", kms: "local", type: "Secp256k1", publicKeyHex: "04ab" });
    withRawDatabase(path, (db) => {
      db.run("UPDATE keys SET key_json = '{not json' WHERE kid = 'k1'");
      db.run("UPDATE dids SET identifier_json = json_object('did', 'did:ethr:0x7a69:0xother')");
    });
    await expect(stores.keys.getKey({ kid: "k1" })).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.keys.listKeys({})).rejects.toBeInstanceOf(KeyStoreCorruptError);
    await expect(stores.dids.listDIDs({})).rejects.toThrow(/does not describe it/);
    withRawDatabase(path, (db) => db.run("DROP TABLE credentials"));
    await expect(stores.credentials.list()).rejects.toBeInstanceOf(CredentialStoreCorruptError);
    await expect(stores.credentials.put(storedCredential(3))).rejects.toMatchObject({
      code: "CREDENTIAL_STORE_CORRUPT",
    });
  });

  it("rolls back a write a crash interrupted: the last committed state, byte for byte", async () => {
    await filledWallet();
    const committed = await readFile(path);
    // a process that deletes every identifier and credential and writes many rows in one transaction, with a
    // cache so small that SQLite writes pages into the database file before the commit, killed before it
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { openSqliteDatabase } from "@permitchain/sqlite";
         const errors = { busy: () => new Error("busy"), corrupt: () => new Error("corrupt") };
         const db = openSqliteDatabase(process.env.WALLET_DB, { create: false, errors }).connection;
         db.exec("PRAGMA cache_size = 2");
         db.exec("BEGIN IMMEDIATE");
         db.run("DELETE FROM dids");
         db.run("DELETE FROM credentials");
         for (let i = 0; i < 300; i++) {
           db.run("INSERT INTO dids (did, position, provider, identifier_json) VALUES (?, ?, 'x', ?)",
             ["did:example:" + i, 100 + i, "{}".padEnd(3000)]);
         }
         process.kill(process.pid, "SIGKILL");`,
      ],
      {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
        env: { ...process.env, WALLET_DB: path },
        stdio: "inherit",
      },
    );
    const signal = await new Promise((resolve) => child.on("exit", (_code, killed) => resolve(killed)));
    expect(signal).toBe("SIGKILL");
    // the dead process's ownership, SQLite's lock and journal are left behind, and half a write is in the file
    expect((await readdir(dir)).sort()).toEqual([
      "wallet.sqlite",
      "wallet.sqlite-journal",
      "wallet.sqlite.lock",
      "wallet.sqlite.owner",
    ]);
    expect((await readFile(path)).length).toBeGreaterThan(committed.length);

    // the next open takes the dead owner's place and rolls the write back
    const stores = await open();
    expect((await readdir(dir)).sort()).toEqual(["wallet.sqlite", "wallet.sqlite.owner"]);
    expect((await readFile(path)).equals(committed)).toBe(true);
    expect((await stores.dids.listDIDs({})).map((i) => i.alias)).toEqual(["firm"]);
    expect(await stores.credentials.list()).toEqual([storedCredential(1), storedCredential(2)]);
    expect(await stores.privateKeys.listKeys({})).toHaveLength(2);
    stores.close();
    expect(withRawDatabase(path, (db) => db.all("PRAGMA integrity_check"))).toEqual([
      { integrity_check: "ok" },
    ]);
  });

  it("is one process's at a time: a wallet open elsewhere is WALLET_BUSY, naming the process", async () => {
    await filledWallet();
    const stores = await open();
    const busy = await open().catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(WalletBusyError);
    expect(busy).toMatchObject({ code: "WALLET_BUSY", details: { path, pid: process.pid } });
    expect(await stores.credentials.list()).toHaveLength(2);
    stores.close();
    const again = await open();
    expect(await again.credentials.list()).toHaveLength(2);
    again.close();
  });
});
