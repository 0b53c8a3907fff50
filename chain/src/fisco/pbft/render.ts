import { FISCO_PBFT } from "./fisco-constants.js";
import { type Derivation, fmt } from "./format.js";
import type { PbftModelResult } from "./model.js";
import type { QuorumAnalysis } from "./quorum.js";

const INDENT = "    ";

function nodePlaceholder(org: number, nodeInOrg: number): string {
  return `<org${org + 1}-node${nodeInOrg + 1}-id>`;
}

/**
 * The `[consensus]` section of `config.genesis` (identical on every node; immutable once the chain is
 * initialised). Node IDs are placeholders: each node's ID is in its `conf/node.nodeid`.
 */
export function renderGenesisFragment(result: PbftModelResult): string {
  const { settings, quorum } = result;
  const lines = [
    "[consensus]",
    `${INDENT}; consensus algorithm: FISCO BCOS 3.x runs PBFT`,
    `${INDENT}consensus_type=pbft`,
    `${INDENT}; the max number of transactions of a block`,
    `${INDENT}block_tx_count_limit=${settings.blockTxCountLimit}`,
    `${INDENT}; the number of consecutive blocks sealed by each leader`,
    `${INDENT}leader_period=${settings.leaderPeriod}`,
    `${INDENT}; consensus nodes as <node id>:<weight>; the id is in each node's conf/node.nodeid.`,
    `${INDENT}; organisations are interleaved so that one organisation's sealers are not consecutive leaders.`,
    `${INDENT}; total weight ${quorum.totalWeight}, tolerated faulty weight ${quorum.faultyWeight}, quorum ${quorum.quorumWeight}`,
  ];
  for (const s of quorum.sealers) {
    lines.push(`${INDENT}node.${s.index}=${nodePlaceholder(s.org, s.nodeInOrg)}:${s.weight}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The sections of `config.ini` the model has advice for (per node; merge into each node's file). */
export function renderConfigIniFragment(result: PbftModelResult): string {
  const { settings } = result;
  const lines = [
    "[consensus]",
    `${INDENT}; min block generation time (ms)`,
    `${INDENT}min_seal_time=${settings.minSealTimeMs}`,
    `${INDENT}; checkpoint (execution result) timeout (ms), FISCO minimum ${FISCO_PBFT.checkpointTimeoutMinMs}`,
    `${INDENT}checkpoint_timeout=${settings.checkpointTimeoutMs}`,
    "",
    "[txpool]",
    `${INDENT}; size of the txpool, FISCO default ${FISCO_PBFT.txpoolLimitDefault}`,
    `${INDENT}limit=${settings.txpoolLimit}`,
  ];
  if (settings.treeBroadcast) {
    lines.push(
      "",
      "[sync]",
      `${INDENT}; relay transactions and block status along a tree instead of to every sealer`,
      `${INDENT}send_txs_by_tree=true`,
      `${INDENT}sync_block_by_tree=true`,
      `${INDENT}tree_width=${settings.treeWidth}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function derivationLine(d: Derivation): string[] {
  const unit = d.unit ? ` ${d.unit}` : "";
  return [`  ${d.name} = ${d.formula}`, `      = ${d.evaluation} = ${fmt(d.value)}${unit}`];
}

function weightLines(q: QuorumAnalysis): string[] {
  const lines = [
    `  weights: ${q.scheme === "equal" ? "equal, 1 per sealer" : `per organisation, each organisation weighs ${q.orgWeightTarget}`}`,
    `  W = Σ weights = ${q.totalWeight}`,
    `  f_w = floor((W - 1) / 3) = floor(${q.totalWeight - 1} / 3) = ${q.faultyWeight}   (FISCO maxFaultyQuorum)`,
    `  Q = W - f_w = ${q.totalWeight} - ${q.faultyWeight} = ${q.quorumWeight}   (FISCO minRequiredQuorum)`,
  ];
  for (const o of q.orgWeights) {
    const verdict = o.reachesQuorum
      ? "≥ Q: can commit alone"
      : o.withinFaultBound
        ? "≤ f_w: its loss is tolerated"
        : "> f_w: its loss halts the chain";
    lines.push(`  org${o.org + 1}: ${o.nodes} sealer(s), weight ${o.weight} ${verdict}`);
  }
  lines.push(
    `  whole organisations that may fail at once: ${q.toleratedOrgFailures}; sealers that may fail at once (any): ${q.toleratedNodeFailures}`,
  );
  return lines;
}

/** The full human-readable report: inputs, quorum, latency, throughput, recommendations, warnings, fragments. */
export function renderPbftReport(result: PbftModelResult): string[] {
  const { input, quorum: q, performance: p, settings } = result;
  const lines: string[] = [];
  const h = (title: string) => lines.push("", `== ${title} ==`);

  lines.push("PermitChain PBFT parameter model for FISCO BCOS 3.x");
  lines.push(
    "Advice for operators, computed from a simple model; not a consensus implementation. See docs/pbft-model.md.",
  );

  h("Inputs");
  lines.push(
    `  organisations: ${input.orgs}; sealers per organisation: ${input.orgNodes.join(",")}`,
    `  RTT mean ${fmt(input.rttMs)} ms, p99 ${fmt(input.rttP99Ms)} ms; load ${fmt(input.tps)} tx/s; target latency ${fmt(input.targetLatencyMs)} ms`,
    `  exec ${fmt(input.execUsPerTx)} µs/tx; signature check ${fmt(input.verifyUs)} µs × ${input.verifyWorkers} worker(s); tx ${input.txBytes} B; bandwidth ${fmt(input.bandwidthMbps)} Mbit/s; burst ×${fmt(input.burstFactor)}`,
  );

  h("Fault tolerance and quorum");
  lines.push(
    `  n = Σ sealers = ${q.n}`,
    `  f = floor((n - 1) / 3) = floor(${q.n - 1} / 3) = ${q.f}   (n ≥ 3f + 1)`,
    `  quorum with equal weights = n - f = ${q.quorumNodes}`,
    ...weightLines(q),
    `  messages per block = (n-1) + 3·n·(n-1) = ${q.messagesPerBlock}   (pre-prepare, prepare, commit, checkpoint: O(n²))`,
  );
  if (result.perOrgAlternative) {
    const a = result.perOrgAlternative;
    lines.push(
      `  alternative, --weights per-org: W = ${a.totalWeight}, f_w = ${a.faultyWeight}, Q = ${a.quorumWeight}, organisations that may fail at once: ${a.toleratedOrgFailures}`,
    );
  }

  const latencyNames = new Set([
    "block interval",
    "transactions per block",
    "expected seal wait",
    "ordering",
    "proposal transfer",
    "block execution",
    "tx signature checks",
    "consensus signature checks",
    "checkpoint",
    "expected commit latency",
    "worst-case commit of a full block",
    "p99 latency estimate",
  ]);
  h("Latency with the recommended settings");
  lines.push(
    `  δ = RTT/2 = ${fmt(p.terms.oneWayMs)} ms, δ99 = RTT99/2 = ${fmt(p.terms.oneWayP99Ms)} ms, λ = ${fmt(input.tps / 1000)} tx/ms`,
  );
  for (const d of p.derivations.filter((x) => latencyNames.has(x.name))) lines.push(...derivationLine(d));

  h("Throughput bounds");
  for (const d of p.derivations.filter((x) => !latencyNames.has(x.name))) lines.push(...derivationLine(d));
  lines.push(
    `  bottleneck: ${p.throughput.bottleneck}; with tree relay (tree_width ${FISCO_PBFT.syncTreeWidthDefault}) the bandwidth bound would be ${fmt(p.throughput.bandwidthTreeTps)} tx/s`,
    `  worst stall with max(f,1) = ${Math.max(q.f, 1)} consecutive faulty leader(s): ${fmt(result.worstViewChangeStallMs)} ms (view-change timer ${FISCO_PBFT.viewChangeTimeoutBaseMs} ms × ${FISCO_PBFT.viewChangeBackoffBase}^k)`,
  );

  h("Recommendations");
  for (const r of result.recommendations) {
    lines.push(
      `  ${r.key} = ${String(r.value)}   (${r.file} [${r.section}])`,
      `      rule: ${r.formula}`,
      `      here: ${r.evaluation}`,
      `      why:  ${r.rationale}`,
    );
  }

  h("Warnings");
  if (result.warnings.length === 0) lines.push("  none");
  for (const w of result.warnings) lines.push(`  [${w.level}] ${w.code}: ${w.message}`);

  h("config.genesis fragment (same on every node; fixed once the chain is initialised)");
  lines.push(...renderGenesisFragment(result).trimEnd().split("\n"));
  lines.push(
    `  ; later changes: setSystemConfigByKey tx_count_limit ${settings.blockTxCountLimit} / consensus_leader_period ${settings.leaderPeriod}; setConsensusWeight <nodeId> <weight> (console)`,
  );

  h("config.ini fragment (every sealer; merge into the existing file)");
  lines.push(...renderConfigIniFragment(result).trimEnd().split("\n"));
  return lines;
}
