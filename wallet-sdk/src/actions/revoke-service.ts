import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { KeyNotFoundError } from "../errors.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import {
  bytes32,
  findService,
  type ServiceEndpoint,
  serviceAttributeName,
  serviceAttributeValue,
  serviceId,
} from "./attributes.js";
import { viaVeramo } from "./veramo-direct.js";

export type RevokeServiceParameters = { did: string; relayed?: boolean } & (
  | { id: string }
  | { type: string; endpoint: ServiceEndpoint }
);

export type RevokeServiceReturnType = RegistryTransactionReturnType;

/** Removes a service endpoint at once (`revokeAttribute`); direct through Veramo's `didManagerRemoveService`. */
export async function revokeService(
  context: WalletContext,
  parameters: RevokeServiceParameters,
): Promise<RevokeServiceReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const id =
    "id" in parameters ? parameters.id : serviceId(identifier.did, parameters.type, parameters.endpoint);
  const service = findService(identifier, id);
  if (service === undefined) throw new KeyNotFoundError(identifier.did, `service ${id}`);
  const endpoint = service.serviceEndpoint as ServiceEndpoint;
  const operation = {
    type: "revokeAttribute" as const,
    name: bytes32(serviceAttributeName(service.type)),
    value: serviceAttributeValue(endpoint),
  };
  const identity = identityAddress(identifier.did);
  const signer = controllerKeyOf(identifier);
  if (parameters.relayed !== true) {
    return viaVeramo(context, { identity, signer, operation }, (gasLimit) =>
      context.agent.didManagerRemoveService({ did: identifier.did, id, options: { gasLimit } }),
    );
  }
  const transaction = await writeRegistry(context, { identity, signer, operation, relayed: true });
  await context.agent.didManagerRemoveService({ did: identifier.did, id, options: { localOnly: true } });
  return transaction;
}
