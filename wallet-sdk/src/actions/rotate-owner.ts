import { KMS } from "../agent.js";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  keyAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import { putKey, recordOf, withRecord } from "./attributes.js";

export interface RotateOwnerParameters {
  did: string;
  /** Send through the wallet's relayer (the owner signs, the relayer pays). Default false. */
  relayed?: boolean;
}

export interface RotateOwnerReturnType extends RegistryTransactionReturnType {
  did: string;
  previousControllerKeyId: string;
  controllerKeyId: string;
  controllerAddress: string;
}

/**
 * Rotates the identity's owner key: a new Secp256k1 key is generated in the KMS, the current owner key signs
 * `changeOwner(identity, newKey)`, and the wallet then controls the identity with the new key. The old key
 * stays in the KMS and in the identifier (role "former-controller", with the rotation's block) for history,
 * but no longer controls anything: the registry refuses it. The new key is recorded in the identifier
 * before the transaction is sent, so a crash in between loses no key (see `syncController`).
 */
export async function rotateOwner(
  context: WalletContext,
  parameters: RotateOwnerParameters,
): Promise<RotateOwnerReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const previous = controllerKeyOf(identifier);
  const created = await context.agent.keyManagerCreate({ kms: KMS, type: "Secp256k1" });
  const next = { ...created, kms: KMS };
  const pending = await putKey(
    context,
    identifier,
    withRecord(next, { role: "pending-controller", since: context.clock().toISOString() }),
  );
  let transaction: RegistryTransactionReturnType;
  try {
    transaction = await writeRegistry(context, {
      identity: identityAddress(identifier.did),
      signer: previous,
      operation: { type: "changeOwner", newOwner: keyAddress(next) },
      relayed: parameters.relayed ?? false,
    });
  } catch (error) {
    await context.stores.dids.importDID({ ...pending, keys: pending.keys.filter((k) => k.kid !== next.kid) });
    await context.agent.keyManagerDelete({ kid: next.kid });
    throw error;
  }
  const now = context.clock().toISOString();
  const retired = withRecord(previous, {
    ...(recordOf(previous) ?? { since: now }),
    role: "former-controller",
    until: now,
    untilBlock: transaction.blockNumber,
  });
  const keys = pending.keys.map((k) =>
    k.kid === previous.kid
      ? retired
      : k.kid === next.kid
        ? withRecord(next, { role: "controller", since: now })
        : k,
  );
  await context.stores.dids.importDID({ ...pending, controllerKeyId: next.kid, keys });
  return {
    ...transaction,
    did: identifier.did,
    previousControllerKeyId: previous.kid,
    controllerKeyId: next.kid,
    controllerAddress: keyAddress(next),
  };
}
