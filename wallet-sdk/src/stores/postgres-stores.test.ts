// What only a PostgreSQL wallet does: share a database with other wallets, be written by several connections
// and processes at once, and be out of reach. The store operations themselves run in sql-stores.test.ts on
// both backends. A throwaway cluster; skipped with the reason printed where none can be started.
import { afterEach, describe, expect, it } from "vitest";
import {
  KeyStoreCorruptError,
  WalletConfigError,
  WalletStorageUnavailableError,
  WrongPassphraseError,
} from "../errors.js";
import { openPostgresStores, type PostgresWalletStores, readPostgresIdentifiers } from "./postgres-stores.js";
import {
  FAST_SCRYPT,
  fillWallet,
  HOLDER_DID,
  OTHER_PRIVATE_KEY_HEX,
  PRIVATE_KEY_HEX,
  storedCredential,
} from "./test-fixtures.js";
import { rawPostgres, throwawayPostgres } from "./test-postgres.js";

const cluster = throwawayPostgres();
const opened: PostgresWalletStores[] = [];
let database: Promise<string> | undefined;

/** The test database's URL, or a skip where no cluster could be started. */
async function databaseUrl(ctx: { skip(): void }): Promise<string> {
  const postgres = cluster();
  if ("skip" in postgres) {
    ctx.skip();
    throw new Error(postgres.skip);
  }
  database ??= postgres.createDatabase("wallet_sdk_postgres");
  return database;
}

async function open(url: string, wallet: string, passphrase = "pw"): Promise<PostgresWalletStores> {
  const stores = await openPostgresStores({ url, wallet, passphrase, scrypt: FAST_SCRYPT });
  opened.push(stores);
  return stores;
}

afterEach(async () => {
  for (const stores of opened.splice(0)) await stores.close();
});

