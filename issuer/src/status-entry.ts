import { STATUS_REGISTRY_TYPE } from "@permitchain/schemas";
import type { ChainStatusChange } from "./status-registry.js";
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

/** Where the `status` of a read comes from: the registry on chain, or this service's record of it. */
export type StatusSource = "chain" | "recorded";

/** Why a read shows the recorded status: stable codes. */
export type ChainReadFailureCode =
  /** The chain did not answer (unreachable, or not within the read's time limit). */
  | "CHAIN_UNAVAILABLE"
  /** The credential's entry is in another registry than the one this service reads. */
  | "STATUS_REGISTRY_MISMATCH"
  /** The registry does not know the entry's index (another chain, or a redeployed registry). */
  | "STATUS_ENTRY_UNALLOCATED"
  /** The registry answered something else than a status. */
  | "CHAIN_READ_FAILED";

export interface ChainReadFailure {
  readonly code: ChainReadFailureCode;
  /** For people; never carries internals. */
  readonly message: string;
}

/**
 * The status part of `GET /credentials/:id` and `GET /credentials`: the entry and its status as the registry
 * holds it at `checkedAtBlock` (`source: "chain"`), or, when the chain cannot be read, as this service
 * recorded it (`source: "recorded"`, with `chainReadFailure`). `reason` is the recorded reason code of the
 * last change, shown only when the status shown is the recorded one.
 */
export interface CheckedStatusView extends StatusView {
  readonly source: StatusSource;
  /** `source: "chain"`: the block at the end of which the registry holds `status`. */
  readonly checkedAtBlock?: number;
  /** The status as this service last wrote or read it. */
  readonly recordedStatus: CredentialStatusName;
  readonly recordedReason?: number;
  /** `source: "chain"`: whether the chain and the record agree. */
  readonly matchesRecord?: boolean;
  /** `matchesRecord: false`: the last status change the chain holds, made outside this service. */
  readonly chainChange?: ChainStatusChange;
  /** `source: "recorded"`: why the chain was not read. */
  readonly chainReadFailure?: ChainReadFailure;
}

/** `recorded` (a stored credential's status view) checked against the chain's `onChain` at `checkedAtBlock`. */
export function chainStatusView(
  recorded: StatusView,
  onChain: CredentialStatusName,
  checkedAtBlock: number,
): CheckedStatusView {
  const { reason, ...entry } = recorded;
  const matchesRecord = onChain === recorded.status;
  return {
    ...entry,
    status: onChain,
    ...(matchesRecord && reason !== undefined ? { reason } : {}),
    source: "chain",
    checkedAtBlock,
    recordedStatus: recorded.status,
    ...(reason === undefined ? {} : { recordedReason: reason }),
    matchesRecord,
  };
}

/** `recorded` (a stored credential's status view) as shown when the chain could not be read. */
export function recordedStatusView(recorded: StatusView, failure: ChainReadFailure): CheckedStatusView {
  return {
    ...recorded,
    source: "recorded",
    recordedStatus: recorded.status,
    ...(recorded.reason === undefined ? {} : { recordedReason: recorded.reason }),
    chainReadFailure: failure,
  };
}
