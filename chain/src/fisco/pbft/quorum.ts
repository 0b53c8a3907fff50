import { MODEL_ASSUMPTIONS } from "./fisco-constants.js";
import type { WeightScheme } from "./input.js";

/** One sealer as it should appear in `config.genesis` (`node.<index>=<nodeId>:<weight>`). */
export interface SealerSlot {
  /** Position in the genesis list, i.e. the `N` of `node.N`. */
  index: number;
  /** Organisation, 0-based. */
  org: number;
  /** Sealer within its organisation, 0-based. */
  nodeInOrg: number;
  weight: number;
}

/** Per-organisation view of the weights. */
export interface OrgWeight {
  org: number;
  nodes: number;
  weight: number;
  /** weight ≤ f_w: the organisation can fail (crash or Byzantine) without stopping or forking the chain. */
  withinFaultBound: boolean;
  /** weight ≥ quorum: the organisation alone gathers a quorum. */
  reachesQuorum: boolean;
}

export interface QuorumAnalysis {
  /** Total sealers n. */
  n: number;
  /** Tolerated faulty sealers with equal weights: f = floor((n - 1) / 3). */
  f: number;
  /** Quorum in sealers with equal weights: n - f. */
  quorumNodes: number;
  scheme: WeightScheme;
  /** How the per-organisation weight was derived (per-org scheme only). */
  orgWeightTarget: number | undefined;
  sealers: readonly SealerSlot[];
  /** Total weight W. */
  totalWeight: number;
  /** Tolerated faulty weight f_w = floor((W - 1) / 3) (FISCO `maxFaultyQuorum`). */
  faultyWeight: number;
  /** Quorum weight Q = W - f_w (FISCO `minRequiredQuorum`). */
  quorumWeight: number;
  orgWeights: readonly OrgWeight[];
  /** Largest number of whole organisations whose simultaneous loss is tolerated (heaviest first). */
  toleratedOrgFailures: number;
  /** Largest number of sealers whose simultaneous loss is tolerated whatever sealers they are. */
  toleratedNodeFailures: number;
  /** Consensus messages per block: (n-1) pre-prepare + 3·n·(n-1) prepare/commit/checkpoint. */
  messagesPerBlock: number;
}

/** f = floor((n - 1) / 3): the classic PBFT bound n ≥ 3f + 1. */
export function toleratedFaults(n: number): number {
  return Math.floor((n - 1) / 3);
}

/**
 * FISCO BCOS 3.x quorum for a total weight W, as in `PBFTConfig::updateQuorum`:
 * maxFaultyQuorum = (W - 1) / 3 (integer division), minRequiredQuorum = W - maxFaultyQuorum.
 */
export function weightedQuorum(totalWeight: number): { faultyWeight: number; quorumWeight: number } {
  const faultyWeight = Math.floor((totalWeight - 1) / 3);
  return { faultyWeight, quorumWeight: totalWeight - faultyWeight };
}

/** Messages one block costs the whole network: (n-1) + 3·n·(n-1), i.e. O(n²). */
export function messagesPerBlock(n: number): number {
  return n - 1 + 3 * n * (n - 1);
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function lcm(values: readonly number[]): number {
  let acc = 1;
  for (const v of values) {
    acc = (acc / gcd(acc, v)) * v;
    if (acc > Number.MAX_SAFE_INTEGER / 1000) return Number.POSITIVE_INFINITY;
  }
  return acc;
}

/**
 * The weight every organisation gets under the per-organisation scheme: lcm of the node counts when it is
 * small enough (every sealer of an organisation then has the same weight), otherwise the largest node count
 * (sealers of smaller organisations then differ by at most 1).
 */
export function perOrgWeightTarget(orgNodes: readonly number[]): number {
  const l = lcm(orgNodes);
  return l <= MODEL_ASSUMPTIONS.perOrgLcmMax ? l : Math.max(...orgNodes);
}

/**
 * Genesis order that interleaves organisations (org0/node0, org1/node0, …, org0/node1, …). FISCO picks the
 * leader as (blockNumber / leader_period + view) % n and a failed view change moves to the next index, so
 * interleaving keeps one organisation's sealers from being consecutive leaders.
 */
export function interleavedOrder(orgNodes: readonly number[]): Array<{ org: number; nodeInOrg: number }> {
  const order: Array<{ org: number; nodeInOrg: number }> = [];
  const rounds = Math.max(...orgNodes);
  for (let k = 0; k < rounds; k++) {
    orgNodes.forEach((count, org) => {
      if (k < count) order.push({ org, nodeInOrg: k });
    });
  }
  return order;
}

function nodeWeights(
  orgNodes: readonly number[],
  scheme: WeightScheme,
): { weights: number[][]; target?: number } {
  if (scheme === "equal") return { weights: orgNodes.map((c) => Array.from({ length: c }, () => 1)) };
  const target = perOrgWeightTarget(orgNodes);
  const weights = orgNodes.map((c) => {
    const base = Math.floor(target / c);
    const extra = target - base * c;
    return Array.from({ length: c }, (_, i) => base + (i < extra ? 1 : 0));
  });
  return { weights, target };
}

/** Largest k such that the k largest values sum to at most `bound`. */
function maxLossWithin(values: readonly number[], bound: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  let sum = 0;
  let k = 0;
  for (const v of sorted) {
    sum += v;
    if (sum > bound) break;
    k++;
  }
  return k;
}

/** Fault tolerance, weights and quorum for the given organisations and weight scheme. */
export function analyseQuorum(orgNodes: readonly number[], scheme: WeightScheme): QuorumAnalysis {
  const n = orgNodes.reduce((a, b) => a + b, 0);
  const f = toleratedFaults(n);
  const { weights, target } = nodeWeights(orgNodes, scheme);
  const sealers: SealerSlot[] = interleavedOrder(orgNodes).map(({ org, nodeInOrg }, index) => ({
    index,
    org,
    nodeInOrg,
    weight: weights[org]?.[nodeInOrg] ?? 1,
  }));
  const totalWeight = sealers.reduce((a, s) => a + s.weight, 0);
  const { faultyWeight, quorumWeight } = weightedQuorum(totalWeight);
  const orgWeights: OrgWeight[] = orgNodes.map((nodes, org) => {
    const weight = (weights[org] ?? []).reduce((a, b) => a + b, 0);
    return {
      org,
      nodes,
      weight,
      withinFaultBound: weight <= faultyWeight,
      reachesQuorum: weight >= quorumWeight,
    };
  });
  return {
    n,
    f,
    quorumNodes: n - f,
    scheme,
    orgWeightTarget: target,
    sealers,
    totalWeight,
    faultyWeight,
    quorumWeight,
    orgWeights,
    toleratedOrgFailures: maxLossWithin(
      orgWeights.map((o) => o.weight),
      faultyWeight,
    ),
    toleratedNodeFailures: maxLossWithin(
      sealers.map((s) => s.weight),
      faultyWeight,
    ),
    messagesPerBlock: messagesPerBlock(n),
  };
}
