import { id, type Wallet, ZeroAddress, ZeroHash } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreditLevel, ParticipantStatus, Role } from "./governance-types.js";
import { startTestChain, type TestChain, wallet } from "./test-chain.js";
import {
  attempt,
  bootstrapExecute,
  call,
  deployGovernedSuite,
  deployUnfinished,
  enact,
  eventArgs,
  type GovernedSuite,
  passProposal,
  propose,
  sampleOrganisation,
  sendAs,
  suiteInterface,
  toPlain,
} from "./test-governance.js";
import { expectCustomError } from "./test-revert.js";

let chain: TestChain;
let suite: GovernedSuite;
let member: Wallet;
let polluter: Wallet;
let auditor: Wallet;
let compliance: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  [member, polluter, auditor, compliance] = [1, 2, 3, 4].map((i) => wallet(chain, i)) as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  suite = await deployGovernedSuite(wallet(chain, 0), {
    committee: [{ member: member.address, weight: 1 }],
    participants: [
      { account: polluter.address, role: Role.Polluter, organisation: sampleOrganisation("polluter") },
      { account: auditor.address, role: Role.Auditor, organisation: sampleOrganisation("auditor", "M7450") },
    ],
  });
});

afterAll(async () => {
  await chain?.stop();
});

/** Proposes `action`, passes it and expects its execution to revert with `name(args)`. */
async function expectExecutionError(
  action: Parameters<typeof propose>[2],
  name: string,
  args: readonly unknown[],
): Promise<void> {
  const { proposalId } = await propose(suite, member, action);
  await passProposal(chain, suite, proposalId, [member]);
  await expectCustomError(
    attempt(suite.governance, member, "execute", [proposalId]),
    suiteInterface,
    name,
    args,
  );
}

