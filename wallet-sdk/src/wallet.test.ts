import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  assertDidResolutionResult,
  createDidResolver,
  type DidResolver,
  deploy,
  ethereumDIDRegistryAbi,
} from "@permitchain/contracts";
import {
  Contract,
  encodeBase64,
  encodeBytes32String,
  type JsonRpcProvider,
  parseEther,
  toUtf8Bytes,
  Wallet,
} from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IdentityNotFoundError,
  KeyNotFoundError,
  NotControllerError,
  WalletConfigError,
  WalletLockedError,
  WrongPassphraseError,
} from "./errors.js";
import { openWalletStores } from "./stores/open-wallet-stores.js";
import { memoryStores, openFileStores } from "./stores/wallet-stores.js";
import { createWallet, type PermitChainWallet } from "./wallet.js";

const FAST = { N: 2 ** 12, r: 8, p: 1 };
const HUB = "https://hub.permitchain.example/firms/1";

let chain: EmbeddedChain;
let provider: JsonRpcProvider;
let funder: Wallet;
let relayer: Wallet;
let registry: string;
let resolver: DidResolver;
const directories: string[] = [];
const wallets: PermitChainWallet[] = [];

function open(stores: Parameters<typeof createWallet>[0]["stores"], withRelayer = true): PermitChainWallet {
  const wallet = createWallet({
    chainId: chain.chainId,
    registry,
    provider,
    stores,
    resolver,
    ...(withRelayer ? { relayer } : {}),
  });
  wallets.push(wallet);
  return wallet;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "permitchain-wallet-"));
  directories.push(dir);
  return dir;
}

async function fund(address: string): Promise<void> {
  await (await funder.sendTransaction({ to: address, value: parseEther("1") })).wait();
}

/** The current document, resolved through the project's resolver (cache included) and checked for DID Core. */
async function documentOf(did: string) {
  const result = await resolver.resolve(did);
  expect(result.didResolutionMetadata.error, JSON.stringify(result.didResolutionMetadata)).toBeUndefined();
  assertDidResolutionResult(result, { expectedId: did });
  return result.didDocument!;
}

interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  blockchainAccountId?: string;
  publicKeyHex?: string;
  publicKeyBase64?: string;
}

function methods(doc: { verificationMethod?: VerificationMethod[] }): VerificationMethod[] {
  return doc.verificationMethod ?? [];
}

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  provider = await connectJsonRpc(chain.rpcUrl!);
  funder = new Wallet(chain.devAccounts[0]!.privateKey, provider);
  relayer = new Wallet(chain.devAccounts[1]!.privateKey, provider);
  registry = (await deploy(funder)).contracts.EthereumDIDRegistry;
  resolver = createDidResolver({ chainId: chain.chainId, registry, provider });
});

