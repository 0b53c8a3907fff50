import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ChallengeStoreFullError, VerifierClosedError } from "../../errors.js";
import { VerifierHttpError, type VerifierHttpErrorCode } from "../errors.js";

interface Issue {
  path: string;
  keyword: string;
  message: string;
}

/** The one error body: `{ error: { code, message, errors? } }`. */
export function errorBody(code: VerifierHttpErrorCode, message: string, errors?: readonly Issue[]) {
  return { error: { code, message, ...(errors === undefined ? {} : { errors }) } };
}

const FASTIFY_CODES: Record<string, { status: number; code: VerifierHttpErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: "the request body is too large",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: "the request body must be application/json",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "BAD_REQUEST", message: "the JSON body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "BAD_REQUEST", message: "the body is not valid JSON" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "BAD_REQUEST",
    message: "the body does not match its Content-Length",
  },
};

/**
 * The service's one error handler: maps every error to a status and the stable body, logs through the
 * request's logger (4xx at info, 503 at warn, anything unexpected at error with its stack) and never sends
 * internals. Verification outcomes do not come here: they are answers (200), not errors.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
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
    if (error.validation !== undefined) {
      const errors = error.validation.map((issue) => ({
        path: `${error.validationContext ?? ""}${issue.instancePath}`,
        keyword: issue.keyword,
        message: issue.message ?? "is invalid",
      }));
      request.log.info({ errors }, "request rejected by its schema");
      return reply.status(400).send(errorBody("BAD_REQUEST", error.message, errors));
    }
    const known = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
    if (known !== undefined) {
      request.log.info({ code: error.code }, known.message);
      return reply.status(known.status).send(errorBody(known.code, known.message));
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith("FST_ERR_CTP"))) {
      request.log.info({ code: error.code }, "the body is not valid JSON");
      return reply.status(400).send(errorBody("BAD_REQUEST", "the body is not valid JSON"));
    }
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ code: error.code }, "request refused");
      return reply.status(error.statusCode).send(errorBody("BAD_REQUEST", "the request cannot be processed"));
    }
    request.log.error({ err: error }, "unexpected error");
    return reply.status(500).send(errorBody("INTERNAL_ERROR", "internal error; the request may be retried"));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`));
  });
}
