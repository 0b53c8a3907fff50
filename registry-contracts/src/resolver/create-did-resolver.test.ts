import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  type BaseWallet,
  Contract,
  encodeBase64,
  encodeBytes32String,
  hexlify,
  type JsonRpcProvider,
  parseEther,
  randomBytes,
  Signature,
  toUtf8Bytes,
  Wallet,
  ZeroAddress,
} from "ethers";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deploy } from "../deploy.js";
import { ethereumDIDRegistryAbi } from "../generated/index.js";
import { registryMetaTxDigest } from "../meta-transaction.js";
import { createDidResolver, type DidResolver, DidResolverConfigError } from "./create-did-resolver.js";
import { assertDidCoreDocument, assertDidResolutionResult, checkDidResolutionResult } from "./did-core.js";

const VERI_KEY = encodeBytes32String("veriKey");
const SERVICE = encodeBytes32String("did/svc/HubService");
const HUB = "https://hub.permitchain.example/dids";

let chain: EmbeddedChain;
let provider: JsonRpcProvider;
let relayer: Wallet;
let registry: Contract;
let registryAddress: string;
let prefix: string;
const opened: DidResolver[] = [];

function resolver(options: Partial<Parameters<typeof createDidResolver>[0]> = {}): DidResolver {
  const created = createDidResolver({
    chainId: chain.chainId,
    registry: registryAddress,
    provider,
    name: "permitchain",
    ...options,
  });
  opened.push(created);
  return created;
}

async function mined(tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  return receipt!.blockNumber;
}

/** A fresh identity with gas, acting directly on the registry. */
async function fundedIdentity(): Promise<{ wallet: BaseWallet; did: string; registry: Contract }> {
  const wallet = Wallet.createRandom(provider);
  await mined(relayer.sendTransaction({ to: wallet.address, value: parseEther("1") }));
  return { wallet, did: `${prefix}:${wallet.address}`, registry: registry.connect(wallet) as Contract };
}

