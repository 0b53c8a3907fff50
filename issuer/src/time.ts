/** `date` as an RFC 3339 UTC date-time with whole seconds, e.g. "2025-03-01T01:30:00Z". */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Unix seconds of an RFC 3339 date-time (floored); undefined if it denotes no instant. */
export function unixSeconds(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
