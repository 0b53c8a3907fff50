// Test helper: an issuer service and app over a repository, on the test chain.
import type { FastifyInstance } from "fastify";
import {
  ApiKeyStore,
  buildApp,
  type CreateIssuerServiceOptions,
  createIssuerService,
  didNetwork,
  type IssuerRepository,
  type IssuerService,
  loadIssuerKeys,
} from "../index.js";
import type { IssuerTestChain } from "./chain.js";
import { API_KEYS, issuerKeyConfigs } from "./fixtures.js";

export interface TestIssuer {
  readonly service: IssuerService;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function startTestIssuer(
  env: IssuerTestChain,
  repository: IssuerRepository,
  options: Partial<CreateIssuerServiceOptions> & { bodyLimit?: number } = {},
): Promise<TestIssuer> {
  const issuers = await loadIssuerKeys(issuerKeyConfigs(env), { network: didNetwork(env.manifest.chainId) });
  const service = createIssuerService({
    repository,
    issuers,
    manifest: env.manifest,
    provider: env.provider,
    miningTimeoutMs: 20_000,
    ...options,
  });
  const app = await buildApp(
    { service, apiKeys: new ApiKeyStore(API_KEYS) },
    options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit },
  );
  return {
    service,
    app,
    async close() {
      await app.close();
      await service.close();
    },
  };
}
