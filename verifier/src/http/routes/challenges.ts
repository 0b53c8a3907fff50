import type { FastifyInstance } from "fastify";
import type { ChallengeStore } from "../../challenge-store.js";
import { CHALLENGE_BODY_SCHEMA, CHALLENGE_RESPONSE_SCHEMA, ERRORS } from "../schemas.js";

/** `POST /challenges` (W3C VC API): a verifier-chosen challenge for one presentation, bound to the domain. */
export function challengesRoute(app: FastifyInstance, challenges: ChallengeStore, domain: string): void {
  app.post(
    "/challenges",
    {
      // no body at all is as good as `{}`
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        summary: "Issue a challenge",
        description:
          "A new random challenge, bound to this verifier's domain and accepted once, before it expires, by " +
          "POST /presentations/verify. Give it to the holder, whose presentation carries it as its nonce.",
        tags: ["presentations"],
        body: CHALLENGE_BODY_SCHEMA,
        response: {
          201: CHALLENGE_RESPONSE_SCHEMA,
          400: ERRORS[400],
          413: ERRORS[413],
          415: ERRORS[415],
          503: ERRORS[503],
        },
      },
    },
    async (request, reply) => {
      const challenge = await challenges.issue({ domain });
      const expiresAt = new Date(challenge.expiresAt).toISOString();
      request.log.info({ expiresAt }, "challenge issued");
      reply.header("cache-control", "no-store");
      return reply.status(201).send({ challenge: challenge.value, domain, expiresAt });
    },
  );
}
