import { ChainConnectionError } from "@permitchain/chain";
import { type Interface, isError } from "ethers";
import { ChainUnavailableError } from "./errors.js";

const UNREACHABLE_CAUSES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Whether `error` says the chain could not be reached (as opposed to a revert or a bad request). */
export function isChainUnreachable(error: unknown): boolean {
  if (error instanceof ChainUnavailableError || error instanceof ChainConnectionError) return true;
  if (isError(error, "NETWORK_ERROR") || isError(error, "TIMEOUT") || isError(error, "SERVER_ERROR"))
    return true;
  let cause: unknown = error;
  for (let depth = 0; depth < 6 && typeof cause === "object" && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CAUSES.has(code)) return true;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === "string" && /fetch failed|socket hang up|ECONNREFUSED/.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause ?? (cause as { error?: unknown }).error;
  }
  return false;
}

/** Runs a chain read or write, turning an unreachable chain into `ChainUnavailableError` (503). */
export async function onChain<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isChainUnreachable(error)) throw new ChainUnavailableError(operation, { cause: error });
    throw error;
  }
}

/** The custom error a reverted call or transaction carries, decoded with `iface`, or undefined. */
export function revertOf(
  error: unknown,
  iface: Interface,
): { name: string; args: readonly unknown[] } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const revert = (current as { revert?: { name?: unknown; args?: unknown } }).revert;
    if (revert !== undefined && revert !== null && typeof revert.name === "string") {
      return { name: revert.name, args: Array.isArray(revert.args) ? revert.args : [] };
    }
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) {
      try {
        const parsed = iface.parseError(data);
        if (parsed !== null) return { name: parsed.name, args: [...parsed.args] };
      } catch {
        // not one of this interface's errors
      }
    }
    current =
      (current as { error?: unknown; cause?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}
