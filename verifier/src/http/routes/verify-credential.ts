import type { CredentialType } from "@permitchain/schemas";
import type { FastifyInstance } from "fastify";
import type { CheckResult } from "../../codes.js";
import type { Verifier } from "../../create-verifier.js";
import { ERRORS, VERIFY_CREDENTIAL_BODY_SCHEMA } from "../schemas.js";

interface VerifyCredentialBody {
  verifiableCredential: string;
  options?: { credentialType?: CredentialType };
}

/** The reason codes of the checks that did not pass, for the log (never the JWT itself). */
export function notPassed(checks: readonly CheckResult[]): string[] {
  return checks
    .filter((check) => check.status === "fail" || check.status === "error")
    .map((check) => check.code);
}

/** `POST /credentials/verify` (W3C VC API): a verdict with every check, for valid and invalid credentials alike. */
export function verifyCredentialRoute(app: FastifyInstance, verifier: Verifier): void {
  app.post(
    "/credentials/verify",
    {
      schema: {
        summary: "Verify a credential",
        description:
          "Verifies a VC-JWT: signature (the key from the issuer's current DID document), DID, issuer trust on " +
          "chain (now and at issuance), on-chain status (read live), schema, validity. A credential that does not " +
          "verify is an answer, not an error: 200 with verdict invalid (or indeterminate when the chain could not " +
          "be read) and the reason code of each check. 400 only for a request that is not a verification request.",
        tags: ["verify"],
        body: VERIFY_CREDENTIAL_BODY_SCHEMA,
        response: {
          200: {
            description: "The verdict and every check, whatever the verdict.",
            $ref: "CredentialVerificationResult#",
          },
          400: ERRORS[400],
          413: ERRORS[413],
          415: ERRORS[415],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const body = request.body as VerifyCredentialBody;
      const credentialType = body.options?.credentialType;
      const result = await verifier.verifyCredential(
        body.verifiableCredential,
        credentialType === undefined ? {} : { credentialType },
      );
      request.log.info({ verdict: result.verdict, codes: notPassed(result.checks) }, "credential verified");
      return result;
    },
  );
}
