import { Mnemonic } from "ethers";
import { ChainConfigError } from "./errors.js";

/** How the chain counts `block.timestamp`: Ethereum seconds, or FISCO BCOS milliseconds. */
export type TimestampUnit = "seconds" | "milliseconds";

export interface EmbeddedChainOptions {
  /** Directory holding the chain's journal; omitted means in memory, nothing kept after stop. */
  dataDir?: string;
  /** HTTP JSON-RPC port on `host`; 0 picks a free one; `false` serves no HTTP endpoint. */
  port?: number | false;
  host?: string;
  chainId?: number;
  /** Mnemonic of the funded development accounts (BIP-39). */
  mnemonic?: string;
  accountCount?: number;
  /** Balance of each development account, in wei. */
  accountBalance?: bigint;
  blockGasLimit?: bigint;
  timestampUnit?: TimestampUnit;
  /** Journal flush policy: fsync after every block, or at most `fsyncIntervalMs` after a block. */
  fsync?: "always" | "interval";
  fsyncIntervalMs?: number;
  /** Largest JSON-RPC request body accepted over HTTP, in bytes. */
  maxRequestBytes?: number;
  /** Where start-up and recovery messages go. */
  log?: (message: string) => void;
}

export interface EmbeddedChainConfig {
  dataDir: string | undefined;
  port: number | false;
  host: string;
  chainId: number;
  mnemonic: string;
  accountCount: number;
  accountBalance: bigint;
  blockGasLimit: bigint;
  timestampUnit: TimestampUnit;
  fsync: "always" | "interval";
  fsyncIntervalMs: number;
  maxRequestBytes: number;
  log: (message: string) => void;
}

/** The well-known development mnemonic (Hardhat, Foundry): its keys are public, never use it for value. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function integerIn(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ChainConfigError(field, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Fills defaults and rejects anything the chain could not run with, before anything is started. */
export function resolveChainConfig(options: EmbeddedChainOptions = {}): EmbeddedChainConfig {
  const mnemonic = options.mnemonic ?? DEV_MNEMONIC;
  if (!Mnemonic.isValidMnemonic(mnemonic))
    throw new ChainConfigError("mnemonic", "not a valid BIP-39 mnemonic");
  const port = options.port ?? 0;
  if (port !== false) integerIn("port", port, 0, 65_535);
  const balance = options.accountBalance ?? 10_000n * 10n ** 18n;
  if (balance < 0n) throw new ChainConfigError("accountBalance", "must not be negative");
  const gasLimit = options.blockGasLimit ?? 30_000_000n;
  if (gasLimit < 21_000n) throw new ChainConfigError("blockGasLimit", "must be at least 21000");
  const unit = options.timestampUnit ?? "seconds";
  if (unit !== "seconds" && unit !== "milliseconds") {
    throw new ChainConfigError("timestampUnit", `expected "seconds" or "milliseconds", got ${String(unit)}`);
  }
  const fsync = options.fsync ?? "interval";
  if (fsync !== "always" && fsync !== "interval") {
    throw new ChainConfigError("fsync", `expected "always" or "interval", got ${String(fsync)}`);
  }
  if (options.dataDir !== undefined && options.dataDir.trim() === "") {
    throw new ChainConfigError("dataDir", "must not be empty");
  }
  return {
    dataDir: options.dataDir,
    port,
    host: options.host ?? "127.0.0.1",
    chainId: integerIn("chainId", options.chainId ?? 31337, 1, MAX_SAFE),
    mnemonic,
    accountCount: integerIn("accountCount", options.accountCount ?? 10, 1, 1000),
    accountBalance: balance,
    blockGasLimit: gasLimit,
    timestampUnit: unit,
    fsync,
    fsyncIntervalMs: integerIn("fsyncIntervalMs", options.fsyncIntervalMs ?? 100, 1, 60_000),
    maxRequestBytes: integerIn("maxRequestBytes", options.maxRequestBytes ?? 8 * 1024 * 1024, 1024, 1 << 30),
    log: options.log ?? (() => {}),
  };
}