afterAll(async () => {
  for (const wallet of wallets) wallet.close();
  resolver?.close();
  provider?.destroy();
  await chain?.stop();
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

describe("createIdentity", () => {
  it("creates a did:ethr on the chain that resolves to the controller key, with no transaction", async () => {
    const wallet = open(memoryStores());
    const created = await wallet.createIdentity({ alias: "firm" });
    const prefix = `did:ethr:0x${chain.chainId.toString(16)}:0x0`;
    expect(created.did.startsWith(prefix)).toBe(true);
    expect(created.identity).toBe(created.controllerAddress);
    const doc = await documentOf(created.did);
    expect(methods(doc)[0]!.blockchainAccountId).toBe(`eip155:${chain.chainId}:${created.identity}`);
    expect(methods(doc)[1]!.id).toBe(`${created.did}#controllerKey`);
    // through the agent: Veramo's DIDResolverPlugin on the same resolver
    const viaAgent = await wallet.resolve(created.did);
    expect(viaAgent.didDocument).toEqual(doc);
    expect(await wallet.getIdentity({ did: created.did })).toMatchObject({
      alias: "firm",
      controllerKeyId: created.controllerKeyId,
      formerControllerKeyIds: [],
    });
    await expect(wallet.getIdentity({ did: `${prefix}000` })).rejects.toBeInstanceOf(IdentityNotFoundError);
  });

  it("can use a network name in its DIDs", async () => {
    const named = createDidResolver({ chainId: chain.chainId, registry, provider, name: "permitchain" });
    const wallet = createWallet({
      chainId: chain.chainId,
      registry,
      provider,
      stores: memoryStores(),
      resolver: named,
      networkName: "permitchain",
    });
    const { did } = await wallet.createIdentity();
    expect(did.startsWith("did:ethr:permitchain:0x0")).toBe(true);
    expect((await wallet.resolve(did)).didDocument!.id).toBe(did);
    named.close();
  });
});

describe.each([
  ["direct", false],
  ["relayed", true],
])("every operation, %s", (_, relayed) => {
  it("changes the DID document as expected, through rotation and back", async () => {
    const wallet = open(memoryStores());
    const { did, identity, controllerAddress } = await wallet.createIdentity();
    if (!relayed) await fund(controllerAddress);
    const chainPrefix = `eip155:${chain.chainId}:`;

    // delegates: a monitoring device (veriKey) and an operator (sigAuth)
    const device = Wallet.createRandom().address;
    const operator = Wallet.createRandom().address;
    const added = await wallet.addDelegate({ did, delegate: device, validity: 3600, relayed });
    expect(added.relayed).toBe(relayed);
    expect(added.validTo).toBeGreaterThan(0n);
    await wallet.addDelegate({ did, delegate: operator, delegateType: "sigAuth", validity: 3600n, relayed });
    let doc = await documentOf(did);
    expect(methods(doc).map((m) => m.blockchainAccountId)).toEqual([
      `${chainPrefix}${identity}`,
      undefined, // #controllerKey
      `${chainPrefix}${device}`,
      `${chainPrefix}${operator}`,
    ]);
    expect(doc.authentication).toEqual([`${did}#controller`, `${did}#controllerKey`, `${did}#delegate-2`]);
    expect(doc.assertionMethod).toContain(`${did}#delegate-1`);

    // public keys: a signing key and a key agreement key, both generated in the KMS
    const signing = await wallet.publishKey({ did, type: "Secp256k1", relayed });
    const agreement = await wallet.publishKey({ did, type: "X25519", validity: 7200, relayed });
    expect(signing.attribute).toBe("did/pub/Secp256k1/veriKey/hex");
    expect(agreement.attribute).toBe("did/pub/X25519/enc/base64");
    const service = await wallet.publishService({ did, type: "MonitoringHub", endpoint: HUB, relayed });
    doc = await documentOf(did);
    const signingMethod = methods(doc).find((m) => m.publicKeyHex === signing.publicKeyHex);
    expect(signingMethod).toMatchObject({ type: "EcdsaSecp256k1VerificationKey2019", controller: did });
    const agreementMethod = methods(doc).find((m) => m.type === "X25519KeyAgreementKey2019");
    expect(agreementMethod?.publicKeyBase64).toBe(encodeBase64(`0x${agreement.publicKeyHex}`));
    expect(doc.keyAgreement).toEqual([agreementMethod!.id]);
    expect(doc.service).toEqual([{ id: `${did}#service-1`, type: "MonitoringHub", serviceEndpoint: HUB }]);
    const held = await wallet.getIdentity({ did });
    expect(held.keys.map((k) => k.record?.role)).toEqual(["controller", "published", "published"]);
    expect(held.services.map((s) => s.id)).toEqual([service.id]);

    // revocations take effect at once
    await wallet.revokeDelegate({ did, delegate: device, relayed });
    await wallet.revokeKey({ did, kid: signing.kid, relayed });
    await wallet.revokeKey({ did, kid: agreement.kid, relayed });
    await wallet.revokeService({ did, type: "MonitoringHub", endpoint: HUB, relayed });
    doc = await documentOf(did);
    expect(methods(doc).map((m) => m.blockchainAccountId)).toEqual([
      `${chainPrefix}${identity}`,
      undefined,
      `${chainPrefix}${operator}`,
    ]);
    expect(doc.keyAgreement).toBeUndefined();
    expect(doc.service).toBeUndefined();
    expect((await wallet.getIdentity({ did })).keys.map((k) => k.kid)).toEqual([held.controllerKeyId]);
    await expect(wallet.revokeKey({ did, kid: signing.kid, relayed })).rejects.toBeInstanceOf(
      KeyNotFoundError,
    );

    // owner rotation: a new KMS key controls the identity, the old one is kept for history
    const rotated = await wallet.rotateOwner({ did, relayed });
    expect(rotated.previousControllerKeyId).toBe(held.controllerKeyId);
    doc = await documentOf(did);
    expect(methods(doc)[0]!.blockchainAccountId).toBe(`${chainPrefix}${rotated.controllerAddress}`);
    expect(methods(doc).some((m) => m.id.endsWith("#controllerKey"))).toBe(false);
    const after = await wallet.getIdentity({ did });
    expect(after.controllerKeyId).toBe(rotated.controllerKeyId);
    expect(after.formerControllerKeyIds).toEqual([held.controllerKeyId]);
    expect(after.keys.find((k) => k.kid === held.controllerKeyId)?.record).toMatchObject({
      role: "former-controller",
      untilBlock: rotated.blockNumber,
    });

    // the new controller acts: through Veramo when direct, through the owner-nonce digest when relayed
    if (!relayed) await fund(rotated.controllerAddress);
    await wallet.publishService({
      did,
      type: "MonitoringHub",
      endpoint: `${HUB}/v2`,
      validity: 600,
      relayed,
    });
    await wallet.publishKey({ did, type: "Secp256k1", relayed });
    await wallet.addDelegate({ did, delegate: device, validity: 60, relayed });
    doc = await documentOf(did);
    expect(doc.service?.map((s) => s.serviceEndpoint)).toEqual([`${HUB}/v2`]);
    expect(
      methods(doc)
        .map((m) => m.blockchainAccountId)
        .filter(Boolean),
    ).toEqual([
      `${chainPrefix}${rotated.controllerAddress}`,
      `${chainPrefix}${operator}`,
      `${chainPrefix}${device}`,
    ]);
    // a second rotation
    const again = await wallet.rotateOwner({ did, relayed });
    expect((await wallet.getIdentity({ did })).formerControllerKeyIds).toEqual([
      held.controllerKeyId,
      rotated.controllerKeyId,
    ]);
    expect(methods(await documentOf(did))[0]!.blockchainAccountId).toBe(
      `${chainPrefix}${again.controllerAddress}`,
    );

    if (relayed) {
      // the owner never needed gas: every key the wallet used holds none
      for (const key of (await wallet.getIdentity({ did })).keys) {
        if (key.address !== undefined) expect(await provider.getBalance(key.address)).toBe(0n);
      }
    }
  });
});

describe("the wallet on files", () => {
  it("survives a restart from its directory, with keys encrypted at rest", async () => {
    const directory = await tempDir();
    const first = open(await openFileStores({ directory, passphrase: "s3cret", scrypt: FAST }));
    const { did, controllerKeyId } = await first.createIdentity({ alias: "firm" });
    const agreement = await first.publishKey({ did, type: "X25519", relayed: true });
    await first.publishService({
      did,
      type: "Hub",
      endpoint: { uri: HUB, accept: ["didcomm/v2"] },
      relayed: true,
    });
    const privateKeys = await first.agent.keyManagerGet({ kid: controllerKeyId });
    expect(privateKeys.publicKeyHex).toBeDefined();
    first.close();

    // nothing secret in clear on disk: compare against the KMS's own copy of the private keys
    const stores = await openFileStores({ directory, passphrase: "s3cret" });
    const secrets = (await stores.privateKeys.listKeys({})).map((k) => k.privateKeyHex);
    expect(secrets).toHaveLength(2);
    for (const name of await readdir(directory)) {
      const text = await readFile(join(directory, name), "utf8");
      for (const secret of secrets) expect(text).not.toContain(secret);
    }

    const second = open(stores);
    const identity = await second.getIdentity({ did });
    expect(identity).toMatchObject({ alias: "firm", controllerKeyId });
    expect(identity.keys.map((k) => k.kid)).toEqual([controllerKeyId, agreement.kid]);
    expect(identity.services).toHaveLength(1);
    // the restored keys still sign: a relayed change by the restored controller key
    const device = Wallet.createRandom().address;
    await second.addDelegate({ did, delegate: device, validity: 600, relayed: true });
    const doc = await documentOf(did);
    expect(methods(doc).some((m) => m.blockchainAccountId?.endsWith(device))).toBe(true);
    expect(doc.service).toEqual([
      { id: `${did}#service-1`, type: "Hub", serviceEndpoint: { uri: HUB, accept: ["didcomm/v2"] } },
    ]);
  });

  it("refuses a wrong passphrase and a locked wallet with typed errors", async () => {
    const directory = await tempDir();
    const wallet = open(await openFileStores({ directory, passphrase: "right", scrypt: FAST }));
    const { did } = await wallet.createIdentity();
    await expect(openFileStores({ directory, passphrase: "wrong" })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );

    wallet.lock();
    expect(wallet.locked).toBe(true);
    const locked = await wallet
      .addDelegate({ did, delegate: funder.address, validity: 60, relayed: true })
      .catch((e) => e);
    expect(locked).toBeInstanceOf(WalletLockedError);
    expect(locked.code).toBe("WALLET_LOCKED");
    await expect(wallet.createIdentity()).rejects.toBeInstanceOf(WalletLockedError);
    await expect(wallet.unlock("wrong")).rejects.toMatchObject({ code: "WRONG_PASSPHRASE" });
    await wallet.unlock("right");
    await wallet.addDelegate({ did, delegate: funder.address, validity: 60, relayed: true });

    expect(() => open(memoryStores()).lock()).toThrow(WalletConfigError);
    await expect(
      open(memoryStores(), false).addDelegate({ did, delegate: funder.address, validity: 60, relayed: true }),
    ).rejects.toBeInstanceOf(IdentityNotFoundError);
  });

  it("an old owner key cannot act after rotation: the registry refuses it, surfaced as NOT_CONTROLLER", async () => {
    const directory = await tempDir();
    const current = open(await openFileStores({ directory, passphrase: "pw", scrypt: FAST }));
    const { did, identity, controllerAddress } = await current.createIdentity();
    await fund(controllerAddress);
    const backup = await tempDir();
    await cp(directory, backup, { recursive: true }); // a copy of the wallet from before the rotation

    const rotated = await current.rotateOwner({ did, relayed: true });
    const stale = open(await openFileStores({ directory: backup, passphrase: "pw" }));
    expect((await stale.getIdentity({ did })).controllerAddress).toBe(controllerAddress);
    const device = Wallet.createRandom().address;

    const relayedError = await stale
      .addDelegate({ did, delegate: device, validity: 60, relayed: true })
      .catch((e) => e);
    expect(relayedError).toBeInstanceOf(NotControllerError);
    expect(relayedError).toMatchObject({
      code: "NOT_CONTROLLER",
      reason: "BadSignature",
      details: { identity, signer: controllerAddress, reason: "BadSignature" },
    });
    const directError = await stale.addDelegate({ did, delegate: device, validity: 60 }).catch((e) => e);
    expect(directError).toMatchObject({
      code: "NOT_CONTROLLER",
      reason: "NotOwner",
      details: { signer: controllerAddress },
    });
    // the Veramo path too (checked with the registry before Veramo sends)
    await expect(stale.publishKey({ did, type: "Secp256k1" })).rejects.toMatchObject({ reason: "NotOwner" });
    await expect(stale.rotateOwner({ did })).rejects.toBeInstanceOf(NotControllerError);
    // nothing changed on chain, and the stale copy learns it holds no controlling key
    expect(methods(await documentOf(did))[0]!.blockchainAccountId).toBe(
      `eip155:${chain.chainId}:${rotated.controllerAddress}`,
    );
    expect(await stale.syncController({ did })).toMatchObject({
      owner: rotated.controllerAddress,
      controllerKeyId: undefined,
      changed: false,
    });
    expect(await current.syncController({ did })).toMatchObject({
      controllerKeyId: rotated.controllerKeyId,
      changed: false,
    });
    // the stale copy generated no stray keys while failing
    expect((await stale.getIdentity({ did })).keys).toHaveLength(1);
  });

  it("refuses a relayed operation when the wallet has no relayer", async () => {
    const wallet = open(memoryStores(), false);
    const { did } = await wallet.createIdentity();
    await expect(
      wallet.addDelegate({ did, delegate: funder.address, validity: 60, relayed: true }),
    ).rejects.toBeInstanceOf(WalletConfigError);
  });
});

describe("the wallet on SQLite", () => {
  it("survives a restart from its database, with keys encrypted at rest, and locks", async () => {
    const directory = await tempDir();
    const firstStores = await openWalletStores({ directory, passphrase: "s3cret", scrypt: FAST });
    expect(firstStores.format).toBe("sqlite");
    const first = open(firstStores);
    const { did, controllerKeyId } = await first.createIdentity({ alias: "firm" });
    const agreement = await first.publishKey({ did, type: "X25519", relayed: true });
    first.close();
    firstStores.close();

    const stores = await openWalletStores({ directory, passphrase: "s3cret" });
    const secrets = (await stores.privateKeys.listKeys({})).map((k) => k.privateKeyHex);
    expect(secrets).toHaveLength(2);
    expect((await readdir(directory)).sort()).toEqual(["wallet.sqlite", "wallet.sqlite.owner"]);
    const bytes = await readFile(join(directory, "wallet.sqlite"));
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret))).toBe(false);

    const second = open(stores);
    const identity = await second.getIdentity({ did });
    expect(identity).toMatchObject({ alias: "firm", controllerKeyId });
    expect(identity.keys.map((k) => k.kid)).toEqual([controllerKeyId, agreement.kid]);
    second.lock();
    expect(second.locked).toBe(true);
    const device = Wallet.createRandom().address;
    await expect(
      second.addDelegate({ did, delegate: device, validity: 600, relayed: true }),
    ).rejects.toBeInstanceOf(WalletLockedError);
    await expect(second.unlock("wrong")).rejects.toBeInstanceOf(WrongPassphraseError);
    await second.unlock("s3cret");
    // the restored controller key still signs
    await second.addDelegate({ did, delegate: device, validity: 600, relayed: true });
    expect(methods(await documentOf(did)).some((m) => m.blockchainAccountId?.endsWith(device))).toBe(true);
    stores.close();
  });
});

