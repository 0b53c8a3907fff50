import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CredentialType, ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { createVerifier, type Verifier } from "@permitchain/verifier";
import { Contract, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CredentialRejectedError,
  CredentialStoreCorruptError,
  HolderKeyUnavailableError,
  InvalidArgumentError,
  ProofInvalidError,
  SubjectNotInWalletError,
  WalletLockedError,
  WrongPassphraseError,
} from "./errors.js";
import { EncryptedFileCredentialStore } from "./stores/credential-store.js";
import { memoryStores, openFileStores, WALLET_FILES, type WalletStores } from "./stores/wallet-stores.js";
import { type IssuedPermit, identityAddressOf, startTestIssuer, type TestIssuer } from "./test-issuer.js";
import { createWallet, type PermitChainWallet } from "./wallet.js";

const FAST = { N: 2 ** 12, r: 8, p: 1 };
const DOMAIN = "https://auction.permitchain.example";

let issuer: TestIssuer;
const directories: string[] = [];
const wallets: PermitChainWallet[] = [];

function open(stores: WalletStores, verifier: Verifier = issuer.verifier): PermitChainWallet {
  const wallet = createWallet({
    chainId: issuer.chain.chainId,
    registry: issuer.manifest.contracts.EthereumDIDRegistry,
    provider: issuer.provider,
    stores,
    resolver: issuer.resolver,
    verifier,
    credentialProofVerifier: issuer.manifest.contracts.CredentialProofVerifier,
  });
  wallets.push(wallet);
  return wallet;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "permitchain-credentials-"));
  directories.push(dir);
  return dir;
}

/** A wallet in memory with one identity. */
async function walletWithIdentity(): Promise<{ wallet: PermitChainWallet; did: string }> {
  const wallet = open(memoryStores());
  const { did } = await wallet.createIdentity({ alias: "firm" });
  return { wallet, did };
}

beforeAll(async () => {
  issuer = await startTestIssuer();
});

