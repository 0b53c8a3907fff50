import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStores, type SqliteWalletStores } from "./sqlite-stores.js";
import { FAST_SCRYPT, temporaryDirectory, withRawDatabase } from "./test-fixtures.js";

let dir: string;
let remove: () => Promise<void>;
let path: string;
const opened: SqliteWalletStores[] = [];

async function open(passphrase = "correct horse"): Promise<SqliteWalletStores> {
  const stores = await openSqliteStores({ path, passphrase, scrypt: FAST_SCRYPT });
  opened.push(stores);
  return stores;
}

beforeEach(async () => {
  ({ dir, remove } = await temporaryDirectory("permitchain-sqlite-stores-"));
  path = join(dir, "nested", "wallet.sqlite");
});

afterEach(async () => {
  for (const stores of opened.splice(0)) stores.close();
  await remove();
});

describe("openSqliteStores", () => {
  it("creates one owner-only database file with the wallet's meta row", async () => {
    await open();
    expect((await readdir(join(dir, "nested"))).sort()).toEqual(["wallet.sqlite", "wallet.sqlite.owner"]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "nested"))).mode & 0o777).toBe(0o700);
    const meta = withRawDatabase(path, (db) => db.get("SELECT * FROM wallet_meta"));
    expect(meta).toMatchObject({
      singleton: 1,
      format: "permitchain-wallet",
      version: 1,
      kdf: "scrypt",
      kdf_n: FAST_SCRYPT.N,
      kdf_r: 8,
      kdf_p: 1,
    });
    expect(meta!.salt).toBeInstanceOf(Uint8Array);
    expect((meta!.salt as Uint8Array).length).toBe(16);
    expect((meta!.passphrase_check as Uint8Array).length).toBe(32);
  });
});
