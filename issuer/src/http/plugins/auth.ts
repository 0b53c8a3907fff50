import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiKeyStore, Operator } from "../../api-keys.js";
import { IssuerError } from "../../errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The operator whose API key authenticated the request (set by `authenticate`). */
    operator: Operator | null;
  }
}

/** Decorates requests with `operator`; returns the `onRequest` hook that authenticates a route. */
export function registerAuth(
  app: FastifyInstance,
  keys: ApiKeyStore,
): (request: FastifyRequest) => Promise<void> {
  app.decorateRequest("operator", null);
  return async (request) => {
    const operator = keys.authenticate(request.headers.authorization);
    if (operator === undefined) {
      throw new IssuerError(
        "UNAUTHENTICATED",
        request.headers.authorization === undefined
          ? "an API key is required: Authorization: Bearer <key>"
          : "the API key is not valid",
      );
    }
    request.operator = operator;
    request.log.debug({ operator: operator.id }, "authenticated");
  };
}

/** The authenticated operator of a request that went through `authenticate`. */
export function operatorOf(request: FastifyRequest): Operator {
  if (request.operator === null) throw new IssuerError("UNAUTHENTICATED", "an API key is required");
  return request.operator;
}
