import { describe, expect, it } from "vitest";
import {
  analyseQuorum,
  interleavedOrder,
  messagesPerBlock,
  perOrgWeightTarget,
  toleratedFaults,
  weightedQuorum,
} from "./quorum.js";

describe("tolerated faults and quorum (n = 3f + 1)", () => {
  it.each([
    [1, 0, 1],
    [2, 0, 2],
    [3, 0, 3],
    [4, 1, 3],
    [5, 1, 4],
    [6, 1, 5],
    [7, 2, 5],
    [10, 3, 7],
    [13, 4, 9],
    [100, 33, 67],
  ])("n=%i → f=%i, quorum=%i", (n, f, quorum) => {
    expect(toleratedFaults(n)).toBe(f);
    expect(weightedQuorum(n)).toEqual({ faultyWeight: f, quorumWeight: quorum });
    const q = analyseQuorum([n], "equal");
    expect(q.f).toBe(f);
    expect(q.quorumNodes).toBe(quorum);
    expect(q.quorumWeight).toBe(quorum);
  });

  it("n ≥ 3f + 1 and f is the largest such value, for n up to 300", () => {
    for (let n = 1; n <= 300; n++) {
      const f = toleratedFaults(n);
      expect(n).toBeGreaterThanOrEqual(3 * f + 1);
      expect(n).toBeLessThan(3 * (f + 1) + 1);
      // Two quorums always intersect in at least one honest node: 2Q - n ≥ f + 1.
      const { quorumWeight } = weightedQuorum(n);
      expect(2 * quorumWeight - n).toBeGreaterThanOrEqual(f + 1);
    }
  });

  it("follows FISCO's integer division for weighted totals", () => {
    expect(weightedQuorum(16)).toEqual({ faultyWeight: 5, quorumWeight: 11 });
    expect(weightedQuorum(12)).toEqual({ faultyWeight: 3, quorumWeight: 9 });
  });

  it("counts O(n²) messages per block", () => {
    expect(messagesPerBlock(1)).toBe(0);
    expect(messagesPerBlock(4)).toBe(3 + 3 * 4 * 3);
    expect(messagesPerBlock(10)).toBe(9 + 3 * 10 * 9);
  });
});

describe("weights", () => {
  it("equal weights: one per sealer, organisation weight = its sealer count", () => {
    const q = analyseQuorum([2, 2, 2], "equal");
    expect(q.sealers.map((s) => s.weight)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(q.totalWeight).toBe(6);
    expect(q.faultyWeight).toBe(1);
    expect(q.orgWeights.map((o) => o.weight)).toEqual([2, 2, 2]);
    expect(q.orgWeights.every((o) => !o.withinFaultBound)).toBe(true);
    expect(q.toleratedOrgFailures).toBe(0);
    expect(q.toleratedNodeFailures).toBe(1);
  });

  it("per-org weights keep a large organisation within the fault bound", () => {
    const equal = analyseQuorum([1, 1, 1, 4], "equal");
    expect(equal.faultyWeight).toBe(2);
    expect(equal.orgWeights[3]?.withinFaultBound).toBe(false);

    const q = analyseQuorum([1, 1, 1, 4], "per-org");
    expect(q.orgWeightTarget).toBe(4);
    expect(q.sealers.map((s) => [s.org, s.weight])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 1],
      [3, 1],
      [3, 1],
      [3, 1],
    ]);
    expect(q.totalWeight).toBe(16);
    expect(q.faultyWeight).toBe(5);
    expect(q.quorumWeight).toBe(11);
    expect(q.orgWeights.every((o) => o.withinFaultBound)).toBe(true);
    expect(q.toleratedOrgFailures).toBe(1);
  });

  it("per-org weights cannot protect against losing one of three organisations", () => {
    for (const counts of [
      [1, 1, 1],
      [2, 3, 5],
      [4, 4, 4],
    ]) {
      const q = analyseQuorum(counts, "per-org");
      expect(q.orgWeights.some((o) => !o.withinFaultBound)).toBe(true);
    }
  });

  it("falls back to the largest count when lcm is too large, keeping organisations equal", () => {
    expect(perOrgWeightTarget([2, 3])).toBe(6);
    expect(perOrgWeightTarget([7, 9, 11, 13])).toBe(13);
    const q = analyseQuorum([7, 9, 11, 13], "per-org");
    expect(q.orgWeights.map((o) => o.weight)).toEqual([13, 13, 13, 13]);
    expect(q.sealers.every((s) => s.weight >= 1)).toBe(true);
    expect(q.orgWeights.every((o) => o.withinFaultBound)).toBe(true);
  });
});

describe("genesis order", () => {
  it("interleaves organisations so that one organisation's sealers are not consecutive", () => {
    expect(interleavedOrder([2, 1, 3])).toEqual([
      { org: 0, nodeInOrg: 0 },
      { org: 1, nodeInOrg: 0 },
      { org: 2, nodeInOrg: 0 },
      { org: 0, nodeInOrg: 1 },
      { org: 2, nodeInOrg: 1 },
      { org: 2, nodeInOrg: 2 },
    ]);
    const q = analyseQuorum([3, 3, 3, 3], "equal");
    q.sealers.forEach((s, i) => {
      expect(s.index).toBe(i);
      if (i > 0) expect(s.org).not.toBe(q.sealers[i - 1]?.org);
    });
  });
});
