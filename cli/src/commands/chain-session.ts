import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { connectJsonRpc, DEV_MNEMONIC, PermitChainError } from "@permitchain/chain";
import { type ContractName, committeeGovernanceAbi, type DeploymentManifest } from "@permitchain/contracts";
import {
  Contract,
  computeAddress,
  getAddress,
  HDNodeWallet,
  isAddress,
  type JsonRpcProvider,
  Mnemonic,
} from "ethers";
import { UsageError } from "../cli-error.js";

/** The RPC URL `permitchain up` serves by default. */
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";
/** The RPC URL a chain-reading command uses: `--rpc`, else `PERMITCHAIN_RPC_URL` (as the services), else the default. */
export function rpcUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.PERMITCHAIN_RPC_URL || DEFAULT_RPC_URL);
}

/** The data directory `permitchain up` uses by default. */
export const DEFAULT_DATA_DIR = "./data";
/** Chain id of the embedded development chain (`permitchain up` without `--chain-id`). */
export const DEV_CHAIN_ID = 31337;

/** Flags every chain-reading command takes. */
export const CHAIN_OPTIONS = {
  rpc: { type: "string" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `DIR/deployment.json` is missing: `permitchain up` has not run against this data directory. */
export class ManifestMissingError extends PermitChainError {
  constructor(path: string) {
    super(
      "DEPLOYMENT_MANIFEST_MISSING",
      `no deployment manifest at ${path}: run permitchain up first (or point --data-dir at the directory it uses)`,
      { details: { path } },
    );
  }
}

/** Reads `DIR/deployment.json` as `permitchain up` wrote it. */
export function readDeploymentManifest(dataDir: string): DeploymentManifest {
  const path = join(dataDir, "deployment.json");
  if (!existsSync(path)) throw new ManifestMissingError(path);
  let manifest: DeploymentManifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as DeploymentManifest;
  } catch (error) {
    throw new PermitChainError(
      "DEPLOYMENT_MANIFEST_MISMATCH",
      `${path} is not a readable deployment manifest: ${(error as Error).message}`,
      { details: { path } },
    );
  }
  if (!Number.isSafeInteger(manifest?.chainId) || typeof manifest.contracts !== "object") {
    throw new PermitChainError(
      "DEPLOYMENT_MANIFEST_MISMATCH",
      `${path} is not a deployment manifest ({ "chainId": n, "contracts": {...} })`,
      { details: { path } },
    );
  }
  return manifest;
}

/** The chain a command works against: its provider, the suite's addresses and what kind of chain it is. */
export interface ChainSession {
  rpcUrl: string;
  dataDir: string;
  provider: JsonRpcProvider;
  manifest: DeploymentManifest;
  chainId: number;
  /**
   * True only on the embedded development chain: chain id 31337 at the RPC endpoint and in the manifest, and
   * the data directory holds the embedded chain's `chain.json` (for chain id 31337) beside the manifest.
   * Only then may the development mnemonic's account 0 be used (as relayer by default, as member on request).
   */
  embeddedDev: boolean;
  /** Chain time in seconds (latest block, normalised by the deployment's timestamp divisor). */
  now(): Promise<bigint>;
  close(): void;
}

function isEmbeddedDevChain(dataDir: string, manifest: DeploymentManifest, chainId: number): boolean {
  if (chainId !== DEV_CHAIN_ID || manifest.chainId !== DEV_CHAIN_ID) return false;
  const chainFile = join(dataDir, "chain.json");
  if (!existsSync(chainFile)) return false;
  try {
    return (JSON.parse(readFileSync(chainFile, "utf8")) as { chainId?: unknown }).chainId === DEV_CHAIN_ID;
  } catch {
    return false;
  }
}

/**
 * Connects to `rpcUrl`, reads `DIR/deployment.json`, checks that the chain is the one the manifest was written
 * for and that the code of the contracts the command uses is at their addresses.
 */
export async function openChainSession(options: {
  rpcUrl: string;
  dataDir: string;
  /** The contracts the command uses: each must be in the manifest and have code at its address. */
  contracts: readonly ContractName[];
}): Promise<ChainSession> {
  const dataDir = resolve(options.dataDir);
  const manifest = readDeploymentManifest(dataDir);
  const provider = await connectJsonRpc(options.rpcUrl);
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    if (chainId !== manifest.chainId) {
      throw new PermitChainError(
        "CHAIN_ID_MISMATCH",
        `the chain at ${options.rpcUrl} has chain id ${chainId}, but ${join(dataDir, "deployment.json")} was written for chain id ${manifest.chainId}; pass the matching --rpc and --data-dir`,
      );
    }
    for (const name of options.contracts) {
      const address = manifest.contracts[name];
      if (address === undefined) {
        throw new PermitChainError(
          "CONTRACT_CODE_MISSING",
          `${join(dataDir, "deployment.json")} has no address for ${name}: it was written by an older permitchain up; run permitchain up on this chain again`,
        );
      }
      if ((await provider.getCode(address)) === "0x") {
        throw new PermitChainError(
          "CONTRACT_CODE_MISSING",
          `no contract code at ${address}, where ${join(dataDir, "deployment.json")} places ${name}, on ${options.rpcUrl}: is this the chain permitchain up started with --data-dir ${dataDir}?`,
        );
      }
    }
    let divisor: bigint | undefined;
    return {
      rpcUrl: options.rpcUrl,
      dataDir,
      provider,
      manifest,
      chainId,
      embeddedDev: isEmbeddedDevChain(dataDir, manifest, chainId),
      async now() {
        if (divisor === undefined) {
          const governance = new Contract(
            manifest.contracts.CommitteeGovernance,
            committeeGovernanceAbi,
            provider,
          );
          divisor = (await governance.getFunction("timestampDivisor").staticCall()) as bigint;
        }
        const block = await provider.getBlock("latest");
        return BigInt(block?.timestamp ?? 0) / divisor;
      },
      close: () => provider.destroy(),
    };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}

/** The development mnemonic's account 0: the deployer and bootstrap committee of the embedded dev chain. */
export function devAccountZero(): { address: string; privateKey: string } {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0/0");
  return { address: wallet.address, privateKey: wallet.privateKey };
}

const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/** A private key from `--<flag> FILE` (one 32-byte hex key) or, without the flag, from the variable `envName`. */
export function privateKeyFrom(
  flag: string,
  path: string | undefined,
  envName: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  let text: string | undefined;
  let source: string;
  if (path !== undefined) {
    source = `--${flag} ${path}`;
    try {
      text = readFileSync(path, "utf8").trim();
    } catch (error) {
      throw new UsageError(`${source} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  } else {
    source = envName;
    text = env[envName]?.trim();
    if (text === undefined || text === "") return undefined;
  }
  if (!PRIVATE_KEY.test(text)) throw new UsageError(`${source} must hold one 32-byte hex private key`);
  return text.startsWith("0x") ? text : `0x${text}`;
}

/** An account given as an address or as a did:ethr DID (its identity address). */
export function parseAccount(flag: string, value: string | undefined): string {
  if (value === undefined || value === "") throw new UsageError(`--${flag} is required`);
  const last = value.startsWith("did:ethr:") ? (value.split(":").pop() ?? "") : value;
  if (value.startsWith("did:ethr:") && /^0x[0-9a-fA-F]{66}$/.test(last)) return computeAddress(last);
  if (!isAddress(last)) {
    throw new UsageError(
      `--${flag} expects an address (0x + 40 hex digits) or a did:ethr DID, got "${value}"`,
    );
  }
  return getAddress(last);
}

/** A non-negative integer flag or positional argument. */
export function parseInteger(label: string, value: string, max: bigint = 2n ** 256n - 1n): bigint {
  if (!/^\d+$/.test(value)) throw new UsageError(`${label} expects a non-negative integer, got "${value}"`);
  const number = BigInt(value);
  if (number > max) throw new UsageError(`${label} must be at most ${max}, got ${value}`);
  return number;
}

/** Unix seconds as an ISO date without milliseconds ("2026-11-24T12:00:00Z"). */
export function isoTime(seconds: bigint | number): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `unix ${seconds}`;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** "2026-11-24T12:00:00Z (in 1 min 5 s)" relative to `now`. */
export function timeFromNow(seconds: bigint, now: bigint): string {
  const delta = seconds - now;
  const size = delta < 0n ? -delta : delta;
  const parts: string[] = [];
  let rest = size;
  for (const [unit, length] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["min", 60n],
  ] as const) {
    if (rest >= length) {
      parts.push(`${rest / length} ${unit}`);
      rest %= length;
    }
  }
  if (rest > 0n || parts.length === 0) parts.push(`${rest} s`);
  const span = parts.join(" ");
  return `${isoTime(seconds)} (${delta > 0n ? `in ${span}` : delta < 0n ? `${span} ago` : "now"})`;
}
