import type { IKey } from "@veramo/core";
import { KMS } from "../agent.js";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { InvalidArgumentError } from "../errors.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import {
  bytes32,
  keyAttributeName,
  keyAttributeValue,
  type PublishedKeyType,
  putKey,
  validityOf,
  withRecord,
} from "./attributes.js";
import { viaVeramo } from "./veramo-direct.js";

export interface PublishKeyParameters {
  did: string;
  /** "Secp256k1": a signing key (`did/pub/Secp256k1/veriKey/hex`); "X25519": a key agreement key (`did/pub/X25519/enc/base64`). */
  type: PublishedKeyType;
  /** A key already in the wallet's KMS; default: a new key is generated. */
  kid?: string;
  /** Seconds the key stays in the document; default the wallet's `defaultValidity`. */
  validity?: bigint | number;
  relayed?: boolean;
}

export interface PublishKeyReturnType extends RegistryTransactionReturnType {
  kid: string;
  type: PublishedKeyType;
  publicKeyHex: string;
  /** The ERC-1056 attribute name it was published under. */
  attribute: string;
  /** Registry seconds. */
  validTo: bigint;
}

/**
 * Publishes a public key in the identity's DID document (`setAttribute`). A direct Secp256k1 key goes
 * through Veramo (`didManagerAddKey`, EthrDIDProvider). X25519 keys do not: EthrDIDProvider always publishes
 * them as `did/pub/X25519/enc/base58`, whatever encoding is asked for, and this project publishes base64;
 * relayed publication does not either (see the wallet's notes on Veramo's meta-transactions).
 */
export async function publishKey(
  context: WalletContext,
  parameters: PublishKeyParameters,
): Promise<PublishKeyReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const validity = validityOf(context, parameters.validity);
  const generated = parameters.kid === undefined;
  const key: IKey =
    parameters.kid === undefined
      ? await context.agent.keyManagerCreate({ kms: KMS, type: parameters.type })
      : await context.agent.keyManagerGet({ kid: parameters.kid });
  if (key.type !== parameters.type) {
    throw new InvalidArgumentError(`key ${key.kid} is ${key.type}, not ${parameters.type}`);
  }
  const attribute = keyAttributeName(parameters.type);
  const operation = {
    type: "setAttribute" as const,
    name: bytes32(attribute),
    value: keyAttributeValue(key),
    validity,
  };
  const identity = identityAddress(identifier.did);
  const signer = controllerKeyOf(identifier);
  let transaction: RegistryTransactionReturnType;
  try {
    transaction =
      parameters.type === "Secp256k1" && parameters.relayed !== true
        ? await viaVeramo(context, { identity, signer, operation }, (gasLimit) =>
            context.agent.didManagerAddKey({
              did: identifier.did,
              key,
              options: { ttl: Number(validity), gasLimit },
            }),
          )
        : await writeRegistry(context, { identity, signer, operation, relayed: parameters.relayed ?? false });
  } catch (error) {
    if (generated) await context.agent.keyManagerDelete({ kid: key.kid });
    throw error;
  }
  const validTo =
    (transaction.events.find((e) => e.name === "DIDAttributeChanged")?.args.validTo as bigint) ?? 0n;
  const { privateKeyHex: _, ...publicKey } = key;
  await putKey(
    context,
    await loadIdentifier(context, identifier.did),
    withRecord(publicKey, {
      role: "published",
      since: context.clock().toISOString(),
      attribute,
      validTo: validTo.toString(),
    }),
  );
  return {
    ...transaction,
    kid: key.kid,
    type: parameters.type,
    publicKeyHex: key.publicKeyHex,
    attribute,
    validTo,
  };
}
