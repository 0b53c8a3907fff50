/** Unit of `block.timestamp` on the target chain: Ethereum counts seconds, FISCO BCOS milliseconds by default. */
export type TimestampUnit = "seconds" | "milliseconds";

/** What contracts divide `block.timestamp` by to get seconds (their `NormalisedClock` constructor argument). */
export function timestampDivisor(unit: TimestampUnit): bigint {
  switch (unit) {
    case "seconds":
      return 1n;
    case "milliseconds":
      return 1000n;
    default:
      throw new TypeError(`unknown timestamp unit ${String(unit satisfies never)}`);
  }
}
