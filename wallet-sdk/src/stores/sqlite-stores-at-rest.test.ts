import { spawn } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sqlite3 from "node-sqlite3-wasm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyStoreCorruptError, WalletBusyError } from "../errors.js";
import { openSqliteStores, type SqliteWalletStores } from "./sqlite-stores.js";
import {
  FAST_SCRYPT,
  fillWallet,
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

/** A wallet with two private keys, two credentials and an identity ({@link fillWallet}), closed. */
async function filledWallet(): Promise<void> {
  const stores = await open();
  await fillWallet(stores);
  stores.close();
}

function sealedOf(table: string, keyColumn: string, key: string): Uint8Array {
  const row = withRawDatabase(path, (db) =>
    db.get(`SELECT sealed FROM ${table} WHERE ${keyColumn} = ?`, [key]),
  );
  return row!.sealed as Uint8Array;
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
