import { FISCO_PBFT, MODEL_ASSUMPTIONS } from "./fisco-constants.js";
import { ceilTo, clamp, floorTo, fmt } from "./format.js";
import type { NormalisedPbftInput } from "./input.js";
import {
  estimatePerformance,
  networkTerms,
  type PbftSettings,
  viewChangeStallMs,
  worstCaseCommitMs,
} from "./performance.js";
import type { QuorumAnalysis } from "./quorum.js";

/** Which file and section a recommended setting belongs to. */
export type SettingKey =
  | "min_seal_time"
  | "block_tx_count_limit"
  | "leader_period"
  | "checkpoint_timeout"
  | "txpool.limit"
  | "sync.send_txs_by_tree"
  | "sealer weights";

export interface Recommendation {
  key: SettingKey;
  file: "config.genesis" | "config.ini";
  section: string;
  value: number | boolean | string;
  /** The rule, in symbols. */
  formula: string;
  /** The rule with this run's numbers. */
  evaluation: string;
  /** Why the rule is what it is, and what limits it. */
  rationale: string;
}

export interface RecommendedSettings extends PbftSettings {
  checkpointTimeoutMs: number;
  txpoolLimit: number;
}

export interface RecommendationResult {
  settings: RecommendedSettings;
  recommendations: Recommendation[];
  /** The latency target cannot be met even with the smallest sealing window. */
  latencyTargetInfeasible: boolean;
  /** `block_tx_count_limit` was lowered to keep a full block inside the view-change timeout. */
  blockLimitCappedByViewChange: boolean;
  /** Even a block of the floor size would not fit the view-change budget. */
  networkExceedsViewChangeBudget: boolean;
  /** Hand-over still costs more than the target share after capping leader_period. */
  leaderPeriodCapped: boolean;
  /** Worst-case stall used for the transaction pool size, ms. */
  stallMs: number;
}

/**
 * Chooses FISCO BCOS settings for the input and the quorum analysis, each with the formula and the numbers
 * that produced it. Pure: no I/O, same input, same output.
 */
