import { PermitChainError } from "@permitchain/chain";
import { ethereumDIDRegistryAbi } from "@permitchain/contracts";
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
