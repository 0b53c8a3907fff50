import { didProviderName, KMS, networkSegment } from "../agent.js";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  keyAddress,
  type WalletContext,
} from "../context.js";
import { putKey, withRecord } from "./attributes.js";

export interface CreateIdentityParameters {
  /** A name for the identity inside this wallet. */
  alias?: string;
}

export interface CreateIdentityReturnType {
  /** `did:ethr:<network>:<compressed public key>`, as Veramo's EthrDIDProvider creates it. */
  did: string;
  /** The identity's address in the registry. */
  identity: string;
  controllerKeyId: string;
  controllerAddress: string;
}

/**
 * Creates a did:ethr identity on the wallet's chain: a new Secp256k1 key in the KMS, the DID derived from it
 * by Veramo's EthrDIDProvider. An ERC-1056 identity exists without any transaction (it owns itself until
 * its owner is changed), so creating one costs nothing and there is nothing to relay: the first change,
 * direct or relayed, is its first transaction.
 */
export async function createIdentity(
  context: WalletContext,
  parameters: CreateIdentityParameters = {},
): Promise<CreateIdentityReturnType> {
  ensureUnlocked(context);
  const created = await context.agent.didManagerCreate({
    provider: didProviderName(context.network),
    kms: KMS,
    ...(parameters.alias === undefined ? {} : { alias: parameters.alias }),
    options: { network: networkSegment(context.network) },
  });
  const controller = controllerKeyOf(created);
  await putKey(
    context,
    created,
    withRecord(controller, { role: "controller", since: context.clock().toISOString() }),
  );
  return {
    did: created.did,
    identity: identityAddress(created.did),
    controllerKeyId: controller.kid,
    controllerAddress: keyAddress(controller),
  };
}
