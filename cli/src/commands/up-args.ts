import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { TimestampUnit } from "@permitchain/chain";
import { UsageError } from "../cli-error.js";

export const UP_USAGE = [
  "permitchain up [--data-dir DIR] [--rpc-port N] [--host H] [--chain-id N] [--mnemonic WORDS] [--accounts N]",
  "               [--timestamp-unit seconds|milliseconds]",
  "permitchain up --chain evm --rpc URL [--key-file FILE] [--data-dir DIR] [--chain-id N] [--timestamp-unit ...]",
  "permitchain up --chain fisco --rpc URL [--group G] [--node NAME] [--cert-dir DIR] [--crypto ecdsa|sm]",
  "               [--key-file FILE] [--data-dir DIR] [--chain-id N] [--timestamp-unit milliseconds|seconds]",
].join("\n");

/**
 * Where the stack runs: the embedded chain; an external Ethereum JSON-RPC chain (FISCO BCOS web3 RPC,
 * Besu, Geth, anvil); or a FISCO BCOS 3.x node through its native JSON-RPC.
 */
export type ChainKind = "embedded" | "evm" | "fisco";

export interface UpOptions {
  chain: ChainKind;
  dataDir: string;
  timestampUnit: TimestampUnit;
  chainId: number | undefined;
  /** embedded */
  rpcPort: number;
  host: string;
  mnemonic: string | undefined;
  accounts: number | undefined;
  /** external */
  rpcUrl: string | undefined;
  deployerKey: string | undefined;
  /** fisco */
  group: string;
  node: string;
  certDir: string | undefined;
  crypto: "ecdsa" | "sm";
}

function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

function readKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch (error) {
    throw new UsageError(
      `--key-file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    throw new UsageError(`--key-file ${path} must hold one 32-byte hex private key`);
  }
  return text.startsWith("0x") ? text : `0x${text}`;
}

const FLAGS_OF: Record<ChainKind, readonly string[]> = {
  embedded: ["rpc-port", "host", "mnemonic", "accounts"],
  evm: ["rpc", "key-file"],
  fisco: ["rpc", "key-file", "group", "node", "cert-dir", "crypto"],
};

export function parseUpArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): UpOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      chain: { type: "string" },
      "data-dir": { type: "string" },
      "rpc-port": { type: "string" },
      host: { type: "string" },
      "chain-id": { type: "string" },
      mnemonic: { type: "string" },
      accounts: { type: "string" },
      "timestamp-unit": { type: "string" },
      rpc: { type: "string" },
      "key-file": { type: "string" },
      group: { type: "string" },
      node: { type: "string" },
      "cert-dir": { type: "string" },
      crypto: { type: "string" },
    },
  });
  const chain = values.chain ?? "embedded";
  if (chain !== "embedded" && chain !== "evm" && chain !== "fisco") {
    throw new UsageError(`--chain expects embedded, evm or fisco, got "${chain}"`);
  }
  // FISCO BCOS stamps blocks in milliseconds unless feature_evm_timestamp is on (docs/fisco-bcos.md)
  const unit = values["timestamp-unit"] ?? (chain === "fisco" ? "milliseconds" : "seconds");
  if (unit !== "seconds" && unit !== "milliseconds") {
    throw new UsageError(`--timestamp-unit expects seconds or milliseconds, got "${unit}"`);
  }
  const allowed = new Set(FLAGS_OF[chain]);
  const misplaced = Object.values(FLAGS_OF)
    .flat()
    .find((flag) => !allowed.has(flag) && values[flag as keyof typeof values] !== undefined);
  if (misplaced !== undefined) throw new UsageError(`--${misplaced} does not apply to --chain ${chain}`);
  const crypto = values.crypto ?? "ecdsa";
  if (crypto !== "ecdsa" && crypto !== "sm")
    throw new UsageError(`--crypto expects ecdsa or sm, got "${crypto}"`);
  let rpcUrl: string | undefined;
  let deployerKey: string | undefined;
  if (chain !== "embedded") {
    rpcUrl = values.rpc;
    const scheme = chain === "fisco" ? /^(https?|wss?):\/\/\S+$/ : /^https?:\/\/\S+$/;
    if (rpcUrl === undefined || !scheme.test(rpcUrl)) {
      throw new UsageError(
        `--chain ${chain} needs --rpc ${chain === "fisco" ? "http(s)|ws(s)" : "http(s)"}://host:port`,
      );
    }
    deployerKey =
      values["key-file"] === undefined ? env.PERMITCHAIN_DEPLOYER_KEY : readKeyFile(values["key-file"]);
    if (deployerKey === undefined) {
      throw new UsageError(
        `--chain ${chain} needs the deployer's key: --key-file FILE or PERMITCHAIN_DEPLOYER_KEY`,
      );
    }
  }
  return {
    chain,
    dataDir: resolve(values["data-dir"] ?? "./data"),
    timestampUnit: unit,
    chainId: integerFlag("chain-id", values["chain-id"]),
    rpcPort: integerFlag("rpc-port", values["rpc-port"]) ?? 8545,
    host: values.host ?? "127.0.0.1",
    mnemonic: values.mnemonic ?? env.PERMITCHAIN_MNEMONIC,
    accounts: integerFlag("accounts", values.accounts),
    rpcUrl,
    deployerKey,
    group: values.group ?? "group0",
    node: values.node ?? "",
    certDir: values["cert-dir"] === undefined ? undefined : resolve(values["cert-dir"]),
    crypto,
  };
}
