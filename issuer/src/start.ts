import { readFileSync } from "node:fs";
import { ChainConnectionError, connectJsonRpc } from "@permitchain/chain";
import type { DeploymentManifest } from "@permitchain/contracts";
import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import type { FastifyInstance } from "fastify";
import { ApiKeyStore } from "./api-keys.js";
import type { IssuerServiceConfig } from "./config.js";
import { didNetwork } from "./did.js";
import { IssuerConfigError } from "./errors.js";
import { buildApp } from "./http/app.js";
import { loadIssuerKeys } from "./keys.js";
import { createIssuerService, type IssuerService } from "./service.js";
import { openRepository } from "./storage/open.js";

/** Reads and checks a deployment manifest (`{ chainId, contracts: { Name: address } }`). */
export function readDeploymentManifest(path: string): DeploymentManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new IssuerConfigError([`deployment manifest ${path}: ${(error as Error).message}`]);
  }
  const manifest = parsed as { chainId?: unknown; contracts?: Record<string, unknown> };
  const problems: string[] = [];
  if (
    typeof manifest?.chainId !== "number" ||
    !Number.isSafeInteger(manifest.chainId) ||
    manifest.chainId < 0
  ) {
    problems.push(`deployment manifest ${path}: chainId must be a non-negative integer`);
  }
  for (const name of ["CredentialStatusRegistry", "TrustedIssuerRegistry", "ParticipantRegistry"]) {
    const address = manifest?.contracts?.[name];
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      problems.push(`deployment manifest ${path}: contracts.${name} must be an address`);
    }
  }
  if (problems.length > 0) throw new IssuerConfigError(problems);
  return parsed as DeploymentManifest;
}

/** A running issuer service. */
export interface RunningIssuer {
  readonly app: FastifyInstance;
  readonly service: IssuerService;
  /** The address it listens on, e.g. http://127.0.0.1:8081. */
  readonly url: string;
  /** Stops accepting requests, finishes the running ones, closes the database and the chain connection. */
  close(): Promise<void>;
}

/**
 * Starts the issuer service from a validated configuration: reads the manifest, connects to the chain (an
 * unreachable chain is logged and answered with 503 until it is back; another chain id stops start-up), loads
 * the keys, opens the database, listens.
 */
export async function startIssuerServer(config: IssuerServiceConfig): Promise<RunningIssuer> {
  const manifest = readDeploymentManifest(config.deploymentPath);
  const issuers = await loadIssuerKeys(config.issuers, { network: didNetwork(manifest.chainId) });
  let provider: JsonRpcProvider;
  let unreachable: string | undefined;
  try {
    provider = await connectJsonRpc(config.rpcUrl, {
      chainId: manifest.chainId,
      timeoutMs: config.rpcTimeoutMs,
    });
  } catch (error) {
    if (!(error instanceof ChainConnectionError) || error.code !== "CHAIN_UNREACHABLE") {
      throw new IssuerConfigError([(error as Error).message]);
    }
    unreachable = error.message;
    const request = new FetchRequest(config.rpcUrl);
    request.timeout = config.rpcTimeoutMs;
    const network = Network.from(manifest.chainId);
    provider = new JsonRpcProvider(request, network, {
      staticNetwork: network,
      cacheTimeout: -1,
      batchMaxCount: 1,
    });
  }
  const repository = await openRepository(config.database);
  const service = createIssuerService({ repository, issuers, manifest, provider });
  const app = await buildApp(
    { service, apiKeys: new ApiKeyStore(config.apiKeys) },
    { bodyLimit: config.bodyLimit, logger: { level: config.logLevel } },
  );
  if (unreachable !== undefined) app.log.warn(`${unreachable}; answering 503 until it is back`);
  let url: string;
  try {
    url = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await service.close();
    provider.destroy();
    throw error;
  }
  app.log.info(
    {
      chainId: manifest.chainId,
      statusRegistry: manifest.contracts.CredentialStatusRegistry,
      database: config.database.kind,
      issuers: issuers.list().map((issuer) => issuer.did),
    },
    "issuer service ready",
  );
  return {
    app,
    service,
    url,
    async close() {
      await app.close();
      await service.close();
      provider.destroy();
    },
  };
}
