import { Worker } from "node:worker_threads";
import { inlineSignatureVerifier, type SignatureVerifier } from "./check-signature.js";
import { VerifierConfigError } from "./errors.js";
import type { KeyCache, KnownKey } from "./key-cache.js";

/** A SignatureVerifier on worker threads; `close()` ends them (pending work then runs in this thread). */
export interface SignatureWorkerPool extends SignatureVerifier {
  readonly size: number;
  close(): Promise<void>;
}

export interface CreateSignatureWorkerPoolParameters {
  /** Worker threads; at least 1. */
  readonly size: number;
  /** The key cache whose keys the workers receive (and drop when it evicts them). */
  readonly keys: KeyCache;
  /** Verifications per message; default 64. */
  readonly batchSize?: number;
}

interface Item {
  readonly signingInput: string;
  readonly signature: Buffer;
  readonly keys: readonly KnownKey[];
  readonly resolve: (index: number) => void;
}

interface Slot {
  worker: Worker;
  /** Key ids this worker holds. */
  readonly sent: Set<number>;
  readonly inflight: Map<number, readonly Item[]>;
  /** Items in flight. */
  load: number;
}

const WORKER_URL = new URL("./verify-worker.js", import.meta.url);
const MAX_FAILURES = 3;

/** Verifies in this thread: the fallback for items a worker could not take. */
function inline(item: Item): void {
  item.resolve(inlineSignatureVerifier.verify(item.signingInput, item.signature, item.keys) as number);
}

/**
 * A pool of worker threads for native signature verification. Requests made in the same turn of the event loop
 * are batched (`batchSize` per message; a full batch leaves at once, the rest on the next turn) and each batch
 * goes to the least loaded worker; every worker gets a key once (SPKI DER) and keeps its KeyObject. A worker that
 * dies is replaced and its batches are verified in this thread, so a caller always gets an answer.
 */
export function createSignatureWorkerPool(
  parameters: CreateSignatureWorkerPoolParameters,
): SignatureWorkerPool {
  const { size, keys } = parameters;
  const batchSize = parameters.batchSize ?? 64;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new VerifierConfigError("a worker pool needs at least 1 worker");
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new VerifierConfigError("batchSize must be positive");
  const slots: Slot[] = [];
  let queue: Item[] = [];
  let scheduled = false;
  let nextBatch = 1;
  let closed = false;
  /** Workers that died without answering in a row; at MAX_FAILURES the pool stops spawning and verifies inline. */
  let failures = 0;

  const spawn = (): Slot => {
    const worker = new Worker(WORKER_URL);
    worker.unref();
    const slot: Slot = { worker, sent: new Set(), inflight: new Map(), load: 0 };
    worker.on("message", (message: { id: number; results: Int32Array }) => {
      const items = slot.inflight.get(message.id);
      if (items === undefined) return;
      slot.inflight.delete(message.id);
      failures = 0;
      slot.load -= items.length;
      if (slot.load === 0) worker.unref();
      for (let i = 0; i < items.length; i++) {
        const result = message.results[i] ?? -2;
        if (result === -2) inline(items[i]!);
        else items[i]!.resolve(result);
      }
    });
    let dead = false;
    const fail = () => {
      if (dead) return; // "error" is followed by "exit"
      dead = true;
      failures++;
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      for (const items of slot.inflight.values()) for (const item of items) inline(item);
      slot.inflight.clear();
      slot.load = 0;
      void worker.terminate().catch(() => undefined);
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    slots.push(slot);
    return slot;
  };

  const send = (items: readonly Item[]) => {
    try {
      while (slots.length < size && failures < MAX_FAILURES) spawn();
    } catch {
      failures = MAX_FAILURES; // worker threads are not available here
    }
    if (slots.length === 0) {
      for (const item of items) inline(item);
      return;
    }
    let slot = slots[0]!;
    for (const candidate of slots) if (candidate.load < slot.load) slot = candidate;
    const evicted = keys.takeEvicted();
    for (const other of slots) for (const id of evicted) other.sent.delete(id);
    const add: [number, Buffer][] = [];
    let total = 0;
    for (const item of items) total += item.keys.length;
    const keyIds = new Int32Array(total);
    const offsets = new Int32Array(items.length + 1);
    const signatures = Buffer.allocUnsafe(items.length * 64);
    const inputs: string[] = new Array(items.length);
    let k = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      inputs[i] = item.signingInput;
      item.signature.copy(signatures, i * 64, 0, 64);
      offsets[i] = k;
      for (const key of item.keys) {
        if (!slot.sent.has(key.id)) {
          slot.sent.add(key.id);
          add.push([key.id, key.spki]);
        }
        keyIds[k++] = key.id;
      }
    }
    offsets[items.length] = k;
    const id = nextBatch++;
    slot.inflight.set(id, items);
    if (slot.load === 0) slot.worker.ref();
    slot.load += items.length;
    // every worker drops evicted keys, the chosen one with this message, the others with their next
    slot.worker.postMessage({ id, drop: evicted, add, inputs, signatures, keyIds, offsets });
    for (const other of slots) {
      if (other !== slot && evicted.length > 0) {
        other.worker.postMessage({
          id: 0,
          drop: evicted,
          add: [],
          inputs: [],
          signatures: new Uint8Array(0),
          keyIds: new Int32Array(0),
          offsets: new Int32Array(1),
        });
      }
    }
  };

  const flush = () => {
    scheduled = false;
    const pending = queue;
    queue = [];
    for (let start = 0; start < pending.length; start += batchSize) {
      send(pending.slice(start, start + batchSize));
    }
  };

  return {
    size,
    verify(signingInput, signature, candidates) {
      if (closed) return inlineSignatureVerifier.verify(signingInput, signature, candidates);
      return new Promise<number>((resolve) => {
        queue.push({ signingInput, signature, keys: candidates, resolve });
        if (queue.length >= batchSize) {
          const full = queue.splice(0, batchSize);
          send(full);
        }
        if (queue.length > 0 && !scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const item of queue) inline(item);
      queue = [];
      const ending = slots.splice(0, slots.length);
      for (const slot of ending) {
        slot.worker.removeAllListeners("exit");
        slot.worker.removeAllListeners("error");
        for (const items of slot.inflight.values()) for (const item of items) inline(item);
        slot.inflight.clear();
      }
      await Promise.all(ending.map((slot) => slot.worker.terminate()));
    },
  };
}
