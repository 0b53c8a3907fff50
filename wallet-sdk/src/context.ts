import { PermitChainError } from "@permitchain/chain";
import { ethereumDIDRegistryAbi, parseEthrDid } from "@permitchain/contracts";
import type { Verifier } from "@permitchain/verifier";
import type { IIdentifier, IKey } from "@veramo/core";
import { Contract, computeAddress, getAddress, type Signer } from "ethers";
import type { PermitChainAgent, WalletNetwork } from "./agent.js";
import { IdentityNotFoundError, KeyNotFoundError, WalletLockedError } from "./errors.js";
import { SerialQueue } from "./stores/atomic-file.js";
import { isLockable } from "./stores/encrypted-private-key-store.js";
import type { WalletStores } from "./stores/wallet-stores.js";

/** What every wallet operation works with; built once by `createWallet`. */
export interface WalletContext {
  readonly agent: PermitChainAgent;
  readonly stores: WalletStores;
  readonly network: WalletNetwork;
  /** The registry, read-only (calls, gas estimates, static calls). */
  readonly registry: Contract;
  /** Pays for relayed operations; undefined when the wallet has none. */
  readonly relayer: Signer | undefined;
  /** Wall clock, for the timestamps the wallet records. */
  readonly clock: () => Date;
  /** Validity of published keys and services when an operation names none (seconds). */
  readonly defaultValidity: bigint;
  /** Checks credentials as they are received; undefined: `receiveCredential` fails with WALLET_CONFIG. */
  readonly verifier: Verifier | undefined;
  /** The CredentialProofVerifier proofs are checked against and registered with (checksummed), if known. */
  readonly proofVerifier: string | undefined;
  /** Runs registry writes for one identity one after another (the relayed nonce is per owner). */
  serialize<T>(identity: string, task: () => Promise<T>): Promise<T>;
}

export function createWalletContext(
  parameters: Omit<WalletContext, "registry" | "serialize">,
): WalletContext {
  const queues = new Map<string, SerialQueue>();
  return {
    ...parameters,
    registry: new Contract(parameters.network.registry, ethereumDIDRegistryAbi, parameters.network.provider),
    serialize(identity, task) {
      const key = identity.toLowerCase();
      let queue = queues.get(key);
      if (queue === undefined) {
        queue = new SerialQueue();
        queues.set(key, queue);
      }
      return queue.run(task);
    },
  };
}

/** The identity address a did:ethr names (derived from the key for public-key DIDs). */
export function identityAddress(did: string): string {
  const last = did.split(":").pop() ?? "";
  return last.length === 68 ? computeAddress(last) : getAddress(last);
}

export function keyAddress(key: IKey): string {
  return computeAddress(`0x${key.publicKeyHex}`);
}

/** Throws {@link WalletLockedError} when the private key store is locked. */
export function ensureUnlocked(context: WalletContext): void {
  if (isLockable(context.stores.privateKeys) && context.stores.privateKeys.locked)
    throw new WalletLockedError();
}

export async function loadIdentifier(context: WalletContext, did: string): Promise<IIdentifier> {
  try {
    return await context.stores.dids.getDID({ did });
  } catch (error) {
    if (error instanceof PermitChainError) throw error;
    throw new IdentityNotFoundError(did);
  }
}

/** The identifier's current controller key, as the wallet knows it. */
export function controllerKeyOf(identifier: IIdentifier): IKey {
  const key = identifier.keys.find((k) => k.kid === identifier.controllerKeyId);
  if (key === undefined) throw new KeyNotFoundError(identifier.did, "controller key");
  return key;
}

/** The identity address a did:ethr DID on the wallet's chain names; undefined for any other DID. */
export function addressOnNetwork(context: WalletContext, did: unknown): string | undefined {
  if (typeof did !== "string") return undefined;
  const parsed = parseEthrDid(did, {
    chainIdHex: `0x${context.network.chainId.toString(16)}`,
    name: context.network.name,
  });
  if (!parsed.ok || parsed.value.did !== did) return undefined;
  return parsed.value.identity;
}

/**
 * The wallet identity a did:ethr DID names: the identifier whose identity address it is, on the wallet's
 * chain, whichever form the DID takes (public key or address). Undefined when the wallet holds none.
 */
export async function identifierFor(context: WalletContext, did: unknown): Promise<IIdentifier | undefined> {
  const address = addressOnNetwork(context, did);
  if (address === undefined) return undefined;
  const identifiers = await context.stores.dids.listDIDs({});
  return identifiers.find((identifier) => identityAddress(identifier.did) === address);
}
