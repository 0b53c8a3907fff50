import { encodeBytes32String, type Wallet, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAction } from "./governance-actions.js";
import {
  ActionKind,
  CredentialType,
  CreditLevel,
  GovernanceParameterKey,
  ParticipantStatus,
  ProposalState,
  Role,
  VoteType,
} from "./governance-types.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  attempt,
  call,
  deployGovernedSuite,
  enact,
  eventArgs,
  eventNames,
  type GovernedSuite,
  passProposal,
  propose,
  sampleOrganisation,
  sendAs,
  suiteInterface,
  toPlain,
  travel,
} from "./test-governance.js";
import { expectCustomError } from "./test-revert.js";

let chain: TestChain;
let suite: GovernedSuite;
let deployer: Wallet;
let chair: Wallet; // weight 2
let memberB: Wallet; // weight 1
let memberC: Wallet; // weight 1
let regulator: Wallet;
let auditor: Wallet;
let polluter: Wallet;
let outsider: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  [deployer, chair, memberB, memberC, regulator, auditor, polluter, outsider] = [0, 1, 2, 3, 4, 5, 6, 7].map(
    (i) => wallet(chain, i),
  ) as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
  suite = await deployGovernedSuite(deployer, {
    committee: [
      { member: chair.address, weight: 2 },
      { member: memberB.address, weight: 1 },
      { member: memberC.address, weight: 1 },
    ],
    participants: [
      { account: regulator.address, role: Role.Regulator, organisation: sampleOrganisation("reg") },
      { account: auditor.address, role: Role.Auditor, organisation: sampleOrganisation("aud", "M7450") },
      { account: polluter.address, role: Role.Polluter, organisation: sampleOrganisation("pol") },
    ],
  });
});

afterAll(async () => {
  await chain?.stop();
});

const everyone = () => [chair, memberB, memberC];

describe("CommitteeGovernance after deploy()", () => {
  it("holds the committee, the rules and the initial participants, and no admin", async () => {
    expect(await call(suite.governance, "bootstrapAdmin")).toBe(ZeroAddress);
    expect(new Set(await call<string[]>(suite.governance, "members"))).toEqual(
      new Set([chair.address, memberB.address, memberC.address]),
    );
    expect(await call(suite.governance, "totalWeight")).toBe(4n);
    expect(await call(suite.governance, "memberWeight", [chair.address])).toBe(2n);
    expect(toPlain(await call(suite.governance, "rules"))).toEqual([5_000n, 5_001n, 3_600n, 600n, 86_400n]);
    expect(await call(suite.governance, "parameter", [GovernanceParameterKey.votingPeriod])).toBe(3_600n);
    expect(await call(suite.governance, "participantRegistry")).toBe(
      suite.manifest.contracts.ParticipantRegistry,
    );
    expect(await call(suite.governance, "trustedIssuerRegistry")).toBe(
      suite.manifest.contracts.TrustedIssuerRegistry,
    );
    expect(await call(suite.participants, "isActive", [regulator.address, Role.Regulator])).toBe(true);
    expect(await call(suite.participants, "roleOf", [polluter.address])).toBe(BigInt(Role.Polluter));
  });

  it("recorded the bootstrap in events: registries bound, actions executed, bootstrap finished", async () => {
    const bound = await suite.governance.queryFilter("RegistriesBound");
    expect(bound.map((e) => toPlain(suiteInterface.parseLog(e)?.args))).toEqual([
      [suite.manifest.contracts.ParticipantRegistry, suite.manifest.contracts.TrustedIssuerRegistry],
    ]);
    const actions = await suite.governance.queryFilter("BootstrapActionExecuted");
    expect(actions.map((e) => suiteInterface.parseLog(e)?.args[0])).toEqual([
      ...Array(3).fill(BigInt(ActionKind.AddMember)),
      ...Array(3).fill(BigInt(ActionKind.RegisterParticipant)),
    ]);
    const added = await suite.governance.queryFilter("MemberAdded");
    expect(added.map((e) => toPlain(suiteInterface.parseLog(e)?.args))).toEqual([
      [chair.address, 2n],
      [memberB.address, 1n],
      [memberC.address, 1n],
    ]);
    const finished = await suite.governance.queryFilter("BootstrapFinished");
    expect(finished.map((e) => toPlain(suiteInterface.parseLog(e)?.args))).toEqual([[deployer.address]]);
  });
});

