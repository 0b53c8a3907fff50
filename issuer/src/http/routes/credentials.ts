import type { FastifyInstance, onRequestHookHandler } from "fastify";
import type { IssuerService } from "../../service.js";
import type { CredentialStatusName } from "../../storage/repository.js";
import { operatorOf } from "../plugins/auth.js";
import { ERRORS, LIST_QUERY_SCHEMA, LIST_RESPONSE_SCHEMA } from "../schemas.js";

interface ListQuery {
  type?: string;
  subject?: string;
  status?: CredentialStatusName;
  issuer?: string;
  limit: number;
  cursor?: string;
}

/** `GET /credentials/:id` and `GET /credentials`: the records of the operator's issuers and types. */
export function credentialsRoutes(
  app: FastifyInstance,
  service: IssuerService,
  authenticate: onRequestHookHandler,
): void {
  app.get(
    "/credentials/:id",
    {
      onRequest: authenticate,
      schema: {
        summary: "A credential issued here",
        description:
          "The record: credential, JWT, status (as last written by this service) and status history.",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", minLength: 1, maxLength: 2048 } },
        },
        response: {
          200: { description: "The record.", $ref: "CredentialRecord#" },
          400: ERRORS[400],
          401: ERRORS[401],
          404: ERRORS[404],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return service.get({ operator: operatorOf(request), id });
    },
  );

  app.get(
    "/credentials",
    {
      onRequest: authenticate,
      schema: {
        summary: "List credentials issued here",
        description:
          "Filters by type, subject DID, status and issuer DID, within the API key's issuers and types; newest " +
          "first; `nextCursor` gives the next page.",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        querystring: LIST_QUERY_SCHEMA,
        response: {
          200: LIST_RESPONSE_SCHEMA,
          400: ERRORS[400],
          401: ERRORS[401],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const query = request.query as ListQuery;
      return service.list({ operator: operatorOf(request), ...query });
    },
  );
}
