import { describe, expect, it } from "vitest";
import { PBFT_MODEL_USAGE, parsePbftModelArgs, pbftModelCommand } from "./pbft-model.js";

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await pbftModelCommand(
    argv,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

const BASIC = ["--orgs", "4", "--nodes-per-org", "1", "--rtt-ms", "50", "--tps", "200"];

describe("permitchain pbft-model", () => {
  it("prints the report with reasoning and both fragments", async () => {
    const { code, out, err } = await run(BASIC);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const text = out.join("\n");
    expect(text).toContain("f = floor((n - 1) / 3) = floor(3 / 3) = 1");
    expect(text).toContain("Q = W - f_w = 4 - 1 = 3");
    expect(text).toContain("block_tx_count_limit = 400");
    expect(text).toContain("checkpoint_timeout = 3000");
    expect(text).toContain("[consensus]");
    expect(text).toContain("node.3=<org4-node1-id>:1");
    expect(text).toContain("min_seal_time=1000");
  });

  it("parses every flag, including per-organisation node counts", () => {
    const args = parsePbftModelArgs([
      "--orgs=3",
      "--nodes-per-org=2,2,3",
      "--rtt-ms=12.5",
      "--rtt-p99-ms=40",
      "--tps=1e3",
      "--exec-us-per-tx=120",
      "--verify-us=150",
      "--verify-workers=8",
      "--tx-bytes=600",
      "--bandwidth-mbps=1000",
      "--target-latency-ms=1500",
      "--burst-factor=3",
      "--weights=per-org",
    ]);
    expect(args.output).toBe("report");
    expect(args.input).toEqual({
      orgs: 3,
      nodesPerOrg: [2, 2, 3],
      rttMs: 12.5,
      rttP99Ms: 40,
      tps: 1000,
      execUsPerTx: 120,
      verifyUs: 150,
      verifyWorkers: 8,
      txBytes: 600,
      bandwidthMbps: 1000,
      targetLatencyMs: 1500,
      burstFactor: 3,
      weights: "per-org",
    });
  });

  it("prints the model as JSON", async () => {
    const { code, out } = await run([...BASIC, "--json"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(out.join("\n"));
    expect(parsed.quorum.f).toBe(1);
    expect(parsed.settings.blockTxCountLimit).toBe(400);
    expect(parsed.recommendations).toHaveLength(7);
  });

  it("prints a single fragment", async () => {
    const genesis = await run([...BASIC, "--fragment", "genesis"]);
    expect(genesis.code).toBe(0);
    expect(genesis.out.join("\n").startsWith("[consensus]")).toBe(true);
    expect(genesis.out.join("\n")).toContain("leader_period=");
    const ini = await run([...BASIC, "--fragment", "ini"]);
    expect(ini.out.join("\n")).toContain("checkpoint_timeout=3000");
    expect(ini.out.join("\n")).not.toContain("node.0");
  });

  it("prints help with exit code 0", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    expect(out.join("\n")).toContain("--nodes-per-org");
  });

  it.each([
    [["--orgs", "4", "--rtt-ms", "50", "--tps", "200"], "--nodes-per-org is required"],
    [[...BASIC, "--bogus"], "Unknown option '--bogus'"],
    [[...BASIC, "extra"], "positional"],
    [
      ["--orgs", "four", "--nodes-per-org", "1", "--rtt-ms", "50", "--tps", "200"],
      '--orgs expects a number, got "four"',
    ],
    [[...BASIC, "--weights", "heavy"], '--weights expects equal or per-org, got "heavy"'],
    [[...BASIC, "--fragment", "all"], '--fragment expects genesis or ini, got "all"'],
    [[...BASIC, "--json", "--fragment", "ini"], "exclude each other"],
    [
      ["--orgs", "0", "--nodes-per-org", "1", "--rtt-ms", "50", "--tps", "200"],
      "--orgs: invalid PBFT model input orgs=0",
    ],
    [["--orgs", "2.5", "--nodes-per-org", "1", "--rtt-ms", "50", "--tps", "200"], "--orgs:"],
    [["--orgs", "3", "--nodes-per-org", "1,2", "--rtt-ms", "50", "--tps", "200"], "--nodes-per-org:"],
    [[...BASIC, "--rtt-p99-ms", "10"], "--rtt-p99-ms: invalid PBFT model input rttP99Ms=10"],
    [["--orgs", "4", "--nodes-per-org", "1", "--rtt-ms=-5", "--tps", "200"], "--rtt-ms:"],
  ])("rejects %j with exit code 2", async (argv, message) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err[0]).toContain("permitchain pbft-model: ");
    expect(err[0]).toContain(message);
    expect(err[1]).toBe(`usage: ${PBFT_MODEL_USAGE}`);
  });

  it("writes errors to out when no err writer is given", async () => {
    const out: string[] = [];
    const code = await pbftModelCommand(["--tps", "x"], (line) => out.push(line));
    expect(code).toBe(2);
    expect(out[0]).toContain("permitchain pbft-model:");
  });
});
