import {
  type FiscoProtocolServer,
  FiscoProvider,
  FiscoSigner,
  startFiscoProtocolServer,
} from "@permitchain/chain";
import { deploy, ethereumDIDRegistryAbi } from "@permitchain/contracts";
import { Resolver } from "did-resolver";
import { Contract, encodeBytes32String, SigningKey, toUtf8Bytes, Wallet } from "ethers";
import { getResolver } from "ethr-did-resolver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * FISCO BCOS native path end to end: a node speaking FISCO BCOS 3.x JSON-RPC (the in-repo protocol server),
 * the contract suite deployed through the native client (TARS transactions signed by our codec), DID changes
 * made through ethers Contracts on FiscoSigner, and the upstream ethr-did-resolver, unchanged, resolving
 * the DID through FiscoProvider (getLogs, call, getBlock).
 */

const CHAIN_ID = 20200;
const DAY = 86_400n;
const VERI_KEY = encodeBytes32String("veriKey");
const PUB_KEY_ATTR = encodeBytes32String("did/pub/Secp256k1/veriKey/hex");
const SERVICE_ATTR = encodeBytes32String("did/svc/HubService");
const SERVICE_URL = "https://hub.permitchain.example/dids";

// ethr-did-resolver's typings name ethers' CommonJS build; at run time it is the same ethers as ours.
type ResolverProvider = import("ethers", { with: { "resolution-mode": "require" }}).Provider;

let server: FiscoProtocolServer;
let provider: FiscoProvider;
let registryAddress: string;

beforeAll(async () => {
  server = await startFiscoProtocolServer({ cryptoSuite: "ecdsa", chainId: "chain0", groupId: "group0" });
  provider = new FiscoProvider(
    { url: server.url, groupId: "group0", timeoutMs: 10_000 },
    { chainId: CHAIN_ID },
  );
  const deployer = new FiscoSigner(Wallet.createRandom().privateKey, provider);
  const manifest = await deploy(deployer, { timestampUnit: "milliseconds" });
  registryAddress = manifest.contracts.EthereumDIDRegistry;
});

afterAll(async () => {
  provider?.destroy();
  await server?.close();
});

describe("ethr-did-resolver over FiscoProvider", () => {
  it("resolves a DID whose delegate and attributes were set through the native client", async () => {
    const identity = new FiscoSigner(Wallet.createRandom().privateKey, provider);
    const address = await identity.getAddress();
    const delegate = new SigningKey(Wallet.createRandom().privateKey);
    const delegateAddress = new Wallet(delegate.privateKey).address;
    const registry = new Contract(registryAddress, ethereumDIDRegistryAbi, identity);

    await (await registry.getFunction("addDelegate")(address, VERI_KEY, delegateAddress, DAY)).wait();
    await (
      await registry.getFunction("setAttribute")(address, PUB_KEY_ATTR, delegate.compressedPublicKey, DAY)
    ).wait();
    const last = await (
      await registry.getFunction("setAttribute")(address, SERVICE_ATTR, toUtf8Bytes(SERVICE_URL), DAY)
    ).wait();

    const resolver = new Resolver(
      getResolver({
        networks: [
          {
            name: "fisco",
            chainId: CHAIN_ID,
            provider: provider as unknown as ResolverProvider,
            registry: registryAddress,
          },
        ],
      }),
    );
    const did = `did:ethr:fisco:${address}`;
    const result = await resolver.resolve(did);
    expect(result.didResolutionMetadata.error, JSON.stringify(result.didResolutionMetadata)).toBeUndefined();
    const doc = result.didDocument!;
    expect(doc.id).toBe(did);
    expect(doc.verificationMethod).toEqual([
      {
        id: `${did}#controller`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${CHAIN_ID}:${address}`,
      },
      {
        id: `${did}#delegate-1`,
        type: "EcdsaSecp256k1RecoveryMethod2020",
        controller: did,
        blockchainAccountId: `eip155:${CHAIN_ID}:${delegateAddress}`,
      },
      {
        id: `${did}#delegate-2`,
        type: "EcdsaSecp256k1VerificationKey2019",
        controller: did,
        publicKeyHex: delegate.compressedPublicKey.slice(2),
      },
    ]);
    expect(doc.authentication).toEqual([`${did}#controller`]);
    expect(doc.assertionMethod).toEqual([`${did}#controller`, `${did}#delegate-1`, `${did}#delegate-2`]);
    expect(doc.service).toEqual([
      { id: `${did}#service-1`, type: "HubService", serviceEndpoint: SERVICE_URL },
    ]);

    // FISCO block headers count milliseconds; the provider reports seconds, so `updated` is today's date
    expect(result.didDocumentMetadata.versionId).toBe(String(last?.blockNumber));
    const updated = Date.parse(String(result.didDocumentMetadata.updated));
    expect(Math.abs(updated - Date.now())).toBeLessThan(120_000);
  });
});
