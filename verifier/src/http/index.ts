// The verifier service (fastify): `@permitchain/verifier/http`. Apart from the library's entry point so that
// using the library does not load fastify.
export {
  configProblems,
  type LoadVerifierConfigOptions,
  loadVerifierConfig,
  VERIFIER_CONFIG_DEFAULTS,
  VERIFIER_ENV,
  type VerifierServiceConfig,
  verifierConfigError,
} from "../config.js";
export { type AppDependencies, type BuildAppOptions, buildApp, verifierApp } from "./app.js";
export { VERIFIER_HTTP_ERROR_STATUS, VerifierHttpError, type VerifierHttpErrorCode } from "./errors.js";
export { errorBody } from "./plugins/errors.js";
export type { HealthProbe } from "./routes/health.js";
export {
  type RunningVerifier,
  readVerifierManifest,
  type StartVerifierServerOptions,
  startVerifierServer,
  VERIFIER_CONTRACTS,
} from "./start.js";
