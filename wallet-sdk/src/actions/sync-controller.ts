import { getAddress } from "ethers";
import { identityAddress, keyAddress, loadIdentifier, type WalletContext } from "../context.js";
import { recordOf, withRecord } from "./attributes.js";

export interface SyncControllerParameters {
  did: string;
}

export interface SyncControllerReturnType {
  did: string;
  /** The identity's owner in the registry now. */
  owner: string;
  /** The wallet key that is the owner, when the wallet holds it. */
  controllerKeyId: string | undefined;
  /** The wallet changed its record (e.g. a rotation whose transaction landed but was not recorded). */
  changed: boolean;
}

/**
 * Reads the identity's owner from the registry and makes the wallet's record agree: if one of the
 * identifier's keys is the owner, it becomes the controller (the previous one is marked former). If none
 * is, the wallet no longer controls the identity and `controllerKeyId` is undefined (nothing is changed).
 */
export async function syncController(
  context: WalletContext,
  parameters: SyncControllerParameters,
): Promise<SyncControllerReturnType> {
  const identifier = await loadIdentifier(context, parameters.did);
  const owner = getAddress(
    (await context.registry
      .getFunction("identityOwner")
      .staticCall(identityAddress(identifier.did))) as string,
  );
  const key = identifier.keys.find((k) => k.type === "Secp256k1" && keyAddress(k) === owner);
  if (key === undefined) return { did: identifier.did, owner, controllerKeyId: undefined, changed: false };
  if (key.kid === identifier.controllerKeyId) {
    return { did: identifier.did, owner, controllerKeyId: key.kid, changed: false };
  }
  const now = context.clock().toISOString();
  const keys = identifier.keys.map((k) => {
    if (k.kid === key.kid) return withRecord(k, { role: "controller", since: now });
    if (k.kid === identifier.controllerKeyId) {
      return withRecord(k, { ...(recordOf(k) ?? { since: now }), role: "former-controller", until: now });
    }
    return k;
  });
  await context.stores.dids.importDID({ ...identifier, controllerKeyId: key.kid, keys });
  return { did: identifier.did, owner, controllerKeyId: key.kid, changed: true };
}
