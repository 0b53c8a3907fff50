import type { RegistryOperation } from "@permitchain/contracts";
import type { IKey } from "@veramo/core";
import type { WalletContext } from "../context.js";
import {
  preflightDirect,
  type RegistryTransactionReturnType,
  receiptOf,
  registryError,
} from "../registry-writer.js";

/**
 * Runs a direct change through Veramo's EthrDIDProvider (`send` calls a `didManager*` method with the gas
 * limit it is given and returns the transaction hash), after checking it with the registry: Veramo sends
 * with a fixed gas limit and no estimate, so without the check a refused change would be mined and lose
 * its revert reason.
 */
export function viaVeramo(
  context: WalletContext,
  parameters: { identity: string; signer: IKey; operation: RegistryOperation },
  send: (gasLimit: number) => Promise<unknown>,
): Promise<RegistryTransactionReturnType> {
  const label = parameters.operation.type;
  return context.serialize(parameters.identity, async () => {
    const gasLimit = await preflightDirect(context, parameters);
    let hash: unknown;
    try {
      hash = await send(Number(gasLimit));
    } catch (error) {
      throw registryError(context, label, error);
    }
    if (typeof hash !== "string")
      throw registryError(context, label, new Error("Veramo returned no transaction hash"));
    return receiptOf(context, label, hash, false);
  });
}
