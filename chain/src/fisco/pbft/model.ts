import { FISCO_PBFT, MODEL_ASSUMPTIONS } from "./fisco-constants.js";
import { fmt } from "./format.js";
import { type NormalisedPbftInput, normalisePbftInput, type PbftModelInput } from "./input.js";
import { estimatePerformance, type PerformanceEstimate } from "./performance.js";
import { analyseQuorum, type QuorumAnalysis } from "./quorum.js";
import { type Recommendation, type RecommendedSettings, recommendSettings } from "./recommend.js";

export type WarningLevel = "critical" | "warning" | "note";

export interface PbftModelWarning {
  level: WarningLevel;
  code: string;
  message: string;
}

export interface PbftModelResult {
  input: NormalisedPbftInput;
  quorum: QuorumAnalysis;
  /** The per-organisation scheme's analysis when the equal scheme was chosen and per-org would change it. */
  perOrgAlternative: QuorumAnalysis | undefined;
  settings: RecommendedSettings;
  recommendations: Recommendation[];
  /** Latency and throughput of the recommended settings under the input load. */
  performance: PerformanceEstimate;
  /** Stall when max(f, 1) consecutive leaders are down, ms. */
  worstViewChangeStallMs: number;
  warnings: PbftModelWarning[];
}

function orgName(org: number): string {
  return `org${org + 1}`;
}

function quorumWarnings(
  q: QuorumAnalysis,
  input: NormalisedPbftInput,
  alt: QuorumAnalysis | undefined,
): PbftModelWarning[] {
  const w: PbftModelWarning[] = [];
  if (q.n < FISCO_PBFT.recommendedMinNodes) {
    w.push({
      level: "critical",
      code: "TOO_FEW_SEALERS",
      message:
        `${q.n} sealer(s): f = floor((n-1)/3) = ${q.f}, so no faulty sealer is tolerated${q.n > 1 ? " and any single sealer failure halts the chain" : ""}. ` +
        `FISCO's PBFT needs at least ${FISCO_PBFT.recommendedMinNodes} sealers (n = 3f + 1 with f = 1).`,
    });
  }
  if (q.n > FISCO_PBFT.recommendedMaxNodes) {
    w.push({
      level: "warning",
      code: "TOO_MANY_SEALERS",
      message: `${q.n} sealers: each block costs ${q.messagesPerBlock} consensus messages (O(n²)); FISCO recommends at most ${FISCO_PBFT.recommendedMaxNodes} consensus nodes. Make the extra nodes observers.`,
    });
  }
  for (const o of q.orgWeights) {
    if (o.reachesQuorum && q.orgWeights.length > 1) {
      w.push({
        level: "critical",
        code: "ORG_REACHES_QUORUM",
        message: `${orgName(o.org)} holds weight ${o.weight} ≥ quorum ${q.quorumWeight}: it can commit blocks on its own, and the other organisations cannot outvote it.`,
      });
    } else if (!o.withinFaultBound && q.orgWeights.length > 1) {
      w.push({
        level: "critical",
        code: "ORG_ABOVE_FAULT_BOUND",
        message:
          `${orgName(o.org)} holds ${o.nodes} sealer(s), weight ${o.weight} > f_w = ${q.faultyWeight}: if that organisation goes offline ` +
          `the remaining weight ${q.totalWeight - o.weight} < quorum ${q.quorumWeight} and the chain halts; if it turns Byzantine it can break safety.`,
      });
    }
  }
  if (input.orgs > 1 && input.orgs < 4 && q.orgWeights.some((o) => !o.withinFaultBound)) {
    w.push({
      level: "warning",
      code: "TOO_FEW_ORGS",
      message: `With ${input.orgs} organisations no weighting lets the chain survive the loss of a whole organisation: one organisation out of ${input.orgs} always holds at least W/${input.orgs} > floor((W-1)/3). At least 4 organisations are needed.`,
    });
  }
  if (
    alt &&
    q.orgWeights.some((o) => !o.withinFaultBound) &&
    alt.orgWeights.every((o) => o.withinFaultBound)
  ) {
    w.push({
      level: "warning",
      code: "USE_PER_ORG_WEIGHTS",
      message: `Per-organisation weights (--weights per-org) would keep every organisation within the fault bound: W = ${alt.totalWeight}, f_w = ${alt.faultyWeight}, each organisation weighs ${alt.orgWeightTarget}.`,
    });
  }
  if (input.orgs === 1 && q.n >= FISCO_PBFT.recommendedMinNodes) {
    w.push({
      level: "note",
      code: "SINGLE_ORG",
      message:
        "All sealers belong to one organisation: the chain tolerates faulty sealers but offers no protection against that organisation.",
    });
  }
  return w;
}