async function ok(r: DidResolver, didUrl: string) {
  const result = await r.resolve(didUrl);
  expect(result.didResolutionMetadata.error, JSON.stringify(result.didResolutionMetadata)).toBeUndefined();
  assertDidResolutionResult(result, { expectedId: didUrl.split(/[?#]/)[0]! });
  return result;
}

function delegates(doc: { verificationMethod?: { id: string }[] } | null): string[] {
  return (doc?.verificationMethod ?? []).map((m) => m.id.split("#")[1]!).filter((f) => f !== "controller");
}

async function advance(seconds: number): Promise<void> {
  await provider.send("evm_increaseTime", [seconds]);
  await provider.send("evm_mine", []);
}

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  provider = await connectJsonRpc(chain.rpcUrl!);
  relayer = new Wallet(chain.devAccounts[0]!.privateKey, provider);
  const manifest = await deploy(relayer);
  registryAddress = manifest.contracts.EthereumDIDRegistry;
  registry = new Contract(registryAddress, ethereumDIDRegistryAbi, relayer);
  prefix = `did:ethr:0x${chain.chainId.toString(16)}`;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  for (const r of opened) r.close();
  provider?.destroy();
  await chain?.stop();
});

describe("createDidResolver: cache", () => {
  it("serves the second resolution from the cache, and hands out copies", async () => {
    const r = resolver();
    const did = `${prefix}:${Wallet.createRandom().address}`;
    const first = await ok(r, did);
    expect(first.didDocument!.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${did.split(":").pop()}`,
      },
    ]);
    expect(r.stats).toEqual({ hits: 0, misses: 1, invalidations: 0, expirations: 0 });
    first.didDocument!.id = "did:example:tampered";
    const second = await ok(r, did);
    expect(second.didDocument!.id).toBe(did);
    expect(r.stats).toEqual({ hits: 1, misses: 1, invalidations: 0, expirations: 0 });
    // a fragment or the JSON (not JSON-LD) representation: the same DID, its own cache entry for the latter
    await ok(r, `${did}#controller`);
    expect(r.stats.hits).toBe(2);
    const plain = await r.resolve(did, { accept: "application/did+json" });
    expect(plain.didDocument!["@context"]).toBeUndefined();
    assertDidResolutionResult(plain);
    expect(r.stats.misses).toBe(2);
  });

  it("resolves concurrent requests for one DID with one chain round", async () => {
    const r = resolver();
    const did = `${prefix}:${Wallet.createRandom().address}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => r.resolve(did)));
    expect(new Set(results.map((x) => JSON.stringify(x))).size).toBe(1);
    expect(r.stats).toMatchObject({ hits: 4, misses: 1 });
  });

  it("sees a change made by another party on the next resolve, and only for that identity", async () => {
    const r = resolver();
    const other = resolver(); // a second instance, as another service of the project would hold
    const alice = await fundedIdentity();
    const bob = `${prefix}:${Wallet.createRandom().address}`;
    const device = Wallet.createRandom();
    await ok(r, alice.did);
    await ok(r, bob);
    await ok(other, alice.did);

    await mined(alice.registry.addDelegate!(alice.wallet.address, VERI_KEY, device.address, 86_400n));
    const changed = await ok(r, alice.did);
    expect(changed.didDocument!.verificationMethod![1]!.blockchainAccountId).toBe(
      `eip155:${chain.chainId}:${device.address}`,
    );
    expect(r.stats).toMatchObject({ misses: 3, invalidations: 1 });
    await ok(r, bob); // bob did not change: still cached
    expect(r.stats).toMatchObject({ hits: 1, misses: 3, invalidations: 1 });
    expect(delegates((await ok(other, alice.did)).didDocument)).toEqual(["delegate-1"]);
    expect(other.stats).toMatchObject({ misses: 2, invalidations: 1 });

    // a relayed (signed) change is an event like any other
    const owner = Wallet.createRandom();
    const did = `${prefix}:${owner.address}`;
    await ok(r, did);
    const digest = registryMetaTxDigest({
      registry: registryAddress,
      nonce: (await registry.nonce!(owner.address)) as bigint,
      identity: owner.address,
      operation: { type: "setAttribute", name: SERVICE, value: toUtf8Bytes(HUB), validity: 86_400n },
    });
    const sig = Signature.from(owner.signingKey.sign(digest));
    await mined(
      registry.setAttributeSigned!(owner.address, sig.v, sig.r, sig.s, SERVICE, toUtf8Bytes(HUB), 86_400n),
    );
    expect((await ok(r, did)).didDocument!.service).toEqual([
      { id: `${did}#service-1`, type: "HubService", serviceEndpoint: HUB },
    ]);
    expect(r.stats.invalidations).toBe(2);
  });

  it("drops a document when a delegate or attribute expires, which emits no event (chain clock)", async () => {
    const r = resolver();
    const alice = await fundedIdentity();
    const device = Wallet.createRandom();
    await mined(alice.registry.addDelegate!(alice.wallet.address, VERI_KEY, device.address, 100n));
    await mined(alice.registry.setAttribute!(alice.wallet.address, SERVICE, toUtf8Bytes(HUB), 1_000n));
    const fresh = await ok(r, alice.did);
    expect(delegates(fresh.didDocument)).toEqual(["delegate-1"]);
    expect(fresh.didDocument!.service).toHaveLength(1);
    await ok(r, alice.did);
    expect(r.stats).toEqual({ hits: 1, misses: 1, invalidations: 0, expirations: 0 });

    await advance(50); // a block, but nothing expired yet
    await ok(r, alice.did);
    expect(r.stats).toMatchObject({ hits: 2, expirations: 0 });

    await advance(100); // past the delegate's validTo: no event, yet the document changes
    const later = await ok(r, alice.did);
    expect(delegates(later.didDocument)).toEqual([]);
    expect(later.didDocument!.service).toHaveLength(1);
    expect(r.stats).toEqual({ hits: 2, misses: 2, invalidations: 0, expirations: 1 });
    await ok(r, alice.did);
    expect(r.stats.hits).toBe(3);

    await advance(1_000); // past the service's validTo
    expect((await ok(r, alice.did)).didDocument!.service).toBeUndefined();
    expect(r.stats).toMatchObject({ misses: 3, invalidations: 0, expirations: 2 });
  });

  it("drops a document when a delegate expires by the wall clock (clock: wall)", async () => {
    const r = resolver({ clock: "wall" });
    const alice = await fundedIdentity();
    const device = Wallet.createRandom();
    const receipt = await (
      await alice.registry.addDelegate!(alice.wallet.address, VERI_KEY, device.address, 60n)
    ).wait();
    const validTo = registry.interface.parseLog(receipt.logs[0])!.args.validTo as bigint;
    expect(delegates((await ok(r, alice.did)).didDocument)).toEqual(["delegate-1"]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Number(validTo) * 1000); // the last second it is valid
    await ok(r, alice.did);
    expect(r.stats).toMatchObject({ hits: 1, expirations: 0 });
    vi.setSystemTime((Number(validTo) + 1) * 1000);
    expect(delegates((await ok(r, alice.did)).didDocument)).toEqual([]);
    expect(r.stats).toEqual({ hits: 1, misses: 2, invalidations: 0, expirations: 1 });
  });

  it("keeps documents as of a past block (versionId) for good once they have a next version", async () => {
    const r = resolver();
    const alice = await fundedIdentity();
    const device = Wallet.createRandom();
    const id = alice.wallet.address;
    const b1 = await mined(alice.registry.addDelegate!(id, VERI_KEY, device.address, 86_400n));
    const b2 = await mined(alice.registry.setAttribute!(id, SERVICE, toUtf8Bytes(HUB), 86_400n));

    const v1 = await ok(r, `${alice.did}?versionId=${b1}`);
    expect(delegates(v1.didDocument)).toEqual(["delegate-1"]);
    expect(v1.didDocument!.service).toBeUndefined();
    expect(v1.didDocumentMetadata).toMatchObject({ versionId: String(b1), nextVersionId: String(b2) });
    const v2 = await ok(r, `${alice.did}?versionId=${b2}`);
    expect(v2.didDocumentMetadata.nextVersionId).toBeUndefined();
    expect(r.stats).toMatchObject({ hits: 0, misses: 2 });

    const b3 = await mined(alice.registry.revokeDelegate!(id, VERI_KEY, device.address));
    await ok(r, `${alice.did}?versionId=${b1}`); // history: still cached
    expect(r.stats).toMatchObject({ hits: 1, misses: 2, invalidations: 1 });
    // the version that was the latest gained a next version: resolved again, then kept for good
    const v2again = await ok(r, `${alice.did}?versionId=${b2}`);
    expect(v2again.didDocumentMetadata.nextVersionId).toBe(String(b3));
    expect(v2again.didDocument).toEqual(v2.didDocument);
    await advance(10);
    await ok(r, `${alice.did}?versionId=${b2}`);
    expect(r.stats).toMatchObject({ hits: 2, misses: 3, invalidations: 1 });

    // the current document and a past one are separate entries
    expect(delegates((await ok(r, alice.did)).didDocument)).toEqual([]);
    expect(delegates((await ok(r, `${alice.did}?versionId=${b1 - 1}`)).didDocument)).toEqual([]);
  });

  it("drops the keyAgreement reference of a revoked enc key (ethr-did-resolver 11.1.3 leaves it dangling)", async () => {
    const r = resolver();
    const alice = await fundedIdentity();
    const name = encodeBytes32String("did/pub/X25519/enc/base64");
    const value = hexlify(randomBytes(32));
    await mined(alice.registry.setAttribute!(alice.wallet.address, name, value, 600n));
    const published = (await ok(r, alice.did)).didDocument!;
    expect(published.keyAgreement).toEqual([`${alice.did}#delegate-1`]);
    expect(published.verificationMethod![1]).toMatchObject({
      type: "X25519KeyAgreementKey2019",
      publicKeyBase64: encodeBase64(value),
    });
    await mined(alice.registry.revokeAttribute!(alice.wallet.address, name, value));
    const revoked = (await ok(r, alice.did)).didDocument!;
    expect(revoked.keyAgreement).toBeUndefined();
    expect(delegates(revoked)).toEqual([]);
  });

  it("resolves public-key DIDs and the network name, invalidated by the identity's address", async () => {
    const r = resolver();
    const key = Wallet.createRandom(provider);
    await mined(relayer.sendTransaction({ to: key.address, value: parseEther("1") }));
    const did = `did:ethr:permitchain:${key.signingKey.compressedPublicKey}`;
    const before = await ok(r, did);
    expect(before.didDocument!.verificationMethod!.map((m) => m.id)).toEqual([
      `${did}#controller`,
      `${did}#controllerKey`,
    ]);
    await ok(r, did);
    const next = Wallet.createRandom();
    await mined((registry.connect(key) as Contract).changeOwner!(key.address, next.address));
    const after = await ok(r, did);
    expect(after.didDocument!.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${next.address}`,
      },
    ]);
    expect(r.stats).toMatchObject({ hits: 1, misses: 2, invalidations: 1 });
  });

  it("learns of changes from block events in subscription mode, without a resolve", async () => {
    const polled = await connectJsonRpc(chain.rpcUrl!);
    polled.pollingInterval = 50;
    const r = resolver({ provider: polled, invalidation: "subscribe" });
    const alice = await fundedIdentity();
    await ok(r, alice.did);
    await mined(
      alice.registry.addDelegate!(alice.wallet.address, VERI_KEY, Wallet.createRandom().address, 600n),
    );
    await vi.waitFor(() => expect(r.stats.invalidations).toBe(1), { timeout: 10_000, interval: 50 });
    expect(delegates((await ok(r, alice.did)).didDocument)).toEqual(["delegate-1"]);
    expect(r.stats).toMatchObject({ misses: 2 });
    r.close();
    polled.destroy();
  });

  it("opens its own provider from an rpcUrl", async () => {
    const r = createDidResolver({ chainId: chain.chainId, registry: registryAddress, rpcUrl: chain.rpcUrl! });
    const did = `${prefix}:${Wallet.createRandom().address}`;
    await ok(r, did);
    r.close();
    expect((await r.resolve(did)).didResolutionMetadata.error).toBe("notFound");
  });

  it("refuses a configuration without a provider or with a bad registry", () => {
    expect(() => createDidResolver({ chainId: 1, registry: registryAddress })).toThrow(
      DidResolverConfigError,
    );
    expect(() => createDidResolver({ chainId: 1, registry: "0x12", provider })).toThrow(/not an address/);
  });
});

describe("createDidResolver: DID Core errors and deactivation", () => {
  const address = "0x1f2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5";

  it.each([
    ["not a DID", "hello"],
    ["another method", `did:web:permitchain.example`],
    ["a short address", `did:ethr:0x7a69:0x1234`],
    ["a bad checksum", `did:ethr:0x7a69:0x1F2a9e4c0b8d3e6f7a1b2c3d4e5f60718293a4b5`],
    ["a key not on the curve", `did:ethr:0x7a69:0x02${"ff".repeat(32)}`],
    ["a malformed network", `did:ethr:0x:${address}`],
    ["a malformed network name", `did:ethr:perm..it:${address}`],
    ["a malformed versionId", `did:ethr:0x7a69:${address}?versionId=latest`],
  ])("answers invalidDid for %s", async (_, didUrl) => {
    const r = resolver();
    const result = await r.resolve(didUrl);
    expect(result.didResolutionMetadata.error).toBe("invalidDid");
    expect(result.didDocument).toBeNull();
    expect(checkDidResolutionResult(result)).toEqual([]);
    expect(r.stats).toEqual({ hits: 0, misses: 0, invalidations: 0, expirations: 0 });
  });

  it.each([
    ["mainnet (no network)", `did:ethr:${address}`],
    ["another chain id", `did:ethr:0x1:${address}`],
    ["another network name", `did:ethr:sepolia:${address}`],
  ])("answers notFound for %s", async (_, didUrl) => {
    const result = await resolver().resolve(didUrl);
    expect(result.didResolutionMetadata.error).toBe("notFound");
    expect(result.didResolutionMetadata.message).toMatch(/unknown network/);
    expect(checkDidResolutionResult(result)).toEqual([]);
  });

  it("answers notFound for a block that does not exist yet, and caches no error", async () => {
    const r = resolver();
    const did = `${prefix}:${address}?versionId=99999999`;
    expect((await r.resolve(did)).didResolutionMetadata.error).toBe("notFound");
    expect((await r.resolve(did)).didResolutionMetadata.error).toBe("notFound");
    expect(r.stats).toMatchObject({ hits: 0, misses: 2 });
  });

  it("reports a DID whose owner was set to 0x0 as deactivated", async () => {
    const r = resolver();
    const alice = await fundedIdentity();
    await mined(
      alice.registry.addDelegate!(alice.wallet.address, VERI_KEY, Wallet.createRandom().address, 600n),
    );
    await ok(r, alice.did);
    await mined(alice.registry.changeOwner!(alice.wallet.address, ZeroAddress));
    const result = await ok(r, alice.did);
    expect(result.didDocumentMetadata.deactivated).toBe(true);
    expect(result.didDocument!.verificationMethod).toEqual([]);
    assertDidCoreDocument(result.didDocument, { expectedId: alice.did });
    await ok(r, alice.did);
    expect(r.stats).toMatchObject({ hits: 1, misses: 2, invalidations: 1 });
  });
});
