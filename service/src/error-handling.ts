import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** One thing wrong with a request or a credential: where (JSON Pointer), which rule, and why. */
export interface ErrorIssue {
  path: string;
  keyword: string;
  message: string;
}

/** The one error body of every PermitChain service: `{ error: { code, message, errors? } }`. */
export function errorBody<Code extends string>(code: Code, message: string, errors?: readonly ErrorIssue[]) {
  return { error: { code, message, ...(errors === undefined ? {} : { errors }) } };
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
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
 * Answers the errors the service's own code knows (its typed errors), or returns undefined to leave the
 * error to the shared handling.
 */
export type DomainErrorHandler = (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply | undefined;

/**
 * A service's one error handler: the service's own errors first (`domain`), then what fastify raises
 * (schema validation 400 with every issue, 413, 415, malformed JSON 400, other 4xx), and anything else a
 * 500 INTERNAL_ERROR with a generic message, its stack logged through the request's logger, never sent.
 * Unknown routes answer 404 NOT_FOUND with the same body.
 */
export function registerErrorHandling(app: FastifyInstance, domain: DomainErrorHandler): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answered = domain(error, request, reply);
    if (answered !== undefined) return answered;
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
