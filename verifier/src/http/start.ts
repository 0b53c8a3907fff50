import { connectChainEndpoint } from "@permitchain/chain";
import {
  createDidResolver,
  type DeploymentManifest,
  type DidResolver,
  readManifestFile,
  type TimestampUnit,
} from "@permitchain/contracts";
import { chainEndpointOptions } from "@permitchain/service";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { createCachedStatusReader } from "../cached-status-reader.js";
import { createMemoryChallengeStore } from "../challenge-store.js";
import { verifierConfigError as configError, type VerifierServiceConfig } from "../config.js";
import { createVerifier, type Verifier } from "../create-verifier.js";
import { createStatusRegistryReader } from "../status-registry-reader.js";
import { createTrustedIssuerRegistryReader } from "../trusted-issuer-registry.js";
import { buildApp } from "./app.js";

/** The contracts the verifier reads. */
export const VERIFIER_CONTRACTS = [
  "EthereumDIDRegistry",
  "TrustedIssuerRegistry",
  "CredentialStatusRegistry",
] as const;

/**
 * Reads and checks a deployment manifest (`{ chainId, contracts: { Name: address } }`) for what the verifier
 * needs: the chain id and the addresses of {@link VERIFIER_CONTRACTS}. Throws `VerifierConfigError` listing every
 * problem.
 */
export function readVerifierManifest(path: string): DeploymentManifest {
  const { manifest, problems } = readManifestFile(path, VERIFIER_CONTRACTS, {
    readHint: "(PERMITCHAIN_DEPLOYMENT; permitchain up writes data/deployment.json)",
  });
  if (manifest === undefined) throw configError([...problems]);
  return manifest;
}

/**
 * The unit of the block timestamps the provider hands out. On evm, the chain's own (`timestampUnit`); FISCO BCOS
 * block headers always count milliseconds, whatever `feature_evm_timestamp` makes contracts see, and the native
 * client (FiscoProvider) reports them in seconds, as ethers and ethr-did-resolver expect.
 */
function providerTimestampUnit(config: VerifierServiceConfig): TimestampUnit {
  return config.chain === "fisco" ? "seconds" : config.timestampUnit;
}

/** A running verifier service. */
export interface RunningVerifier {
  readonly app: FastifyInstance;
  readonly verifier: Verifier;
  readonly manifest: DeploymentManifest;
  /** The address it listens on, e.g. http://127.0.0.1:8082. */
  readonly url: string;
  /** Stops accepting requests, finishes the running ones, closes the verifier and the chain connection. */
  close(): Promise<void>;
}

export interface StartVerifierServerOptions {
  /** fastify's logger option; default pino at the configured level. */
  readonly logger?: FastifyServerOptions["logger"];
}

/**
 * Starts the verifier service from a validated configuration: reads the manifest, connects to the chain, an
 * Ethereum JSON-RPC endpoint or a FISCO BCOS node (another chain id, an unknown FISCO group, or no contract code
 * at the manifest's addresses, stops start-up; an unreachable chain is logged, and
 * verdicts are indeterminate with CHAIN_UNREACHABLE and `GET /health` 503 until it is back), wires the project's
 * DID resolver, the trusted-issuer reader, the status registry reader behind its event-kept cache and an in-memory
 * challenge store into the verifier, and listens.
 */
export async function startVerifierServer(
  config: VerifierServiceConfig,
  options: StartVerifierServerOptions = {},
): Promise<RunningVerifier> {
  const manifest = readVerifierManifest(config.deploymentPath);
  const chainId = manifest.chainId;
  if (config.chainId !== undefined && config.chainId !== chainId) {
    throw configError([
      `PERMITCHAIN_CHAIN_ID (chainId) is ${config.chainId}, the deployment manifest ${config.deploymentPath} is for chain ${chainId}`,
    ]);
  }
  const { provider, unreachable } = await connectChainEndpoint(chainEndpointOptions(config, chainId)).catch(
    (error: Error) => {
      throw configError([error.message]);
    },
  );
  const blockTimeUnit = providerTimestampUnit(config);
  if (unreachable === undefined) {
    const missing: string[] = [];
    try {
      for (const name of VERIFIER_CONTRACTS) {
        const address = manifest.contracts[name];
        if ((await provider.getCode(address)) === "0x") {
          missing.push(
            `no contract code at ${name} ${address} on the chain at ${config.rpcUrl}: the manifest ${config.deploymentPath} is not this chain's deployment`,
          );
        }
      }
    } catch (error) {
      provider.destroy();
      throw configError([`the chain at ${config.rpcUrl} could not be read: ${(error as Error).message}`]);
    }
    if (missing.length > 0) {
      provider.destroy();
      throw configError(missing);
    }
  }

  const resolver: DidResolver = createDidResolver({
    chainId,
    registry: manifest.contracts.EthereumDIDRegistry,
    provider,
    // ethr-did-resolver reads block timestamps as seconds: on a millisecond chain, judge validity by this clock
    clock: blockTimeUnit === "milliseconds" ? "wall" : "chain",
  });
  const challenges = createMemoryChallengeStore({ ttlMs: config.challengeTtlSeconds * 1000 });
  const verifier = createVerifier({
    resolver,
    trustedIssuers: createTrustedIssuerRegistryReader({
      address: manifest.contracts.TrustedIssuerRegistry,
      provider,
      timestampUnit: blockTimeUnit,
    }),
    // answers kept exact by the registry's events: each request reads the head (concurrent requests share that
    // read) and the status events since the last one, and a status is read from the chain only once per change
    statusReader: createCachedStatusReader({
      reader: createStatusRegistryReader({ address: manifest.contracts.CredentialStatusRegistry, provider }),
      provider,
      address: manifest.contracts.CredentialStatusRegistry,
    }),
    challenges,
    clockToleranceSeconds: config.clockToleranceSeconds,
    // the service verifies one credential or presentation per request, on this thread
    workers: 0,
  });
  const closeDependencies = async () => {
    await verifier.close();
    resolver.close();
    provider.destroy();
  };
  let app: FastifyInstance;
  try {
    app = await buildApp(
      {
        verifier,
        challenges,
        domain: config.domain,
        health: { chainId, blockNumber: () => provider.getBlockNumber() },
      },
      { bodyLimit: config.bodyLimit, logger: options.logger ?? { level: config.logLevel } },
    );
  } catch (error) {
    await closeDependencies();
    throw error;
  }
  if (unreachable !== undefined) {
    app.log.warn(`${unreachable.message}; verdicts are indeterminate (CHAIN_UNREACHABLE) until it is back`);
  }
  let url: string;
  try {
    url = await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    await closeDependencies();
    throw error;
  }
  app.log.info(
    {
      chainId,
      domain: config.domain,
      didRegistry: manifest.contracts.EthereumDIDRegistry,
      trustedIssuerRegistry: manifest.contracts.TrustedIssuerRegistry,
      statusRegistry: manifest.contracts.CredentialStatusRegistry,
    },
    "verifier service ready",
  );
  return {
    app,
    verifier,
    manifest,
    url,
    async close() {
      await app.close();
      await closeDependencies();
    },
  };
}
