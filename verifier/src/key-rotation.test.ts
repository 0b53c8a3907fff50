// The key cache never outlives a DID document change: keys are cached as facts (encoding -> point, address ->
// point), and whether one may sign is read from the current document at every verification.
import { ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { Contract, encodeBytes32String, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVerifier, type Verifier } from "./create-verifier.js";
import type { CredentialVerificationResult, PresentationVerificationResult } from "./result.js";
import {
  issueJwt,
  permitFor,
  presentJwt,
  startVerifierFixture,
  type TestIdentity,
  type VerifierFixture,
} from "./test-fixtures.js";

const DOMAIN = "https://verifier.permitchain.example";
const VERI_KEY = encodeBytes32String("veriKey");
const SIG_AUTH = encodeBytes32String("sigAuth");
const VERI_KEY_HEX = encodeBytes32String("did/pub/Secp256k1/veriKey/hex");
const SIG_AUTH_HEX = encodeBytes32String("did/pub/Secp256k1/sigAuth/hex");

let f: VerifierFixture;
let verifier: Verifier;

beforeAll(async () => {
  f = await startVerifierFixture();
  verifier = createVerifier({
    resolver: f.resolver,
    trustedIssuers: f.trustedIssuers,
    statusReader: f.statuses,
    challenges: f.challenges,
    clock: () => f.now,
    workers: 0,
  });
});

afterAll(async () => {
  await verifier?.close();
  await f?.stop();
});

function signature(result: CredentialVerificationResult | PresentationVerificationResult) {
  const found = result.checks.find((entry) => entry.check === "signature");
  if (found === undefined) throw new Error("no signature check");
  return found;
}

/** `key` signing as `subject`'s DID. */
const as = (subject: TestIdentity, key: { privateKey: string }): TestIdentity => ({
  did: subject.did,
  wallet: new Wallet(key.privateKey),
});

async function registryOf(identity: TestIdentity) {
  const registry = new Contract(
    f.manifest.contracts.EthereumDIDRegistry,
    ethereumDIDRegistryAbi,
    identity.wallet,
  );
  return async (method: string, ...args: unknown[]) => {
    await (await registry.getFunction(method).send(identity.wallet.address, ...args)).wait();
  };
}

const credentialOf = (issuer: TestIdentity, signer: TestIdentity = issuer) =>
  issueJwt(permitFor(issuer, f.firm, { issuedAt: f.issuedAt }), signer);

describe("key rotation and the key cache", () => {
  it("a veriKey attribute (publicKeyHex) signs while listed; revoked, its cached key is refused", async () => {
    const issuer = await f.freshIdentity();
    const send = await registryOf(issuer);
    const key = Wallet.createRandom();
    await send("setAttribute", VERI_KEY_HEX, key.signingKey.compressedPublicKey, 86_400);
    const jwt = await credentialOf(issuer, as(issuer, key));
    const before = signature(await verifier.verifyCredential(jwt));
    expect(before.code).toBe("SIGNATURE_VALID");
    expect(before.message).toContain("#delegate-");
    await send("revokeAttribute", VERI_KEY_HEX, key.signingKey.compressedPublicKey);
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_INVALID");
  });

  it("an address delegate (blockchainAccountId) is found by recovery once; revoked, its cached key is refused", async () => {
    const issuer = await f.freshIdentity();
    const send = await registryOf(issuer);
    const delegate = Wallet.createRandom();
    await send("addDelegate", VERI_KEY, delegate.address, 86_400);
    const jwt = await credentialOf(issuer, as(issuer, delegate));
    const recovered = verifier.stats.recovered;
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_VALID");
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_VALID");
    expect(verifier.stats.recovered).toBe(recovered + 1);
    await send("revokeDelegate", VERI_KEY, delegate.address);
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_INVALID");
  });

  it("after an owner change the old owner's cached key no longer signs for the DID; the new owner's does", async () => {
    const issuer = await f.freshIdentity();
    const owner = await f.freshIdentity();
    const old = await credentialOf(issuer);
    expect(signature(await verifier.verifyCredential(old)).code).toBe("SIGNATURE_VALID");
    await (await registryOf(issuer))("changeOwner", owner.wallet.address);
    expect(signature(await verifier.verifyCredential(old)).code).toBe("SIGNATURE_INVALID");
    const renewed = await credentialOf(issuer, as(issuer, owner.wallet));
    expect(signature(await verifier.verifyCredential(renewed)).code).toBe("SIGNATURE_VALID");
  });

  it("keys for presentations come from authentication: a sigAuth key signs one, a veriKey does not", async () => {
    const holder = await f.freshIdentity();
    const send = await registryOf(holder);
    const authKey = Wallet.createRandom();
    const assertionKey = Wallet.createRandom();
    await send("setAttribute", SIG_AUTH_HEX, authKey.signingKey.compressedPublicKey, 86_400);
    await send("setAttribute", VERI_KEY_HEX, assertionKey.signingKey.compressedPublicKey, 86_400);
    for (const [key, code] of [
      [authKey, "SIGNATURE_VALID"],
      [assertionKey, "SIGNATURE_INVALID"],
    ] as const) {
      const challenge = await f.challenges.issue();
      const jwt = await presentJwt(as(holder, key), [], { challenge: challenge.value, domain: DOMAIN });
      expect(signature(await verifier.verifyPresentation(jwt, { domain: DOMAIN })).code).toBe(code);
    }
  });

  it("a delegate whose validity ends without any event stops signing then", async () => {
    const issuer = await f.freshIdentity();
    const send = await registryOf(issuer);
    const delegate = Wallet.createRandom();
    await send("addDelegate", SIG_AUTH, delegate.address, 120);
    const jwt = await credentialOf(issuer, as(issuer, delegate));
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_VALID");
    await f.provider.send("evm_increaseTime", [300]);
    await f.provider.send("evm_mine", []);
    expect(signature(await verifier.verifyCredential(jwt)).code).toBe("SIGNATURE_INVALID");
  });
});
