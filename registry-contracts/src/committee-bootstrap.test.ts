import { Contract, ContractFactory, encodeBytes32String, type Wallet, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "./deploy.js";
import {
  committeeGovernanceAbi,
  committeeGovernanceBytecode,
  participantRegistryAbi,
  participantRegistryBytecode,
  trustedIssuerRegistryAbi,
  trustedIssuerRegistryBytecode,
} from "./generated/index.js";
import { encodeAction } from "./governance-actions.js";
import { ActionKind, GovernanceParameterKey, ProposalState, Role, VoteType } from "./governance-types.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  attempt,
  bootstrapExecute,
  call,
  deployContract,
  deployUnfinished,
  eventArgs,
  eventNames,
  propose,
  sampleOrganisation,
  sendAs,
  suiteInterface,
  TEST_RULES,
  travel,
} from "./test-governance.js";
import { expectCustomError } from "./test-revert.js";

let chain: TestChain;
let admin: Wallet;
let other: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  admin = wallet(chain, 0);
  other = wallet(chain, 1);
});

afterAll(async () => {
  await chain?.stop();
});

describe("CommitteeGovernance bootstrap", () => {
  it("lets only the deployer act, binds the registries once, and executes actions with their events", async () => {
    const suite = await deployUnfinished(admin);
    expect(await call(suite.governance, "bootstrapAdmin")).toBe(admin.address);
    const addMember = encodeAction({ kind: "AddMember", account: other.address, weight: 1 });
    await expectCustomError(
      attempt(suite.governance, other, "bootstrapExecute", [addMember]),
      suiteInterface,
      "NotBootstrapAdmin",
      [other.address],
    );
    await expectCustomError(
      attempt(suite.governance, other, "finishBootstrap", []),
      suiteInterface,
      "NotBootstrapAdmin",
      [other.address],
    );
    await expectCustomError(
      attempt(suite.governance, admin, "bindRegistries", [
        suite.manifest.contracts.ParticipantRegistry,
        suite.manifest.contracts.TrustedIssuerRegistry,
      ]),
      suiteInterface,
      "RegistriesAlreadyBound",
      [],
    );
    await expectCustomError(
      attempt(suite.governance, admin, "finishBootstrap", []),
      suiteInterface,
      "NoMembers",
      [],
    );

    const organisation = sampleOrganisation("boot");
    const action = {
      kind: "RegisterParticipant",
      account: other.address,
      role: Role.Regulator,
      organisation,
    } as const;
    const receipt = await bootstrapExecute(suite, admin, action);
    expect(eventNames(receipt)).toEqual(["ParticipantRegistered", "BootstrapActionExecuted"]);
    expect(eventArgs(receipt, "BootstrapActionExecuted")).toEqual([
      [BigInt(ActionKind.RegisterParticipant), encodeAction(action).args],
    ]);
    await expectCustomError(
      attempt(suite.governance, admin, "bootstrapExecute", [{ kind: ActionKind.AddMember, args: "0x01" }]),
      suiteInterface,
      "MalformedAction",
      [BigInt(ActionKind.AddMember)],
    );

    await bootstrapExecute(suite, admin, { kind: "AddMember", account: other.address, weight: 1 });
    const finished = await sendAs(suite.governance, admin, "finishBootstrap", []);
    expect(eventArgs(finished, "BootstrapFinished")).toEqual([[admin.address]]);
    expect(await call(suite.governance, "bootstrapAdmin")).toBe(ZeroAddress);
    await expectCustomError(
      attempt(suite.governance, admin, "bootstrapExecute", [addMember]),
      suiteInterface,
      "BootstrapAlreadyFinished",
      [admin.address],
    );
  });

  it("refuses registries not wired to it, and registry actions or the finish before binding", async () => {
    const first = await deployUnfinished(admin);
    const lone = await deployContract(admin, committeeGovernanceAbi, committeeGovernanceBytecode, [
      1n,
      TEST_RULES,
    ]);
    const { ParticipantRegistry, TrustedIssuerRegistry } = first.manifest.contracts;
    await expectCustomError(
      attempt(lone, admin, "bindRegistries", [ParticipantRegistry, TrustedIssuerRegistry]),
      suiteInterface,
      "RegistryMismatch",
      [ParticipantRegistry],
    );
    await expectCustomError(
      attempt(lone, admin, "bindRegistries", [other.address, TrustedIssuerRegistry]),
      suiteInterface,
      "RegistryMismatch",
      [other.address],
    );
    // A participant registry of `lone`, but a trusted issuer registry reading another participant registry.
    const loneAddress = await lone.getAddress();
    const ownParticipants = await deployContract(admin, participantRegistryAbi, participantRegistryBytecode, [
      1n,
      loneAddress,
    ]);
    const crossedIssuers = await deployContract(
      admin,
      trustedIssuerRegistryAbi,
      trustedIssuerRegistryBytecode,
      [1n, loneAddress, ParticipantRegistry],
    );
    await expectCustomError(
      attempt(lone, admin, "bindRegistries", [
        await ownParticipants.getAddress(),
        await crossedIssuers.getAddress(),
      ]),
      suiteInterface,
      "RegistryMismatch",
      [await crossedIssuers.getAddress()],
    );
    const register = encodeAction({
      kind: "SuspendParticipant",
      account: other.address,
    });
    await expectCustomError(
      attempt(lone, admin, "bootstrapExecute", [register]),
      suiteInterface,
      "RegistriesNotBound",
      [],
    );
    await expectCustomError(
      attempt(lone, admin, "finishBootstrap", []),
      suiteInterface,
      "RegistriesNotBound",
      [],
    );
  });

  it("rejects bad constructor arguments with named errors", async () => {
    const governanceFactory = new ContractFactory(committeeGovernanceAbi, committeeGovernanceBytecode, admin);
    await expectCustomError(
      governanceFactory.deploy(1n, { ...TEST_RULES, quorumBps: 0 }),
      suiteInterface,
      "InvalidParameter",
      [GovernanceParameterKey.quorumBps, 0n],
    );
    await expectCustomError(
      governanceFactory.deploy(1n, { ...TEST_RULES, gracePeriod: 0 }),
      suiteInterface,
      "InvalidParameter",
      [GovernanceParameterKey.gracePeriod, 0n],
    );
    await expectCustomError(
      governanceFactory.deploy(60n, TEST_RULES),
      suiteInterface,
      "UnsupportedTimestampDivisor",
      [60n],
    );
    const participantsFactory = new ContractFactory(
      participantRegistryAbi,
      participantRegistryBytecode,
      admin,
    );
    await expectCustomError(
      participantsFactory.deploy(1n, ZeroAddress),
      suiteInterface,
      "ZeroGovernance",
      [],
    );
    const issuersFactory = new ContractFactory(
      trustedIssuerRegistryAbi,
      trustedIssuerRegistryBytecode,
      admin,
    );
    await expectCustomError(
      issuersFactory.deploy(1n, other.address, ZeroAddress),
      suiteInterface,
      "ZeroParticipantRegistry",
      [],
    );
  });

  it("a member added after a proposal was created cannot vote on it", async () => {
    const suite = await deployUnfinished(admin);
    const late = wallet(chain, 2);
    await bootstrapExecute(suite, admin, { kind: "AddMember", account: other.address, weight: 1 });
    const { proposalId } = await propose(suite, other, {
      kind: "SetParameter",
      key: encodeBytes32String("k"),
      value: 1n,
    });
    await bootstrapExecute(suite, admin, { kind: "AddMember", account: late.address, weight: 5 });
    await expectCustomError(
      attempt(suite.governance, late, "castVote", [proposalId, VoteType.For]),
      suiteInterface,
      "NotEligibleVoter",
      [proposalId, late.address],
    );
    // The quorum base is the weight at creation (1): the early member alone carries it.
    await sendAs(suite.governance, other, "castVote", [proposalId, VoteType.For]);
    await travel(chain, TEST_RULES.votingPeriod);
    expect(await call(suite.governance, "state", [proposalId])).toBe(BigInt(ProposalState.Queued));
  });
});