export function recommendSettings(input: NormalisedPbftInput, quorum: QuorumAnalysis): RecommendationResult {
  const n = quorum.n;
  const t = networkTerms(input, n);
  const lambda = input.tps / 1000;
  const A = MODEL_ASSUMPTIONS;
  const recs: Recommendation[] = [];

  // 1. Sealing window: the largest min_seal_time whose worst case (full window + ≤10% hand-over + 4δ +
  //    the window's execution and checks) fits the latency target, bounded by FISCO's 1000 ms.
  const budget = input.targetLatencyMs - 4 * t.oneWayMs - t.messageVerifyMs;
  const sBudget = budget / (1 + A.handoverShare + lambda * t.cpuMsPerTx);
  const latencyTargetInfeasible = sBudget < A.minSealFloorMs;
  const minSealTimeMs = clamp(floorTo(sBudget, 10), A.minSealFloorMs, FISCO_PBFT.minSealTimeDocMaxMs);
  recs.push({
    key: "min_seal_time",
    file: "config.ini",
    section: "consensus",
    value: minSealTimeMs,
    formula: `clamp(floor10((target - 4δ - consensus checks) / (1 + ${A.handoverShare} + λ·cpu)), ${A.minSealFloorMs}, ${FISCO_PBFT.minSealTimeDocMaxMs})`,
    evaluation: `clamp(floor10((${fmt(input.targetLatencyMs)} - 4 × ${fmt(t.oneWayMs)} - ${fmt(t.messageVerifyMs)}) / (1 + ${A.handoverShare} + ${fmt(lambda)} × ${fmt(t.cpuMsPerTx)})), ${A.minSealFloorMs}, ${FISCO_PBFT.minSealTimeDocMaxMs}) = clamp(${fmt(sBudget)}) = ${minSealTimeMs} ms`,
    rationale:
      "The sealer seals when block_tx_count_limit txs are pending or min_seal_time has passed with at least one " +
      "tx (SealingManager::shouldGenerateProposal), so a tx waits at most one window. The window is as long as " +
      "the target allows (bigger blocks, fewer O(n²) rounds per tx); the FISCO 3.x guide caps it at 1000 ms " +
      `(default ${FISCO_PBFT.minSealTimeDefaultMs} ms).`,
  });

  // 2. Block size: the burst-scaled load of one window, capped so that a full block's worst-case commit
  //    stays within half of FISCO's fixed view-change timeout.
  const wanted = Math.max(A.blockTxCountFloor, ceilTo(input.burstFactor * lambda * minSealTimeMs, 10));
  const fixedWorst = worstCaseCommitMs(input, n, 0);
  const perTxWorst = worstCaseCommitMs(input, n, 1) - fixedWorst;
  const vcBudget = A.viewChangeShare * FISCO_PBFT.viewChangeTimeoutBaseMs;
  const cap = Math.floor((vcBudget - fixedWorst) / perTxWorst);
  const networkExceedsViewChangeBudget = cap < A.blockTxCountFloor;
  const blockTxCountLimit = networkExceedsViewChangeBudget ? A.blockTxCountFloor : Math.min(wanted, cap);
  const blockLimitCappedByViewChange = blockTxCountLimit < wanted;
  recs.push({
    key: "block_tx_count_limit",
    file: "config.genesis",
    section: "consensus",
    value: blockTxCountLimit,
    formula: `min(max(${A.blockTxCountFloor}, ceil10(burst × λ × min_seal_time)), floor((${A.viewChangeShare} × ${FISCO_PBFT.viewChangeTimeoutBaseMs} - worst_fixed) / worst_per_tx))`,
    evaluation: `min(max(${A.blockTxCountFloor}, ceil10(${fmt(input.burstFactor)} × ${fmt(lambda)} × ${minSealTimeMs})), floor((${fmt(vcBudget)} - ${fmt(fixedWorst)}) / ${fmt(perTxWorst)})) = min(${wanted}, ${cap}) = ${blockTxCountLimit}`,
    rationale:
      `A block holds the load of one sealing window ${fmt(input.burstFactor)} times over, so bursts do not queue ` +
      "behind the count limit. The cap keeps the worst-case commit of a full block (4·δ99 + transfer + execution + " +
      `signature checks) under ${A.viewChangeShare * 100}% of the ${FISCO_PBFT.viewChangeTimeoutBaseMs} ms view-change timer, ` +
      `so a large block is never mistaken for a faulty leader. FISCO default: ${FISCO_PBFT.blockTxCountLimitDefault}.`,
  });

  // 3. Leader period: amortise the hand-over H = 3δ to at most 10% of a sealing window.
  const handoverDen = A.handoverShare * minSealTimeMs;
  const pWanted = n > 1 ? Math.ceil(t.handoverMs / handoverDen - 1e-9) : 1;
  const leaderPeriod = clamp(pWanted, 1, A.leaderPeriodMax);
  const leaderPeriodCapped = pWanted > A.leaderPeriodMax;
  recs.push({
    key: "leader_period",
    file: "config.genesis",
    section: "consensus",
    value: leaderPeriod,
    formula: `clamp(ceil(3δ / (${A.handoverShare} × min_seal_time)), 1, ${A.leaderPeriodMax})`,
    evaluation: `clamp(ceil(${fmt(t.handoverMs)} / (${A.handoverShare} × ${minSealTimeMs})), 1, ${A.leaderPeriodMax}) = ${leaderPeriod}`,
    rationale:
      "FISCO picks the leader as (block / leader_period + view) % n; a new leader starts sealing only once the " +
      "previous leader's last proposal is ordered (≈3δ) and then waits a fresh min_seal_time. Longer periods " +
      "amortise that gap; the cap bounds how many blocks one slow or censoring leader controls. " +
      `NodeConfig default: ${FISCO_PBFT.leaderPeriodDefault}.`,
  });

  // 4. Checkpoint timeout: several times the worst-case commit of a full block, never below FISCO's minimum.
  const worst = worstCaseCommitMs(input, n, blockTxCountLimit);
  const checkpointTimeoutMs = Math.max(
    FISCO_PBFT.checkpointTimeoutMinMs,
    ceilTo(A.checkpointSafetyFactor * worst, 500),
  );
  recs.push({
    key: "checkpoint_timeout",
    file: "config.ini",
    section: "consensus",
    value: checkpointTimeoutMs,
    formula: `max(${FISCO_PBFT.checkpointTimeoutMinMs}, ceil500(${A.checkpointSafetyFactor} × (4·δ99 + transfer(L) + L × cpu + consensus checks)))`,
    evaluation: `max(${FISCO_PBFT.checkpointTimeoutMinMs}, ceil500(${A.checkpointSafetyFactor} × ${fmt(worst)})) = ${checkpointTimeoutMs} ms`,
    rationale:
      "The checkpoint timer (PBFTCache::onCheckPointTimeout) fires when a proposal's signed execution result " +
      "has not reached the quorum in time: the node resends its checkpoint message and newer releases also test " +
      "for non-deterministic execution and fall back to serial consensus. Too low a value turns slow but healthy " +
      "blocks into resends and false alarms, so it sits several times above the slowest legitimate case; FISCO " +
      `refuses values below ${FISCO_PBFT.checkpointTimeoutMinMs} ms (NodeConfig::loadConsensusConfig).`,
  });

  // 5. Transaction pool: hold twice the load that arrives during the worst modelled stall.
  const stallNodes = Math.max(quorum.f, 1);
  const stallMs = viewChangeStallMs(stallNodes);
  const txpoolLimit = Math.max(
    FISCO_PBFT.txpoolLimitDefault,
    ceilTo(A.txpoolHeadroom * lambda * (stallMs + checkpointTimeoutMs), 1000),
  );
  recs.push({
    key: "txpool.limit",
    file: "config.ini",
    section: "txpool",
    value: txpoolLimit,
    formula: `max(${FISCO_PBFT.txpoolLimitDefault}, ceil1000(${A.txpoolHeadroom} × λ × (stall(max(f,1)) + checkpoint_timeout)))`,
    evaluation: `max(${FISCO_PBFT.txpoolLimitDefault}, ceil1000(${A.txpoolHeadroom} × ${fmt(lambda)} × (${fmt(stallMs)} + ${checkpointTimeoutMs}))) = ${txpoolLimit}`,
    rationale:
      `stall(k) = Σ_{i<k} ${FISCO_PBFT.viewChangeTimeoutBaseMs} × ${FISCO_PBFT.viewChangeBackoffBase}^i is the time lost ` +
      "when k consecutive leaders are down (PBFTTimer back-off). Transactions beyond the pool limit are rejected.",
  });

  // 6. Transaction relay: a tree when sending every tx to every sealer would use over half the bandwidth.
  const direct = estimatePerformance(input, n, {
    blockTxCountLimit,
    minSealTimeMs,
    leaderPeriod,
    treeBroadcast: false,
    treeWidth: FISCO_PBFT.syncTreeWidthDefault,
  });
  const treeWidth = FISCO_PBFT.syncTreeWidthDefault;
  const treeBroadcast =
    n - 1 > treeWidth &&
    input.tps > 0.5 * direct.throughput.bandwidthTps &&
    direct.throughput.bandwidthTreeTps > direct.throughput.bandwidthTps;
  recs.push({
    key: "sync.send_txs_by_tree",
    file: "config.ini",
    section: "sync",
    value: treeBroadcast,
    formula: `n - 1 > tree_width(${treeWidth}) and tps > 0.5 × bandwidth bound (direct)`,
    evaluation: `${n - 1} > ${treeWidth} and ${fmt(input.tps)} > 0.5 × ${fmt(direct.throughput.bandwidthTps)} → ${treeBroadcast}`,
    rationale:
      "By default the sealer that receives a transaction sends it to every other sealer, (n-1) copies from one " +
      `uplink. With send_txs_by_tree the fan-out is tree_width (bound ${fmt(direct.throughput.bandwidthTreeTps)} tx/s ` +
      "instead), at the price of one extra hop per tree level.",
  });

  // 7. Weights.
  const orgs = quorum.orgWeights;
  const heaviest = Math.max(...orgs.map((o) => o.weight));
  recs.push({
    key: "sealer weights",
    file: "config.genesis",
    section: "consensus",
    value: quorum.scheme,
    formula:
      quorum.scheme === "equal"
        ? "weight 1 per sealer; W = n; f_w = floor((W-1)/3); Q = W - f_w"
        : "each organisation weighs T (T = lcm(node counts) if ≤ 1000, else max count), split across its sealers; f_w = floor((W-1)/3); Q = W - f_w",
    evaluation: `${quorum.scheme}: node weights ${quorum.sealers.map((x) => x.weight).join(",")}; W = ${quorum.totalWeight}, f_w = floor(${quorum.totalWeight - 1} / 3) = ${quorum.faultyWeight}, Q = ${quorum.quorumWeight}; heaviest organisation ${heaviest} ${heaviest <= quorum.faultyWeight ? "≤" : ">"} f_w ${quorum.faultyWeight}`,
    rationale:
      "FISCO sums the weights of the consensus nodes (PBFTConfig::updateQuorum) and needs Q of them for every " +
      "phase and for view changes. An organisation whose total weight is ≤ f_w can fail entirely, or turn " +
      "Byzantine, without halting or forking the chain.",
  });

  return {
    settings: {
      blockTxCountLimit,
      minSealTimeMs,
      leaderPeriod,
      treeBroadcast,
      treeWidth,
      checkpointTimeoutMs,
      txpoolLimit,
    },
    recommendations: recs,
    latencyTargetInfeasible,
    blockLimitCappedByViewChange,
    networkExceedsViewChangeBudget,
    leaderPeriodCapped,
    stallMs,
  };
}