afterAll(async () => {
  for (const wallet of wallets) wallet.close();
  await issuer?.stop();
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

describe("receiveCredential", () => {
  it("keeps a valid permit with its decoded form, its proof and metadata", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    const stored = await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    expect(stored.id).toBe(permit.id);
    expect(stored.jwt).toBe(permit.jwt);
    expect(stored.credential).toMatchObject({
      id: permit.id,
      type: ["VerifiableCredential", "DischargePermitCredential"],
      issuer: { id: issuer.didOf(issuer.regulator) },
      credentialSubject: { id: did, permitNumber: expect.any(String) },
    });
    expect(stored.credential).not.toHaveProperty("proof");
    expect(stored.metadata).toMatchObject({
      issuer: issuer.didOf(issuer.regulator),
      type: "DischargePermitCredential",
      subject: did,
      holder: did,
      status: {
        registry: issuer.manifest.contracts.CredentialStatusRegistry,
        issuer: issuer.regulator.address,
        index: String(permit.statusIndex),
      },
      verdict: "valid",
      flagged: false,
      reasons: [],
    });
    expect(Number.isNaN(Date.parse(stored.metadata.receivedAt))).toBe(false);
    expect(stored.proof).toMatchObject({
      domain: { chainId: String(issuer.manifest.chainId) },
      message: { subject: identityAddressOf(did), statusIndex: String(permit.statusIndex) },
      signer: issuer.regulator.address,
    });
    expect(await wallet.getCredential(permit.id)).toEqual(stored);
    // the same JWT again changes nothing
    expect(await wallet.receiveCredential(permit.jwt)).toEqual(stored);
  });

  it("refuses a revoked permit with the verifier's verdict and reasons", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await issuer.revoke(permit);
    const refused = await wallet.receiveCredential(permit.jwt).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CredentialRejectedError);
    expect(refused).toMatchObject({
      code: "CREDENTIAL_REJECTED",
      verdict: "invalid",
      reasons: [expect.objectContaining({ check: "status", status: "fail", code: "STATUS_REVOKED" })],
    });
    expect(await wallet.listCredentials()).toEqual([]);
  });

  it("refuses a permit about someone else", async () => {
    const { wallet } = await walletWithIdentity();
    const other = issuer.didOf(Wallet.createRandom() as unknown as Wallet);
    const permit = await issuer.issuePermit({ subject: other });
    await expect(wallet.receiveCredential(permit.jwt)).rejects.toMatchObject({
      code: "SUBJECT_NOT_IN_WALLET",
    });
    await expect(wallet.receiveCredential(permit.jwt)).rejects.toBeInstanceOf(SubjectNotInWalletError);
  });

  it("takes the address form of its identity's DID as the same subject", async () => {
    const { wallet, did } = await walletWithIdentity();
    const addressDid = `did:ethr:0x${issuer.chain.chainId.toString(16)}:${identityAddressOf(did)}`;
    const permit = await issuer.issuePermit({ subject: addressDid });
    const stored = await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    expect(stored.metadata).toMatchObject({ subject: addressDid, holder: did });
  });

  it("refuses a permit from an issuer not trusted for permits", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did, issuer: issuer.untrusted });
    const refused = await wallet.receiveCredential(permit.jwt).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CredentialRejectedError);
    expect((refused as CredentialRejectedError).verdict).toBe("invalid");
    expect((refused as CredentialRejectedError).reasons.map((reason) => reason.code)).toContain(
      "ISSUER_UNTRUSTED",
    );
  });

  it("refuses a proof that is not the credential's", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    const other = await issuer.issuePermit({ subject: did });
    const swapped = await wallet
      .receiveCredential(permit.jwt, { proof: other.proof })
      .catch((e: unknown) => e);
    expect(swapped).toBeInstanceOf(ProofInvalidError);
    expect((swapped as ProofInvalidError).reasons).toEqual(
      expect.arrayContaining([
        "message.credentialId is not keccak256 of the credential's id",
        "message.statusIndex is not the credential's status index",
      ]),
    );
    // a message altered after signing recovers to another signer, which the contract refuses
    const altered = {
      ...permit.proof,
      signer: undefined,
      typedData: {
        ...permit.proof.typedData,
        message: { ...permit.proof.typedData.message, validUntil: String(2n ** 40n) },
      },
    };
    const refused = await wallet.receiveCredential(permit.jwt, { proof: altered }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProofInvalidError);
    expect((refused as ProofInvalidError).failure?.name).toBe("UnauthorisedSigner");
    expect(await wallet.listCredentials()).toEqual([]);
  });

  it("checks a proof against the issuer's DID document when the wallet knows no verifier contract", async () => {
    const wallet = createWallet({
      chainId: issuer.chain.chainId,
      registry: issuer.manifest.contracts.EthereumDIDRegistry,
      provider: issuer.provider,
      stores: memoryStores(),
      resolver: issuer.resolver,
      verifier: issuer.verifier,
    });
    wallets.push(wallet);
    const { did } = await wallet.createIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    // the same statement signed by a key the issuer's DID document does not list
    const signature = await issuer.signProofAs(issuer.untrusted, permit.proof);
    const forged = { ...permit.proof, signature, signer: undefined };
    const refused = await wallet.receiveCredential(permit.jwt, { proof: forged }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProofInvalidError);
    expect((refused as ProofInvalidError).reasons[0]).toContain("not a key of the issuer's DID document");

    const stored = await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    expect(stored.proof?.signer).toBe(issuer.regulator.address);
    await expect(wallet.registerProof(permit.id)).rejects.toMatchObject({ code: "WALLET_CONFIG" });
  });

  it("refuses another credential under an id it holds, and works only unlocked", async () => {
    const dir = await tempDir();
    const wallet = open(await openFileStores({ directory: dir, passphrase: "pw", scrypt: FAST }));
    const { did } = await wallet.createIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt);
    const impostor = await issuer.issuePermit({ subject: did, changes: { "/id": permit.id } });
    await expect(wallet.receiveCredential(impostor.jwt)).rejects.toMatchObject({
      code: "CREDENTIAL_CONFLICT",
    });
    wallet.lock();
    await expect(wallet.receiveCredential(permit.jwt)).rejects.toBeInstanceOf(WalletLockedError);
    await expect(wallet.getCredential(permit.id)).rejects.toBeInstanceOf(WalletLockedError);
  });

  it("keeps an indeterminate credential only when asked, flagged", async () => {
    const unreachable = createVerifier({
      resolver: issuer.resolver,
      trustedIssuers: {
        isTrusted: () => Promise.resolve(true),
        wasTrustedAt: () => Promise.resolve(true),
        blockAt: () => Promise.resolve(1),
      },
      statusReader: { statusOf: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:1")) },
      challenges: issuer.challenges,
      workers: 0,
    });
    const wallet = open(memoryStores(), unreachable);
    const { did } = await wallet.createIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await expect(wallet.receiveCredential(permit.jwt)).rejects.toMatchObject({
      code: "CREDENTIAL_REJECTED",
      verdict: "indeterminate",
      reasons: [expect.objectContaining({ check: "status", status: "error", code: "CHAIN_UNREACHABLE" })],
    });
    const kept = await wallet.receiveCredential(permit.jwt, { acceptIndeterminate: true });
    expect(kept.metadata).toMatchObject({ verdict: "indeterminate", flagged: true });
    expect(kept.metadata.reasons.map((reason) => reason.code)).toEqual(["CHAIN_UNREACHABLE"]);
    await unreachable.close();
  });
});

