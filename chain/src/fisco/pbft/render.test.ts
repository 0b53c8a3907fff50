import { describe, expect, it } from "vitest";
import { computePbftModel } from "./model.js";
import { renderConfigIniFragment, renderGenesisFragment, renderPbftReport } from "./render.js";

/** Minimal INI reader: section → key → value, comments and blank lines skipped. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith(";")) continue;
    const header = /^\[(.+)]$/.exec(line);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const eq = line.indexOf("=");
    expect(eq, `line "${line}" is key=value`).toBeGreaterThan(0);
    expect(current, `line "${line}" is inside a section`).toBeDefined();
    current?.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

describe("config fragments", () => {
  const r = computePbftModel({ orgs: 4, nodesPerOrg: [1, 1, 1, 4], rttMs: 20, tps: 50, weights: "per-org" });

  it("renders a config.genesis [consensus] section FISCO can parse", () => {
    const ini = parseIni(renderGenesisFragment(r));
    const consensus = ini.get("consensus");
    expect(consensus?.get("consensus_type")).toBe("pbft");
    expect(consensus?.get("block_tx_count_limit")).toBe(String(r.settings.blockTxCountLimit));
    expect(consensus?.get("leader_period")).toBe(String(r.settings.leaderPeriod));
    const nodes = [...(consensus?.entries() ?? [])].filter(([k]) => k.startsWith("node."));
    expect(nodes.map(([k]) => k)).toEqual([
      "node.0",
      "node.1",
      "node.2",
      "node.3",
      "node.4",
      "node.5",
      "node.6",
    ]);
    // `<nodeId>:<weight>`, split on ':' as NodeConfig::parseConsensusNodeList does.
    const weights = nodes.map(([, v]) => Number(v.split(":")[1]));
    expect(weights).toEqual([4, 4, 4, 1, 1, 1, 1]);
    expect(nodes[3]?.[1]).toBe("<org4-node1-id>:1");
  });

  it("renders a config.ini fragment with the consensus and txpool settings", () => {
    const ini = parseIni(renderConfigIniFragment(r));
    expect(ini.get("consensus")?.get("min_seal_time")).toBe(String(r.settings.minSealTimeMs));
    expect(ini.get("consensus")?.get("checkpoint_timeout")).toBe(String(r.settings.checkpointTimeoutMs));
    expect(ini.get("txpool")?.get("limit")).toBe(String(r.settings.txpoolLimit));
    expect(ini.has("sync")).toBe(false);
  });

  it("adds a [sync] section when tree relay is recommended", () => {
    const tree = computePbftModel({ orgs: 5, nodesPerOrg: 4, rttMs: 20, tps: 300, bandwidthMbps: 10 });
    const sync = parseIni(renderConfigIniFragment(tree)).get("sync");
    expect(sync?.get("send_txs_by_tree")).toBe("true");
    expect(sync?.get("tree_width")).toBe("3");
  });
});

describe("report", () => {
  it("prints the reasoning, the warnings and both fragments", () => {
    const r = computePbftModel({ orgs: 3, nodesPerOrg: 2, rttMs: 80, tps: 150 });
    const text = renderPbftReport(r).join("\n");
    expect(text).toContain("f = floor((n - 1) / 3) = floor(5 / 3) = 1");
    expect(text).toContain("Q = W - f_w = 6 - 1 = 5");
    expect(text).toContain("org1: 2 sealer(s), weight 2 > f_w: its loss halts the chain");
    for (const rec of r.recommendations) {
      expect(text).toContain(`${rec.key} = ${String(rec.value)}`);
      expect(text).toContain(`rule: ${rec.formula}`);
      expect(text).toContain(`here: ${rec.evaluation}`);
    }
    expect(text).toContain("expected commit latency =");
    expect(text).toContain("[critical] ORG_ABOVE_FAULT_BOUND");
    expect(text).toContain(renderGenesisFragment(r).trimEnd());
    expect(text).toContain(renderConfigIniFragment(r).trimEnd());
  });
});
