// Test helper: assert that an action reverts with a given custom error and arguments.
import type { Interface } from "ethers";
import { expect } from "vitest";

/** Finds the revert data (0x + selector + args) anywhere in an ethers / JSON-RPC error. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  for (const key of ["error", "info", "cause", "data"]) {
    const nested = revertData(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

export async function expectCustomError(
  action: Promise<unknown>,
  contractInterface: Interface,
  name: string,
  args: readonly unknown[],
): Promise<void> {
  const outcome = await action.then(
    () => ({ reverted: false as const }),
    (error: unknown) => ({ reverted: true as const, error }),
  );
  if (!outcome.reverted) throw new Error(`expected a revert with ${name}, but the call succeeded`);
  const data = revertData(outcome.error);
  if (data === undefined)
    throw new Error(`expected ${name}, got an error without revert data`, { cause: outcome.error });
  const parsed = contractInterface.parseError(data);
  expect(parsed?.name, `revert data ${data}`).toBe(name);
  expect(parsed?.args.toArray()).toEqual([...args]);
}
