import { createAgent, type IDIDManager, type IKeyManager, type IResolver, type TAgent } from "@veramo/core";
import { DIDManager } from "@veramo/did-manager";
import { EthrDIDProvider } from "@veramo/did-provider-ethr";
import { DIDResolverPlugin } from "@veramo/did-resolver";
import { KeyManager } from "@veramo/key-manager";
import { KeyManagementSystem } from "@veramo/kms-local";
import type { Provider } from "ethers";
import type { WalletStores } from "./stores/wallet-stores.js";

/** The Veramo agent a wallet runs on: key manager, DID manager (did:ethr) and resolver. */
export type PermitChainAgent = TAgent<IKeyManager & IDIDManager & IResolver>;

/** Name of the local KMS inside the agent. */
export const KMS = "local";

/** The chain and registry DIDs are anchored in. */
export interface WalletNetwork {
  chainId: bigint;
  /** Registry address. */
  registry: string;
  provider: Provider;
  /** DID network segment; default the hex chain id (`did:ethr:0x7a69:...`). */
  name?: string | undefined;
}

/** The network segment of the wallet's DIDs ("permitchain" or "0x7a69"). */
export function networkSegment(network: WalletNetwork): string {
  return network.name ?? `0x${network.chainId.toString(16)}`;
}

/** The DIDManager provider name for the network, e.g. `did:ethr:0x7a69`. */
export function didProviderName(network: WalletNetwork): string {
  return `did:ethr:${networkSegment(network)}`;
}

/** A DID resolver as did-resolver and Veramo's DIDResolverPlugin take it. */
export interface ResolvableLike {
  resolve(didUrl: string, options?: Record<string, unknown>): Promise<unknown>;
}

export interface CreatePermitChainAgentParameters {
  stores: WalletStores;
  network: WalletNetwork;
  resolver: ResolvableLike;
}

/**
 * A Veramo agent: `KeyManager` over the stores with kms-local, `DIDManager` with `EthrDIDProvider` for our
 * registry and chain, `DIDResolverPlugin` with the project's resolver.
 */
export function createPermitChainAgent(parameters: CreatePermitChainAgentParameters): PermitChainAgent {
  const { stores, network, resolver } = parameters;
  const provider = didProviderName(network);
  return createAgent<IKeyManager & IDIDManager & IResolver>({
    plugins: [
      new KeyManager({ store: stores.keys, kms: { [KMS]: new KeyManagementSystem(stores.privateKeys) } }),
      new DIDManager({
        store: stores.dids,
        defaultProvider: provider,
        providers: {
          [provider]: new EthrDIDProvider({
            defaultKms: KMS,
            networks: [
              {
                ...(network.name === undefined ? {} : { name: network.name }),
                // a hex string: EthrDIDProvider matches the DID's network segment against it as a string
                chainId: `0x${network.chainId.toString(16)}`,
                provider: network.provider,
                registry: network.registry,
              },
            ],
          }),
        },
      }),
      // Veramo's typings use did-resolver 4; ours is 5: the same interface
      new DIDResolverPlugin({ resolver: resolver as never }),
    ],
  });
}