describe("CommitteeGovernance: a proposal's life", () => {
  it("registers a participant: propose, vote, wait out the delay, execute, each step evented", async () => {
    const newcomer = wallet(chain, 8).address;
    const organisation = sampleOrganisation("newcomer");
    const action = {
      kind: "RegisterParticipant",
      account: newcomer,
      role: Role.Polluter,
      organisation,
    } as const;
    const encoded = encodeAction(action);
    const { proposalId, receipt } = await propose(suite, chair, action, "minutes 2025-07");
    const block = await chain.provider.getBlock(receipt.blockNumber);
    const created = BigInt(block?.timestamp ?? 0);
    const voteEnd = created + 3_600n;
    expect(eventArgs(receipt, "ProposalCreated")).toEqual([
      [
        proposalId,
        chair.address,
        [BigInt(encoded.kind), encoded.args],
        "minutes 2025-07",
        voteEnd,
        voteEnd + 600n,
        voteEnd + 600n + 86_400n,
      ],
    ]);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Active));

    const forVote = await sendAs(suite.governance, chair, "castVote", [proposalId, VoteType.For]);
    expect(eventArgs(forVote, "VoteCast")).toEqual([[proposalId, chair.address, BigInt(VoteType.For), 2n]]);
    const abstain = await sendAs(suite.governance, memberB, "castVote", [proposalId, VoteType.Abstain]);
    expect(eventArgs(abstain, "VoteCast")).toEqual([
      [proposalId, memberB.address, BigInt(VoteType.Abstain), 1n],
    ]);
    expect(toPlain(await call(suite.governance, "voteOf", [proposalId, memberB.address]))).toEqual([
      true,
      BigInt(VoteType.Abstain),
    ]);
    expect(toPlain(await call(suite.governance, "voteOf", [proposalId, memberC.address]))).toEqual([
      false,
      0n,
    ]);

    await travel(chain, 3_600);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Queued));
    await travel(chain, 600);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Executable));

    const executed = await sendAs(suite.governance, memberC, "execute", [proposalId]);
    expect(eventNames(executed)).toEqual(["ParticipantRegistered", "ProposalExecuted"]);
    expect(eventArgs(executed, "ParticipantRegistered")).toEqual([
      [
        newcomer,
        BigInt(Role.Polluter),
        Object.values(organisation).map((v) => (typeof v === "number" ? BigInt(v) : v)),
      ],
    ]);
    expect(eventArgs(executed, "ProposalExecuted")).toEqual([[proposalId, memberC.address]]);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Executed));
    const details = toPlain(await call(suite.governance, "proposal", [proposalId])) as unknown[];
    expect(details.slice(0, 2)).toEqual([chair.address, [BigInt(encoded.kind), encoded.args]]);
    expect(details.slice(7)).toEqual([4n, 2n, 0n, 1n, true, false]);
    expect(await call(suite.participants, "isActive", [newcomer, Role.Polluter])).toBe(true);
  });

  it("counts weights: quorum of the total at creation, threshold of for against for + against", async () => {
    const setParameter = (value: bigint) =>
      ({ kind: "SetParameter", key: encodeBytes32String("test.weights"), value }) as const;
    // chair alone: 2 of 4 voted = quorum (50%), 2 for / 0 against: passes.
    const a = (await propose(suite, memberB, setParameter(1n))).proposalId;
    // memberB alone: 1 of 4 voted: no quorum.
    const b = (await propose(suite, memberB, setParameter(2n))).proposalId;
    // 2 for, 2 against: 50% < 50.01%: defeated.
    const c = (await propose(suite, memberB, setParameter(3n))).proposalId;
    // only abstentions: quorum but no for-vote: defeated.
    const d = (await propose(suite, memberB, setParameter(4n))).proposalId;
    await sendAs(suite.governance, chair, "castVote", [a, VoteType.For]);
    await sendAs(suite.governance, memberB, "castVote", [b, VoteType.For]);
    await sendAs(suite.governance, chair, "castVote", [c, VoteType.For]);
    await sendAs(suite.governance, memberB, "castVote", [c, VoteType.Against]);
    await sendAs(suite.governance, memberC, "castVote", [c, VoteType.Against]);
    await sendAs(suite.governance, chair, "castVote", [d, VoteType.Abstain]);
    await travel(chain, 3_600);
    const states = await Promise.all([a, b, c, d].map((id) => call(suite.governance, "state", [id])));
    expect(states).toEqual(
      [ProposalState.Queued, ProposalState.Defeated, ProposalState.Defeated, ProposalState.Defeated].map(
        BigInt,
      ),
    );
    for (const id of [b, c, d]) {
      await expectCustomError(
        attempt(suite.governance, chair, "execute", [id]),
        suiteInterface,
        "ProposalNotExecutable",
        [id, BigInt(ProposalState.Defeated)],
      );
    }
    await travel(chain, 600);
    const executed = await sendAs(suite.governance, chair, "execute", [a]);
    expect(eventArgs(executed, "ParameterChanged")).toEqual([[encodeBytes32String("test.weights"), 0n, 1n]]);
    expect(await call(suite.governance, "parameter", [encodeBytes32String("test.weights")])).toBe(1n);
  });

  it("refuses execution before the end of voting, before the delay, and after the grace period", async () => {
    const action = { kind: "SetCreditLevel", account: polluter.address, level: CreditLevel.Green } as const;
    const { proposalId, receipt } = await propose(suite, chair, action);
    const executableAt = eventArgs(receipt, "ProposalCreated")[0]?.[5];
    await sendAs(suite.governance, chair, "castVote", [proposalId, VoteType.For]);
    await expectCustomError(
      attempt(suite.governance, chair, "execute", [proposalId]),
      suiteInterface,
      "ProposalNotExecutable",
      [proposalId, BigInt(ProposalState.Active)],
    );
    await travel(chain, 3_600);
    await expectCustomError(
      attempt(suite.governance, chair, "execute", [proposalId]),
      suiteInterface,
      "ExecutionTooEarly",
      [proposalId, executableAt],
    );
    await travel(chain, 600 + 86_400);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Expired));
    await expectCustomError(
      attempt(suite.governance, chair, "execute", [proposalId]),
      suiteInterface,
      "ProposalNotExecutable",
      [proposalId, BigInt(ProposalState.Expired)],
    );
    expect(
      (await call<{ creditLevel: bigint }>(suite.participants, "participant", [polluter.address]))
        .creditLevel,
    ).toBe(BigInt(CreditLevel.Blue));
  });

  it("lets the proposer, and only the proposer, cancel before execution", async () => {
    const action = { kind: "SuspendParticipant", account: auditor.address } as const;
    const { proposalId } = await propose(suite, memberB, action);
    await passProposal(chain, suite, proposalId, everyone());
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Executable));
    await expectCustomError(
      attempt(suite.governance, chair, "cancel", [proposalId]),
      suiteInterface,
      "NotProposer",
      [proposalId, chair.address],
    );
    await expectCustomError(
      attempt(suite.governance, outsider, "cancel", [proposalId]),
      suiteInterface,
      "NotMember",
      [outsider.address],
    );
    const cancelled = await sendAs(suite.governance, memberB, "cancel", [proposalId]);
    expect(eventArgs(cancelled, "ProposalCancelled")).toEqual([[proposalId, memberB.address]]);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Cancelled));
    await expectCustomError(
      attempt(suite.governance, memberB, "cancel", [proposalId]),
      suiteInterface,
      "ProposalNotCancellable",
      [proposalId, BigInt(ProposalState.Cancelled)],
    );
    await expectCustomError(
      attempt(suite.governance, chair, "execute", [proposalId]),
      suiteInterface,
      "ProposalNotExecutable",
      [proposalId, BigInt(ProposalState.Cancelled)],
    );
    expect(await call(suite.participants, "statusOf", [auditor.address])).toBe(
      BigInt(ParticipantStatus.Active),
    );
  });

  it("adds and removes members; a member added after a proposal was created has no vote on it", async () => {
    const newMember = wallet(chain, 9);
    const key = encodeBytes32String("members.test");
    const earlier = (await propose(suite, chair, { kind: "SetParameter", key, value: 1n })).proposalId;
    const { receipt: added } = await enact(chain, suite, everyone(), {
      kind: "AddMember",
      account: newMember.address,
      weight: 3,
    });
    expect(eventArgs(added, "MemberAdded")).toEqual([[newMember.address, 3n]]);
    expect(await call(suite.governance, "totalWeight")).toBe(7n);
    expect(await call(suite.governance, "votingWeight", [earlier, newMember.address])).toBe(0n);
    expect(await call(suite.governance, "votingWeight", [earlier, chair.address])).toBe(2n);

    const { proposalId: removal } = await propose(suite, chair, {
      kind: "RemoveMember",
      account: newMember.address,
    });
    expect(await call(suite.governance, "votingWeight", [removal, newMember.address])).toBe(3n);
    expect((toPlain(await call(suite.governance, "proposal", [removal])) as unknown[])[7]).toBe(7n);
    await passProposal(chain, suite, removal, [newMember, chair]);
    const removed = await sendAs(suite.governance, memberB, "execute", [removal]);
    expect(eventArgs(removed, "MemberRemoved")).toEqual([[newMember.address, 3n]]);
    expect(await call(suite.governance, "isMember", [newMember.address])).toBe(false);
    expect(await call(suite.governance, "totalWeight")).toBe(4n);
    await expectCustomError(
      attempt(suite.governance, newMember, "propose", [
        encodeAction({ kind: "SetParameter", key, value: 2n }),
        "",
      ]),
      suiteInterface,
      "NotMember",
      [newMember.address],
    );
  });
});

