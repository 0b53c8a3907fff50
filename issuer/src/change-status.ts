import { type Operator, operatorMay } from "./api-keys.js";
import type { IssuerContext } from "./context.js";
import { IssuerError } from "./errors.js";
import { type StatusView, statusEntry } from "./status-entry.js";
import type { OnChainStatus, StatusAction } from "./status-registry.js";
import type { CredentialRecord, CredentialStatusName } from "./storage/repository.js";

export interface ChangeCredentialStatusParameters {
  readonly operator: Operator;
  readonly credentialId: string;
  readonly action: StatusAction;
  /** Reason code (uint16), recorded on chain; RFC 5280 CRLReason codes by convention (`StatusReason`). */
  readonly reason: number;
}

/** The answer to a status change (what `POST /credentials/status` returns with 200). */
export interface ChangeCredentialStatusReturnType {
  readonly credentialId: string;
  readonly previousStatus: CredentialStatusName;
  readonly status: StatusView;
  /** The mined transaction that made the change; absent when the chain already showed it (a retry). */
  readonly transactionHash?: string;
  readonly blockNumber?: number;
}

const TARGET: Record<StatusAction, CredentialStatusName> = {
  revoke: "revoked",
  suspend: "suspended",
  reinstate: "active",
};

/**
 * Revokes, suspends or reinstates an issued credential on chain (transaction mined before answering), then
 * records the new status and the change. The chain decides: when it already shows the requested status and
 * the record does not (a change whose answer was lost), the record is brought up to date and the change
 * reported without a new transaction; a change the registry refuses (revoked is final, suspend twice,
 * reinstate what is not suspended) is a 409 STATUS_CONFLICT.
 */
export async function changeCredentialStatus(
  context: IssuerContext,
  parameters: ChangeCredentialStatusParameters,
): Promise<ChangeCredentialStatusReturnType> {
  const { operator, credentialId, action, reason } = parameters;
  const record = await context.repository.getCredential(credentialId);
  if (record === undefined)
    throw new IssuerError("NOT_FOUND", `no credential ${credentialId} was issued here`);
  if (!operatorMay(operator, record.issuerDid, record.type)) {
    throw new IssuerError(
      "FORBIDDEN",
      `this API key may not change the status of ${record.type} of ${record.issuerDid}`,
    );
  }
  const identity = context.issuers.get(record.issuerDid);
  if (identity === undefined)
    throw new IssuerError("FORBIDDEN", `this service holds no key for ${record.issuerDid}`);
  if (record.statusRegistry.toLowerCase() !== context.statusRegistry.address.toLowerCase()) {
    throw new IssuerError(
      "STATUS_CONFLICT",
      `the credential's status entry is in the registry ${record.statusRegistry}, not in the one this service uses`,
    );
  }
  const index = BigInt(record.statusIndex);
  const target = TARGET[action];
  const onChain = await context.statusRegistry.statusOf(record.issuerAddress, index);
  if (onChain === "unallocated") {
    throw new IssuerError(
      "STATUS_CONFLICT",
      `the status entry ${record.statusIndex} is not allocated on this chain`,
    );
  }
  if (onChain === target) {
    if (record.status === target) {
      throw new IssuerError("STATUS_CONFLICT", `the credential is ${target} already`);
    }
    const synced = await record_(context, record, {
      action,
      status: target,
      reason,
      operatorId: operator.id,
    });
    return answer(context, record.status, synced);
  }
  const refusal = refused(onChain, action);
  if (refusal !== undefined) {
    if (record.status !== onChain) {
      await record_(context, record, {
        action: "sync",
        status: onChain,
        reason: undefined,
        operatorId: undefined,
      });
    }
    throw new IssuerError("STATUS_CONFLICT", refusal);
  }
  const receipt = await context.statusRegistry.changeStatus(
    identity.statusKey,
    record.issuerAddress,
    index,
    action,
    reason,
  );
  const updated = await record_(context, record, {
    action,
    status: target,
    reason,
    operatorId: operator.id,
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  });
  return {
    ...answer(context, record.status, updated),
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}

function refused(current: Exclude<OnChainStatus, "unallocated">, action: StatusAction): string | undefined {
  if (current === "revoked") return "the credential is revoked, which is final";
  if (action === "suspend" && current !== "active")
    return `only an active credential can be suspended; it is ${current}`;
  if (action === "reinstate" && current !== "suspended") {
    return `only a suspended credential can be reinstated; it is ${current}`;
  }
  return undefined;
}

async function record_(
  context: IssuerContext,
  record: CredentialRecord,
  change: {
    action: StatusAction | "sync";
    status: CredentialStatusName;
    reason: number | undefined;
    operatorId: string | undefined;
    transactionHash?: string;
    blockNumber?: number;
  },
): Promise<CredentialRecord> {
  return context.repository.updateStatus({
    credentialId: record.id,
    change: {
      action: change.action,
      status: change.status,
      reason: change.reason,
      transactionHash: change.transactionHash,
      blockNumber: change.blockNumber,
      operatorId: change.operatorId,
      at: context.now().toISOString(),
    },
  });
}

function answer(
  context: IssuerContext,
  previousStatus: CredentialStatusName,
  record: CredentialRecord,
): ChangeCredentialStatusReturnType {
  return { credentialId: record.id, previousStatus, status: statusViewOf(context, record) };
}

/** The status part of a stored credential. */
export function statusViewOf(context: Pick<IssuerContext, "chainId">, record: CredentialRecord): StatusView {
  return {
    ...statusEntry(context.chainId, record.statusRegistry, record.issuerAddress, record.statusIndex),
    status: record.status,
    ...(record.statusReason === undefined ? {} : { reason: record.statusReason }),
    allocationTransaction: record.allocationTransactionHash,
    allocationBlock: record.allocationBlock,
  };
}
