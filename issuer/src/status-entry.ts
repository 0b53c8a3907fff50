import { STATUS_REGISTRY_TYPE } from "@permitchain/schemas";
import type { CredentialStatusName } from "./storage/repository.js";

/** A credential's `credentialStatus`: its entry in the on-chain status registry. */
export interface StatusEntry {
  readonly id: string;
  readonly type: typeof STATUS_REGISTRY_TYPE;
  readonly statusRegistry: string;
  readonly statusIssuer: string;
  readonly statusIndex: string;
}

/** The `credentialStatus` of index `statusIndex` of `issuer` in the registry at `registry` on `chainId`. */
export function statusEntry(
  chainId: number,
  registry: string,
  issuer: string,
  statusIndex: string,
): StatusEntry {
  return {
    id: `eip155:${chainId}:${registry}/${issuer}/${statusIndex}`,
    type: STATUS_REGISTRY_TYPE,
    statusRegistry: registry,
    statusIssuer: issuer,
    statusIndex,
  };
}

/** The status part of the service's answers: the entry, where it stands, and the allocation that made it. */
export interface StatusView extends StatusEntry {
  readonly status: CredentialStatusName;
  /** The reason code of the last change, if any. */
  readonly reason?: number | undefined;
  readonly allocationTransaction: string;
  readonly allocationBlock: number;
}
