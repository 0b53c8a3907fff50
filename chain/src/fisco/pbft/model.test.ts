import { describe, expect, it } from "vitest";
import { PermitChainError } from "../../errors.js";
import { PBFT_MODEL_INPUT, PbftModelInputError } from "./errors.js";
import { FISCO_PBFT } from "./fisco-constants.js";
import type { PbftModelInput } from "./input.js";
import { computePbftModel } from "./model.js";
import { viewChangeStallMs } from "./performance.js";

const base: PbftModelInput = { orgs: 4, nodesPerOrg: 1, rttMs: 50, tps: 200 };

function codes(input: PbftModelInput): string[] {
  return computePbftModel(input).warnings.map((w) => w.code);
}

describe("computePbftModel: worked example (4 organisations × 1 sealer, RTT 50 ms, 200 tx/s)", () => {
  const r = computePbftModel(base);

  it("fills in the defaults", () => {
    expect(r.input.rttP99Ms).toBe(100);
    expect(r.input.orgNodes).toEqual([1, 1, 1, 1]);
    expect(r.input.weights).toBe("equal");
  });

  it("computes fault tolerance and quorum", () => {
    expect(r.quorum.n).toBe(4);
    expect(r.quorum.f).toBe(1);
    expect(r.quorum.quorumWeight).toBe(3);
    expect(r.quorum.toleratedOrgFailures).toBe(1);
  });

  it("recommends the settings documented in docs/pbft-model.md", () => {
    expect(r.settings).toEqual({
      minSealTimeMs: 1000,
      blockTxCountLimit: 400,
      leaderPeriod: 1,
      checkpointTimeoutMs: 3000,
      txpoolLimit: 15000,
      treeBroadcast: false,
      treeWidth: 3,
    });
    expect(r.warnings).toEqual([]);
  });

  it("estimates latency and throughput", () => {
    const { latency, throughput } = r.performance;
    expect(latency.blockIntervalMs).toBeCloseTo(1075, 6);
    expect(latency.txsPerBlock).toBeCloseTo(215, 6);
    expect(latency.orderingMs).toBe(75);
    expect(latency.checkpointMs).toBe(25);
    expect(latency.expectedMs).toBeCloseTo(698.1, 0);
    expect(latency.expectedMs).toBeLessThan(r.input.targetLatencyMs);
    expect(throughput.executionTps).toBe(4000);
    expect(throughput.capacityTps).toBe(4000);
    expect(throughput.bottleneck).toBe("execution");
    expect(throughput.utilisation).toBeCloseTo(0.05, 10);
  });

  it("explains every recommendation with a formula and its numbers", () => {
    const keys = r.recommendations.map((x) => x.key);
    expect(keys).toEqual([
      "min_seal_time",
      "block_tx_count_limit",
      "leader_period",
      "checkpoint_timeout",
      "txpool.limit",
      "sync.send_txs_by_tree",
      "sealer weights",
    ]);
    for (const rec of r.recommendations) {
      expect(rec.formula.length).toBeGreaterThan(10);
      expect(rec.evaluation).toContain(String(rec.value));
      expect(rec.rationale.length).toBeGreaterThan(20);
    }
  });
});

