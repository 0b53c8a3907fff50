import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectJsonRpc, DEV_MNEMONIC } from "@permitchain/chain";
import {
  type DeploymentManifest,
  ParticipantStatus,
  participantRegistryAbi,
  Role,
} from "@permitchain/contracts";
import { Contract, HDNodeWallet, Mnemonic, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "./cli-process.js";

delete process.env.PERMITCHAIN_MEMBER_KEY;

const devAccount = (i: number) =>
  HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${i}`);

let chain: CliRun;
let dataDir: string;
let rpc: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pc-cli-committee-"));
  chain = runCli(["up", "--data-dir", dataDir, "--rpc-port", "0"]);
  rpc = await chain.ready;
});

afterAll(async () => {
  chain?.child.kill("SIGTERM");
  await chain?.exited;
});

async function cli(args: string[], chainFlags = true): Promise<{ code: number | string; output: string }> {
  const run = runCli(chainFlags ? [...args, "--rpc", rpc, "--data-dir", dataDir] : args);
  const code = await run.exited;
  return { code, output: run.output() };
}

async function rpcCall(method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(rpc, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

/** Moves the chain's clock forward and mines a block at the new time. */
async function timeTravel(seconds: number): Promise<void> {
  await rpcCall("evm_increaseTime", [seconds]);
  await rpcCall("evm_mine", []);
}

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;

describe("permitchain committee", () => {
  it("proposes, votes, refuses early execution with the time, executes after time travel, lists", async () => {
    const firm = Wallet.createRandom().address;
    const proposed = await cli([
      "committee",
      "propose",
      "register-participant",
      "--account",
      firm,
      "--role",
      "polluter",
      "--name",
      "Fujian Coastal Refining Co., Ltd.",
      "--credit-code",
      "91350100M000100Y43",
      "--region",
      "350100",
      "--sector",
      "C2511",
      "--description",
      "minutes 2026-07",
      "--dev-member",
    ]);
    expect(proposed.code, proposed.output).toBe(0);
    expect(proposed.output).toContain(
      `member: ${devAccount(0).address} (--dev-member: dev account 0 of the public development mnemonic`,
    );
    const id = /^proposal (\d+): RegisterParticipant account=(0x[0-9a-fA-F]{40}) role=Polluter/m.exec(
      proposed.output,
    );
    expect(id, proposed.output).not.toBeNull();
    expect(id![2]).toBe(firm);
    expect(proposed.output).toMatch(new RegExp(`^voting ends: +${ISO.source} \\(in 5 min\\)$`, "m"));
    const executableAt = new RegExp(`^executable from: (${ISO.source}) if passed`, "m").exec(
      proposed.output,
    )?.[1];
    expect(executableAt).toBeDefined();
    const proposalId = id![1]!;

    const voted = await cli(["committee", "vote", proposalId, "for", "--dev-member"]);
    expect(voted.code, voted.output).toBe(0);
    expect(voted.output).toContain(`voted for on proposal ${proposalId} with weight 1`);
    expect(voted.output).toContain("tally: for 1, against 0, abstain 0 of total weight 1; state Active");

    // a key that is not a member's: refused with the custom error, nothing sent
    const keyFile = join(dataDir, "outsider.key");
    writeFileSync(keyFile, `${devAccount(1).privateKey}\n`);
    const outsider = await cli(["committee", "vote", proposalId, "against", "--key-file", keyFile]);
    expect(outsider.code).toBe(1);
    expect(outsider.output).toContain(
      `vote on proposal ${proposalId}: ${devAccount(1).address} is not a member of the committee (NotMember(${devAccount(1).address})) [CONTRACT_REVERTED]`,
    );

    // still being voted on: the error says when it may be executed
    const during = await cli(["committee", "execute", proposalId, "--dev-member"]);
    expect(during.code).toBe(1);
    expect(during.output).toMatch(/cannot be executed: it is Active; voting is open until/);
    expect(during.output).toContain(`if it passes it can be executed from ${executableAt}`);
    expect(during.output).toContain(`(ProposalNotExecutable(${proposalId}, 0)) [CONTRACT_REVERTED]`);

    // voting over, execution delay running: ExecutionTooEarly names the time
    await timeTravel(301);
    const early = await cli(["committee", "execute", proposalId, "--dev-member"]);
    expect(early.code).toBe(1);
    expect(early.output).toContain(
      `proposal ${proposalId} passed but its execution delay has not elapsed: it can be executed from ${executableAt} (in `,
    );
    expect(early.output).toMatch(
      new RegExp(`\\(ExecutionTooEarly\\(${proposalId}, \\d+\\)\\) \\[CONTRACT_REVERTED\\]`),
    );
    const queued = JSON.parse((await cli(["committee", "list", "--json"])).output);
    expect(queued.proposals[Number(proposalId) - 1].state).toBe("Queued");

    await timeTravel(60);
    const executed = await cli(["committee", "execute", proposalId, "--dev-member"]);
    expect(executed.code, executed.output).toBe(0);
    expect(executed.output).toContain(`executed proposal ${proposalId}: RegisterParticipant account=${firm}`);

    const listed = await cli(["committee", "list"]);
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toContain(`proposal ${proposalId}: Executed`);
    expect(listed.output).toContain("  description: minutes 2026-07");
    expect(listed.output).toContain("  votes:       for 1, against 0, abstain 0 of total weight 1");
    const json = JSON.parse((await cli(["committee", "list", "--json"])).output);
    expect(json.proposals[Number(proposalId) - 1]).toMatchObject({
      id: Number(proposalId),
      state: "Executed",
      action: { kind: "RegisterParticipant", args: { account: firm, role: "Polluter", region: 350100 } },
      votes: { for: "1", against: "0", abstain: "0" },
    });

    // the participant registry reads the role the committee granted
    const manifest = JSON.parse(readFileSync(join(dataDir, "deployment.json"), "utf8")) as DeploymentManifest;
    const provider = await connectJsonRpc(rpc);
    try {
      const registry = new Contract(manifest.contracts.ParticipantRegistry, participantRegistryAbi, provider);
      expect(Number(await registry.getFunction("roleOf").staticCall(firm))).toBe(Role.Polluter);
      expect(Number(await registry.getFunction("statusOf").staticCall(firm))).toBe(ParticipantStatus.Active);
    } finally {
      provider.destroy();
    }

    const again = await cli(["committee", "execute", proposalId, "--dev-member"]);
    expect(again.code).toBe(1);
    expect(again.output).toContain(`proposal ${proposalId} cannot be executed: it is Executed`);
  });

  it("proposes the other actions, warning about a foreseeable failure", async () => {
    const issuer = Wallet.createRandom().address;
    const grant = await cli([
      "committee",
      "propose",
      "add-trusted-issuer",
      "--issuer",
      issuer,
      "--type",
      "AuditReportCredential",
      "--sectors",
      "C25,C2511",
      "--valid-until",
      "2030-01-01",
      "--description",
      "accreditation",
      "--dev-member",
    ]);
    expect(grant.code, grant.output).toBe(0);
    expect(grant.output).toContain(
      `warning: as the registry stands, execution would fail: ${issuer} is not an active Auditor (role None, status None)`,
    );
    expect(grant.output).toMatch(
      /AddTrustedIssuer issuer=0x[0-9a-fA-F]{40} type=AuditReportCredential sectors=C25,C2511 validUntil=2030-01-01T00:00:00Z/,
    );
    for (const args of [
      ["set-parameter", "--key", "governance.votingPeriod", "--value", "600"],
      ["add-member", "--account", devAccount(3).address, "--weight", "2"],
      ["suspend-participant", "--account", issuer],
    ]) {
      const { code, output } = await cli([
        "committee",
        "propose",
        ...args,
        "--description",
        "x",
        "--dev-member",
      ]);
      expect(code, output).toBe(0);
      expect(output).toMatch(
        /^proposal \d+: (SetParameter key=governance\.votingPeriod value=600|AddMember|SuspendParticipant)/m,
      );
    }
  });

  it("uses dev account 0 only on the embedded dev chain, and only when asked", async () => {
    const noKey = await cli(["committee", "vote", "1", "for"]);
    expect(noKey.code).toBe(2);
    expect(noKey.output).toMatch(/needs its key: --key-file FILE or PERMITCHAIN_MEMBER_KEY.*--dev-member/);

    const elsewhere = mkdtempSync(join(tmpdir(), "pc-cli-committee-ext-"));
    copyFileSync(join(dataDir, "deployment.json"), join(elsewhere, "deployment.json"));
    const refused = await cli(
      ["committee", "vote", "1", "for", "--dev-member", "--rpc", rpc, "--data-dir", elsewhere],
      false,
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /--dev-member works only on the embedded dev chain.*\[DEV_MEMBER_REFUSED\]/,
    );

    const missing = await cli(
      ["committee", "list", "--rpc", rpc, "--data-dir", join(elsewhere, "none")],
      false,
    );
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/run permitchain up first.*\[DEPLOYMENT_MANIFEST_MISSING\]/);
  });

  it.each([
    [["committee"], /a subcommand is required/],
    [["committee", "vote", "1"], /committee vote needs a proposal id and for, against or abstain/],
    [["committee", "vote", "1", "yes", "--dev-member"], /a vote is for, against or abstain, got "yes"/],
    [["committee", "execute", "first", "--dev-member"], /the proposal id expects a non-negative integer/],
    [["committee", "propose", "dissolve", "--dev-member"], /unknown action "dissolve"/],
    [
      [
        "committee",
        "propose",
        "suspend-participant",
        "--account",
        "0x1234",
        "--description",
        "x",
        "--dev-member",
      ],
      /--account expects an address/,
    ],
    [
      ["committee", "propose", "suspend-participant", "--account", `0x${"12".repeat(20)}`, "--dev-member"],
      /--description TEXT is required/,
    ],
    [
      ["committee", "propose", "add-member", "--account", `0x${"12".repeat(20)}`, "--weight", "0"],
      /--weight must be at least 1/,
    ],
    [
      ["committee", "propose", "remove-member", "--account", `0x${"12".repeat(20)}`, "--role", "auditor"],
      /--role does not apply to remove-member/,
    ],
    [["committee", "list", "--dev-member"], /--dev-member does not apply to committee list/],
    [["committee", "vote", "1", "for", "--dev-member", "--key-file", "k"], /exclude each other/],
    [["committee", "list", "--bogus"], /Unknown option '--bogus'/],
  ])("rejects %j with exit code 2 and the usage", async (args, message) => {
    const { code, output } = await cli(args);
    expect(code, output).toBe(2);
    expect(output).toMatch(message);
    expect(output).toMatch(/\nusage: permitchain committee propose ACTION/);
  });
});
