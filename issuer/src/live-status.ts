// The status reads show: the registry's, at one block for a whole answer, or the record's when the chain
// cannot be read. Reads only: the record is never rewritten here (`POST /credentials/status` is the write path).
import { PermitChainError } from "@permitchain/chain";
import { isChainUnreachable } from "./chain-errors.js";
import { statusViewOf } from "./change-status.js";
import type { IssuerContext } from "./context.js";
import {
  type ChainReadFailure,
  type ChainReadFailureCode,
  type CheckedStatusView,
  chainStatusView,
  recordedStatusView,
} from "./status-entry.js";
import type { CredentialRecord, CredentialStatusName } from "./storage/repository.js";

/** Default time limit of one answer's chain reads, milliseconds; the recorded status is shown past it. */
export const LIVE_STATUS_TIMEOUT_MS = 5_000;
/** Default number of status reads of one answer in flight at once. */
export const LIVE_STATUS_CONCURRENCY = 8;

export interface LiveStatusOptions {
  /** Time limit of all the reads together (latest block and every status), ms. */
  readonly timeoutMs?: number;
  /** Status reads in flight at once. */
  readonly concurrency?: number;
}

/** A status entry could not be read on chain; `code` says why (it becomes the view's `chainReadFailure`). */
export class StatusUnreadableError extends PermitChainError {
  declare readonly code: ChainReadFailureCode;

  constructor(code: ChainReadFailureCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * The status of each of `records` (same order) as the registry holds it at the end of the chain's latest
 * block, one block for all of them, checked against the record (where they disagree, with the change the
 * chain holds: action, reason, operator, transaction); the recorded status, with the reason, for each one the
 * chain does not answer for within the time limit. Never throws for the chain's sake.
 */
export async function liveStatusViews(
  context: Pick<IssuerContext, "chainId" | "statusRegistry">,
  records: readonly CredentialRecord[],
  options: LiveStatusOptions = {},
): Promise<CheckedStatusView[]> {
  if (records.length === 0) return [];
  const timeoutMs = options.timeoutMs ?? LIVE_STATUS_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const recorded = (record: CredentialRecord, error: unknown) =>
    recordedStatusView(statusViewOf(context, record), failureOf(error));
  let block: number;
  try {
    block = await beforeDeadline(context.statusRegistry.latestBlock(), deadline, timeoutMs);
  } catch (error) {
    // nothing to gain from one more request per credential
    return records.map((record) => recorded(record, error));
  }
  return mapBounded(records, options.concurrency ?? LIVE_STATUS_CONCURRENCY, async (record) => {
    try {
      const onChain = await beforeDeadline(entryStatusAt(context, record, block), deadline, timeoutMs);
      const view = chainStatusView(statusViewOf(context, record), onChain, block);
      if (view.matchesRecord !== false) return view;
      // the chain and the record disagree: say which change the chain holds (best effort, never a failure)
      const change = await beforeDeadline(
        context.statusRegistry.lastStatusChange(
          record.issuerAddress,
          BigInt(record.statusIndex),
          record.allocationBlock,
          block,
        ),
        deadline,
        timeoutMs,
      ).catch(() => undefined);
      return change === undefined ? view : { ...view, chainChange: change };
    } catch (error) {
      return recorded(record, error);
    }
  });
}

/** `record`'s entry at the end of `block`, in the registry this service reads. */
async function entryStatusAt(
  context: Pick<IssuerContext, "statusRegistry">,
  record: CredentialRecord,
  block: number,
): Promise<CredentialStatusName> {
  const registry = context.statusRegistry;
  if (record.statusRegistry.toLowerCase() !== registry.address.toLowerCase()) {
    throw new StatusUnreadableError(
      "STATUS_REGISTRY_MISMATCH",
      `the status entry is in the registry ${record.statusRegistry}; this service reads ${registry.address}`,
    );
  }
  const status = await registry.statusAt(record.issuerAddress, BigInt(record.statusIndex), block);
  if (status === "unallocated") {
    throw new StatusUnreadableError(
      "STATUS_ENTRY_UNALLOCATED",
      `the registry has no status entry ${record.statusIndex} for ${record.issuerAddress}`,
    );
  }
  return status;
}

function failureOf(error: unknown): ChainReadFailure {
  if (error instanceof StatusUnreadableError) return { code: error.code, message: error.message };
  if (isChainUnreachable(error)) return { code: "CHAIN_UNAVAILABLE", message: "the chain is unreachable" };
  return { code: "CHAIN_READ_FAILED", message: "the status registry could not be read" };
}

/** `read`, or a CHAIN_UNAVAILABLE StatusUnreadableError at `deadline` (epoch ms). */
async function beforeDeadline<T>(read: Promise<T>, deadline: number, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StatusUnreadableError("CHAIN_UNAVAILABLE", `the chain did not answer within ${timeoutMs} ms`),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `map` over `items` with at most `limit` calls of `fn` in flight; results in the order of `items`. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
