import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  deploy,
  ethereumDIDRegistryAbi,
  type RegistryOperation,
  registryMetaTxDigest,
} from "@permitchain/contracts";
import { Resolver } from "did-resolver";
import {
  type BaseWallet,
  Contract,
  encodeBytes32String,
  type JsonRpcProvider,
  parseEther,
  Signature,
  toUtf8Bytes,
  Wallet,
} from "ethers";
import { getResolver } from "ethr-did-resolver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * ERC-1056 compatibility: the upstream ethr-did-resolver from npm, unchanged, resolves DIDs anchored in OUR
 * registry on the embedded chain over HTTP JSON-RPC, including documents as of a past block (versionId).
 */

const DAY = 86_400n;
const VERI_KEY = encodeBytes32String("veriKey");
const PUB_KEY_ATTR = encodeBytes32String("did/pub/Secp256k1/veriKey/hex");
const SERVICE_ATTR = encodeBytes32String("did/svc/HubService");
const SERVICE_URL = "https://hub.permitchain.example/dids";

let chain: EmbeddedChain;
let provider: JsonRpcProvider;
let registry: Contract;
let relayer: Wallet;
let resolver: Resolver;
let prefix: string;

async function mined(tx: Promise<{ wait(): Promise<{ blockNumber: number } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  return receipt!.blockNumber;
}

async function resolve(didUrl: string) {
  const result = await resolver.resolve(didUrl);
  expect(result.didResolutionMetadata.error, JSON.stringify(result.didResolutionMetadata)).toBeUndefined();
  return result;
}

beforeAll(async () => {
  chain = await startEmbeddedChain({ port: 0 });
  provider = await connectJsonRpc(chain.rpcUrl!);
  relayer = new Wallet(chain.devAccounts[0]!.privateKey, provider);
  const manifest = await deploy(relayer);
  registry = new Contract(manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, relayer);
  // the resolver gets only what any user would give it: the RPC URL, the chain id and the registry address
  resolver = new Resolver(
    getResolver({
      networks: [
        {
          name: "dev",
          chainId: chain.chainId,
          rpcUrl: chain.rpcUrl!,
          registry: manifest.contracts.EthereumDIDRegistry,
        },
      ],
    }),
  );
  prefix = `did:ethr:0x${chain.chainId.toString(16)}`;
});

afterAll(async () => {
  provider?.destroy();
  await chain?.stop();
});

describe("ethr-did-resolver against our registry", () => {
  it("resolves owner change, veriKey delegate, public key and service, and the document as of a past block", async () => {
    const identity = Wallet.createRandom(provider);
    const newOwner = Wallet.createRandom(provider);
    const delegate = Wallet.createRandom();
    const did = `${prefix}:${identity.address}`;
    await mined(relayer.sendTransaction({ to: identity.address, value: parseEther("1") }));
    await mined(relayer.sendTransaction({ to: newOwner.address, value: parseEther("1") }));

    const fresh = await resolve(did);
    expect(fresh.didDocument!.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${identity.address}`,
      },
    ]);

    const ownerBlock = await mined(
      (registry.connect(identity) as Contract).changeOwner!(identity.address, newOwner.address),
    );
    const asOwner = registry.connect(newOwner) as Contract;
    const delegateBlock = await mined(
      asOwner.addDelegate!(identity.address, VERI_KEY, delegate.address, DAY),
    );
    const publicKey = delegate.signingKey.compressedPublicKey;
    await mined(asOwner.setAttribute!(identity.address, PUB_KEY_ATTR, publicKey, DAY));
    const serviceBlock = await mined(
      asOwner.setAttribute!(identity.address, SERVICE_ATTR, toUtf8Bytes(SERVICE_URL), DAY),
    );

    const now = await resolve(did);
    const doc = now.didDocument!;
    expect(doc.id).toBe(did);
    expect(doc.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${newOwner.address}`,
      },
      {
        id: `${did}#delegate-1`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${delegate.address}`,
      },
      {
        id: `${did}#delegate-2`,
        type: "EcdsaSecp256k1VerificationKey2019",
        controller: did,
        publicKeyHex: publicKey.slice(2),
      },
    ]);
    // a veriKey signs assertions (credentials) but does not authenticate as the DID
    expect(doc.assertionMethod).toEqual([`${did}#controller`, `${did}#delegate-1`, `${did}#delegate-2`]);
    expect(doc.authentication).toEqual([`${did}#controller`]);
    expect(doc.service).toEqual([
      { id: `${did}#service-1`, type: "HubService", serviceEndpoint: SERVICE_URL },
    ]);
    expect(now.didDocumentMetadata.versionId).toBe(String(serviceBlock));

    // as of the owner change: the new owner controls it, no delegate, key or service yet
    const past = await resolve(`${did}?versionId=${ownerBlock}`);
    expect(past.didDocument!.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${newOwner.address}`,
      },
    ]);
    expect(past.didDocument!.service ?? []).toEqual([]);
    expect(past.didDocumentMetadata).toMatchObject({
      versionId: String(ownerBlock),
      nextVersionId: String(delegateBlock),
    });

    // before any change: the identity owned itself
    const before = await resolve(`${did}?versionId=${ownerBlock - 1}`);
    expect(before.didDocument!.verificationMethod![0]!.blockchainAccountId).toBe(
      `eip155:${chain.chainId}:${identity.address}`,
    );
  });

  it("resolves changes made by signed meta-transactions that a relayer paid for", async () => {
    const owner = Wallet.createRandom(); // never holds gas: every change below is relayed
    const nextOwner = Wallet.createRandom();
    const delegate = Wallet.createRandom();
    const did = `${prefix}:${owner.address}`;
    const relayed = registry.connect(relayer) as Contract;
    const registryAddress = await registry.getAddress();

    // the registry checks the signature against the nonce of the identity's current owner
    const sign = async (signer: BaseWallet, operation: RegistryOperation) => {
      const currentOwner = (await registry.identityOwner!(owner.address)) as string;
      const nonce = (await registry.nonce!(currentOwner)) as bigint;
      const digest = registryMetaTxDigest({
        registry: registryAddress,
        nonce,
        identity: owner.address,
        operation,
      });
      return Signature.from(signer.signingKey.sign(digest));
    };

    let sig = await sign(owner, {
      type: "addDelegate",
      delegateType: VERI_KEY,
      delegate: delegate.address,
      validity: DAY,
    });
    await mined(
      relayed.addDelegateSigned!(owner.address, sig.v, sig.r, sig.s, VERI_KEY, delegate.address, DAY),
    );
    const value = toUtf8Bytes(SERVICE_URL);
    sig = await sign(owner, { type: "setAttribute", name: SERVICE_ATTR, value, validity: DAY });
    await mined(relayed.setAttributeSigned!(owner.address, sig.v, sig.r, sig.s, SERVICE_ATTR, value, DAY));
    sig = await sign(owner, { type: "changeOwner", newOwner: nextOwner.address });
    await mined(relayed.changeOwnerSigned!(owner.address, sig.v, sig.r, sig.s, nextOwner.address));

    const doc = (await resolve(did)).didDocument!;
    expect(doc.verificationMethod!.map((m) => m.blockchainAccountId)).toEqual([
      `eip155:${chain.chainId}:${nextOwner.address}`,
      `eip155:${chain.chainId}:${delegate.address}`,
    ]);
    expect(doc.service).toEqual([
      { id: `${did}#service-1`, type: "HubService", serviceEndpoint: SERVICE_URL },
    ]);

    // the new owner revokes both, again through the relayer; the old owner's key no longer works
    sig = await sign(nextOwner, {
      type: "revokeDelegate",
      delegateType: VERI_KEY,
      delegate: delegate.address,
    });
    await mined(
      relayed.revokeDelegateSigned!(owner.address, sig.v, sig.r, sig.s, VERI_KEY, delegate.address),
    );
    sig = await sign(nextOwner, { type: "revokeAttribute", name: SERVICE_ATTR, value });
    await mined(relayed.revokeAttributeSigned!(owner.address, sig.v, sig.r, sig.s, SERVICE_ATTR, value));
    const stale = await sign(owner, { type: "changeOwner", newOwner: owner.address });
    const refused = await relayed.changeOwnerSigned!(
      owner.address,
      stale.v,
      stale.r,
      stale.s,
      owner.address,
    ).then(
      () => undefined,
      (error: { data?: string }) => error,
    );
    const reason = registry.interface.parseError(refused?.data ?? "0x");
    expect(reason?.name).toBe("BadSignature");
    expect([...reason!.args]).toEqual([owner.address, owner.address]);

    const revoked = (await resolve(did)).didDocument!;
    expect(revoked.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${chain.chainId}:${nextOwner.address}`,
      },
    ]);
    expect(revoked.service ?? []).toEqual([]);
  });
});