describe("the encrypted credential store", () => {
  it("survives a wallet restart, and holds the credentials only encrypted", async () => {
    const dir = await tempDir();
    const first = open(await openFileStores({ directory: dir, passphrase: "right", scrypt: FAST }));
    const { did } = await first.createIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    const stored = await first.receiveCredential(permit.jwt, { proof: permit.proof });
    first.close();

    const path = join(dir, WALLET_FILES.credentials);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(permit.jwt.split(".")[1]!);
    expect(text).not.toContain(permit.id);
    expect(text).not.toContain("DischargePermitCredential");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(text)).toMatchObject({ format: "permitchain-credentials", kdf: { name: "scrypt" } });

    await expect(openFileStores({ directory: dir, passphrase: "wrong" })).rejects.toMatchObject({
      code: "WRONG_PASSPHRASE",
    });
    const again = open(await openFileStores({ directory: dir, passphrase: "right" }));
    expect(await again.listCredentials()).toEqual([stored]);
    const nonce = JSON.parse(text).cipher.nonce;
    expect(await again.deleteCredential(permit.id)).toBe(true);
    expect(JSON.parse(await readFile(path, "utf8")).cipher.nonce).not.toBe(nonce);
    expect(await again.listCredentials()).toEqual([]);

    // locked: the credentials leave memory with the keys
    again.lock();
    await expect(again.listCredentials()).rejects.toBeInstanceOf(WalletLockedError);
    await expect(again.unlock("wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    await again.unlock("right");
    expect(await again.listCredentials()).toEqual([]);
  });

  it("tells a wrong passphrase from a damaged file", async () => {
    const dir = await tempDir();
    const path = join(dir, "credentials.json");
    const store = await EncryptedFileCredentialStore.open({ path, passphrase: "right", scrypt: FAST });
    const wrong = await EncryptedFileCredentialStore.open({ path, passphrase: "wrong" }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(WrongPassphraseError);
    expect(wrong).toMatchObject({ code: "WRONG_PASSPHRASE" });
    expect((wrong as Error).message).toContain("credential store");
    expect(store.path).toBe(path);

    const file = JSON.parse(await readFile(path, "utf8"));
    const bytes = Buffer.from(file.ciphertext, "base64");
    bytes[0] = bytes[0]! ^ 1;
    await writeFile(path, JSON.stringify({ ...file, ciphertext: bytes.toString("base64") }));
    const damaged = await EncryptedFileCredentialStore.open({ path, passphrase: "right" }).catch(
      (e: unknown) => e,
    );
    expect(damaged).toBeInstanceOf(CredentialStoreCorruptError);
    expect(damaged).toMatchObject({ code: "CREDENTIAL_STORE_CORRUPT" });
    await writeFile(path, "not json");
    await expect(EncryptedFileCredentialStore.open({ path, passphrase: "right" })).rejects.toMatchObject({
      code: "CREDENTIAL_STORE_CORRUPT",
    });
  });
});

describe("listCredentials and selectCredentials", () => {
  let wallet: PermitChainWallet;
  let did: string;
  let refinery: IssuedPermit;
  let noWater: IssuedPermit;
  let bigCod: IssuedPermit;

  beforeAll(async () => {
    ({ wallet, did } = await walletWithIdentity());
    refinery = await issuer.issuePermit({ subject: did });
    // air pollutants only
    noWater = await issuer.issuePermit({
      subject: did,
      changes: {
        "/credentialSubject/pollutants": [
          {
            code: "SO2",
            medium: "air",
            annualCap: { value: 12, unit: "t/a" },
            concentrationLimit: { value: 50, unit: "mg/m3" },
            outlets: ["DA001"],
          },
        ],
        "/credentialSubject/outlets": [
          { id: "DA001", type: "air", name: "烟气排放口", monitoredPollutants: ["SO2"] },
        ],
      },
    });
    bigCod = await issuer.issuePermit({
      subject: did,
      changes: { "/credentialSubject/pollutants/4/annualCap/value": 120 },
    });
    for (const permit of [refinery, noWater, bigCod]) await wallet.receiveCredential(permit.jwt);
  });

  it("lists by type, issuer, holder and claims", async () => {
    const ids = (list: { id: string }[]) => list.map((credential) => credential.id);
    expect(ids(await wallet.listCredentials())).toEqual([refinery.id, noWater.id, bigCod.id]);
    expect(ids(await wallet.listCredentials({ type: "DischargePermitCredential" }))).toHaveLength(3);
    expect(await wallet.listCredentials({ type: "AuditReportCredential" })).toEqual([]);
    expect(
      ids(await wallet.listCredentials({ issuer: issuer.didOf(issuer.regulator).toLowerCase() })),
    ).toHaveLength(3);
    expect(await wallet.listCredentials({ issuer: issuer.didOf(issuer.untrusted) })).toEqual([]);
    expect(await wallet.listCredentials({ holder: issuer.didOf(issuer.untrusted) })).toEqual([]);
    expect(ids(await wallet.listCredentials({ holder: did }))).toHaveLength(3);
    // claims as a function of the subject, or as paths inside it
    const withWater = await wallet.listCredentials({
      claims: (subject) => (subject.pollutants as { medium: string }[]).some((p) => p.medium === "water"),
    });
    expect(ids(withWater)).toEqual([refinery.id, bigCod.id]);
    expect(ids(await wallet.listCredentials({ claims: { "pollutants[].medium": "water" } }))).toEqual([
      refinery.id,
      bigCod.id,
    ]);
  });

  it("selects by type and conditions, newest first", async () => {
    const ids = (list: { id: string }[]) => list.map((credential) => credential.id);
    const cod = await wallet.selectCredentials({
      type: "DischargePermitCredential",
      where: { "credentialSubject.pollutants[].code": "COD" },
    });
    expect(ids(cod)).toEqual([bigCod.id, refinery.id]);
    // conditions on one element: a COD cap of at least 100 t/a
    const large = await wallet.selectCredentials({
      type: "DischargePermitCredential",
      where: {
        "credentialSubject.pollutants": { some: { code: "COD", "annualCap.value": { gte: 100 } } },
      },
    });
    expect(ids(large)).toEqual([bigCod.id]);
    const air = await wallet.selectCredentials({
      type: "DischargePermitCredential",
      where: {
        "credentialSubject.pollutants[].medium": { exists: true },
        "credentialSubject.pollutants[].code": { in: ["NOx", "VOCs"] },
        "credentialSubject.validity.validUntil": { gt: new Date().toISOString() },
      },
    });
    expect(ids(air)).toEqual([bigCod.id, refinery.id]);
    // a typo is refused, not silently matched against nothing
    await expect(
      wallet.selectCredentials({ type: "DischargePermitCredential", where: { x: { equals: 1 } as never } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(wallet.listCredentials({ claims: { "a..b": 1 } })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("drops expired and revoked credentials from a selection", async () => {
    const later = createWallet({
      chainId: issuer.chain.chainId,
      registry: issuer.manifest.contracts.EthereumDIDRegistry,
      provider: issuer.provider,
      stores: memoryStores(),
      resolver: issuer.resolver,
      verifier: issuer.verifier,
      clock: () => new Date(Date.now() + 5 * 365 * 86_400_000),
    });
    const { did: holder } = await later.createIdentity();
    const permit = await issuer.issuePermit({ subject: holder });
    await later.receiveCredential(permit.jwt);
    expect(await later.selectCredentials({ type: "DischargePermitCredential" })).toEqual([]);
    expect(
      await later.selectCredentials({ type: "DischargePermitCredential", includeExpired: true }),
    ).toHaveLength(1);

    const revoked = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(revoked.jwt);
    await issuer.revoke(revoked);
    const all = await wallet.selectCredentials({ type: "DischargePermitCredential" });
    expect(all.map((credential) => credential.id)).toContain(revoked.id);
    const live = await wallet.selectCredentials({ type: "DischargePermitCredential", verify: true });
    expect(live.map((credential) => credential.id)).not.toContain(revoked.id);
    expect(live).toHaveLength(3);
    await wallet.deleteCredential(revoked.id);
  });
});

describe("createPresentation", () => {
  it("makes a VP-JWT that the verifier accepts once for its challenge", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt);
    const challenge = await issuer.challenges.issue({ domain: DOMAIN });
    const presentation = await wallet.createPresentation({
      holder: did,
      credentials: [permit.id],
      challenge: challenge.value,
      domain: DOMAIN,
    });
    const payload = JSON.parse(Buffer.from(presentation.jwt.split(".")[1]!, "base64url").toString());
    expect(payload).toMatchObject({
      iss: did,
      nonce: challenge.value,
      aud: [DOMAIN],
      vp: { type: ["VerifiablePresentation"], verifiableCredential: [permit.jwt] },
    });
    expect(payload.exp - payload.iat).toBe(300);

    const verified = await issuer.verifier.verifyPresentation(presentation.jwt, {
      challenge: challenge.value,
      domain: DOMAIN,
      credentialType: "DischargePermitCredential",
    });
    expect(verified.checks.filter((check) => check.status !== "pass")).toEqual([]);
    expect(verified).toMatchObject({ verdict: "valid", holder: did });
    expect(verified.credentials.map((credential) => credential.verdict)).toEqual(["valid"]);

    const replayed = await issuer.verifier.verifyPresentation(presentation.jwt, {
      challenge: challenge.value,
      domain: DOMAIN,
    });
    expect(replayed.verdict).toBe("invalid");
    expect(replayed.checks.find((check) => check.check === "challenge")?.code).toBe("CHALLENGE_REPLAYED");
  });

  it("presents as the DID form the credential names, and refuses what is not the holder's", async () => {
    const { wallet, did } = await walletWithIdentity();
    const addressDid = `did:ethr:0x${issuer.chain.chainId.toString(16)}:${identityAddressOf(did)}`;
    const permit = await issuer.issuePermit({ subject: addressDid });
    await wallet.receiveCredential(permit.jwt);
    await expect(
      wallet.createPresentation({ holder: did, credentials: [permit.id], challenge: "c", domain: DOMAIN }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      wallet.createPresentation({
        holder: did,
        credentials: ["urn:uuid:none"],
        challenge: "c",
        domain: DOMAIN,
      }),
    ).rejects.toMatchObject({ code: "CREDENTIAL_NOT_FOUND" });
    await expect(
      wallet.createPresentation({
        holder: issuer.didOf(issuer.untrusted),
        credentials: [permit.id],
        challenge: "c",
        domain: DOMAIN,
      }),
    ).rejects.toMatchObject({ code: "IDENTITY_NOT_FOUND" });

    const challenge = await issuer.challenges.issue({ domain: DOMAIN });
    const presentation = await wallet.createPresentation({
      holder: addressDid,
      credentials: [permit.id],
      challenge: challenge.value,
      domain: DOMAIN,
    });
    const verified = await issuer.verifier.verifyPresentation(presentation.jwt, {
      challenge: challenge.value,
      domain: DOMAIN,
    });
    expect(verified.verdict).toBe("valid");
  });
});

describe("on-chain proofs", () => {
  it("gives requireEligible's and registerProof's arguments, and registers the proof from the holder", async () => {
    const { wallet, did } = await walletWithIdentity();
    const holder = identityAddressOf(did);
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt, { proof: permit.proof });

    const args = await wallet.onChainProofArguments(permit.id);
    expect(args.holder).toBe(holder);
    expect(args.verifyingContract).toBe(issuer.manifest.contracts.CredentialProofVerifier);
    expect(args.proof.statusIndex).toBe(permit.statusIndex);
    expect(args.requireEligible).toEqual([holder, args.proof, args.signature]);
    // the contract accepts them as they are
    await issuer.proofVerifier.getFunction("requireEligible").staticCall(...args.requireEligible);
    expect(await issuer.proofVerifier.getFunction("checkProof").staticCall(...args.requireEligible)).toEqual([
      true,
      "0x",
    ]);
    await issuer.proofVerifier
      .getFunction("registerProof")
      .staticCall(...args.registerProof, { from: holder });

    const isEligible = () =>
      issuer.proofVerifier.getFunction("isEligible").staticCall(holder, CredentialType.DischargePermit);
    expect(await isEligible()).toBe(false);
    await issuer.fund(holder);
    const registered = await wallet.registerProof(permit.id);
    expect(registered).toMatchObject({
      holder,
      credentialType: CredentialType.DischargePermit,
      validUntil: args.proof.validUntil,
    });
    expect(await isEligible()).toBe(true);
    // a revocation ends it on chain too
    await issuer.revoke(permit);
    expect(await isEligible()).toBe(false);
  });

  it("refuses to register without a proof", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt);
    await expect(wallet.onChainProofArguments(permit.id)).rejects.toMatchObject({ code: "PROOF_NOT_FOUND" });
    await expect(wallet.registerProof(permit.id)).rejects.toMatchObject({ code: "PROOF_NOT_FOUND" });
  });

  it("after an owner rotation, registers from the new controller; the old key's registration ends", async () => {
    const { wallet, did } = await walletWithIdentity();
    const identity = identityAddressOf(did);
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    await issuer.fund(identity);
    await wallet.registerProof(permit.id);
    const isEligible = (holder: string) =>
      issuer.proofVerifier.getFunction("isEligible").staticCall(holder, CredentialType.DischargePermit);
    expect(await isEligible(identity)).toBe(true);

    const rotated = await wallet.rotateOwner({ did });
    expect(await isEligible(identity)).toBe(false);
    const args = await wallet.onChainProofArguments(permit.id);
    expect(args.holder).toBe(rotated.controllerAddress);
    expect(args.proof.subject).toBe(identity);
    expect(args.requireEligible[0]).toBe(rotated.controllerAddress);
    await issuer.proofVerifier.getFunction("requireEligible").staticCall(...args.requireEligible);
    await issuer.fund(rotated.controllerAddress);
    const registered = await wallet.registerProof(permit.id);
    expect(registered.holder).toBe(rotated.controllerAddress);
    expect(await isEligible(rotated.controllerAddress)).toBe(true);
  });

  it("refuses to register when the identity's owner is a key the wallet does not hold", async () => {
    const stores = memoryStores();
    const wallet = open(stores);
    const created = await wallet.createIdentity({ alias: "firm" });
    const permit = await issuer.issuePermit({ subject: created.did });
    await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    // the controller key, used outside the wallet to hand the identity to someone else
    const { privateKeyHex } = await stores.privateKeys.getKey({ alias: created.controllerKeyId });
    const controller = new Wallet(privateKeyHex, issuer.provider);
    await issuer.fund(controller.address);
    const elsewhere = Wallet.createRandom().address;
    const registry = new Contract(
      issuer.manifest.contracts.EthereumDIDRegistry,
      ethereumDIDRegistryAbi,
      controller,
    );
    await (await registry.getFunction("changeOwner").send(created.identity, elsewhere)).wait();

    const refused = await wallet.registerProof(permit.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HolderKeyUnavailableError);
    expect(refused).toMatchObject({
      code: "HOLDER_KEY_UNAVAILABLE",
      details: { subject: created.identity, owner: elsewhere, controller: created.controllerAddress },
    });
  });

  it("turns a contract refusal into PROOF_REJECTED", async () => {
    const { wallet, did } = await walletWithIdentity();
    const permit = await issuer.issuePermit({ subject: did });
    await wallet.receiveCredential(permit.jwt, { proof: permit.proof });
    await issuer.revoke(permit);
    await issuer.fund(identityAddressOf(did));
    await expect(wallet.registerProof(permit.id)).rejects.toMatchObject({
      code: "PROOF_REJECTED",
      failure: { name: "CredentialNotLive" },
    });
    // the contract read directly: still nothing registered
    const contract = new Contract(
      issuer.manifest.contracts.CredentialProofVerifier,
      issuer.proofVerifier.interface,
      issuer.provider,
    );
    expect(
      await contract
        .getFunction("isEligible")
        .staticCall(identityAddressOf(did), CredentialType.DischargePermit),
    ).toBe(false);
  });
});
