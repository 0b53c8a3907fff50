import type { FastifyBaseLogger } from "fastify";

/** A running service: its logger, and how it stops. */
export interface StoppableService {
  readonly app: { readonly log: FastifyBaseLogger };
  /** Stops accepting requests, finishes the running ones, closes what the service opened. */
  close(): Promise<void>;
}

/**
 * On the first SIGINT or SIGTERM: logs it, closes `running` and exits, with 0 when it closed cleanly and 1
 * otherwise. What a service's `server.ts` does once it listens.
 */
export function stopOnSignals(running: StoppableService): void {
  const stop = (signal: string) => {
    running.app.log.info(`${signal}: stopping`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