describe("Veramo's own meta-transactions (why relayed operations do not use them)", () => {
  it("sign attribute changes with nonce(identity): accepted before an owner rotation, refused after", async () => {
    const wallet = open(memoryStores());
    const { did, identity } = await wallet.createIdentity();
    const relayed = new Contract(registry, ethereumDIDRegistryAbi, relayer);
    const viaVeramo = async (endpoint: string) => {
      // EthrDIDProvider's signOnly: it signs the digest with the controller key and hands back the arguments
      const [name, value, ttl, sig] = (await wallet.agent.didManagerAddService({
        did,
        service: { id: `${did}#${endpoint}`, type: "Hub", serviceEndpoint: endpoint },
        options: { signOnly: true, ttl: 600 },
      })) as [string, string, number, { sigV: number; sigR: string; sigS: string }];
      const send = relayed.getFunction("setAttributeSigned");
      const args = [
        identity,
        sig.sigV,
        sig.sigR,
        sig.sigS,
        encodeBytes32String(name),
        toUtf8Bytes(value),
        ttl,
      ];
      return (await send.send(...args)).wait();
    };
    await viaVeramo("https://a.example"); // the identity owns itself: nonce(identity) is the owner's nonce
    await wallet.rotateOwner({ did, relayed: true });
    const refused = await viaVeramo("https://b.example").catch((e: { data?: string }) => e);
    expect(relayed.interface.parseError((refused as { data?: string }).data ?? "0x")?.name).toBe(
      "BadSignature",
    );
    // the wallet's path signs with nonce(identityOwner(identity)) and goes through
    await wallet.publishService({ did, type: "Hub", endpoint: "https://b.example", relayed: true });
    expect((await documentOf(did)).service?.map((s) => s.serviceEndpoint)).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });
});
