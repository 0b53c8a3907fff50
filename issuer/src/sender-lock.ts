/**
 * One queue per key: `run(key, fn)` starts `fn` once every earlier `fn` of the same key has settled. Used per
 * sending account, so that signing a transaction (its nonce taken from the chain), recording it and
 * broadcasting it never interleave with another transaction of the same account.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const id = key.toLowerCase();
    const previous = this.#tails.get(id) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(id, tail);
    try {
      return await result;
    } finally {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    }
  }
}
