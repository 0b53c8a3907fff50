import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AmbiguousWalletError, WrongPassphraseError } from "../errors.js";
import {
  type OpenedWalletStores,
  openWalletStores,
  readWalletIdentifiers,
  WALLET_DATABASE_FILE,
  walletFormatOf,
} from "./open-wallet-stores.js";
import {
  FAST_SCRYPT,
  HOLDER_DID,
  identifier,
  PRIVATE_KEY_HEX,
  storedCredential,
  temporaryDirectory,
} from "./test-fixtures.js";
import { throwawayPostgres } from "./test-postgres.js";
import { openFileStores, WALLET_FILES } from "./wallet-stores.js";

const cluster = throwawayPostgres();

let dir: string;
let remove: () => Promise<void>;
const opened: OpenedWalletStores[] = [];

async function open(directory: string, passphrase = "pw"): Promise<OpenedWalletStores> {
  const stores = await openWalletStores({ directory, passphrase, scrypt: FAST_SCRYPT });
  opened.push(stores);
  return stores;
}

beforeEach(async () => {
  ({ dir, remove } = await temporaryDirectory("permitchain-open-wallet-"));
});

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
  await remove();
});

describe("openWalletStores", () => {
  it("makes a new wallet a SQLite database, and opens it again as one", async () => {
    const directory = join(dir, "wallet");
    expect(await walletFormatOf(directory)).toBeUndefined();
    expect(await readWalletIdentifiers(directory)).toEqual([]);
    const stores = await open(directory);
    expect(stores.format).toBe("sqlite");
    expect(stores.location).toBe(join(directory, WALLET_DATABASE_FILE));
    expect((await readdir(directory)).sort()).toEqual([
      WALLET_DATABASE_FILE,
      `${WALLET_DATABASE_FILE}.owner`,
    ]);
    await stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await stores.dids.importDID(identifier("firm"));
    await stores.credentials!.put(storedCredential(1));
    stores.close();
    await expect(stores.credentials!.list()).rejects.toMatchObject({ code: "WALLET_CLOSED" });

    expect(await walletFormatOf(directory)).toBe("sqlite");
    expect((await readWalletIdentifiers(directory)).map((i) => i.did)).toEqual([HOLDER_DID]);
    await expect(open(directory, "wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    const again = await open(directory);
    expect((await again.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect(await again.credentials!.list()).toEqual([storedCredential(1)]);
  });

  it("opens a directory holding a file wallet as one, without migrating it", async () => {
    const legacy = await openFileStores({ directory: dir, passphrase: "pw", scrypt: FAST_SCRYPT });
    await legacy.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await legacy.keys.importKey(identifier("firm").keys[0]!);
    await legacy.dids.importDID(identifier("firm"));
    await legacy.credentials.put(storedCredential(1));
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(Object.values(WALLET_FILES).sort());

    expect(await walletFormatOf(dir)).toBe("files");
    expect((await readWalletIdentifiers(dir)).map((i) => i.alias)).toEqual(["firm"]);
    await expect(open(dir, "wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    const stores = await open(dir);
    expect(stores.format).toBe("files");
    expect(stores.location).toBe(dir);
    expect((await stores.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect((await stores.dids.getDID({ alias: "firm" })).did).toBe(HOLDER_DID);
    expect((await stores.keys.listKeys({})).map((k) => k.kid)).toEqual([identifier("firm").keys[0]!.kid]);
    expect(await stores.credentials!.list()).toEqual([storedCredential(1)]);
    // writes go to the files; no database appears
    await stores.credentials!.put(storedCredential(2));
    expect((await readdir(dir)).sort()).toEqual(files);
    const reread = await openFileStores({ directory: dir, passphrase: "pw" });
    expect((await reread.credentials.list()).map((c) => c.id)).toEqual([
      storedCredential(1).id,
      storedCredential(2).id,
    ]);
    // close locks the file stores: keys and credentials leave memory
    stores.close();
    await expect(stores.privateKeys.getKey({ alias: "k1" })).rejects.toMatchObject({ code: "WALLET_LOCKED" });
  });

  it("refuses a directory holding both a database and wallet files", async () => {
    (await open(dir)).close();
    await writeFile(join(dir, WALLET_FILES.dids), "{}");
    const both = await open(dir).catch((error: unknown) => error);
    expect(both).toBeInstanceOf(AmbiguousWalletError);
    expect(both).toMatchObject({ code: "WALLET_AMBIGUOUS", details: { files: [WALLET_FILES.dids] } });
    await expect(readWalletIdentifiers(dir)).rejects.toBeInstanceOf(AmbiguousWalletError);
  });

  it("opens a wallet in PostgreSQL with postgresUrl, and opens it again", async (ctx) => {
    const postgres = cluster();
    if ("skip" in postgres) return ctx.skip();
    const url = await postgres.createDatabase("wallet_sdk_open");
    const stores = await openWalletStores({
      postgresUrl: url,
      wallet: "firm_a",
      passphrase: "pw",
      scrypt: FAST_SCRYPT,
    });
    opened.push(stores);
    expect(stores.format).toBe("postgres");
    expect(stores.location).toBe(`${url}#firm_a`);
    await stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await stores.dids.importDID(identifier("firm"));
    await stores.credentials!.put(storedCredential(1));
    await stores.close();
    await expect(stores.credentials!.list()).rejects.toMatchObject({ code: "WALLET_CLOSED" });

    await expect(
      openWalletStores({ postgresUrl: url, wallet: "firm_a", passphrase: "wrong" }),
    ).rejects.toBeInstanceOf(WrongPassphraseError);
    const again = await openWalletStores({ postgresUrl: url, wallet: "firm_a", passphrase: "pw" });
    opened.push(again);
    expect((await again.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect((await again.dids.getDID({ alias: "firm" })).did).toBe(HOLDER_DID);
    expect(await again.credentials!.list()).toEqual([storedCredential(1)]);
    // the default wallet of the same database is another, empty one
    const other = await openWalletStores({ postgresUrl: url, passphrase: "other", scrypt: FAST_SCRYPT });
    opened.push(other);
    expect(other.location).toBe(`${url}#default`);
    expect(await other.credentials!.list()).toEqual([]);
  });
});
