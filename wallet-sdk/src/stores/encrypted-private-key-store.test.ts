import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyStoreCorruptError, WalletLockedError, WrongPassphraseError } from "../errors.js";
import { EncryptedFilePrivateKeyStore } from "./encrypted-private-key-store.js";
import { openFileStores, WALLET_FILES } from "./wallet-stores.js";

const FAST = { N: 2 ** 12, r: 8, p: 1 };
const SECRET = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "permitchain-keystore-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("EncryptedFilePrivateKeyStore", () => {
  it("round-trips keys through the file, which holds them only encrypted", async () => {
    const path = join(dir, "keys.json");
    const store = await EncryptedFilePrivateKeyStore.open({
      path,
      passphrase: "correct horse",
      scrypt: FAST,
    });
    // an alias long enough that base64 ciphertext cannot hold it by chance
    const alias = "firm-signing-key-alias-1";
    await store.importKey({ alias, type: "Secp256k1", privateKeyHex: SECRET });
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(alias);
    const file = JSON.parse(text);
    expect(file.kdf).toMatchObject({ name: "scrypt", N: FAST.N, r: 8, p: 1 });
    expect(Buffer.from(file.kdf.salt, "base64")).toHaveLength(16);
    expect(Buffer.from(file.cipher.nonce, "base64")).toHaveLength(12);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const reopened = await EncryptedFilePrivateKeyStore.open({ path, passphrase: "correct horse" });
    expect(await reopened.getKey({ alias })).toEqual({
      alias,
      type: "Secp256k1",
      privateKeyHex: SECRET,
    });
    // a fresh nonce on every write
    await reopened.importKey({ alias: "k2", type: "X25519", privateKeyHex: SECRET });
    const nonces = new Set([file.cipher.nonce, JSON.parse(await readFile(path, "utf8")).cipher.nonce]);
    expect(nonces.size).toBe(2);
    expect(await reopened.listKeys()).toHaveLength(2);
    // no temporary files left behind
    expect(await readdir(dir)).toEqual(["keys.json"]);
  });

  it("tells a wrong passphrase from a damaged file", async () => {
    const path = join(dir, "keys.json");
    const store = await EncryptedFilePrivateKeyStore.open({ path, passphrase: "right", scrypt: FAST });
    await store.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: SECRET });
    const wrong = await EncryptedFilePrivateKeyStore.open({ path, passphrase: "wrong" }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(WrongPassphraseError);
    expect((wrong as WrongPassphraseError).code).toBe("WRONG_PASSPHRASE");

    const file = JSON.parse(await readFile(path, "utf8"));
    const bytes = Buffer.from(file.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(path, JSON.stringify({ ...file, ciphertext: bytes.toString("base64") }));
    const damaged = await EncryptedFilePrivateKeyStore.open({ path, passphrase: "right" }).catch(
      (e: unknown) => e,
    );
    expect(damaged).toBeInstanceOf(KeyStoreCorruptError);
    expect((damaged as KeyStoreCorruptError).code).toBe("KEYSTORE_CORRUPT");

    // lowering the cost parameters in the file derives another key: refused like a wrong passphrase
    await writeFile(path, JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 10 } }));
    await expect(EncryptedFilePrivateKeyStore.open({ path, passphrase: "right" })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    await writeFile(path, "{}");
    await expect(EncryptedFilePrivateKeyStore.open({ path, passphrase: "right" })).rejects.toBeInstanceOf(
      KeyStoreCorruptError,
    );
  });

  it("locks: keys leave memory until the passphrase is given again", async () => {
    const path = join(dir, "keys.json");
    const store = await EncryptedFilePrivateKeyStore.open({ path, passphrase: "right", scrypt: FAST });
    await store.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: SECRET });
    store.lock();
    expect(store.locked).toBe(true);
    await expect(store.getKey({ alias: "k1" })).rejects.toBeInstanceOf(WalletLockedError);
    await expect(store.importKey({ type: "Secp256k1", privateKeyHex: SECRET })).rejects.toMatchObject({
      code: "WALLET_LOCKED",
    });
    await expect(store.unlock("wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(store.locked).toBe(true);
    await store.unlock("right");
    expect((await store.getKey({ alias: "k1" })).privateKeyHex).toBe(SECRET);
  });

  it("keeps the JSON stores free of private key material", async () => {
    const stores = await openFileStores({ directory: dir, passphrase: "pw", scrypt: FAST });
    await stores.keys.importKey({
      kid: "k1",
      kms: "local",
      type: "Secp256k1",
      publicKeyHex: "04ab",
      privateKeyHex: SECRET,
    });
    await stores.dids.importDID({
      did: "did:ethr:0x7a69:0x1f2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5",
      provider: "did:ethr:0x7a69",
      keys: [{ kid: "k1", kms: "local", type: "Secp256k1", publicKeyHex: "04ab", privateKeyHex: SECRET }],
      services: [],
    });
    for (const name of Object.values(WALLET_FILES)) {
      expect(await readFile(join(dir, name), "utf8")).not.toContain(SECRET);
    }
    const again = await openFileStores({ directory: dir, passphrase: "pw" });
    expect((await again.dids.listDIDs({}))[0]!.keys[0]!.kid).toBe("k1");
    await expect(again.dids.getDID({ did: "did:ethr:0x7a69:0x00" })).rejects.toMatchObject({
      code: "IDENTITY_NOT_FOUND",
    });
  });
});