describe("CommitteeGovernance: attacks and mistakes", () => {
  const someAction = () => encodeAction({ kind: "SetParameter", key: encodeBytes32String("a"), value: 1n });

  it("a polluter cannot grant itself a role: no proposal, no bootstrap, no direct registry write", async () => {
    const selfGrant = encodeAction({
      kind: "RegisterParticipant",
      account: outsider.address,
      role: Role.Regulator,
      organisation: sampleOrganisation("self"),
    });
    await expectCustomError(
      attempt(suite.governance, polluter, "propose", [selfGrant, ""]),
      suiteInterface,
      "NotMember",
      [polluter.address],
    );
    await expectCustomError(
      attempt(suite.governance, polluter, "bootstrapExecute", [selfGrant]),
      suiteInterface,
      "BootstrapAlreadyFinished",
      [polluter.address],
    );
    await expectCustomError(
      attempt(suite.participants, polluter, "register", [
        outsider.address,
        Role.Regulator,
        sampleOrganisation("self"),
      ]),
      suiteInterface,
      "NotGovernance",
      [polluter.address],
    );
    await expectCustomError(
      attempt(suite.participants, polluter, "setCreditLevel", [polluter.address, CreditLevel.Green]),
      suiteInterface,
      "NotCreditAuthority",
      [polluter.address],
    );
  });

  it("an auditor cannot add a trusted issuer, itself or another", async () => {
    await expectCustomError(
      attempt(suite.issuers, auditor, "addTrustedIssuer", [
        auditor.address,
        CredentialType.AuditReport,
        [encodeBytes32String("C2511")],
        2n ** 40n,
        0n,
      ]),
      suiteInterface,
      "NotGovernance",
      [auditor.address],
    );
    const grant = encodeAction({
      kind: "AddTrustedIssuer",
      issuer: auditor.address,
      typeId: CredentialType.AuditReport,
      sectors: [encodeBytes32String("C2511")],
      validUntil: 2n ** 40n,
    });
    await expectCustomError(
      attempt(suite.governance, auditor, "propose", [grant, ""]),
      suiteInterface,
      "NotMember",
      [auditor.address],
    );
  });

  it("the deployer has no power left after the bootstrap", async () => {
    const action = someAction();
    for (const [method, args] of [
      ["bootstrapExecute", [action]],
      ["finishBootstrap", []],
      [
        "bindRegistries",
        [suite.manifest.contracts.ParticipantRegistry, suite.manifest.contracts.TrustedIssuerRegistry],
      ],
    ] as const) {
      await expectCustomError(
        attempt(suite.governance, deployer, method, args),
        suiteInterface,
        "BootstrapAlreadyFinished",
        [deployer.address],
      );
    }
    await expectCustomError(
      attempt(suite.governance, deployer, "propose", [action, ""]),
      suiteInterface,
      "NotMember",
      [deployer.address],
    );
    await expectCustomError(
      attempt(suite.participants, deployer, "suspend", [polluter.address]),
      suiteInterface,
      "NotGovernance",
      [deployer.address],
    );
    await expectCustomError(
      attempt(suite.participants, deployer, "setComplianceOperator", [deployer.address]),
      suiteInterface,
      "NotGovernance",
      [deployer.address],
    );
    await expectCustomError(
      attempt(suite.issuers, deployer, "removeTrustedIssuer", [
        regulator.address,
        CredentialType.DischargePermit,
        0n,
      ]),
      suiteInterface,
      "NotGovernance",
      [deployer.address],
    );
  });

  it("refuses votes from non-members, second votes and votes after the close", async () => {
    const { proposalId } = await propose(suite, chair, {
      kind: "SetParameter",
      key: encodeBytes32String("v"),
      value: 1n,
    });
    await expectCustomError(
      attempt(suite.governance, polluter, "castVote", [proposalId, VoteType.For]),
      suiteInterface,
      "NotMember",
      [polluter.address],
    );
    await sendAs(suite.governance, memberB, "castVote", [proposalId, VoteType.Against]);
    await expectCustomError(
      attempt(suite.governance, memberB, "castVote", [proposalId, VoteType.For]),
      suiteInterface,
      "AlreadyVoted",
      [proposalId, memberB.address],
    );
    await travel(chain, 3_600);
    await expectCustomError(
      attempt(suite.governance, chair, "castVote", [proposalId, VoteType.For]),
      suiteInterface,
      "VotingClosed",
      [proposalId, BigInt(ProposalState.Defeated)],
    );
    await expectCustomError(
      attempt(suite.governance, outsider, "execute", [proposalId]),
      suiteInterface,
      "NotMember",
      [outsider.address],
    );
  });

  it("rejects unknown proposals and malformed actions", async () => {
    for (const method of ["state", "proposal"]) {
      await expectCustomError(call(suite.governance, method, [999n]), suiteInterface, "UnknownProposal", [
        999n,
      ]);
    }
    await expectCustomError(
      attempt(suite.governance, chair, "castVote", [999n, VoteType.For]),
      suiteInterface,
      "UnknownProposal",
      [999n],
    );
    const truncated = { kind: ActionKind.RegisterParticipant, args: "0x1234" };
    await expectCustomError(
      attempt(suite.governance, chair, "propose", [truncated, ""]),
      suiteInterface,
      "MalformedAction",
      [BigInt(ActionKind.RegisterParticipant)],
    );
    const badRole = encodeAction({
      kind: "SetCreditLevel",
      account: polluter.address,
      level: 7 as CreditLevel,
    });
    await expectCustomError(
      attempt(suite.governance, chair, "propose", [badRole, ""]),
      suiteInterface,
      "MalformedAction",
      [BigInt(ActionKind.SetCreditLevel)],
    );
  });

  it("checks governance rules set by proposal against their ranges, and applies them to new proposals only", async () => {
    const { proposalId: bad } = await propose(suite, chair, {
      kind: "SetParameter",
      key: GovernanceParameterKey.quorumBps,
      value: 10_001n,
    });
    await passProposal(chain, suite, bad, everyone());
    await expectCustomError(
      attempt(suite.governance, chair, "execute", [bad]),
      suiteInterface,
      "InvalidParameter",
      [GovernanceParameterKey.quorumBps, 10_001n],
    );
    const { proposalId: running } = await propose(suite, chair, {
      kind: "SetParameter",
      key: encodeBytes32String("r"),
      value: 1n,
    });
    const { receipt } = await enact(chain, suite, everyone(), {
      kind: "SetParameter",
      key: GovernanceParameterKey.executionDelay,
      value: 7_200n,
    });
    expect(eventArgs(receipt, "ParameterChanged")).toEqual([
      [GovernanceParameterKey.executionDelay, 600n, 7_200n],
    ]);
    expect((toPlain(await call(suite.governance, "rules")) as unknown[])[3]).toBe(7_200n);
    type Times = { voteEnd: bigint; executableAt: bigint };
    const before = await call<Times>(suite.governance, "proposal", [running]);
    expect(before.executableAt - before.voteEnd).toBe(600n);
    const { proposalId: later } = await propose(suite, chair, {
      kind: "SetParameter",
      key: encodeBytes32String("r"),
      value: 2n,
    });
    const after = await call<Times>(suite.governance, "proposal", [later]);
    expect(after.executableAt - after.voteEnd).toBe(7_200n);
  });
});
