import { errorBody, registerErrorHandling as registerServiceErrorHandling } from "@permitchain/service";
import type { FastifyInstance } from "fastify";
import { isChainUnreachable } from "../../chain-errors.js";
import { CredentialInvalidError, IssuerError } from "../../errors.js";

/**
 * The issuer's one error handler: its own errors (with every issue of an invalid credential, and a
 * `WWW-Authenticate` challenge for 401), an unreachable chain as 503, then the shared handling of what
 * fastify raises; never internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  registerServiceErrorHandling(app, (error, request, reply) => {
    if (error instanceof IssuerError) {
      const errors = error instanceof CredentialInvalidError ? error.errors : undefined;
      if (error.statusCode >= 500) request.log.warn({ err: error }, "issuer request failed: %s", error.code);
      else request.log.info({ code: error.code }, "issuer request refused: %s", error.message);
      if (error.code === "UNAUTHENTICATED")
        reply.header("www-authenticate", 'Bearer realm="permitchain-issuer"');
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, errors));
    }
    if (error.validation === undefined && isChainUnreachable(error)) {
      request.log.warn({ err: error }, "the chain is unreachable");
      return reply.status(503).send(errorBody("CHAIN_UNAVAILABLE", "the chain is unreachable; retry later"));
    }
    return undefined;
  });
}
