import type { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAction } from "./governance-actions.js";
import { CredentialType, credentialTypeId, ParticipantStatus, Role, sectorId } from "./governance-types.js";
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
  latestTimestamp,
  sampleOrganisation,
  suiteInterface,
  toPlain,
  travel,
} from "./test-governance.js";
import { expectCustomError, revertData } from "./test-revert.js";

const DAY = 86_400;
const NO_EXPIRY = 2n ** 64n - 1n;
const STEEL = sectorId("C3110");
const CEMENT = sectorId("C3011");
const POWER = sectorId("D4411");

let chain: TestChain;
let suite: GovernedSuite;
let member: Wallet;
let regulator: Wallet;
let auditor: Wallet;
let polluter: Wallet;
let auditor2: Wallet;

beforeAll(async () => {
  chain = await startTestChain();
  [member, regulator, auditor, polluter, auditor2] = [1, 2, 3, 4, 5].map((i) => wallet(chain, i)) as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  suite = await deployGovernedSuite(wallet(chain, 0), {
    committee: [{ member: member.address, weight: 1 }],
    participants: [
      { account: regulator.address, role: Role.Regulator, organisation: sampleOrganisation("regulator") },
      { account: auditor.address, role: Role.Auditor, organisation: sampleOrganisation("auditor", "M7450") },
      {
        account: polluter.address,
        role: Role.Polluter,
        organisation: sampleOrganisation("polluter", "C3110"),
      },
      {
        account: auditor2.address,
        role: Role.Auditor,
        organisation: sampleOrganisation("auditor2", "M7450"),
      },
    ],
  });
});

afterAll(async () => {
  await chain?.stop();
});

const trusted = (issuer: string, typeId: string) =>
  call<boolean>(suite.issuers, "isTrusted", [issuer, typeId]);
const trustedFor = (issuer: string, typeId: string, sector: string) =>
  call<boolean>(suite.issuers, "isTrustedForSector", [issuer, typeId, sector]);
const wasTrusted = (issuer: string, typeId: string, block: number) =>
  call<boolean>(suite.issuers, "wasTrustedAt", [issuer, typeId, block]);
const trustAt = async (issuer: string, typeId: string, block: number) =>
  toPlain(await call(suite.issuers, "trustAt", [issuer, typeId, block]));

describe("TrustedIssuerRegistry: accreditation of auditors", () => {
  it("trusts an auditor for the sectors of its accreditation until it expires, granted by the committee", async () => {
    const validUntil = (await latestTimestamp(chain)) + BigInt(2 * DAY);
    const action = {
      kind: "AddTrustedIssuer",
      issuer: auditor.address,
      typeId: CredentialType.AuditReport,
      sectors: [STEEL, POWER],
      validUntil,
    } as const;
    const { proposalId, receipt } = await enact(chain, suite, [member], action);
    const governance = suite.manifest.contracts.CommitteeGovernance;
    expect(eventArgs(receipt, "TrustedIssuerAdded")).toEqual([
      [auditor.address, CredentialType.AuditReport, validUntil, [STEEL, POWER], governance, proposalId],
    ]);
    // The grant names the proposal, whose action is this very grant: the chain back to the committee.
    expect(
      toPlain(await call(suite.issuers, "trustGrant", [auditor.address, CredentialType.AuditReport])),
    ).toEqual([true, validUntil, BigInt(receipt.blockNumber), governance, proposalId]);
    const encoded = encodeAction(action);
    expect((toPlain(await call(suite.governance, "proposal", [proposalId])) as unknown[])[1]).toEqual([
      BigInt(encoded.kind),
      encoded.args,
    ]);

    expect(await trusted(auditor.address, CredentialType.AuditReport)).toBe(true);
    expect(await trustedFor(auditor.address, CredentialType.AuditReport, STEEL)).toBe(true);
    expect(await trustedFor(auditor.address, CredentialType.AuditReport, POWER)).toBe(true);
    expect(await trustedFor(auditor.address, CredentialType.AuditReport, CEMENT)).toBe(false);
    expect(await trusted(auditor.address, CredentialType.DischargePermit)).toBe(false);
    expect(await trusted(auditor2.address, CredentialType.AuditReport)).toBe(false);

    await travel(chain, 2 * DAY);
    expect(await trusted(auditor.address, CredentialType.AuditReport)).toBe(false);
    expect(await trustedFor(auditor.address, CredentialType.AuditReport, STEEL)).toBe(false);
    const latest = await chain.provider.getBlockNumber();
    expect(await trustAt(auditor.address, CredentialType.AuditReport, latest)).toEqual([true, validUntil]);
  });

  it("answers sector scope at past blocks after a re-accreditation", async () => {
    const grant = (sectors: string[]) =>
      enact(chain, suite, [member], {
        kind: "AddTrustedIssuer",
        issuer: auditor2.address,
        typeId: CredentialType.AuditReport,
        sectors,
        validUntil: NO_EXPIRY,
      });
    const first = (await grant([CEMENT])).receipt.blockNumber;
    const second = (await grant([STEEL])).receipt.blockNumber;
    const at = (sector: string, block: number) =>
      call(suite.issuers, "wasTrustedForSectorAt", [
        auditor2.address,
        CredentialType.AuditReport,
        sector,
        block,
      ]);
    expect(await at(CEMENT, first)).toBe(true);
    expect(await at(STEEL, first)).toBe(false);
    expect(await at(CEMENT, second)).toBe(false);
    expect(await at(STEEL, second)).toBe(true);
    expect(await at(STEEL, first - 1)).toBe(false);
    expect(await trustedFor(auditor2.address, CredentialType.AuditReport, STEEL)).toBe(true);
    expect(await trustedFor(auditor2.address, CredentialType.AuditReport, CEMENT)).toBe(false);
  });
});