describe("deploy() with the development defaults", () => {
  it("makes the deployer the only member, able to govern alone but not to leave the committee empty", async () => {
    const manifest = await deploy(admin);
    const suite = {
      governance: new Contract(
        manifest.contracts.CommitteeGovernance,
        committeeGovernanceAbi,
        chain.provider,
      ),
    };
    expect(await call(suite.governance, "members")).toEqual([admin.address]);
    expect(await call(suite.governance, "memberWeight", [admin.address])).toBe(1n);
    expect(await call(suite.governance, "bootstrapAdmin")).toBe(ZeroAddress);
    const rules = await call<bigint[]>(suite.governance, "rules");
    expect([...rules]).toEqual([5_000n, 5_001n, 300n, 60n, 604_800n]);
    const removeSelf = encodeAction({ kind: "RemoveMember", account: admin.address });
    const created = await sendAs(suite.governance, admin, "propose", [removeSelf, "leave"]);
    const proposalId = eventArgs(created, "ProposalCreated")[0]?.[0];
    await sendAs(suite.governance, admin, "castVote", [proposalId, VoteType.For]);
    await travel(chain, 300 + 60);
    await expectCustomError(
      attempt(suite.governance, admin, "execute", [proposalId]),
      suiteInterface,
      "LastMember",
      [admin.address],
    );
  });
});
