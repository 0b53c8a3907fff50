import type { FastifyInstance, onRequestHookHandler } from "fastify";
import type { IssuerService } from "../../service.js";
import type { StatusAction } from "../../status-registry.js";
import { operatorOf } from "../plugins/auth.js";
import { ERRORS, STATUS_BODY_SCHEMA, STATUS_RESPONSE_SCHEMA } from "../schemas.js";

interface StatusBody {
  credentialId: string;
  action: StatusAction;
  reason: number;
}

/** `POST /credentials/status` (W3C VC API): revoke, suspend or reinstate, on chain. */
export function statusRoute(
  app: FastifyInstance,
  service: IssuerService,
  authenticate: onRequestHookHandler,
): void {
  app.post(
    "/credentials/status",
    {
      onRequest: authenticate,
      schema: {
        summary: "Revoke, suspend or reinstate a credential",
        description:
          "Writes the change to the on-chain status registry with the issuer's status key, waits until it is " +
          "mined, records it, and returns the new status. Revocation is final.",
        tags: ["credentials"],
        security: [{ apiKey: [] }],
        body: STATUS_BODY_SCHEMA,
        response: {
          200: STATUS_RESPONSE_SCHEMA,
          400: ERRORS[400],
          401: ERRORS[401],
          403: ERRORS[403],
          404: ERRORS[404],
          409: ERRORS[409],
          413: ERRORS[413],
          415: ERRORS[415],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const body = request.body as StatusBody;
      const result = await service.changeStatus({
        operator: operatorOf(request),
        credentialId: body.credentialId,
        action: body.action,
        reason: body.reason,
      });
      request.log.info(
        { credentialId: result.credentialId, action: body.action, status: result.status.status },
        "credential status changed",
      );
      return result;
    },
  );
}
