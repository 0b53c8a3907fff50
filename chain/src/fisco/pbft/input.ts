import { PbftModelInputError } from "./errors.js";

/** How consensus weights are assigned to the sealers. */
export type WeightScheme = "equal" | "per-org";

export const WEIGHT_SCHEMES: readonly WeightScheme[] = ["equal", "per-org"];

/** What an operator tells the model. Optional fields fall back to {@link PBFT_MODEL_DEFAULTS}. */
export interface PbftModelInput {
  /** Number of organisations running sealers. */
  orgs: number;
  /** Sealers per organisation: one number for all, or one entry per organisation. */
  nodesPerOrg: number | readonly number[];
  /** Mean round-trip time between sealers, in ms. */
  rttMs: number;
  /** 99th-percentile round-trip time, in ms (default: 2 × rttMs). */
  rttP99Ms?: number;
  /** Expected transaction load, in transactions per second. */
  tps: number;
  /** Effective execution cost of one transaction on one node, in µs. */
  execUsPerTx?: number;
  /** Cost of one signature verification, in µs. */
  verifyUs?: number;
  /** Threads verifying transaction signatures (`[txpool] verify_worker_num`). */
  verifyWorkers?: number;
  /** Size of one encoded, signed transaction, in bytes. */
  txBytes?: number;
  /** Outgoing bandwidth of each sealer, in Mbit/s. */
  bandwidthMbps?: number;
  /** End-to-end latency target, from submission to commit, in ms. */
  targetLatencyMs?: number;
  /** Ratio of peak to mean load that one block must absorb. */
  burstFactor?: number;
  /** Weight scheme for the sealers (default "equal"). */
  weights?: WeightScheme;
}

/** Defaults of the optional inputs (rttP99Ms is derived: 2 × rttMs). */
export const PBFT_MODEL_DEFAULTS = {
  rttP99Factor: 2,
  execUsPerTx: 250,
  verifyUs: 80,
  verifyWorkers: 4,
  txBytes: 400,
  bandwidthMbps: 100,
  targetLatencyMs: 2000,
  burstFactor: 2,
  weights: "equal" as WeightScheme,
} as const;

/** Validated input with every default filled in. */
export interface NormalisedPbftInput {
  orgs: number;
  /** Sealer count of each organisation, index = organisation. */
  orgNodes: readonly number[];
  rttMs: number;
  rttP99Ms: number;
  tps: number;
  execUsPerTx: number;
  verifyUs: number;
  verifyWorkers: number;
  txBytes: number;
  bandwidthMbps: number;
  targetLatencyMs: number;
  burstFactor: number;
  weights: WeightScheme;
}

/** Accepted ranges; values outside them are almost certainly typing mistakes. */
export const PBFT_INPUT_LIMITS = {
  orgs: { min: 1, max: 100 },
  nodesPerOrg: { min: 1, max: 100 },
  totalNodes: { max: 1000 },
  rttMs: { min: 0.01, max: 60_000 },
  rttP99Ms: { max: 600_000 },
  tps: { min: 0.001, max: 1_000_000 },
  execUsPerTx: { min: 0.1, max: 10_000_000 },
  verifyUs: { min: 0.1, max: 1_000_000 },
  verifyWorkers: { min: 1, max: 256 },
  txBytes: { min: 32, max: 10_485_760 },
  bandwidthMbps: { min: 0.01, max: 1_000_000 },
  targetLatencyMs: { min: 1, max: 3_600_000 },
  burstFactor: { min: 1, max: 100 },
} as const;

function finite(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PbftModelInputError(field, value, "a finite number");
  }
  return value;
}

function ranged(field: string, value: unknown, min: number, max: number, integer: boolean): number {
  const n = finite(field, value);
  if (integer && !Number.isInteger(n))
    throw new PbftModelInputError(field, value, `an integer in ${min}..${max}`);
  if (n < min || n > max) {
    throw new PbftModelInputError(field, value, `${integer ? "an integer" : "a number"} in ${min}..${max}`);
  }
  return n;
}

function optional(
  field: keyof typeof PBFT_INPUT_LIMITS,
  value: number | undefined,
  fallback: number,
  integer = false,
): number {
  if (value === undefined) return fallback;
  const limits = PBFT_INPUT_LIMITS[field] as { min: number; max: number };
  return ranged(field, value, limits.min, limits.max, integer);
}

/**
 * Checks every input against its type and range and fills in the defaults.
 * @throws PbftModelInputError naming the first offending input.
 */
export function normalisePbftInput(input: PbftModelInput): NormalisedPbftInput {
  if (typeof input !== "object" || input === null) {
    throw new PbftModelInputError("input", input, "an object");
  }
  const L = PBFT_INPUT_LIMITS;
  const orgs = ranged("orgs", input.orgs, L.orgs.min, L.orgs.max, true);

  let orgNodes: number[];
  if (Array.isArray(input.nodesPerOrg)) {
    const list = input.nodesPerOrg as readonly unknown[];
    if (list.length !== orgs) {
      throw new PbftModelInputError("nodesPerOrg", list, `one count per organisation (${orgs} entries)`);
    }
    orgNodes = list.map((v, i) => ranged(`nodesPerOrg[${i}]`, v, L.nodesPerOrg.min, L.nodesPerOrg.max, true));
  } else {
    const k = ranged("nodesPerOrg", input.nodesPerOrg, L.nodesPerOrg.min, L.nodesPerOrg.max, true);
    orgNodes = Array.from({ length: orgs }, () => k);
  }
  const total = orgNodes.reduce((a, b) => a + b, 0);
  if (total > L.totalNodes.max) {
    throw new PbftModelInputError(
      "nodesPerOrg",
      input.nodesPerOrg,
      `at most ${L.totalNodes.max} sealers in total`,
    );
  }

  const rttMs = ranged("rttMs", input.rttMs, L.rttMs.min, L.rttMs.max, false);
  const rttP99Ms =
    input.rttP99Ms === undefined
      ? rttMs * PBFT_MODEL_DEFAULTS.rttP99Factor
      : ranged("rttP99Ms", input.rttP99Ms, rttMs, L.rttP99Ms.max, false);
  const tps = ranged("tps", input.tps, L.tps.min, L.tps.max, false);

  const weights = input.weights ?? PBFT_MODEL_DEFAULTS.weights;
  if (!WEIGHT_SCHEMES.includes(weights)) {
    throw new PbftModelInputError("weights", weights, `one of ${WEIGHT_SCHEMES.join(", ")}`);
  }

  return {
    orgs,
    orgNodes,
    rttMs,
    rttP99Ms,
    tps,
    execUsPerTx: optional("execUsPerTx", input.execUsPerTx, PBFT_MODEL_DEFAULTS.execUsPerTx),
    verifyUs: optional("verifyUs", input.verifyUs, PBFT_MODEL_DEFAULTS.verifyUs),
    verifyWorkers: optional("verifyWorkers", input.verifyWorkers, PBFT_MODEL_DEFAULTS.verifyWorkers, true),
    txBytes: optional("txBytes", input.txBytes, PBFT_MODEL_DEFAULTS.txBytes, true),
    bandwidthMbps: optional("bandwidthMbps", input.bandwidthMbps, PBFT_MODEL_DEFAULTS.bandwidthMbps),
    targetLatencyMs: optional("targetLatencyMs", input.targetLatencyMs, PBFT_MODEL_DEFAULTS.targetLatencyMs),
    burstFactor: optional("burstFactor", input.burstFactor, PBFT_MODEL_DEFAULTS.burstFactor),
    weights,
  };
}
