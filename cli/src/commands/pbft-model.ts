import { parseArgs } from "node:util";
import {
  computePbftModel,
  PBFT_MODEL_DEFAULTS,
  type PbftModelInput,
  PbftModelInputError,
  renderConfigIniFragment,
  renderGenesisFragment,
  renderPbftReport,
  WEIGHT_SCHEMES,
  type WeightScheme,
} from "@permitchain/chain";

export const PBFT_MODEL_USAGE =
  "permitchain pbft-model --orgs N --nodes-per-org K|K1,K2,... --rtt-ms R --tps T [--rtt-p99-ms R99] " +
  "[--exec-us-per-tx US] [--verify-us US] [--verify-workers N] [--tx-bytes B] [--bandwidth-mbps M] " +
  "[--target-latency-ms MS] [--burst-factor X] [--weights equal|per-org] [--json | --fragment genesis|ini]";

const HELP = [
  `usage: ${PBFT_MODEL_USAGE}`,
  "",
  "Models PBFT on FISCO BCOS 3.x for the given organisations, network and load: tolerated faults, quorum,",
  "expected commit latency and throughput bounds, and recommended block_tx_count_limit, leader_period,",
  "min_seal_time, checkpoint_timeout, txpool limit and sealer weights, with the reasoning and ready",
  "config.genesis / config.ini fragments. Advice for operators; see docs/pbft-model.md.",
  "",
  "required:",
  "  --orgs N                 organisations running sealers (1..100)",
  "  --nodes-per-org K        sealers per organisation, or one count per organisation: 2,2,3",
  "  --rtt-ms R               mean round-trip time between sealers, ms",
  "  --tps T                  expected load, transactions per second",
  "optional (default):",
  `  --rtt-p99-ms R99         99th-percentile round-trip time, ms (${PBFT_MODEL_DEFAULTS.rttP99Factor} × rtt)`,
  `  --exec-us-per-tx US      execution cost of one transaction, µs (${PBFT_MODEL_DEFAULTS.execUsPerTx})`,
  `  --verify-us US           one signature verification, µs (${PBFT_MODEL_DEFAULTS.verifyUs})`,
  `  --verify-workers N       transaction verification threads (${PBFT_MODEL_DEFAULTS.verifyWorkers})`,
  `  --tx-bytes B             size of one signed transaction, bytes (${PBFT_MODEL_DEFAULTS.txBytes})`,
  `  --bandwidth-mbps M       outgoing bandwidth per sealer, Mbit/s (${PBFT_MODEL_DEFAULTS.bandwidthMbps})`,
  `  --target-latency-ms MS   end-to-end latency target, ms (${PBFT_MODEL_DEFAULTS.targetLatencyMs})`,
  `  --burst-factor X         peak-to-mean load one block must absorb (${PBFT_MODEL_DEFAULTS.burstFactor})`,
  `  --weights S              ${WEIGHT_SCHEMES.join(" | ")} (${PBFT_MODEL_DEFAULTS.weights})`,
  "output:",
  "  --json                   the whole model as JSON",
  "  --fragment genesis|ini   only the config.genesis or config.ini fragment",
].join("\n");

/** Model input field → the flag that sets it, for error messages. */
const FLAG_OF: Record<string, string> = {
  orgs: "--orgs",
  nodesPerOrg: "--nodes-per-org",
  rttMs: "--rtt-ms",
  rttP99Ms: "--rtt-p99-ms",
  tps: "--tps",
  execUsPerTx: "--exec-us-per-tx",
  verifyUs: "--verify-us",
  verifyWorkers: "--verify-workers",
  txBytes: "--tx-bytes",
  bandwidthMbps: "--bandwidth-mbps",
  targetLatencyMs: "--target-latency-ms",
  burstFactor: "--burst-factor",
  weights: "--weights",
};

class FlagError extends Error {}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!NUMBER.test(text)) throw new FlagError(`--${name} expects a number, got "${value}"`);
  return Number(text);
}

function required(name: string, value: string | undefined): string {
  if (value === undefined) throw new FlagError(`--${name} is required`);
  return value;
}

export interface PbftModelArgs {
  input: PbftModelInput;
  output: "report" | "json" | "genesis" | "ini";
  help: boolean;
}

/**
 * Parses the command line of `permitchain pbft-model` into a model input.
 * Range checks are the model's (PbftModelInputError); this only checks the flags' shape.
 */
