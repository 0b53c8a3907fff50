import type { FastifyInstance, onRequestHookHandler } from "fastify";
import type { IssuerService } from "../../service.js";
import type { CredentialStatusName } from "../../storage/repository.js";
import {
  CHECKED_LIST_QUERY_SCHEMA,
  CHECKED_LIST_RESPONSE_SCHEMA,
  registerCredentialViewSchemas,
} from "../credential-view-schema.js";
import { operatorOf } from "../plugins/auth.js";
import { ERRORS } from "../schemas.js";
import { logStatusChecks } from "./status-check-log.js";

interface ListQuery {
  type?: string;
  subject?: string;
  status?: CredentialStatusName;
  issuer?: string;
  limit: number;
  cursor?: string;
}

/**
 * `GET /credentials/:id` and `GET /credentials`: the records of the operator's issuers and types, each status
 * read on chain. Reads only: a disagreement with the record is shown and logged, never written.
 */
export function credentialsRoutes(
  app: FastifyInstance,
  service: IssuerService,
  authenticate: onRequestHookHandler,
): void {
  registerCredentialViewSchemas(app);
  app.get(
    "/credentials/:id",
    {
      onRequest: authenticate,
      schema: {
        summary: "A credential issued here",
        description:
          "The record: credential, JWT, status and status history. The status is read from the on-chain " +
          "registry (`status.source: chain`, at `status.checkedAtBlock`) with the recorded one beside it " +
          "(`status.recordedStatus`, `status.matchesRecord`); when the chain cannot be read, the recorded " +
          "status (`status.source: recorded`, `status.chainReadFailure`), still 200. A read never changes the " +
          "record: POST /credentials/status does.",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", minLength: 1, maxLength: 2048 } },
        },
        response: {
          200: { description: "The record.", $ref: "CheckedCredentialRecord#" },
          400: ERRORS[400],
          401: ERRORS[401],
          404: ERRORS[404],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const view = await service.get({ operator: operatorOf(request), id });
      logStatusChecks(request.log, [view]);
      return view;
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
          "first; `nextCursor` gives the next page. Each item's status is read on chain, the page at one block " +
          "(reads in parallel, bounded; the recorded status, `source: recorded`, for any the chain does not " +
          "answer in time). The status filter is on the recorded status (`status.recordedStatus`).",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        querystring: CHECKED_LIST_QUERY_SCHEMA,
        response: {
          200: CHECKED_LIST_RESPONSE_SCHEMA,
          400: ERRORS[400],
          401: ERRORS[401],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const query = request.query as ListQuery;
      const page = await service.list({ operator: operatorOf(request), ...query });
      logStatusChecks(request.log, page.items);
      return page;
    },
  );
}
