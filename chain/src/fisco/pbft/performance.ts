import { FISCO_PBFT, MODEL_ASSUMPTIONS } from "./fisco-constants.js";
import { type Derivation, fmt } from "./format.js";
import type { NormalisedPbftInput } from "./input.js";

/** The FISCO settings whose effect the performance model evaluates. */
export interface PbftSettings {
  /** `config.genesis [consensus] block_tx_count_limit`. */
  blockTxCountLimit: number;
  /** `config.ini [consensus] min_seal_time`, ms. */
  minSealTimeMs: number;
  /** `config.genesis [consensus] leader_period`. */
  leaderPeriod: number;
  /** `config.ini [sync] send_txs_by_tree` (transactions relayed along a tree of `treeWidth`). */
  treeBroadcast: boolean;
  treeWidth: number;
}

/** Network and CPU quantities derived from the input alone. */
export interface NetworkTerms {
  /** One-way delay δ = RTT / 2 (0 with a single sealer), ms. */
  oneWayMs: number;
  /** One-way delay at the 99th percentile δ99 = RTT99 / 2, ms. */
  oneWayP99Ms: number;
  /** Leader hand-over H = 3δ: the next leader learns that the previous proposal is ordered. */
  handoverMs: number;
  /** Consensus signature checks per block per sealer: (3(n-1) + 1) × verify µs, in ms. */
  messageVerifyMs: number;
  /** CPU time per transaction on the critical path: (exec µs + verify µs / workers) / 1000, ms. */
  cpuMsPerTx: number;
  /** Outgoing bandwidth, bits per ms. */
  bitsPerMs: number;
}

export function networkTerms(input: NormalisedPbftInput, n: number): NetworkTerms {
  const oneWayMs = n > 1 ? input.rttMs / 2 : 0;
  const oneWayP99Ms = n > 1 ? input.rttP99Ms / 2 : 0;
  return {
    oneWayMs,
    oneWayP99Ms,
    handoverMs: 3 * oneWayMs,
    messageVerifyMs: ((3 * (n - 1) + 1) * input.verifyUs) / 1000,
    cpuMsPerTx: (input.execUsPerTx + input.verifyUs / input.verifyWorkers) / 1000,
    bitsPerMs: input.bandwidthMbps * 1000,
  };
}

/** Time for the leader to send a proposal of `txs` transaction hashes to the n-1 other sealers, ms. */
export function proposalTransferMs(n: number, txs: number, bitsPerMs: number): number {
  return (
    ((n - 1) * (txs * FISCO_PBFT.proposalHashBytes + MODEL_ASSUMPTIONS.consensusMessageBytes) * 8) / bitsPerMs
  );
}

/**
 * Worst-case time from pre-prepare to checkpoint quorum for a full block at the p99 network delay:
 * 4·δ99 (pre-prepare, prepare, commit, checkpoint) + proposal transfer + execution + transaction signature
 * checks + consensus signature checks.
 */
export function worstCaseCommitMs(input: NormalisedPbftInput, n: number, blockTxCountLimit: number): number {
  const t = networkTerms(input, n);
  return (
    4 * t.oneWayP99Ms +
    proposalTransferMs(n, blockTxCountLimit, t.bitsPerMs) +
    blockTxCountLimit * t.cpuMsPerTx +
    t.messageVerifyMs
  );
}

/** Stall when `k` consecutive leaders are down: Σ_{i<k} base × 1.5^min(i, 10) (FISCO PBFTTimer back-off). */
export function viewChangeStallMs(k: number): number {
  let total = 0;
  for (let i = 0; i < k; i++) {
    total +=
      FISCO_PBFT.viewChangeTimeoutBaseMs *
      FISCO_PBFT.viewChangeBackoffBase ** Math.min(i, FISCO_PBFT.viewChangeMaxChangeCycle);
  }
  return total;
}

export type Bottleneck = "ordering" | "execution" | "signature verification" | "bandwidth";

export interface LatencyBreakdown {
  /** True when fewer than one transaction arrives per sealing window (blocks of one transaction). */
  sparse: boolean;
  blockIntervalMs: number;
  txsPerBlock: number;
  sealWaitMs: number;
  orderingMs: number;
  transferMs: number;
  executionMs: number;
  txVerifyMs: number;
  messageVerifyMs: number;
  checkpointMs: number;
  expectedMs: number;
  /** A transaction that just missed a seal, in a full block, at the p99 network delay. */
  p99EstimateMs: number;
  worstCaseCommitMs: number;
}

export interface ThroughputBounds {
  orderingTps: number;
  executionTps: number;
  verificationTps: number;
  bandwidthTps: number;
  /** Bandwidth bound if transactions were relayed along a tree instead of sent to every sealer. */
  bandwidthTreeTps: number;
  capacityTps: number;
  bottleneck: Bottleneck;
  utilisation: number;
}

