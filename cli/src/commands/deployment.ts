import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PermitChainError, type TimestampUnit, writeFileAtomic } from "@permitchain/chain";
import { type DeploymentManifest, deploy, verifyDeployment } from "@permitchain/contracts";
import type { Provider, Signer } from "ethers";

/** The deployment manifest on disk does not fit the chain it sits beside. */
export class ManifestMismatchError extends PermitChainError {
  constructor(message: string, path: string) {
    super("DEPLOYMENT_MANIFEST_MISMATCH", message, { details: { path } });
  }
}

export interface EnsureDeploymentParameters {
  provider: Provider;
  deployer: Signer;
  chainId: number;
  dataDir: string;
  timestampUnit: TimestampUnit;
}

function readManifest(path: string): DeploymentManifest {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DeploymentManifest;
  } catch (error) {
    throw new ManifestMismatchError(
      `${path} is not a readable deployment manifest: ${(error as Error).message}`,
      path,
    );
  }
}

/**
 * Deploys the suite on first start and writes `DIR/deployment.json`; on later starts checks that the
 * manifest belongs to this chain and that every contract's code is there.
 */
export async function ensureDeployment(
  parameters: EnsureDeploymentParameters,
): Promise<{ manifest: DeploymentManifest; deployedNow: boolean }> {
  const { provider, deployer, chainId, dataDir, timestampUnit } = parameters;
  const path = join(dataDir, "deployment.json");
  if (existsSync(path)) {
    const manifest = readManifest(path);
    if (manifest.chainId !== chainId) {
      throw new ManifestMismatchError(
        `${path} was written for chain id ${manifest.chainId}, this chain is ${chainId}`,
        path,
      );
    }
    await verifyDeployment(provider, manifest);
    return { manifest, deployedNow: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const manifest = await deploy(deployer, { timestampUnit, chainId });
  writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, deployedNow: true };
}
