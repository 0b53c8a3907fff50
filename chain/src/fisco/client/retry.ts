/**
 * When the client tries a request again. Only transport failures are retried (never a JSON-RPC error
 * from the node, never a TLS failure), and a request that must not run twice (a transaction) only when
 * the failure proves that the node did not receive it (`requestSent` false).
 */
import { FiscoTlsError, FiscoTransportError } from "./errors.js";

export interface RetryPolicy {
  /** Further attempts after the first; default 2. */
  retries: number;
  /** Wait before the first retry, doubled each time; default 100 ms. */
  backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, backoffMs: 100 };

export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (!(error instanceof FiscoTransportError) || error instanceof FiscoTlsError) return false;
  return idempotent || !error.requestSent;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `attempt` until it succeeds, fails with something not retryable, or the retries are used up. */
export async function withRetries<T>(
  policy: RetryPolicy,
  idempotent: boolean,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= policy.retries || !isRetryable(error, idempotent)) throw error;
      await sleep(policy.backoffMs * 2 ** i);
    }
  }
}
