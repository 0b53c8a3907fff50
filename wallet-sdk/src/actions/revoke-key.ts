import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { InvalidArgumentError, KeyNotFoundError } from "../errors.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import { bytes32, keyAttributeName, keyAttributeValue, type PublishedKeyType } from "./attributes.js";
import { viaVeramo } from "./veramo-direct.js";

export interface RevokeKeyParameters {
  did: string;
  /** The published key. */
  kid: string;
  relayed?: boolean;
}

export type RevokeKeyReturnType = RegistryTransactionReturnType;

/**
 * Removes a published key from the DID document at once (`revokeAttribute`) and from the identifier. The
 * private key stays in the KMS: data encrypted to it, or signatures made with it, may still need it.
 * A direct Secp256k1 key goes through Veramo (`didManagerRemoveKey`); X25519 and relayed revocations through
 * the wallet's own registry path.
 */
export async function revokeKey(
  context: WalletContext,
  parameters: RevokeKeyParameters,
): Promise<RevokeKeyReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const key = identifier.keys.find((k) => k.kid === parameters.kid);
  if (key === undefined) throw new KeyNotFoundError(identifier.did, `key ${parameters.kid}`);
  if (key.kid === identifier.controllerKeyId) {
    throw new InvalidArgumentError("the controller key is not a published key: rotate the owner instead");
  }
  if (key.type !== "Secp256k1" && key.type !== "X25519") {
    throw new InvalidArgumentError(`a ${key.type} key is not published by this wallet`);
  }
  const operation = {
    type: "revokeAttribute" as const,
    name: bytes32(keyAttributeName(key.type as PublishedKeyType)),
    value: keyAttributeValue(key),
  };
  const identity = identityAddress(identifier.did);
  const signer = controllerKeyOf(identifier);
  if (key.type === "Secp256k1" && parameters.relayed !== true) {
    return viaVeramo(context, { identity, signer, operation }, (gasLimit) =>
      context.agent.didManagerRemoveKey({ did: identifier.did, kid: key.kid, options: { gasLimit } }),
    );
  }
  const transaction = await writeRegistry(context, {
    identity,
    signer,
    operation,
    relayed: parameters.relayed ?? false,
  });
  await context.agent.didManagerRemoveKey({
    did: identifier.did,
    kid: key.kid,
    options: { localOnly: true },
  });
  return transaction;
}
