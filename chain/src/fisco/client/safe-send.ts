/**
 * Sending a transaction so that it reaches the chain at most once.
 *
 * The hash of a FISCO BCOS transaction is its data hash, known before sending (hash.ts), and the node's
 * `sendTransaction` answers with the receipt once the transaction is committed. When that answer is
 * lost, the transaction is never sent again; its fate is read instead:
 *  - the request certainly did not reach the node (connection refused, TLS failure, time-out before
 *    the request was written): sending it again is safe, up to the retry budget;
 *  - the request may have reached the node (connection reset or time-out after it was written, garbled
 *    answer): the receipt is looked up by hash until it appears, until the chain passes the
 *    transaction's `blockLimit` (then it can never be committed: FiscoTransactionExpiredError), or until
 *    the resolution deadline (FiscoSendOutcomeUnknownError, carrying the hash).
 */
import {
  FiscoSendOutcomeUnknownError,
  FiscoTlsError,
  FiscoTransactionExpiredError,
  FiscoTransportError,
} from "./errors.js";
import { type RetryPolicy, sleep } from "./retry.js";
import type { FiscoReceipt } from "./types.js";

export interface SafeSendDependencies {
  /** One `sendTransaction` attempt (no retries of its own). */
  send(): Promise<unknown>;
  /** Receipt by hash, or null while there is none. */
  getTransactionReceipt(hash: string): Promise<FiscoReceipt | null>;
  getBlockNumber(): Promise<number>;
  retry: RetryPolicy;
  pollIntervalMs: number;
  outcomeTimeoutMs: number;
}

export type SafeSendResult =
  | { kind: "answered"; result: unknown }
  | { kind: "recovered"; receipt: FiscoReceipt };

export async function sendAtMostOnce(
  deps: SafeSendDependencies,
  hash: string,
  blockLimit: bigint,
): Promise<SafeSendResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { kind: "answered", result: await deps.send() };
    } catch (error) {
      if (!(error instanceof FiscoTransportError) || error instanceof FiscoTlsError) throw error;
      if (error.requestSent) {
        return { kind: "recovered", receipt: await resolveOutcome(deps, hash, blockLimit, error) };
      }
      if (attempt >= deps.retry.retries) throw error;
      await sleep(deps.retry.backoffMs * 2 ** attempt);
    }
  }
}

async function resolveOutcome(
  deps: SafeSendDependencies,
  hash: string,
  blockLimit: bigint,
  lost: FiscoTransportError,
): Promise<FiscoReceipt> {
  const deadline = Date.now() + deps.outcomeTimeoutMs;
  let lastError: unknown = lost;
  for (;;) {
    try {
      const receipt = await deps.getTransactionReceipt(hash);
      if (receipt !== null) return receipt;
      const blockNumber = await deps.getBlockNumber();
      if (BigInt(blockNumber) >= blockLimit) {
        const late = await deps.getTransactionReceipt(hash);
        if (late !== null) return late;
        throw new FiscoTransactionExpiredError(hash, blockLimit, blockNumber, { cause: lost });
      }
    } catch (error) {
      if (!(error instanceof FiscoTransportError) || error instanceof FiscoTlsError) throw error;
      lastError = error;
    }
    if (Date.now() + deps.pollIntervalMs > deadline) {
      throw new FiscoSendOutcomeUnknownError(hash, { cause: lastError });
    }
    await sleep(deps.pollIntervalMs);
  }
}
