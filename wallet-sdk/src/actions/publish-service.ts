import type { IService } from "@veramo/core";
import {
  controllerKeyOf,
  ensureUnlocked,
  identityAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { type RegistryTransactionReturnType, writeRegistry } from "../registry-writer.js";
import {
  bytes32,
  type ServiceEndpoint,
  serviceAttributeName,
  serviceAttributeValue,
  serviceId,
  validityOf,
} from "./attributes.js";
import { viaVeramo } from "./veramo-direct.js";

export interface PublishServiceParameters {
  did: string;
  /** The service type, e.g. "MonitoringDataService": published as `did/svc/<type>`. */
  type: string;
  /** A URL, or a map (published as JSON). */
  endpoint: ServiceEndpoint;
  /** Seconds; default the wallet's `defaultValidity`. */
  validity?: bigint | number;
  relayed?: boolean;
}

export interface PublishServiceReturnType extends RegistryTransactionReturnType {
  /** The wallet's id for the service (the resolved document numbers services instead: `#service-N`). */
  id: string;
  validTo: bigint;
}

/** Publishes a service endpoint (`setAttribute did/svc/<type>`); direct through Veramo's `didManagerAddService`. */
export async function publishService(
  context: WalletContext,
  parameters: PublishServiceParameters,
): Promise<PublishServiceReturnType> {
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, parameters.did);
  const validity = validityOf(context, parameters.validity);
  const operation = {
    type: "setAttribute" as const,
    name: bytes32(serviceAttributeName(parameters.type)),
    value: serviceAttributeValue(parameters.endpoint),
    validity,
  };
  const service: IService = {
    id: serviceId(identifier.did, parameters.type, parameters.endpoint),
    type: parameters.type,
    serviceEndpoint: parameters.endpoint,
  };
  const identity = identityAddress(identifier.did);
  const signer = controllerKeyOf(identifier);
  const transaction =
    parameters.relayed === true
      ? await writeRegistry(context, { identity, signer, operation, relayed: true })
      : await viaVeramo(context, { identity, signer, operation }, (gasLimit) =>
          context.agent.didManagerAddService({
            did: identifier.did,
            service,
            options: { ttl: Number(validity), gasLimit },
          }),
        );
  const current = await loadIdentifier(context, identifier.did);
  await context.stores.dids.importDID({
    ...current,
    services: [...current.services.filter((s) => s.id !== service.id), service],
  });
  const validTo =
    (transaction.events.find((e) => e.name === "DIDAttributeChanged")?.args.validTo as bigint) ?? 0n;
  return { ...transaction, id: service.id, validTo };
}
