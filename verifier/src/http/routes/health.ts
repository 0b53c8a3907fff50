import type { FastifyInstance } from "fastify";
import { HEALTH_SCHEMA } from "../schemas.js";

/** What `GET /health` reports: the deployment's chain and, when it answers, its head block. */
export interface HealthProbe {
  readonly chainId: number;
  /** The chain's head block number; rejects when the chain cannot be read. */
  blockNumber(): Promise<number>;
}

/** How long `GET /health` waits for the chain, ms. */
const PROBE_TIMEOUT_MS = 3_000;

/** `GET /health`: 200 when the chain the verdicts depend on answers, 503 when it does not. */
export function healthRoute(app: FastifyInstance, probe: HealthProbe): void {
  app.get(
    "/health",
    {
      schema: {
        summary: "Health",
        description:
          "200 when the service can read the chain (its verdicts can be valid), 503 when it cannot (verdicts " +
          "are indeterminate with CHAIN_UNREACHABLE until it is back).",
        tags: ["service"],
        response: {
          200: { description: "serving, the chain answers", ...HEALTH_SCHEMA },
          503: { description: "the chain does not answer", ...HEALTH_SCHEMA },
        },
      },
    },
    async (request, reply) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const blockNumber = await Promise.race([
          probe.blockNumber(),
          new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => reject(new Error("timed out")), PROBE_TIMEOUT_MS);
          }),
        ]);
        return { status: "ok", chainId: probe.chainId, blockNumber };
      } catch (error) {
        request.log.warn({ err: error }, "health: the chain does not answer");
        return reply
          .status(503)
          .send({ status: "unavailable", chainId: probe.chainId, message: "the chain does not answer" });
      } finally {
        clearTimeout(timer);
      }
    },
  );
}
