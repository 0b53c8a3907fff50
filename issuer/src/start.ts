import { type ConnectedChainEndpoint, connectChainEndpoint } from "@permitchain/chain";
import { type DeploymentManifest, readManifestFile } from "@permitchain/contracts";
import { chainEndpointOptions } from "@permitchain/service";
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
  const { manifest, problems } = readManifestFile(path, [
    "CredentialStatusRegistry",
    "TrustedIssuerRegistry",
    "ParticipantRegistry",
  ]);
  if (manifest === undefined) throw new IssuerConfigError(problems);
  return manifest;
}

/**
 * The chain of the configuration, for the manifest's chain id. What start-up cannot get past becomes an
 * `IssuerConfigError`: another chain id, a FISCO group the node does not serve, unusable TLS material, and an SM
 * (国密) group, where the status transactions would be SM2-signed from SM3-derived addresses (not the DID's
 * owner or sigAuth delegate) and the contracts, built with keccak256, do not work (docs/fisco-bcos.md §6). An
 * unreachable chain is not an error here (an SM group found only once it is back gets its status writes refused
 * as ISSUER_KEY_NOT_AUTHORISED: the SM3-derived sender is not an operator of the DID).
 */
async function connectIssuerChain(
  config: IssuerServiceConfig,
  chainId: number,
): Promise<ConnectedChainEndpoint> {
  const endpoint = await connectChainEndpoint(chainEndpointOptions(config, chainId)).catch((error: Error) => {
    throw new IssuerConfigError([error.message]);
  });
  if (endpoint.kind === "fisco" && endpoint.group?.smCrypto === true) {
    endpoint.provider.destroy();
    throw new IssuerConfigError([
      `the FISCO BCOS group ${endpoint.group.groupId} at ${config.rpcUrl} is an SM (国密) group: the issuer does not write credential status there (its status transactions would be SM2-signed from SM3 addresses, and the contracts as built hash with keccak256; docs/fisco-bcos.md §6)`,
    ]);
  }
  return endpoint;
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
 * Starts the issuer service from a validated configuration: reads the manifest, connects to the chain, an
 * Ethereum JSON-RPC endpoint or a FISCO BCOS node (an unreachable chain is logged and answered with 503 until it
 * is back; another chain id, an unknown FISCO group or an SM group stops start-up), loads the keys, opens the
 * database, listens.
 */
export async function startIssuerServer(config: IssuerServiceConfig): Promise<RunningIssuer> {
  const manifest = readDeploymentManifest(config.deploymentPath);
  const issuers = await loadIssuerKeys(config.issuers, { network: didNetwork(manifest.chainId) });
  const { provider, unreachable } = await connectIssuerChain(config, manifest.chainId);
  let repository: Awaited<ReturnType<typeof openRepository>>;
  try {
    repository = await openRepository(config.database);
  } catch (error) {
    // a database in use or damaged: nothing is left open behind the refusal
    provider.destroy();
    throw error;
  }
  const service = createIssuerService({ repository, issuers, manifest, provider });
  const app = await buildApp(
    { service, apiKeys: new ApiKeyStore(config.apiKeys) },
    { bodyLimit: config.bodyLimit, logger: { level: config.logLevel } },
  );
  if (unreachable !== undefined) app.log.warn(`${unreachable.message}; answering 503 until it is back`);
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
