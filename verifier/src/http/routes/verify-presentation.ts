import type { CredentialType } from "@permitchain/schemas";
import type { FastifyInstance } from "fastify";
import type { Verifier } from "../../create-verifier.js";
import { ERRORS, VERIFY_PRESENTATION_BODY_SCHEMA } from "../schemas.js";
import { notPassed } from "./verify-credential.js";

interface VerifyPresentationBody {
  verifiablePresentation: string;
  options: { challenge: string; domain?: string; credentialType?: CredentialType };
}

/** `POST /presentations/verify` (W3C VC API): the presentation's checks, and each credential's. */
export function verifyPresentationRoute(app: FastifyInstance, verifier: Verifier, domain: string): void {
  app.post(
    "/presentations/verify",
    {
      schema: {
        summary: "Verify a presentation",
        description:
          "Verifies a VP-JWT: the holder's signature and DID, the presentation's shape and validity, that every " +
          "credential in it is about its signer (holder binding), that its nonce is a challenge this service " +
          "issued and that has not been used (it is used up here, once the signature verified), that its aud " +
          "includes the domain; and each credential in it as POST /credentials/verify does. Answers 200 with " +
          "the verdict whatever it is.",
        tags: ["verify"],
        body: VERIFY_PRESENTATION_BODY_SCHEMA,
        response: {
          200: {
            description: "The verdict, the presentation's checks and each credential's result.",
            $ref: "PresentationVerificationResult#",
          },
          400: ERRORS[400],
          413: ERRORS[413],
          415: ERRORS[415],
          503: ERRORS[503],
        },
      },
    },
    async (request) => {
      const { verifiablePresentation, options } = request.body as VerifyPresentationBody;
      const result = await verifier.verifyPresentation(verifiablePresentation, {
        challenge: options.challenge,
        domain: options.domain ?? domain,
        ...(options.credentialType === undefined ? {} : { credentialType: options.credentialType }),
      });
      request.log.info(
        {
          verdict: result.verdict,
          codes: notPassed(result.checks),
          credentials: result.credentials.map((credential) => credential.verdict),
        },
        "presentation verified",
      );
      return result;
    },
  );
}
