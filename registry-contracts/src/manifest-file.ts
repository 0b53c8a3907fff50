import { readFileSync } from "node:fs";
import type { DeploymentManifest } from "./manifest.js";
import type { ContractName } from "./suite.js";

/** A manifest file as read: the manifest, or every problem found (each naming the file). */
export type ReadManifestFileResult =
  | { readonly manifest: DeploymentManifest; readonly problems: readonly [] }
  | { readonly manifest: undefined; readonly problems: readonly string[] };

/**
 * Reads the deployment manifest at `path` (`{ chainId, contracts: { Name: address } }`, as `permitchain up`
 * writes it) and checks what a reader needs: a non-negative integer chain id and an address for each of
 * `required`. `readHint` is added to the message when the file cannot be read or parsed.
 */
export function readManifestFile(
  path: string,
  required: readonly ContractName[],
  options: { readHint?: string } = {},
): ReadManifestFileResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const hint = options.readHint === undefined ? "" : ` ${options.readHint}`;
    return {
      manifest: undefined,
      problems: [`deployment manifest ${path}: ${(error as Error).message}${hint}`],
    };
  }
  const manifest = parsed as { chainId?: unknown; contracts?: Record<string, unknown> } | null;
  const problems: string[] = [];
  if (
    typeof manifest?.chainId !== "number" ||
    !Number.isSafeInteger(manifest.chainId) ||
    manifest.chainId < 0
  ) {
    problems.push(`deployment manifest ${path}: chainId must be a non-negative integer`);
  }
  for (const name of required) {
    const address = manifest?.contracts?.[name];
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      problems.push(`deployment manifest ${path}: contracts.${name} must be an address`);
    }
  }
  return problems.length > 0
    ? { manifest: undefined, problems }
    : { manifest: parsed as DeploymentManifest, problems: [] };
}