export interface PerformanceEstimate {
  terms: NetworkTerms;
  latency: LatencyBreakdown;
  throughput: ThroughputBounds;
  derivations: Derivation[];
}

function bandwidthBound(
  input: NormalisedPbftInput,
  n: number,
  L: number,
  fanout: number,
  bitsPerMs: number,
): number {
  const bytesPerTx =
    fanout * input.txBytes +
    (n - 1) * FISCO_PBFT.proposalHashBytes +
    (3 * (n - 1) * MODEL_ASSUMPTIONS.consensusMessageBytes) / L;
  return bytesPerTx === 0 ? Number.POSITIVE_INFINITY : ((bitsPerMs / 8) * 1000) / bytesPerTx;
}

/** Expected latency and throughput bounds of a network of `n` sealers running `settings` under the input load. */
export function estimatePerformance(
  input: NormalisedPbftInput,
  n: number,
  settings: PbftSettings,
): PerformanceEstimate {
  const t = networkTerms(input, n);
  const L = settings.blockTxCountLimit;
  const s = settings.minSealTimeMs;
  const P = settings.leaderPeriod;
  const lambda = input.tps / 1000; // tx per ms
  const d: Derivation[] = [];
  const push = (name: string, formula: string, evaluation: string, value: number, unit: string): number => {
    d.push({ name, formula, evaluation, value, unit });
    return value;
  };

  const sparse = lambda * s < 1;
  let blockIntervalMs: number;
  let txsPerBlock: number;
  let sealWaitMs: number;
  if (sparse) {
    blockIntervalMs = push(
      "block interval",
      "1 / λ (fewer than one tx per sealing window: blocks of one tx)",
      `1 / ${fmt(lambda)} tx/ms`,
      1 / lambda,
      "ms",
    );
    txsPerBlock = 1;
    sealWaitMs = push(
      "expected seal wait",
      "λ · s² / 2 (a tx waits only if the previous seal was less than s ago)",
      `${fmt(lambda)} × ${fmt(s)}² / 2`,
      (lambda * s * s) / 2,
      "ms",
    );
  } else {
    const fill = L / lambda;
    blockIntervalMs = push(
      "block interval",
      "min(min_seal_time, block_tx_count_limit / λ) + H / leader_period, H = 3δ",
      `min(${fmt(s)}, ${L} / ${fmt(lambda)}) + ${fmt(t.handoverMs)} / ${P}`,
      Math.min(s, fill) + t.handoverMs / P,
      "ms",
    );
    txsPerBlock = push(
      "transactions per block",
      "min(block_tx_count_limit, λ × block interval)",
      `min(${L}, ${fmt(lambda)} × ${fmt(blockIntervalMs)})`,
      Math.max(1, Math.min(L, lambda * blockIntervalMs)),
      "tx",
    );
    sealWaitMs = push(
      "expected seal wait",
      "block interval / 2",
      `${fmt(blockIntervalMs)} / 2`,
      blockIntervalMs / 2,
      "ms",
    );
  }
  const orderingMs = push(
    "ordering",
    "3δ (pre-prepare, prepare, commit)",
    `3 × ${fmt(t.oneWayMs)}`,
    3 * t.oneWayMs,
    "ms",
  );
  const transferMs = push(
    "proposal transfer",
    "(n-1) × (tx/block × 32 B + 256 B) × 8 / bandwidth",
    `${n - 1} × (${fmt(txsPerBlock)} × 32 + 256) × 8 / ${fmt(t.bitsPerMs)} bit/ms`,
    proposalTransferMs(n, txsPerBlock, t.bitsPerMs),
    "ms",
  );
  const executionMs = push(
    "block execution",
    "tx/block × exec µs / 1000",
    `${fmt(txsPerBlock)} × ${fmt(input.execUsPerTx)} / 1000`,
    (txsPerBlock * input.execUsPerTx) / 1000,
    "ms",
  );
  const txVerifyMs = push(
    "tx signature checks",
    "tx/block × verify µs / verify workers / 1000",
    `${fmt(txsPerBlock)} × ${fmt(input.verifyUs)} / ${input.verifyWorkers} / 1000`,
    (txsPerBlock * input.verifyUs) / input.verifyWorkers / 1000,
    "ms",
  );
  const messageVerifyMs = push(
    "consensus signature checks",
    "(3(n-1) + 1) × verify µs / 1000",
    `${3 * (n - 1) + 1} × ${fmt(input.verifyUs)} / 1000`,
    t.messageVerifyMs,
    "ms",
  );
  const checkpointMs = push(
    "checkpoint",
    "δ (execution-result exchange)",
    `${fmt(n > 1 ? input.rttMs : 0)} / 2`,
    t.oneWayMs,
    "ms",
  );
  const expectedMs = push(
    "expected commit latency",
    "seal wait + ordering + transfer + execution + tx checks + consensus checks + checkpoint",
    [sealWaitMs, orderingMs, transferMs, executionMs, txVerifyMs, messageVerifyMs, checkpointMs]
      .map(fmt)
      .join(" + "),
    sealWaitMs + orderingMs + transferMs + executionMs + txVerifyMs + messageVerifyMs + checkpointMs,
    "ms",
  );
  const worst = worstCaseCommitMs(input, n, L);
  const worstMs = push(
    "worst-case commit of a full block",
    "4·δ99 + transfer(L) + L × (exec + verify / workers) + consensus checks",
    `4 × ${fmt(t.oneWayP99Ms)} + ${fmt(proposalTransferMs(n, L, t.bitsPerMs))} + ${L} × ${fmt(t.cpuMsPerTx)} + ${fmt(t.messageVerifyMs)}`,
    worst,
    "ms",
  );
  const p99EstimateMs = push(
    "p99 latency estimate",
    "min_seal_time + H / leader_period + worst-case commit of a full block",
    `${fmt(sparse ? 0 : s)} + ${fmt(t.handoverMs)} / ${P} + ${fmt(worstMs)}`,
    (sparse ? 0 : s) + t.handoverMs / P + worstMs,
    "ms",
  );

  // Throughput bounds, tx/s.
  const transferFull = proposalTransferMs(n, L, t.bitsPerMs);
  const orderingDen = t.handoverMs + P * transferFull;
  const orderingTps = push(
    "ordering bound",
    "leader_period × L / (H + leader_period × transfer(L)) × 1000",
    `${P} × ${L} / (${fmt(t.handoverMs)} + ${P} × ${fmt(transferFull)}) × 1000`,
    orderingDen === 0 ? Number.POSITIVE_INFINITY : ((P * L) / orderingDen) * 1000,
    "tx/s",
  );
  const executionTps = push(
    "execution bound",
    "1e6 / exec µs",
    `1e6 / ${fmt(input.execUsPerTx)}`,
    1e6 / input.execUsPerTx,
    "tx/s",
  );
  const verificationTps = push(
    "signature verification bound",
    "verify workers × 1e6 / verify µs",
    `${input.verifyWorkers} × 1e6 / ${fmt(input.verifyUs)}`,
    (input.verifyWorkers * 1e6) / input.verifyUs,
    "tx/s",
  );
  const fanout = settings.treeBroadcast ? Math.min(settings.treeWidth, n - 1) : n - 1;
  const bwFormula = "bandwidth B/s / (fan-out × tx bytes + (n-1) × 32 + 3(n-1) × 256 / L)";
  const bandwidthTps = push(
    "bandwidth bound (all clients on one entry sealer)",
    bwFormula,
    `${fmt((t.bitsPerMs / 8) * 1000)} / (${fanout} × ${input.txBytes} + ${n - 1} × 32 + ${3 * (n - 1)} × 256 / ${L})`,
    bandwidthBound(input, n, L, fanout, t.bitsPerMs),
    "tx/s",
  );
  const treeFanout = Math.min(FISCO_PBFT.syncTreeWidthDefault, n - 1);
  const bandwidthTreeTps = bandwidthBound(input, n, L, treeFanout, t.bitsPerMs);

  const bounds: Array<[Bottleneck, number]> = [
    ["ordering", orderingTps],
    ["execution", executionTps],
    ["signature verification", verificationTps],
    ["bandwidth", bandwidthTps],
  ];
  let [bottleneck, capacityTps] = bounds[0] as [Bottleneck, number];
  for (const [name, value] of bounds) {
    if (value < capacityTps) [bottleneck, capacityTps] = [name, value];
  }
  push(
    "capacity",
    "min(ordering, execution, signature verification, bandwidth)",
    `min(${bounds.map(([, v]) => fmt(v)).join(", ")})`,
    capacityTps,
    "tx/s",
  );
  const utilisation = push(
    "utilisation",
    "tps / capacity",
    `${fmt(input.tps)} / ${fmt(capacityTps)}`,
    input.tps / capacityTps,
    "",
  );

  return {
    terms: t,
    latency: {
      sparse,
      blockIntervalMs,
      txsPerBlock,
      sealWaitMs,
      orderingMs,
      transferMs,
      executionMs,
      txVerifyMs,
      messageVerifyMs,
      checkpointMs,
      expectedMs,
      p99EstimateMs,
      worstCaseCommitMs: worstMs,
    },
    throughput: {
      orderingTps,
      executionTps,
      verificationTps,
      bandwidthTps,
      bandwidthTreeTps,
      capacityTps,
      bottleneck,
      utilisation,
    },
    derivations: d,
  };
}
