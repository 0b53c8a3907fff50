/**
 * The points of an issuance where a fault hook runs, in order. A hook that throws there stops the issuance as
 * a crash would at that point: what was recorded before stays, nothing after happens. Tests use it to prove
 * that a retry with the same idempotency key resumes from the recorded step and never allocates twice.
 */
export const FAULT_POINTS = [
  /** The intent (idempotency key, request hash, draft) is recorded; nothing is on chain. */
  "intent-recorded",
  /** The allocation transaction is signed and recorded, not broadcast. */
  "allocation-signed",
  /** The allocation transaction is broadcast, its receipt not read. */
  "allocation-sent",
  /** The allocation is mined and its event read; the index is not recorded. */
  "allocation-mined",
  /** The status index is recorded; the credential is not signed. */
  "allocation-recorded",
  /** The credential (and proof) are signed, not stored. */
  "credential-signed",
  /** The credential is stored; the answer is not given. */
  "credential-stored",
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Called at each fault point; throw to simulate a crash there. Absent in production. */
export type FaultHook = (point: FaultPoint, context: { idempotencyKey: string }) => void | Promise<void>;
