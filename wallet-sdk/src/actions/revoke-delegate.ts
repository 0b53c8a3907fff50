import { getAddress } from "ethers";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import type { DelegateType } from "./add-delegate.js";
import { bytes32 } from "./attributes.js";

export interface RevokeDelegateParameters {
  did: string;
  delegate: string;
  /** Default "veriKey". */
  delegateType?: DelegateType;
  relayed?: boolean;
}

export type RevokeDelegateReturnType = RegistryTransactionReturnType;

/** Ends a delegation at once (`revokeDelegate`, or `revokeDelegateSigned` when relayed). */
export async function revokeDelegate(
  context: WalletContext,
  parameters: RevokeDelegateParameters,
): Promise<RevokeDelegateReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  return writeRegistry(context, {
    identity: identityAddress(identifier.did),
    signer: controllerKeyOf(identifier),
    operation: {
      type: "revokeDelegate",
      delegateType: bytes32(parameters.delegateType ?? "veriKey"),
      delegate: getAddress(parameters.delegate),
    },
    relayed: parameters.relayed ?? false,
  });
}
