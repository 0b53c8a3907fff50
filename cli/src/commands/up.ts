import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  connectJsonRpc,
  type EmbeddedChain,
  PermitChainError,
  startEmbeddedChain,
  type TimestampUnit,
  writeFileAtomic,
} from "@permitchain/chain";
import { type DeploymentManifest, deploy, verifyDeployment } from "@permitchain/contracts";
import { Wallet } from "ethers";
import { UsageError } from "../cli-error.js";

export const UP_USAGE =
  "permitchain up [--data-dir DIR] [--rpc-port N] [--host H] [--chain-id N] [--mnemonic WORDS] [--accounts N] [--timestamp-unit seconds|milliseconds]";

/** The deployment manifest on disk does not fit the chain it sits beside. */
export class ManifestMismatchError extends PermitChainError {
  constructor(message: string, path: string) {
    super("DEPLOYMENT_MANIFEST_MISMATCH", message, { details: { path } });
  }
}

export interface UpOptions {
  dataDir: string;
  rpcPort: number;
  host: string;
  chainId: number | undefined;
  mnemonic: string | undefined;
  accounts: number | undefined;
  timestampUnit: TimestampUnit;
}

function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

export function parseUpArgs(argv: string[]): UpOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      "data-dir": { type: "string" },
      "rpc-port": { type: "string" },
      host: { type: "string" },
      "chain-id": { type: "string" },
      mnemonic: { type: "string" },
      accounts: { type: "string" },
      "timestamp-unit": { type: "string" },
    },
  });
  const unit = values["timestamp-unit"] ?? "seconds";
  if (unit !== "seconds" && unit !== "milliseconds") {
    throw new UsageError(`--timestamp-unit expects seconds or milliseconds, got "${unit}"`);
  }
  return {
    dataDir: resolve(values["data-dir"] ?? "./data"),
    rpcPort: integerFlag("rpc-port", values["rpc-port"]) ?? 8545,
    host: values.host ?? "127.0.0.1",
    chainId: integerFlag("chain-id", values["chain-id"]),
    mnemonic: values.mnemonic ?? process.env.PERMITCHAIN_MNEMONIC,
    accounts: integerFlag("accounts", values.accounts),
    timestampUnit: unit,
  };
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
 * Deploys the suite on first start and writes the manifest; on later starts checks that the manifest
 * belongs to this chain and that every contract's code is there.
 */
export async function ensureDeployment(
  chain: EmbeddedChain,
  options: Pick<UpOptions, "dataDir" | "timestampUnit">,
): Promise<{ manifest: DeploymentManifest; deployedNow: boolean }> {
  const path = join(options.dataDir, "deployment.json");
  const provider = await connectJsonRpc(chain.rpcUrl!, { chainId: chain.chainId });
  try {
    if (existsSync(path)) {
      const manifest = readManifest(path);
      if (manifest.chainId !== chain.chainId) {
        throw new ManifestMismatchError(
          `${path} was written for chain id ${manifest.chainId}, this chain is ${chain.chainId}`,
          path,
        );
      }
      await verifyDeployment(provider, manifest);
      return { manifest, deployedNow: false };
    }
    const deployer = new Wallet(chain.devAccounts[0]!.privateKey, provider);
    const manifest = await deploy(deployer, { timestampUnit: options.timestampUnit, chainId: chain.chainId });
    writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, deployedNow: true };
  } finally {
    provider.destroy();
  }
}

/** `permitchain up`: runs the embedded chain with the suite deployed until SIGINT or SIGTERM. */
export async function upCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const options = parseUpArgs(argv);
  const chain = await startEmbeddedChain({
    dataDir: options.dataDir,
    port: options.rpcPort,
    host: options.host,
    timestampUnit: options.timestampUnit,
    log: (message) => out(`chain: ${message}`),
    ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
    ...(options.mnemonic === undefined ? {} : { mnemonic: options.mnemonic }),
    ...(options.accounts === undefined ? {} : { accountCount: options.accounts }),
  });
  let stopping = false;
  const stopped = new Promise<number>((resolveExit) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      out(`received ${signal}, stopping`);
      chain.stop().then(
        () => {
          out("stopped cleanly");
          resolveExit(0);
        },
        (error: unknown) => {
          out(`error while stopping: ${(error as Error).message}`);
          resolveExit(1);
        },
      );
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  try {
    const { manifest, deployedNow } = await ensureDeployment(chain, options);
    out(`data dir:  ${options.dataDir}`);
    out(`RPC URL:   ${chain.rpcUrl}`);
    out(`chain id:  ${chain.chainId}`);
    out(deployedNow ? "contracts (deployed now):" : "contracts (deployed earlier, code verified):");
    for (const [name, address] of Object.entries(manifest.contracts)) out(`  ${name.padEnd(24)} ${address}`);
    out("dev accounts (keys from the configured mnemonic):");
    for (const account of chain.devAccounts.slice(0, 3)) out(`  ${account.address} ${account.privateKey}`);
    if (chain.devAccounts.length > 3) out(`  ... ${chain.devAccounts.length - 3} more`);
    out("ready; Ctrl-C stops");
  } catch (error) {
    await chain.stop();
    throw error;
  }
  return stopped;
}