/**
 * The PBFT parameter model: validates the input, computes fault tolerance and quorum, recommends FISCO BCOS
 * settings and estimates latency and throughput under them. Advice for operators, not a consensus
 * implementation. Pure function.
 * @throws PbftModelInputError when an input is missing or out of range.
 */
export function computePbftModel(input: PbftModelInput): PbftModelResult {
  const norm = normalisePbftInput(input);
  const quorum = analyseQuorum(norm.orgNodes, norm.weights);
  let perOrgAlternative: QuorumAnalysis | undefined;
  if (norm.weights === "equal") {
    const alt = analyseQuorum(norm.orgNodes, "per-org");
    const differs = alt.sealers.some((s, i) => s.weight !== quorum.sealers[i]?.weight);
    perOrgAlternative = differs ? alt : undefined;
  }
  const rec = recommendSettings(norm, quorum);
  const performance = estimatePerformance(norm, quorum.n, rec.settings);
  const warnings = quorumWarnings(quorum, norm, perOrgAlternative);

  const { latency, throughput } = performance;
  if (throughput.utilisation >= 1) {
    warnings.push({
      level: "critical",
      code: "OVERLOAD",
      message: `Expected load ${fmt(norm.tps)} tx/s exceeds the modelled capacity ${fmt(throughput.capacityTps)} tx/s (bound: ${throughput.bottleneck}). The pool fills up and transactions are rejected.`,
    });
  } else if (throughput.utilisation > MODEL_ASSUMPTIONS.utilisationWarn) {
    warnings.push({
      level: "warning",
      code: "NEAR_CAPACITY",
      message: `Utilisation ${fmt(throughput.utilisation * 100)}% of the modelled capacity (bound: ${throughput.bottleneck}); queueing delay, not consensus, will dominate latency.`,
    });
  }
  if (rec.latencyTargetInfeasible || latency.expectedMs > norm.targetLatencyMs) {
    warnings.push({
      level: "warning",
      code: "LATENCY_TARGET",
      message: `The latency target ${fmt(norm.targetLatencyMs)} ms cannot be met: expected commit latency is ${fmt(latency.expectedMs)} ms with the smallest sensible sealing window; network delay and execution dominate.`,
    });
  }
  if (rec.networkExceedsViewChangeBudget) {
    warnings.push({
      level: "critical",
      code: "NETWORK_EXCEEDS_VIEW_CHANGE",
      message: `Four p99 one-way delays (${fmt(4 * performance.terms.oneWayP99Ms)} ms) alone use more than ${MODEL_ASSUMPTIONS.viewChangeShare * 100}% of FISCO's fixed ${FISCO_PBFT.viewChangeTimeoutBaseMs} ms view-change timeout: expect spurious view changes. Bring the sealers closer together.`,
    });
  } else if (rec.blockLimitCappedByViewChange) {
    warnings.push({
      level: "warning",
      code: "BLOCK_LIMIT_CAPPED",
      message: `block_tx_count_limit was capped at ${rec.settings.blockTxCountLimit} so that a full block commits within ${MODEL_ASSUMPTIONS.viewChangeShare * 100}% of the ${FISCO_PBFT.viewChangeTimeoutBaseMs} ms view-change timeout; bursts beyond it queue in the pool.`,
    });
  }
  if (rec.leaderPeriodCapped) {
    warnings.push({
      level: "note",
      code: "LEADER_PERIOD_CAPPED",
      message: `leader_period capped at ${MODEL_ASSUMPTIONS.leaderPeriodMax}: leader hand-over (3δ = ${fmt(performance.terms.handoverMs)} ms) still costs more than ${MODEL_ASSUMPTIONS.handoverShare * 100}% of a ${rec.settings.minSealTimeMs} ms sealing window.`,
    });
  }
  if (latency.worstCaseCommitMs >= rec.settings.checkpointTimeoutMs) {
    // Cannot happen with the rule above; kept as a guard should the rule change.
    warnings.push({
      level: "critical",
      code: "CHECKPOINT_TIMEOUT_TOO_LOW",
      message: `checkpoint_timeout ${rec.settings.checkpointTimeoutMs} ms is not above the worst-case commit ${fmt(latency.worstCaseCommitMs)} ms.`,
    });
  }

  return {
    input: norm,
    quorum,
    perOrgAlternative,
    settings: rec.settings,
    recommendations: rec.recommendations,
    performance,
    worstViewChangeStallMs: rec.stallMs,
    warnings,
  };
}
