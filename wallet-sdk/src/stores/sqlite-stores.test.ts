import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  IdentityNotFoundError,
  WalletClosedError,
  WalletLockedError,
  WrongPassphraseError,
} from "../errors.js";
import { openSqliteStores, readSqliteIdentifiers, type SqliteWalletStores } from "./sqlite-stores.js";
import {
  FAST_SCRYPT,
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

  it("round-trips the private key store", async () => {
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

  it("round-trips the key store, keeping public data only", async () => {
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
  });

  it("round-trips the DID store, keeping public key data only", async () => {
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
  });

  it("round-trips the credential store, in the order credentials were first stored", async () => {
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

  it("keeps everything across close and reopen", async () => {
    const first = await open();
    await first.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
    await first.keys.importKey({ kid: "k1", kms: "local", type: "Secp256k1", publicKeyHex: PUBLIC_KEY_HEX });
    await first.dids.importDID(identifier("firm"));
    await first.credentials.put(storedCredential(1));
    await first.credentials.put(storedCredential(2));
    first.close();
    await expect(first.credentials.list()).rejects.toBeInstanceOf(WalletClosedError);
    await expect(first.dids.listDIDs({})).rejects.toMatchObject({ code: "WALLET_CLOSED" });

    // a new wallet's scrypt cost does not apply to an existing one: it keeps its own
    const second = await openSqliteStores({
      path,
      passphrase: "correct horse",
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    });
    opened.push(second);
    expect(await second.privateKeys.listKeys({})).toEqual([
      { alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX },
    ]);
    expect((await second.keys.getKey({ kid: "k1" })).publicKeyHex).toBe(PUBLIC_KEY_HEX);
    expect((await second.dids.getDID({ alias: "firm" })).services).toHaveLength(1);
    expect(await second.credentials.list()).toEqual([storedCredential(1), storedCredential(2)]);
    expect(withRawDatabase(path, (db) => db.get("SELECT kdf_n FROM wallet_meta"))).toEqual({
      kdf_n: FAST_SCRYPT.N,
    });
    // the identifiers read without the passphrase
    expect((await readSqliteIdentifiers(path)).map((i) => i.alias)).toEqual(["firm"]);
  });

  it("locks: keys and credentials need the passphrase again; public data stays readable", async () => {
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
});