describe("ParticipantRegistry through governance", () => {
  it("suspends, unsuspends and revokes, each evented, with the status at every past block", async () => {
    const registered = await call<{ registeredAt: bigint; status: bigint }>(
      suite.participants,
      "participant",
      [polluter.address],
    );
    expect(registered.status).toBe(BigInt(ParticipantStatus.Active));
    expect(registered.registeredAt).toBeGreaterThan(0n);

    const suspended = (
      await enact(chain, suite, [member], { kind: "SuspendParticipant", account: polluter.address })
    ).receipt;
    expect(eventArgs(suspended, "ParticipantSuspended")).toEqual([[polluter.address]]);
    expect(await call(suite.participants, "isActive", [polluter.address, Role.Polluter])).toBe(false);
    expect(await call(suite.participants, "roleOf", [polluter.address])).toBe(BigInt(Role.Polluter));

    const unsuspended = (
      await enact(chain, suite, [member], { kind: "UnsuspendParticipant", account: polluter.address })
    ).receipt;
    expect(eventArgs(unsuspended, "ParticipantUnsuspended")).toEqual([[polluter.address]]);
    expect(await call(suite.participants, "isActive", [polluter.address, Role.Polluter])).toBe(true);
    expect(await call(suite.participants, "isActive", [polluter.address, Role.Regulator])).toBe(false);

    const revoked = (
      await enact(chain, suite, [member], { kind: "RevokeParticipant", account: polluter.address })
    ).receipt;
    expect(eventArgs(revoked, "ParticipantRevoked")).toEqual([[polluter.address]]);

    const statusAt = (block: number) =>
      call<bigint>(suite.participants, "statusAt", [polluter.address, block]);
    expect(await statusAt(suspended.blockNumber - 1)).toBe(BigInt(ParticipantStatus.Active));
    expect(await statusAt(suspended.blockNumber)).toBe(BigInt(ParticipantStatus.Suspended));
    expect(await statusAt(unsuspended.blockNumber - 1)).toBe(BigInt(ParticipantStatus.Suspended));
    expect(await statusAt(unsuspended.blockNumber)).toBe(BigInt(ParticipantStatus.Active));
    expect(await statusAt(revoked.blockNumber)).toBe(BigInt(ParticipantStatus.Revoked));
    expect(await statusAt(0)).toBe(BigInt(ParticipantStatus.None));
    const latest = await chain.provider.getBlockNumber();
    await expectCustomError(
      call(suite.participants, "statusAt", [polluter.address, latest + 10]),
      suiteInterface,
      "FutureLookup",
      [BigInt(latest + 10), BigInt(latest)],
    );
  });

  it("keeps revocation final and frees the credit code for the organisation's new DID", async () => {
    await expectExecutionError(
      { kind: "SuspendParticipant", account: polluter.address },
      "InvalidParticipantStatus",
      [polluter.address, BigInt(ParticipantStatus.Revoked)],
    );
    await expectExecutionError(
      {
        kind: "RegisterParticipant",
        account: polluter.address,
        role: Role.Polluter,
        organisation: sampleOrganisation("polluter"),
      },
      "AlreadyRegistered",
      [polluter.address, BigInt(ParticipantStatus.Revoked)],
    );
    const organisation = sampleOrganisation("polluter");
    expect(await call(suite.participants, "holderOfCreditCode", [organisation.creditCodeHash])).toBe(
      ZeroAddress,
    );
    const newDid = wallet(chain, 8).address;
    const { receipt } = await enact(chain, suite, [member], {
      kind: "RegisterParticipant",
      account: newDid,
      role: Role.Polluter,
      organisation,
    });
    expect(eventArgs(receipt, "ParticipantRegistered")).toEqual([
      [
        newDid,
        BigInt(Role.Polluter),
        [
          organisation.nameHash,
          organisation.creditCodeHash,
          BigInt(organisation.regionCode),
          organisation.sector,
        ],
      ],
    ]);
    expect(await call(suite.participants, "holderOfCreditCode", [organisation.creditCodeHash])).toBe(newDid);
  });

  it("changes credit levels only by the committee or the compliance operator, set once", async () => {
    const governance = suite.manifest.contracts.CommitteeGovernance;
    await expectCustomError(
      attempt(suite.participants, compliance, "setCreditLevel", [auditor.address, CreditLevel.Red]),
      suiteInterface,
      "NotCreditAuthority",
      [compliance.address],
    );
    expect(await call(suite.participants, "complianceOperator")).toBe(ZeroAddress);

    const byCommittee = (
      await enact(chain, suite, [member], {
        kind: "SetCreditLevel",
        account: auditor.address,
        level: CreditLevel.Yellow,
      })
    ).receipt;
    expect(eventArgs(byCommittee, "CreditLevelChanged")).toEqual([
      [auditor.address, BigInt(CreditLevel.Blue), BigInt(CreditLevel.Yellow), governance],
    ]);

    const operatorSet = (
      await enact(chain, suite, [member], { kind: "SetComplianceOperator", operator: compliance.address })
    ).receipt;
    expect(eventArgs(operatorSet, "ComplianceOperatorSet")).toEqual([[compliance.address]]);
    expect(await call(suite.participants, "complianceOperator")).toBe(compliance.address);
    await expectExecutionError(
      { kind: "SetComplianceOperator", operator: member.address },
      "ComplianceOperatorAlreadySet",
      [compliance.address],
    );

    const byOperator = await sendAs(suite.participants, compliance, "setCreditLevel", [
      auditor.address,
      CreditLevel.Red,
    ]);
    expect(eventArgs(byOperator, "CreditLevelChanged")).toEqual([
      [auditor.address, BigInt(CreditLevel.Yellow), BigInt(CreditLevel.Red), compliance.address],
    ]);
    expect(
      (await call<{ creditLevel: bigint }>(suite.participants, "participant", [auditor.address])).creditLevel,
    ).toBe(BigInt(CreditLevel.Red));
    for (const caller of [auditor, member]) {
      await expectCustomError(
        attempt(suite.participants, caller, "setCreditLevel", [auditor.address, CreditLevel.Green]),
        suiteInterface,
        "NotCreditAuthority",
        [caller.address],
      );
    }
    const stranger = wallet(chain, 9).address;
    await expectCustomError(
      attempt(suite.participants, compliance, "setCreditLevel", [stranger, CreditLevel.Green]),
      suiteInterface,
      "NotRegistered",
      [stranger],
    );
    await expectCustomError(
      attempt(suite.participants, compliance, "setCreditLevel", [polluter.address, CreditLevel.Green]),
      suiteInterface,
      "InvalidParticipantStatus",
      [polluter.address, BigInt(ParticipantStatus.Revoked)],
    );
  });
});