describe("TrustedIssuerRegistry: permit issuers and history", () => {
  let granted: number;

  it("trusts a permit issuer only while it is an active regulator", async () => {
    const { receipt } = await enact(chain, suite, [member], {
      kind: "AddTrustedIssuer",
      issuer: regulator.address,
      typeId: CredentialType.DischargePermit,
      sectors: [],
      validUntil: NO_EXPIRY,
    });
    granted = receipt.blockNumber;
    expect(await trusted(regulator.address, CredentialType.DischargePermit)).toBe(true);
    expect(await trustedFor(regulator.address, CredentialType.DischargePermit, STEEL)).toBe(true);

    const suspended = (
      await enact(chain, suite, [member], { kind: "SuspendParticipant", account: regulator.address })
    ).receipt.blockNumber;
    expect(await trusted(regulator.address, CredentialType.DischargePermit)).toBe(false);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, suspended)).toBe(false);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, suspended - 1)).toBe(true);
    // The grant itself stands: trustAt reports the grant, wasTrustedAt adds the participant status.
    expect(await trustAt(regulator.address, CredentialType.DischargePermit, suspended)).toEqual([
      true,
      NO_EXPIRY,
    ]);

    await enact(chain, suite, [member], { kind: "UnsuspendParticipant", account: regulator.address });
    expect(await trusted(regulator.address, CredentialType.DischargePermit)).toBe(true);
  });

  it("trusted at B1, removed at B2: wasTrustedAt(B1) is true, wasTrustedAt(B2) false", async () => {
    const b1 = granted;
    const { proposalId, receipt } = await enact(chain, suite, [member], {
      kind: "RemoveTrustedIssuer",
      issuer: regulator.address,
      typeId: CredentialType.DischargePermit,
    });
    const b2 = receipt.blockNumber;
    expect(eventArgs(receipt, "TrustedIssuerRemoved")).toEqual([
      [
        regulator.address,
        CredentialType.DischargePermit,
        suite.manifest.contracts.CommitteeGovernance,
        proposalId,
      ],
    ]);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, b1 - 1)).toBe(false);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, b1)).toBe(true);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, b2 - 1)).toBe(true);
    expect(await wasTrusted(regulator.address, CredentialType.DischargePermit, b2)).toBe(false);
    expect(await trustAt(regulator.address, CredentialType.DischargePermit, b1)).toEqual([true, NO_EXPIRY]);
    expect(await trustAt(regulator.address, CredentialType.DischargePermit, b2)).toEqual([false, 0n]);
    expect(await trusted(regulator.address, CredentialType.DischargePermit)).toBe(false);
    const grant = toPlain(
      await call(suite.issuers, "trustGrant", [regulator.address, CredentialType.DischargePermit]),
    );
    expect((grant as unknown[]).slice(0, 3)).toEqual([false, 0n, BigInt(b2)]);

    const latest = await chain.provider.getBlockNumber();
    await expectCustomError(
      call(suite.issuers, "trustAt", [regulator.address, CredentialType.DischargePermit, latest + 1]),
      suiteInterface,
      "FutureLookup",
      [BigInt(latest + 1), BigInt(latest)],
    );
  });

  it("has the committee itself issue auditor accreditations, and knows its credential types", async () => {
    const governance = suite.manifest.contracts.CommitteeGovernance;
    const latest = await chain.provider.getBlockNumber();
    expect(await trusted(governance, CredentialType.AuditorAccreditation)).toBe(true);
    expect(await trusted(member.address, CredentialType.AuditorAccreditation)).toBe(false);
    expect(await trustAt(governance, CredentialType.AuditorAccreditation, latest)).toEqual([true, NO_EXPIRY]);
    expect(await wasTrusted(governance, CredentialType.AuditorAccreditation, 1)).toBe(true);
    const unknown = credentialTypeId("UnknownCredential");
    expect(await trusted(regulator.address, unknown)).toBe(false);
    const policies = await Promise.all(
      [
        CredentialType.DischargePermit,
        CredentialType.AuditReport,
        CredentialType.AuditorAccreditation,
        unknown,
      ].map(async (typeId) => toPlain(await call(suite.issuers, "credentialTypePolicy", [typeId]))),
    );
    expect(policies).toEqual([
      [true, BigInt(Role.Regulator), false, false],
      [true, BigInt(Role.Auditor), true, false],
      [true, BigInt(Role.None), false, true],
      [false, BigInt(Role.None), false, false],
    ]);
  });
});

