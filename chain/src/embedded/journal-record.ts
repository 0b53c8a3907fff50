/** A mined block as the journal keeps it: enough to mine it again, and its hash to prove the replay. */
export interface BlockRecord {
  kind: "block";
  number: number;
  hash: string;
  /** Block timestamp, hex quantity in the chain's unit. */
  timestamp: string;
  /** Signed raw transactions in block order; empty for a block mined with `evm_mine`. */
  transactions: string[];
}

/** A change of the chain clock's offset from wall time (`evm_increaseTime`), kept across restarts. */
export interface ClockRecord {
  kind: "clock";
  /** Offset in the chain's timestamp unit, decimal. */
  offset: string;
}

export type JournalRecord = BlockRecord | ClockRecord;

export function isJournalRecord(value: unknown): value is JournalRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  if (r.kind === "clock") return typeof r.offset === "string" && /^-?\d+$/.test(r.offset);
  return (
    r.kind === "block" &&
    Number.isSafeInteger(r.number) &&
    typeof r.hash === "string" &&
    typeof r.timestamp === "string" &&
    Array.isArray(r.transactions) &&
    r.transactions.every((t) => typeof t === "string")
  );
}
