/**
 * Wraps `sync` so that syncs run one at a time and a caller joins a sync that has not started yet, never one
 * already running (that one may have read the chain head before the caller's own change was mined). The
 * caches that registry events keep exact (DID documents, credential status) share it.
 */
export function serialSync(sync: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  return () => {
    if (queued !== undefined) return queued;
    const before = running ?? Promise.resolve();
    const next: Promise<void> = before
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        running = next;
        return sync();
      })
      .finally(() => {
        if (running === next) running = undefined;
      });
    queued = next;
    return next;
  };
}
