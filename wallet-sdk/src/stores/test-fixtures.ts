import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IIdentifier } from "@veramo/core";
import { SigningKey } from "ethers";
import sqlite3 from "node-sqlite3-wasm";
import type { StoredCredential } from "./credential-store.js";
import type { WalletStores } from "./wallet-stores.js";

/** A cheap scrypt cost for tests (the default costs 128 MiB and a fraction of a second per derivation). */
export const FAST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

/** A secp256k1 private key (a well-known test vector), hex without 0x. */
export const PRIVATE_KEY_HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
export const OTHER_PRIVATE_KEY_HEX = "8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f";
/** Its uncompressed public key, hex without 0x (what kms-local uses as the key id and alias). */
export const PUBLIC_KEY_HEX = new SigningKey(`0x${PRIVATE_KEY_HEX}`).publicKey.slice(2);
export const HOLDER_DID = "did:ethr:0x7a69:0x1f2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5";
export const ISSUER_DID = "did:ethr:0x7a69:0x90f79bf6eb2c4f870365e785982e1f101e93b906";
/** A claim value that must never appear in clear in a wallet file. */
export const PERMIT_NUMBER = "PERMIT-SZ-2025-004217";

/** A temporary directory, removed by the returned function. */
export async function temporaryDirectory(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A VC-JWT-shaped string, distinct per `serial` (the wallet stores it as given: no signature check here). */
export function jwtFor(serial: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "ES256K", typ: "JWT" });
  const payload = encode({
    iss: ISSUER_DID,
    sub: HOLDER_DID,
    jti: `urn:uuid:permit-${serial}`,
    nbf: 1_750_000_000,
  });
  return `${header}.${payload}.${Buffer.alloc(64, serial).toString("base64url")}`;
}

/** A stored credential as `receiveCredential` records it, with an EIP-712 proof. */
export function storedCredential(serial: number): StoredCredential {
  const id = `urn:uuid:permit-${serial}`;
  return {
    id,
    jwt: jwtFor(serial),
    credential: {
      "@context": ["https://www.w3.org/2018/credentials/v1"],
      id,
      type: ["VerifiableCredential", "DischargePermitCredential"],
      issuer: { id: ISSUER_DID },
      issuanceDate: "2025-06-15T12:00:00.000Z",
      credentialSubject: {
        id: HOLDER_DID,
        permitNumber: PERMIT_NUMBER,
        pollutants: [{ code: "COD", medium: "water", annualCap: { value: 40 + serial, unit: "t" } }],
      },
    },
    proof: {
      domain: {
        name: "PermitChain",
        version: "1",
        chainId: "31337",
        verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      },
      message: {
        credentialId: `0x${"ab".repeat(32)}`,
        credentialType: `0x${"cd".repeat(32)}`,
        issuer: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
        subject: "0x1f2A9e4C0b8D3e6F7a1b2C3d4E5f60718293A4b5",
        statusIndex: String(serial),
        validFrom: "1750000000",
        validUntil: "1781536000",
        claimsHash: `0x${"ef".repeat(32)}`,
      },
      signature: `0x${"11".repeat(65)}`,
      signer: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      caps: [{ pollutant: "COD", medium: "water", annualCapGrams: "40000000" }],
    },
    metadata: {
      receivedAt: "2025-06-15T12:00:05.000Z",
      issuer: ISSUER_DID,
      type: "DischargePermitCredential",
      types: ["VerifiableCredential", "DischargePermitCredential"],
      subject: HOLDER_DID,
      holder: HOLDER_DID,
      status: {
        registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        issuer: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
        index: String(serial),
      },
      issuanceDate: "2025-06-15T12:00:00.000Z",
      expirationDate: "2026-06-15T12:00:00.000Z",
      verdict: "valid",
      flagged: false,
      reasons: [],
    },
  };
}

/** An identifier as Veramo's DIDManager imports it: its key carries private key material the store must drop. */
export function identifier(alias: string, did = HOLDER_DID): IIdentifier {
  return {
    did,
    alias,
    provider: "did:ethr:0x7a69",
    controllerKeyId: PUBLIC_KEY_HEX,
    keys: [
      {
        kid: PUBLIC_KEY_HEX,
        kms: "local",
        type: "Secp256k1",
        publicKeyHex: PUBLIC_KEY_HEX,
        privateKeyHex: PRIVATE_KEY_HEX,
        meta: { algorithms: ["ES256K"] },
      },
    ],
    services: [{ id: `${did}#hub`, type: "Hub", serviceEndpoint: "https://hub.permitchain.example" }],
  };
}

/** Puts two private keys (`k1`, `k2`), two credentials (1 and 2) and the identity "firm" into `stores`. */
export async function fillWallet(stores: Required<WalletStores>): Promise<void> {
  await stores.privateKeys.importKey({ alias: "k1", type: "Secp256k1", privateKeyHex: PRIVATE_KEY_HEX });
  await stores.privateKeys.importKey({
    alias: "k2",
    type: "Secp256k1",
    privateKeyHex: OTHER_PRIVATE_KEY_HEX,
  });
  await stores.credentials.put(storedCredential(1));
  await stores.credentials.put(storedCredential(2));
  await stores.dids.importDID(identifier("firm"));
}

/** Runs `task` on the wallet database file opened directly (raw SQL, as an attacker with the file would). */
export function withRawDatabase<T>(path: string, task: (db: InstanceType<typeof sqlite3.Database>) => T): T {
  const db = new sqlite3.Database(path, { fileMustExist: true });
  try {
    return task(db);
  } finally {
    db.close();
  }
}

/** The bytes of `sealed` with one bit of the byte at `offset` flipped. */
export function flipped(sealed: unknown, offset: number): Uint8Array {
  if (!(sealed instanceof Uint8Array)) throw new Error("not a BLOB");
  const copy = Uint8Array.from(sealed);
  copy[offset] = copy[offset]! ^ 0x01;
  return copy;
}
