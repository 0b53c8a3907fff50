import type { FastifyInstance, onRequestHookHandler } from "fastify";
import { IssuerError } from "../../errors.js";
import type { IssueCredentialInput } from "../../issue-credential.js";
import type { IssuerService } from "../../service.js";
import { operatorOf } from "../plugins/auth.js";
import { ERRORS, IDEMPOTENCY_HEADERS_SCHEMA, ISSUE_BODY_SCHEMA, ISSUE_RESPONSE_SCHEMA } from "../schemas.js";

interface IssueBody {
  credential: IssueCredentialInput;
  options?: { idempotencyKey?: string };
}

/** `POST /credentials/issue` (W3C VC API). */
export function issueRoute(
  app: FastifyInstance,
  service: IssuerService,
  authenticate: onRequestHookHandler,
): void {
  app.post(
    "/credentials/issue",
    {
      onRequest: authenticate,
      schema: {
        summary: "Issue a credential",
        description:
          "Validates the credential against its JSON Schema (422 with every issue), checks that the issuer is " +
          "trusted on chain for the type (403), allocates a status index on chain (mined), signs the VC-JWT " +
          "(and, for a DischargePermitCredential, the EIP-712 on-chain proof) and stores it. Idempotent by key.",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        headers: IDEMPOTENCY_HEADERS_SCHEMA,
        body: ISSUE_BODY_SCHEMA,
        response: {
          201: ISSUE_RESPONSE_SCHEMA,
          400: ERRORS[400],
          401: ERRORS[401],
          403: ERRORS[403],
          409: ERRORS[409],
          413: ERRORS[413],
          415: ERRORS[415],
          422: ERRORS[422],
          503: ERRORS[503],
        },
      },
    },
    async (request, reply) => {
      const body = request.body as IssueBody;
      const fromHeader = request.headers["idempotency-key"];
      const headerKey = typeof fromHeader === "string" ? fromHeader : undefined;
      const bodyKey = body.options?.idempotencyKey;
      if (headerKey !== undefined && bodyKey !== undefined && headerKey !== bodyKey) {
        throw new IssuerError("BAD_REQUEST", "the Idempotency-Key header and options.idempotencyKey differ");
      }
      const result = await service.issue({
        operator: operatorOf(request),
        credential: body.credential,
        idempotencyKey: headerKey ?? bodyKey,
        options: body.options,
      });
      request.log.info(
        {
          credentialId: result.response.id,
          statusIndex: result.response.status.statusIndex,
          replayed: result.replayed,
        },
        "credential issued",
      );
      if (result.replayed) reply.header("idempotent-replayed", "true");
      reply.header("location", `/credentials/${encodeURIComponent(result.response.id)}`);
      return reply.status(201).send(result.response);
    },
  );
}
