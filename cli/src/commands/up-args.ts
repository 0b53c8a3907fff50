import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { TimestampUnit } from "@permitchain/chain";
import { UsageError } from "../cli-error.js";

export const UP_USAGE = [
  "permitchain up [--data-dir DIR] [--rpc-port N] [--host H] [--chain-id N] [--mnemonic WORDS] [--accounts N]",
  "               [--timestamp-unit seconds|milliseconds]",
  "permitchain up --chain evm --rpc URL [--key-file FILE] [--data-dir DIR] [--chain-id N] [--timestamp-unit ...]",
].join("\n");

/** Where the stack runs: the embedded chain, or an external Ethereum JSON-RPC chain (FISCO web3 RPC too). */
export type ChainKind = "embedded" | "evm";

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

const EMBEDDED_ONLY = ["rpc-port", "host", "mnemonic", "accounts"] as const;
const EXTERNAL_ONLY = ["rpc", "key-file"] as const;

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
    },
  });
  const chain = values.chain ?? "embedded";
  if (chain !== "embedded" && chain !== "evm") {
    throw new UsageError(`--chain expects embedded or evm, got "${chain}"`);
  }
  const unit = values["timestamp-unit"] ?? "seconds";
  if (unit !== "seconds" && unit !== "milliseconds") {
    throw new UsageError(`--timestamp-unit expects seconds or milliseconds, got "${unit}"`);
  }
  const misplaced = (chain === "embedded" ? EXTERNAL_ONLY : EMBEDDED_ONLY).filter(
    (f) => values[f] !== undefined,
  );
  if (misplaced.length > 0) {
    throw new UsageError(`--${misplaced[0]} does not apply to --chain ${chain}`);
  }
  let rpcUrl: string | undefined;
  let deployerKey: string | undefined;
  if (chain === "evm") {
    rpcUrl = values.rpc;
    if (rpcUrl === undefined || !/^https?:\/\/\S+$/.test(rpcUrl)) {
      throw new UsageError("--chain evm needs --rpc http(s)://host:port");
    }
    deployerKey =
      values["key-file"] === undefined ? env.PERMITCHAIN_DEPLOYER_KEY : readKeyFile(values["key-file"]);
    if (deployerKey === undefined) {
      throw new UsageError(
        "--chain evm needs the deployer's key: --key-file FILE or PERMITCHAIN_DEPLOYER_KEY",
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
  };
}