describe("timeouts", () => {
  const grid: PbftModelInput[] = [];
  for (const rttMs of [0.5, 5, 50, 200, 600]) {
    for (const tps of [0.2, 20, 500, 3000]) {
      for (const nodesPerOrg of [1, 2, 4]) grid.push({ orgs: 4, nodesPerOrg, rttMs, tps });
    }
  }

  it("checkpoint_timeout is never below FISCO's minimum and always above the worst-case commit", () => {
    for (const input of grid) {
      const r = computePbftModel(input);
      const worst = r.performance.latency.worstCaseCommitMs;
      expect(r.settings.checkpointTimeoutMs).toBeGreaterThanOrEqual(FISCO_PBFT.checkpointTimeoutMinMs);
      expect(r.settings.checkpointTimeoutMs).toBeGreaterThanOrEqual(3 * worst);
      expect(r.settings.checkpointTimeoutMs).toBeGreaterThan(2 * r.input.rttP99Ms);
      expect(r.settings.checkpointTimeoutMs % 500).toBe(0);
      expect(r.warnings.map((w) => w.code)).not.toContain("CHECKPOINT_TIMEOUT_TOO_LOW");
    }
  });

  it("keeps every recommended value inside FISCO's accepted ranges", () => {
    for (const input of grid) {
      const { settings } = computePbftModel(input);
      expect(settings.minSealTimeMs).toBeGreaterThanOrEqual(1);
      expect(settings.minSealTimeMs).toBeLessThanOrEqual(FISCO_PBFT.minSealTimeDocMaxMs);
      expect(Number.isInteger(settings.blockTxCountLimit)).toBe(true);
      expect(settings.blockTxCountLimit).toBeGreaterThan(0);
      expect(settings.leaderPeriod).toBeGreaterThanOrEqual(1);
      expect(settings.leaderPeriod).toBeLessThanOrEqual(10);
      expect(settings.txpoolLimit).toBeGreaterThanOrEqual(FISCO_PBFT.txpoolLimitDefault);
    }
  });

  it("scales checkpoint_timeout with a slow network (p99 RTT 2 s)", () => {
    const r = computePbftModel({ ...base, rttMs: 400, rttP99Ms: 2000 });
    expect(r.performance.latency.worstCaseCommitMs).toBeGreaterThan(4000);
    expect(r.settings.checkpointTimeoutMs).toBe(12500);
    expect(r.warnings.map((w) => w.code)).toContain("NETWORK_EXCEEDS_VIEW_CHANGE");
  });

  it("caps block_tx_count_limit so a full block commits well inside the view-change timer", () => {
    const r = computePbftModel({ ...base, rttMs: 200, tps: 2000 });
    expect(r.performance.latency.worstCaseCommitMs).toBeLessThanOrEqual(
      0.5 * FISCO_PBFT.viewChangeTimeoutBaseMs,
    );
    expect(codes({ ...base, rttMs: 200, tps: 2000 })).toContain("BLOCK_LIMIT_CAPPED");
  });

  it("models FISCO's view-change back-off (×1.5 per round, capped at 1.5^10)", () => {
    expect(viewChangeStallMs(0)).toBe(0);
    expect(viewChangeStallMs(1)).toBe(3000);
    expect(viewChangeStallMs(2)).toBe(7500);
    expect(viewChangeStallMs(3)).toBe(14250);
    expect(viewChangeStallMs(12) - viewChangeStallMs(11)).toBeCloseTo(3000 * 1.5 ** 10, 6);
  });
});

describe("recommendations respond to the inputs", () => {
  it("lengthens leader_period as round trips grow", () => {
    const lan = computePbftModel({ ...base, rttMs: 1 });
    const wan = computePbftModel({ ...base, rttMs: 250 });
    expect(lan.settings.leaderPeriod).toBe(1);
    expect(wan.settings.leaderPeriod).toBeGreaterThan(lan.settings.leaderPeriod);
  });

  it("grows block_tx_count_limit with the load", () => {
    const low = computePbftModel({ ...base, tps: 10 });
    const high = computePbftModel({ ...base, tps: 1000 });
    expect(low.settings.blockTxCountLimit).toBe(20);
    expect(high.settings.blockTxCountLimit).toBeGreaterThan(low.settings.blockTxCountLimit);
  });

  it("handles sparse load (less than one tx per sealing window)", () => {
    const r = computePbftModel({ ...base, tps: 0.1 });
    expect(r.performance.latency.sparse).toBe(true);
    expect(r.performance.latency.txsPerBlock).toBe(1);
    expect(r.settings.blockTxCountLimit).toBe(10);
  });

  it("shrinks the sealing window for a tight latency target and says when it cannot be met", () => {
    expect(computePbftModel({ ...base, targetLatencyMs: 600 }).settings.minSealTimeMs).toBeLessThan(1000);
    const r = computePbftModel({ ...base, rttMs: 100, targetLatencyMs: 150 });
    expect(r.settings.minSealTimeMs).toBe(50);
    expect(r.warnings.map((w) => w.code)).toContain("LATENCY_TARGET");
  });

  it("warns about overload and names the bottleneck", () => {
    const r = computePbftModel({ ...base, tps: 10_000 });
    expect(r.performance.throughput.utilisation).toBeGreaterThanOrEqual(1);
    expect(r.performance.throughput.bottleneck).toBe("execution");
    expect(r.warnings.find((w) => w.code === "OVERLOAD")?.level).toBe("critical");
    expect(codes({ ...base, tps: 3000 })).toContain("NEAR_CAPACITY");
  });

  it("recommends tree relay when fan-out would use most of the bandwidth", () => {
    const r = computePbftModel({ orgs: 5, nodesPerOrg: 4, rttMs: 20, tps: 300, bandwidthMbps: 10 });
    expect(r.settings.treeBroadcast).toBe(true);
    expect(r.performance.throughput.bandwidthTps).toBeGreaterThan(r.input.tps);
  });

  it("sizes the transaction pool for the worst stall", () => {
    const r = computePbftModel({ ...base, tps: 5000, execUsPerTx: 50 });
    const expected = Math.ceil((2 * 5 * (3000 + r.settings.checkpointTimeoutMs)) / 1000) * 1000;
    expect(r.settings.txpoolLimit).toBe(Math.max(15000, expected));
  });
});