describe("TrustedIssuerRegistry grant checks (during a bootstrap)", () => {
  it("refuses grants to the wrong role, inactive issuers, bad scopes, committee-issued or unknown types", async () => {
    const admin = wallet(chain, 0);
    const boot = await deployUnfinished(admin);
    for (const [account, role] of [
      [regulator.address, Role.Regulator],
      [auditor.address, Role.Auditor],
      [polluter.address, Role.Polluter],
    ] as const) {
      await bootstrapExecute(boot, admin, {
        kind: "RegisterParticipant",
        account,
        role,
        organisation: sampleOrganisation(`boot-${role}`),
      });
    }
    const add = (issuer: string, typeId: string, sectors: string[] = [], validUntil = NO_EXPIRY) =>
      bootstrapExecute(boot, admin, { kind: "AddTrustedIssuer", issuer, typeId, sectors, validUntil });
    const expectRevert = (action: Promise<unknown>, name: string, args: readonly unknown[]) =>
      expectCustomError(action, suiteInterface, name, args);
    const stranger = wallet(chain, 9).address;

    await expectRevert(add(polluter.address, CredentialType.DischargePermit), "IssuerRoleMismatch", [
      polluter.address,
      CredentialType.DischargePermit,
      BigInt(Role.Regulator),
      BigInt(Role.Polluter),
    ]);
    await expectRevert(add(stranger, CredentialType.AuditReport, [STEEL]), "IssuerRoleMismatch", [
      stranger,
      CredentialType.AuditReport,
      BigInt(Role.Auditor),
      BigInt(Role.None),
    ]);
    await expectRevert(add(auditor.address, CredentialType.AuditReport), "EmptySectorScope", [
      CredentialType.AuditReport,
    ]);
    await expectRevert(
      add(regulator.address, CredentialType.DischargePermit, [STEEL]),
      "SectorScopeNotApplicable",
      [CredentialType.DischargePermit],
    );
    await expectRevert(add(auditor.address, CredentialType.AuditorAccreditation), "CommitteeIssuedType", [
      CredentialType.AuditorAccreditation,
    ]);
    const unknown = credentialTypeId("UnknownCredential");
    await expectRevert(add(regulator.address, unknown), "UnknownCredentialType", [unknown]);
    await expectRevert(
      bootstrapExecute(boot, admin, {
        kind: "RemoveTrustedIssuer",
        issuer: regulator.address,
        typeId: CredentialType.DischargePermit,
      }),
      "NotTrustedIssuer",
      [regulator.address, CredentialType.DischargePermit],
    );

    const past = await add(regulator.address, CredentialType.DischargePermit, [], 1n).catch(
      (e: unknown) => e,
    );
    const data = revertData(past);
    const parsed = data === undefined ? null : suiteInterface.parseError(data);
    expect(parsed?.name).toBe("ValidUntilNotInFuture");
    const now = await latestTimestamp(chain);
    expect(parsed?.args[0]).toBe(1n);
    expect(parsed?.args[1]).toBeGreaterThanOrEqual(now);
    expect(parsed?.args[1]).toBeLessThanOrEqual(now + 5n);

    await bootstrapExecute(boot, admin, { kind: "SuspendParticipant", account: regulator.address });
    await expectRevert(add(regulator.address, CredentialType.DischargePermit), "IssuerNotActive", [
      regulator.address,
      BigInt(ParticipantStatus.Suspended),
    ]);
    await expectCustomError(
      attempt(boot.issuers, admin, "addTrustedIssuer", [
        regulator.address,
        CredentialType.DischargePermit,
        [],
        1n,
        0n,
      ]),
      suiteInterface,
      "NotGovernance",
      [admin.address],
    );
  });
});
