// Small caches for the verifier's dependencies: a bounded LRU map and single-flight (with an optional time to live).

/** A Map that keeps at most `maxEntries`, dropping the least recently used first; `onEvict` hears of each drop. */
export class LruMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;
  readonly #onEvict: ((key: K, value: V) => void) | undefined;

  constructor(maxEntries: number, onEvict?: (key: K, value: V) => void) {
    this.#maxEntries = Math.max(1, maxEntries);
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // the most recently used goes last
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#maxEntries) if (!this.evictOldest()) break;
  }

  /** Drops the least recently used entry (telling `onEvict`); false when empty. */
  evictOldest(): boolean {
    const oldest = this.#entries.keys().next();
    if (oldest.done === true) return false;
    const evicted = this.#entries.get(oldest.value) as V;
    this.#entries.delete(oldest.value);
    this.#onEvict?.(oldest.value, evicted);
    return true;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/**
 * Calls of `load(key)` that are in flight at the same time share one promise; with `ttlMs > 0` a settled value
 * is also served for that long (errors never are). `maxEntries` bounds what is kept.
 */
export function singleFlight<K, V>(
  load: (key: K) => Promise<V>,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): (key: K) => Promise<V> {
  const ttlMs = options.ttlMs ?? 0;
  const now = options.now ?? Date.now;
  const inflight = new Map<K, Promise<V>>();
  const settled = new LruMap<K, { value: V; until: number }>(options.maxEntries ?? 10_000);
  return (key: K) => {
    if (ttlMs > 0) {
      const hit = settled.get(key);
      if (hit !== undefined) {
        if (hit.until > now()) return Promise.resolve(hit.value);
        settled.delete(key);
      }
    }
    const running = inflight.get(key);
    if (running !== undefined) return running;
    const promise = (async () => {
      try {
        const value = await load(key);
        if (ttlMs > 0) settled.set(key, { value, until: now() + ttlMs });
        return value;
      } finally {
        inflight.delete(key);
      }
    })();
    inflight.set(key, promise);
    return promise;
  };
}