describe("organisations and weights", () => {
  it("warns when one organisation holds more weight than the fault bound", () => {
    const r = computePbftModel({ orgs: 3, nodesPerOrg: 2, rttMs: 10, tps: 100 });
    expect(r.quorum.n).toBe(6);
    expect(r.quorum.f).toBe(1);
    const w = r.warnings.filter((x) => x.code === "ORG_ABOVE_FAULT_BOUND");
    expect(w).toHaveLength(3);
    expect(w[0]?.level).toBe("critical");
    expect(w[0]?.message).toContain("halts");
    expect(r.warnings.map((x) => x.code)).toContain("TOO_FEW_ORGS");
    expect(r.perOrgAlternative).toBeUndefined();
  });

  it("suggests per-organisation weights when they would help", () => {
    const input: PbftModelInput = { orgs: 4, nodesPerOrg: [1, 1, 1, 4], rttMs: 10, tps: 100 };
    expect(codes(input)).toEqual(expect.arrayContaining(["ORG_ABOVE_FAULT_BOUND", "USE_PER_ORG_WEIGHTS"]));
    const weighted = computePbftModel({ ...input, weights: "per-org" });
    expect(weighted.quorum.totalWeight).toBe(16);
    expect(weighted.quorum.quorumWeight).toBe(11);
    expect(weighted.warnings.filter((w) => w.code.startsWith("ORG_"))).toEqual([]);
  });

  it("flags an organisation that reaches the quorum alone", () => {
    expect(codes({ orgs: 2, nodesPerOrg: [1, 6], rttMs: 10, tps: 10 })).toContain("ORG_REACHES_QUORUM");
  });

  it("flags too few sealers and too many", () => {
    const two = computePbftModel({ orgs: 2, nodesPerOrg: 1, rttMs: 10, tps: 10 });
    expect(two.quorum.f).toBe(0);
    expect(two.warnings[0]?.code).toBe("TOO_FEW_SEALERS");
    expect(codes({ orgs: 11, nodesPerOrg: 10, rttMs: 10, tps: 10 })).toContain("TOO_MANY_SEALERS");
  });

  it("models a single sealer without network terms", () => {
    const r = computePbftModel({ orgs: 1, nodesPerOrg: 1, rttMs: 10, tps: 10 });
    expect(r.quorum.quorumWeight).toBe(1);
    expect(r.performance.latency.orderingMs).toBe(0);
    expect(r.performance.throughput.bandwidthTps).toBe(Number.POSITIVE_INFINITY);
    expect(r.settings.leaderPeriod).toBe(1);
  });
});

describe("input validation", () => {
  const bad: Array<[string, Partial<Record<keyof PbftModelInput, unknown>>]> = [
    ["orgs", { orgs: 0 }],
    ["orgs", { orgs: 2.5 }],
    ["orgs", { orgs: Number.NaN }],
    ["orgs", { orgs: "4" }],
    ["orgs", { orgs: 101 }],
    ["nodesPerOrg", { nodesPerOrg: 0 }],
    ["nodesPerOrg", { nodesPerOrg: [1, 2] }],
    ["nodesPerOrg[1]", { nodesPerOrg: [1, 0, 1, 1] }],
    ["nodesPerOrg", { orgs: 100, nodesPerOrg: 11 }],
    ["rttMs", { rttMs: -1 }],
    ["rttMs", { rttMs: 0 }],
    ["rttP99Ms", { rttP99Ms: 10 }],
    ["tps", { tps: 0 }],
    ["tps", { tps: Number.POSITIVE_INFINITY }],
    ["verifyWorkers", { verifyWorkers: 1.5 }],
    ["execUsPerTx", { execUsPerTx: -5 }],
    ["burstFactor", { burstFactor: 0.5 }],
    ["weights", { weights: "by-size" }],
  ];

  it.each(bad)("rejects %s in %o", (field, patch) => {
    const input = { ...base, ...patch } as unknown as PbftModelInput;
    let caught: unknown;
    try {
      computePbftModel(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PbftModelInputError);
    expect(caught).toBeInstanceOf(PermitChainError);
    const err = caught as PbftModelInputError;
    expect(err.code).toBe(PBFT_MODEL_INPUT);
    expect(err.details?.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it("rejects a missing input object", () => {
    expect(() => computePbftModel(null as unknown as PbftModelInput)).toThrow(PbftModelInputError);
  });
});