describe("a PostgreSQL wallet", () => {
  it("shares a database with other wallets, each in its own schema, none seeing another's", async (ctx) => {
    const url = await databaseUrl(ctx);
    const alpha = await open(url, "alpha", "alpha's passphrase");
    const beta = await open(url, "beta", "beta's passphrase");
    expect(alpha.location).toBe(`${url}#alpha`);
    await fillWallet(alpha);
    // the same alias in the other wallet, with other material
    await beta.privateKeys.importKey({
      alias: "k1",
      type: "Secp256k1",
      privateKeyHex: OTHER_PRIVATE_KEY_HEX,
    });
    await beta.credentials.put(storedCredential(3));

    expect((await alpha.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(PRIVATE_KEY_HEX);
    expect((await beta.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(OTHER_PRIVATE_KEY_HEX);
    expect(await alpha.credentials.list()).toEqual([storedCredential(1), storedCredential(2)]);
    expect(await beta.credentials.list()).toEqual([storedCredential(3)]);
    expect(await beta.dids.listDIDs({})).toEqual([]);
    expect((await readPostgresIdentifiers({ url, wallet: "alpha" })).map((i) => i.did)).toEqual([HOLDER_DID]);
    expect(await readPostgresIdentifiers({ url, wallet: "beta" })).toEqual([]);
    // deleting in one leaves the other's row of the same key alone
    expect(await alpha.privateKeys.deleteKey({ alias: "k1" })).toBe(true);
    expect((await beta.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(OTHER_PRIVATE_KEY_HEX);

    const schemas = await rawPostgres(
      url,
      "alpha",
      "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'wallet\\_%' ORDER BY 1",
    );
    expect(schemas.map((row) => row.schema_name)).toEqual(["wallet_alpha", "wallet_beta"]);
    // each wallet has its own salt, hence its own key: another wallet's row does not decrypt, nor its passphrase
    const [alphaRow] = await rawPostgres(url, "alpha", "SELECT sealed FROM credentials WHERE id = ?", [
      storedCredential(1).id,
    ]);
    await rawPostgres(url, "beta", "INSERT INTO credentials (id, position, sealed) VALUES (?, 99, ?)", [
      storedCredential(1).id,
      alphaRow!.sealed as Uint8Array,
    ]);
    await expect(beta.credentials.get(storedCredential(1).id)).rejects.toMatchObject({
      code: "CREDENTIAL_STORE_CORRUPT",
    });
    await expect(open(url, "beta", "alpha's passphrase")).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it("serialises the writes of two connections: none lost, each whole, a key imported twice checked once", async (ctx) => {
    const url = await databaseUrl(ctx);
    const first = await open(url, "shared");
    const second = await open(url, "shared");
    const serials = Array.from({ length: 16 }, (_, i) => i + 1);
    await Promise.all(
      serials.map((serial) => (serial % 2 === 0 ? first : second).credentials.put(storedCredential(serial))),
    );
    const listed = await first.credentials.list();
    expect(listed.map((c) => c.id).sort()).toEqual(serials.map((s) => storedCredential(s).id).sort());
    expect(await second.credentials.list()).toEqual(listed);
    const positions = await rawPostgres(url, "shared", "SELECT DISTINCT position FROM credentials");
    expect(positions).toHaveLength(serials.length);

    // the same alias with different material from both at once: exactly one is stored, the other refused
    const outcomes = await Promise.allSettled([
      first.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX }),
      second.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: OTHER_PRIVATE_KEY_HEX }),
    ]);
    const stored = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(stored).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/key_already_exists/);
    const kept = (stored[0] as PromiseFulfilledResult<{ privateKeyHex: string }>).value.privateKeyHex;
    expect((await second.privateKeys.getKey({ alias: "k1" })).privateKeyHex).toBe(kept);
  });

  it("is created once when two processes open a new wallet at the same time", async (ctx) => {
    const url = await databaseUrl(ctx);
    const [one, two] = await Promise.all([open(url, "racing"), open(url, "racing")]);
    expect(await rawPostgres(url, "racing", "SELECT singleton FROM wallet_meta")).toEqual([{ singleton: 1 }]);
    await one!.credentials.put(storedCredential(1));
    expect(await two!.credentials.list()).toEqual([storedCredential(1)]);
  });

  it("reports a damaged or foreign wallet schema as KEYSTORE_CORRUPT", async (ctx) => {
    const url = await databaseUrl(ctx);
    await (await open(url, "damaged")).close();
    await rawPostgres(url, "damaged", "UPDATE wallet_meta SET version = 2");
    await expect(open(url, "damaged")).rejects.toThrow(/schema version 2/);
    await rawPostgres(url, "damaged", "DROP TABLE wallet_meta");
    const foreign = await open(url, "damaged").catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(KeyStoreCorruptError);
    expect((foreign as Error).message).toMatch(/not a permitchain-wallet database/);
  });

  it("lets a role confined to the schema made for it keep its wallet there, and nowhere else", async (ctx) => {
    const postgres = cluster();
    if ("skip" in postgres) return ctx.skip();
    const admin = await postgres.createDatabase("wallet_sdk_roles");
    await rawPostgres(
      admin,
      "default",
      `CREATE ROLE firm_a LOGIN;
       CREATE SCHEMA wallet_firm_a AUTHORIZATION firm_a;
       CREATE SCHEMA wallet_firm_b;
       REVOKE CREATE ON DATABASE wallet_sdk_roles FROM PUBLIC;`,
    );
    const asFirm = admin.replace("//postgres@", "//firm_a@");
    const stores = await open(asFirm, "firm_a");
    await fillWallet(stores);
    await stores.close();
    expect(await (await open(asFirm, "firm_a")).credentials.list()).toHaveLength(2);
    // another wallet's schema, or a new one, is refused to the role
    for (const [wallet, reason] of [
      ["firm_b", /may not use the wallet's schema/],
      ["firm_c", /permission denied for database/],
    ] as const) {
      const refused = await open(asFirm, wallet).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WalletStorageUnavailableError);
      expect((refused as Error).message).toMatch(reason);
    }
  });

  it("is WALLET_STORAGE_UNAVAILABLE when the server cannot be reached or has no such database", async (ctx) => {
    const url = await databaseUrl(ctx);
    const unreachable = await openPostgresStores({
      url: "postgres://firm:s3cret@127.0.0.1:1/wallets",
      passphrase: "pw",
      connectionTimeoutMs: 2_000,
    }).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(WalletStorageUnavailableError);
    expect(unreachable).toMatchObject({
      code: "WALLET_STORAGE_UNAVAILABLE",
      details: { location: "postgres://firm@127.0.0.1:1/wallets#default" },
    });
    // the password stays out of messages
    expect((unreachable as Error).message).not.toContain("s3cret");

    const missing = await openPostgresStores({ url: `${url}_absent`, passphrase: "pw" }).catch(
      (error: unknown) => error,
    );
    expect(missing).toMatchObject({ code: "WALLET_STORAGE_UNAVAILABLE" });
    expect((missing as Error).message).toMatch(/does not exist/);
  });
});

describe("openPostgresStores", () => {
  it("refuses a URL or a wallet name that is not one, before connecting", async () => {
    for (const [url, wallet] of [
      ["mysql://db.example/wallets", "default"],
      ["postgres://db.example/wallets", "Firm A"],
      ["postgres://db.example/wallets", ""],
      ["postgres://db.example/wallets", "x".repeat(57)],
    ] as const) {
      await expect(openPostgresStores({ url, wallet, passphrase: "pw" })).rejects.toBeInstanceOf(
        WalletConfigError,
      );
    }
  });
});
