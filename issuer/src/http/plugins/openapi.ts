import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";

/** OpenAPI 3 document of every route, generated from the route schemas, served at `/documentation/json`. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "PermitChain issuer",
        description:
          "Issues W3C verifiable credentials (VC-JWT, ES256K) for ecology and environment bureaus and accredited " +
          "auditors, each with an on-chain status entry; revokes, suspends and reinstates them. W3C VC API shapes.",
        version: "0.1.0",
      },
      components: {
        securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "operator API key" } },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
  });
  app.get("/documentation/json", { schema: { hide: true } }, async () => app.swagger());
}
