import { getAddress } from "ethers";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import { bytes32, validityOf } from "./attributes.js";

/** `veriKey`: signs on the identity's behalf (assertions); `sigAuth`: also authenticates as it. */
export type DelegateType = "veriKey" | "sigAuth";

export interface AddDelegateParameters {
  did: string;
  /** Address of the delegate (a monitoring device's key, an operator). */
  delegate: string;
  /** Default "veriKey". */
  delegateType?: DelegateType;
  /** Seconds from now the delegation lasts. */
  validity: bigint | number;
  relayed?: boolean;
}

export interface AddDelegateReturnType extends RegistryTransactionReturnType {
  /** When the delegation ends, registry seconds (`now + validity` as the registry computed it). */
  validTo: bigint;
}

/**
 * Adds a device or operator delegate to the identity (`addDelegate`), signed by the controller key; direct,
 * or relayed as `addDelegateSigned`. Veramo's EthrDIDProvider has no delegate operations, so this goes
 * through the wallet's own registry path.
 */
export async function addDelegate(
  context: WalletContext,
  parameters: AddDelegateParameters,
): Promise<AddDelegateReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const validity = validityOf(context, parameters.validity);
  const transaction = await writeRegistry(context, {
    identity: identityAddress(identifier.did),
    signer: controllerKeyOf(identifier),
    operation: {
      type: "addDelegate",
      delegateType: bytes32(parameters.delegateType ?? "veriKey"),
      delegate: getAddress(parameters.delegate),
      validity,
    },
    relayed: parameters.relayed ?? false,
  });
  const event = transaction.events.find((e) => e.name === "DIDDelegateChanged");
  return { ...transaction, validTo: (event?.args.validTo as bigint | undefined) ?? 0n };
}