export function parsePbftModelArgs(argv: string[]): PbftModelArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      orgs: { type: "string" },
      "nodes-per-org": { type: "string" },
      "rtt-ms": { type: "string" },
      "rtt-p99-ms": { type: "string" },
      tps: { type: "string" },
      "exec-us-per-tx": { type: "string" },
      "verify-us": { type: "string" },
      "verify-workers": { type: "string" },
      "tx-bytes": { type: "string" },
      "bandwidth-mbps": { type: "string" },
      "target-latency-ms": { type: "string" },
      "burst-factor": { type: "string" },
      weights: { type: "string" },
      json: { type: "boolean" },
      fragment: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    return { input: { orgs: 0, nodesPerOrg: 0, rttMs: 0, tps: 0 }, output: "report", help: true };
  }

  const nodesText = required("nodes-per-org", values["nodes-per-org"]);
  const parts = nodesText.split(",");
  const counts = parts.map((p) => numberFlag("nodes-per-org", p));
  const nodesPerOrg = parts.length === 1 ? (counts[0] as number) : (counts as number[]);

  const weights = values.weights;
  if (weights !== undefined && !(WEIGHT_SCHEMES as readonly string[]).includes(weights)) {
    throw new FlagError(`--weights expects ${WEIGHT_SCHEMES.join(" or ")}, got "${weights}"`);
  }
  if (values.json && values.fragment !== undefined)
    throw new FlagError("--json and --fragment exclude each other");
  let output: PbftModelArgs["output"] = values.json ? "json" : "report";
  if (values.fragment !== undefined) {
    if (values.fragment !== "genesis" && values.fragment !== "ini") {
      throw new FlagError(`--fragment expects genesis or ini, got "${values.fragment}"`);
    }
    output = values.fragment;
  }

  const input: PbftModelInput = {
    orgs: numberFlag("orgs", required("orgs", values.orgs)) as number,
    nodesPerOrg,
    rttMs: numberFlag("rtt-ms", required("rtt-ms", values["rtt-ms"])) as number,
    tps: numberFlag("tps", required("tps", values.tps)) as number,
  };
  const optionalNumbers: Array<[keyof PbftModelInput, string]> = [
    ["rttP99Ms", "rtt-p99-ms"],
    ["execUsPerTx", "exec-us-per-tx"],
    ["verifyUs", "verify-us"],
    ["verifyWorkers", "verify-workers"],
    ["txBytes", "tx-bytes"],
    ["bandwidthMbps", "bandwidth-mbps"],
    ["targetLatencyMs", "target-latency-ms"],
    ["burstFactor", "burst-factor"],
  ];
  const target = input as unknown as Record<string, unknown>;
  for (const [field, flag] of optionalNumbers) {
    const value = numberFlag(flag, (values as Record<string, string | undefined>)[flag]);
    if (value !== undefined) target[field] = value;
  }
  if (weights !== undefined) input.weights = weights as WeightScheme;
  return { input, output, help: false };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * `permitchain pbft-model`: prints the PBFT parameter model for the given organisations, network and load.
 * Returns the exit code: 0 on success, 2 on bad flags or out-of-range values (message and usage printed to
 * `err`, or to `out` when no `err` is given).
 */
export async function pbftModelCommand(
  argv: string[],
  out: (line: string) => void,
  err: (line: string) => void = out,
): Promise<number> {
  let args: PbftModelArgs;
  try {
    args = parsePbftModelArgs(argv);
    if (args.help) {
      out(HELP);
      return 0;
    }
    const result = computePbftModel(args.input);
    if (args.output === "json") out(JSON.stringify(result, jsonReplacer, 2));
    else if (args.output === "genesis") out(renderGenesisFragment(result).trimEnd());
    else if (args.output === "ini") out(renderConfigIniFragment(result).trimEnd());
    else for (const line of renderPbftReport(result)) out(line);
    return 0;
  } catch (error) {
    if (error instanceof PbftModelInputError) {
      const field = String(error.details?.field ?? "");
      const flag = FLAG_OF[field.replace(/\[\d+]$/, "")];
      err(`permitchain pbft-model: ${flag ? `${flag}: ` : ""}${error.message}`);
      err(`usage: ${PBFT_MODEL_USAGE}`);
      return 2;
    }
    if (error instanceof FlagError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`permitchain pbft-model: ${(error as Error).message}`);
      err(`usage: ${PBFT_MODEL_USAGE}`);
      return 2;
    }
    throw error;
  }
}
