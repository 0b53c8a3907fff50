import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

/** OpenAPI 3 document of every route, generated from the route schemas, served at `/documentation/json`. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "PermitChain verifier",
        description:
          "Verifies W3C verifiable credentials and presentations (VC-JWT, ES256K / ES256K-R) against the chain: " +
          "signature, DID, issuer trust, on-chain status, schema, validity; for presentations also holder " +
          "binding, a verifier-issued single-use challenge and the domain. Every answer is a verdict (valid, " +
          "invalid, indeterminate) with each check's reason code. W3C VC API shapes.",
        version: "0.1.0",
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  });
  app.get("/documentation/json", { schema: { hide: true } }, async () => app.swagger());
}
