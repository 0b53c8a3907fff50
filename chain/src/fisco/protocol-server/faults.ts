/**
 * Failures the test server can be told to stage, per JSON-RPC method, to exercise a client's time-outs
 * and its handling of lost answers. Both transports (HTTP, WebSocket) honour them.
 */
export interface FaultInjection {
  /** Requests of these methods are never answered (the connection stays open). */
  hang: Set<string>;
  /**
   * The next N requests of a method are fully handled (a transaction is executed), then the
   * connection is destroyed instead of answered: the client loses an answer the node did produce.
   */
  dropAnswer: Map<string, number>;
}

export function noFaults(): FaultInjection {
  return { hang: new Set(), dropAnswer: new Map() };
}

/** Whether this request's answer is to be dropped; counts the drop down. */
export function takeDrop(faults: FaultInjection, method: string): boolean {
  const left = faults.dropAnswer.get(method) ?? 0;
  if (left <= 0) return false;
  if (left === 1) faults.dropAnswer.delete(method);
  else faults.dropAnswer.set(method, left - 1);
  return true;
}