describe("ParticipantRegistry checks (during a bootstrap)", () => {
  it("validates registrations and organisation updates", async () => {
    const admin = wallet(chain, 0);
    const boot = await deployUnfinished(admin);
    const a = wallet(chain, 5).address;
    const b = wallet(chain, 6).address;
    const organisation = sampleOrganisation("a");
    const register = (account: string, role: Role, org = organisation) =>
      bootstrapExecute(boot, admin, { kind: "RegisterParticipant", account, role, organisation: org });
    const expectRevert = (action: Promise<unknown>, name: string, args: readonly unknown[]) =>
      expectCustomError(action, suiteInterface, name, args);

    await expectRevert(register(ZeroAddress, Role.Polluter), "InvalidAccount", [ZeroAddress]);
    await expectRevert(register(a, Role.None), "InvalidRole", [BigInt(Role.None)]);
    await expectRevert(
      register(a, Role.Polluter, { ...organisation, nameHash: ZeroHash }),
      "InvalidOrganisation",
      [a],
    );
    await expectRevert(
      bootstrapExecute(boot, admin, { kind: "SuspendParticipant", account: a }),
      "NotRegistered",
      [a],
    );
    await register(a, Role.Polluter);
    await expectRevert(register(a, Role.Regulator, sampleOrganisation("other")), "AlreadyRegistered", [
      a,
      BigInt(ParticipantStatus.Active),
    ]);
    await expectRevert(register(b, Role.Polluter), "CreditCodeTaken", [organisation.creditCodeHash, a]);
    await expectRevert(
      bootstrapExecute(boot, admin, { kind: "UnsuspendParticipant", account: a }),
      "InvalidParticipantStatus",
      [a, BigInt(ParticipantStatus.Active)],
    );

    const moved = { ...organisation, creditCodeHash: id("911100000000000MOVED"), regionCode: 310101 };
    const updated = await bootstrapExecute(boot, admin, {
      kind: "UpdateOrganisation",
      account: a,
      organisation: moved,
    });
    expect(eventArgs(updated, "OrganisationUpdated")).toEqual([
      [a, [moved.nameHash, moved.creditCodeHash, 310101n, moved.sector]],
    ]);
    expect(await call(boot.participants, "holderOfCreditCode", [organisation.creditCodeHash])).toBe(
      ZeroAddress,
    );
    expect(await call(boot.participants, "holderOfCreditCode", [moved.creditCodeHash])).toBe(a);
    const record = toPlain(await call(boot.participants, "participant", [a])) as unknown[];
    expect(record[0]).toBe(BigInt(Role.Polluter));
    expect(record[2]).toBe(BigInt(CreditLevel.Blue));
    expect(record[4]).toEqual([moved.nameHash, moved.creditCodeHash, 310101n, moved.sector]);
    await register(b, Role.Polluter);
    await expectRevert(
      bootstrapExecute(boot, admin, { kind: "UpdateOrganisation", account: b, organisation: moved }),
      "CreditCodeTaken",
      [moved.creditCodeHash, a],
    );
    await expectRevert(
      bootstrapExecute(boot, admin, { kind: "SetComplianceOperator", operator: ZeroAddress }),
      "InvalidAccount",
      [ZeroAddress],
    );
  });
});
