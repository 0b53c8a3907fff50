import {
  type ErrorIssue,
  registerErrorHandling as registerServiceErrorHandling,
  errorBody as serviceErrorBody,
} from "@permitchain/service";
import type { FastifyInstance } from "fastify";
import { ChallengeStoreFullError, VerifierClosedError } from "../../errors.js";
import { VerifierHttpError, type VerifierHttpErrorCode } from "../errors.js";

/** The one error body: `{ error: { code, message, errors? } }`, with the verifier's codes. */
export function errorBody(code: VerifierHttpErrorCode, message: string, errors?: readonly ErrorIssue[]) {
  return serviceErrorBody(code, message, errors);
}

/**
 * The verifier's one error handler: its own errors, a full challenge store or a closing verifier as 503,
 * then the shared handling of what fastify raises; never internals. Verification outcomes do not come
 * here: they are answers (200), not errors.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  registerServiceErrorHandling(app, (error, request, reply) => {
    if (error instanceof VerifierHttpError) {
      if (error.statusCode >= 500)
        request.log.warn({ err: error }, "verifier request failed: %s", error.code);
      else request.log.info({ code: error.code }, "verifier request refused: %s", error.message);
      return reply.status(error.statusCode).send(errorBody(error.code, error.message));
    }
    if (error instanceof ChallengeStoreFullError) {
      request.log.warn({ code: error.code }, error.message);
      reply.header("retry-after", "60");
      return reply
        .status(503)
        .send(errorBody("CHALLENGE_STORE_FULL", "too many challenges are outstanding; retry later"));
    }
    if (error instanceof VerifierClosedError) {
      return reply.status(503).send(errorBody("SERVICE_UNAVAILABLE", "the service is shutting down"));
    }
    return undefined;
  });
}
