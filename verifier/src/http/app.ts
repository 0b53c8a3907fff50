import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from "fastify";
import type { ChallengeStore } from "../challenge-store.js";
import type { Verifier } from "../create-verifier.js";
import { VerifierConfigError } from "../errors.js";
import { registerErrorHandling } from "./plugins/errors.js";
import { registerOpenApi } from "./plugins/openapi.js";
import { challengesRoute } from "./routes/challenges.js";
import { type HealthProbe, healthRoute } from "./routes/health.js";
import { verifyCredentialRoute } from "./routes/verify-credential.js";
import { verifyPresentationRoute } from "./routes/verify-presentation.js";
import { registerSharedSchemas } from "./schemas.js";

/** What the HTTP app needs: the verification pipeline, its challenge store, the domain, a health probe. */
export interface AppDependencies {
  /** `createVerifier(...)`, built over the same `challenges`. */
  readonly verifier: Verifier;
  /** The store `POST /challenges` issues from and the verifier consumes from. */
  readonly challenges: ChallengeStore;
  /** The verifier's domain: challenges are bound to it, presentations must be addressed to it. */
  readonly domain: string;
  readonly health: HealthProbe;
}

/**
 * The verifier service as a fastify plugin, in order: infrastructure (error handler, JSON-only body parsing,
 * shared schemas, OpenAPI), then the routes (the domain is the verifier handed in). Registered without
 * encapsulation, so that its error handler holds for the whole app.
 */
export const verifierApp: FastifyPluginAsync<AppDependencies> = Object.assign(
  async (app: FastifyInstance, deps: AppDependencies) => {
    if (typeof deps.domain !== "string" || deps.domain.length === 0) {
      throw new VerifierConfigError("the verifier service needs its domain");
    }
    // infrastructure
    registerErrorHandling(app);
    app.removeContentTypeParser("text/plain");
    registerSharedSchemas(app);
    await registerOpenApi(app);
    // routes
    verifyCredentialRoute(app, deps.verifier);
    verifyPresentationRoute(app, deps.verifier, deps.domain);
    challengesRoute(app, deps.challenges, deps.domain);
    healthRoute(app, deps.health);
  },
  { [Symbol.for("skip-override")]: true },
);

export interface BuildAppOptions {
  /** Largest body accepted, bytes (413 above). Default 1 MiB. */
  readonly bodyLimit?: number;
  /** fastify's logger option (pino options, or false). Default false. */
  readonly logger?: FastifyServerOptions["logger"];
}

/** A fastify instance running `verifierApp` (not listening: `inject` it, or `listen` in server.ts). */
export async function buildApp(
  deps: AppDependencies,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // no type coercion: a JWT given as a number or an array is not a verification request
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true } },
    return503OnClosing: true,
    requestTimeout: 60_000,
  });
  await app.register(verifierApp, deps);
  await app.ready();
  return app;
}
