import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  type onRequestHookHandler,
} from "fastify";
import type { ApiKeyStore } from "../api-keys.js";
import type { IssuerService } from "../service.js";
import { registerAuth } from "./plugins/auth.js";
import { registerErrorHandling } from "./plugins/errors.js";
import { registerOpenApi } from "./plugins/openapi.js";
import { credentialsRoutes } from "./routes/credentials.js";
import { issueRoute } from "./routes/issue.js";
import { statusRoute } from "./routes/status.js";
import { registerSharedSchemas } from "./schemas.js";

/** What the HTTP app needs: the issuer library and the API keys. */
export interface AppDependencies {
  readonly service: IssuerService;
  readonly apiKeys: ApiKeyStore;
}

/**
 * The issuer service as a fastify plugin, in order: infrastructure (error handler, JSON-only body parsing,
 * shared schemas, OpenAPI), domain (API-key authentication, the issuer library), then the routes.
 * Registered without encapsulation, so that its error handler and decorators hold for the whole app.
 */
export const issuerApp: FastifyPluginAsync<AppDependencies> = Object.assign(
  async (app: FastifyInstance, deps: AppDependencies) => {
    // infrastructure
    registerErrorHandling(app);
    app.removeContentTypeParser("text/plain");
    registerSharedSchemas(app);
    await registerOpenApi(app);
    // domain
    const authenticate = registerAuth(app, deps.apiKeys) as onRequestHookHandler;
    // routes
    issueRoute(app, deps.service, authenticate);
    statusRoute(app, deps.service, authenticate);
    credentialsRoutes(app, deps.service, authenticate);
  },
  { [Symbol.for("skip-override")]: true },
);

export interface BuildAppOptions {
  /** Largest body accepted, bytes (413 above). Default 1 MiB. */
  readonly bodyLimit?: number;
  /** fastify's logger option (pino options, or false). Default false. */
  readonly logger?: FastifyServerOptions["logger"];
}

/** A fastify instance running `issuerApp` (not listening: `inject` it, or `listen` in server.ts). */
export async function buildApp(
  deps: AppDependencies,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true } },
    return503OnClosing: true,
  });
  await app.register(issuerApp, deps);
  await app.ready();
  return app;
}
