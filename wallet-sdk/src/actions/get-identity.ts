import type { IIdentifier, IService } from "@veramo/core";
import { identityAddress, keyAddress, loadIdentifier, type WalletContext } from "../context.js";
import { type KeyRecord, recordOf } from "./attributes.js";

export interface WalletKey {
  kid: string;
  type: string;
  publicKeyHex: string;
  /** Ethereum address of a Secp256k1 key. */
  address: string | undefined;
  /** The wallet's bookkeeping: controller, former controller, published key. */
  record: KeyRecord | undefined;
}

export interface WalletIdentity {
  did: string;
  identity: string;
  alias: string | undefined;
  controllerKeyId: string | undefined;
  controllerAddress: string | undefined;
  /** Owner keys rotated out, oldest first: kept for history, no longer in control. */
  formerControllerKeyIds: string[];
  keys: WalletKey[];
  services: IService[];
}

export interface GetIdentityParameters {
  did: string;
}

export type GetIdentityReturnType = WalletIdentity;

function view(identifier: IIdentifier): WalletIdentity {
  const keys = identifier.keys.map((key) => ({
    kid: key.kid,
    type: key.type,
    publicKeyHex: key.publicKeyHex,
    address: key.type === "Secp256k1" ? keyAddress(key) : undefined,
    record: recordOf(key),
  }));
  const controller = keys.find((key) => key.kid === identifier.controllerKeyId);
  return {
    did: identifier.did,
    identity: identityAddress(identifier.did),
    alias: identifier.alias,
    controllerKeyId: identifier.controllerKeyId,
    controllerAddress: controller?.address,
    formerControllerKeyIds: keys
      .filter((key) => key.record?.role === "former-controller")
      .sort((a, b) => (a.record?.untilBlock ?? 0) - (b.record?.untilBlock ?? 0))
      .map((key) => key.kid),
    keys,
    services: identifier.services,
  };
}

/** The wallet's record of one identity (what it holds, not what the chain says: resolve the DID for that). */
export async function getIdentity(
  context: WalletContext,
  parameters: GetIdentityParameters,
): Promise<WalletIdentity> {
  return view(await loadIdentifier(context, parameters.did));
}

export async function listIdentities(context: WalletContext): Promise<WalletIdentity[]> {
  return (await context.stores.dids.listDIDs({})).map(view);
}
