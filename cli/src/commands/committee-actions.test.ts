import {
  CredentialType,
  committeeGovernanceAbi,
  encodeAction,
  GovernanceParameterKey,
  organisationRecord,
  ProposalState,
  Role,
  sectorId,
} from "@permitchain/contracts";
import { computeAddress, Interface, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { UsageError } from "../cli-error.js";
import { isoTime, parseAccount, timeFromNow } from "./chain-session.js";
import { decodeAction, formatAction, parseProposalAction } from "./committee-actions.js";
import {
  ContractRevertError,
  contractError,
  describeContractError,
  failureMessageOf,
  SUITE_ERRORS,
} from "./contract-errors.js";

const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const REGISTER = {
  account: ACCOUNT,
  role: "polluter",
  name: "Fujian Coastal Refining Co., Ltd.",
  "credit-code": "91350100M000100Y43",
  region: "350100",
  sector: "C2511",
};

describe("committee propose actions", () => {
  it("hashes name and credit code as the registry expects", () => {
    expect(parseProposalAction("register-participant", REGISTER)).toEqual({
      kind: "RegisterParticipant",
      account: ACCOUNT,
      role: Role.Polluter,
      organisation: organisationRecord({
        name: "Fujian Coastal Refining Co., Ltd.",
        creditCode: "91350100M000100Y43",
        regionCode: 350100,
        sector: "C2511",
      }),
    });
  });

  it("takes an account as a did:ethr DID, by address or by public key", () => {
    const key = Wallet.createRandom().signingKey.compressedPublicKey;
    expect(parseAccount("account", `did:ethr:0x7a69:${key}`)).toBe(computeAddress(key));
    expect(parseAccount("account", `did:ethr:0x7a69:${ACCOUNT.toLowerCase()}`)).toBe(ACCOUNT);
    expect(() => parseAccount("account", "did:ethr:0x7a69:0x12")).toThrow(UsageError);
  });

  it.each([
    [{ ...REGISTER, "credit-code": "91350100M000100Y44" }, /valid check character/],
    [{ ...REGISTER, "credit-code": "91350100m000100y43" }, /capital letters/],
    [{ ...REGISTER, role: "chief" }, /--role expects regulator, auditor or polluter/],
    [{ ...REGISTER, region: "35010" }, /--region expects a 6-digit/],
    [{ ...REGISTER, sector: "2511" }, /--sector expects GB\/T 4754-2017/],
    [{ ...REGISTER, name: " " }, /--name must not be empty/],
    [{ ...REGISTER, weight: "1" }, /--weight does not apply to register-participant/],
    [{ account: ACCOUNT }, /--role is required/],
  ])("refuses register-participant %j", (flags, message) => {
    expect(() => parseProposalAction("register-participant", flags)).toThrow(message);
  });

  it("checks trusted issuer grants the way the registry will at execution", () => {
    const audit = parseProposalAction("add-trusted-issuer", {
      issuer: ACCOUNT,
      type: "AuditReportCredential",
      sectors: "C25, C2511",
      "valid-until": "2030-01-01",
    });
    expect(audit).toEqual({
      kind: "AddTrustedIssuer",
      issuer: ACCOUNT,
      typeId: CredentialType.AuditReport,
      sectors: [sectorId("C25"), sectorId("C2511")],
      validUntil: BigInt(Date.UTC(2030, 0, 1) / 1000),
    });
    const base = { issuer: ACCOUNT, "valid-until": "2030-01-01T08:00:00+08:00" };
    expect(() =>
      parseProposalAction("add-trusted-issuer", { ...base, type: "AuditReportCredential" }),
    ).toThrow(/--sectors C2511,... is required/);
    expect(() =>
      parseProposalAction("add-trusted-issuer", {
        ...base,
        type: "DischargePermitCredential",
        sectors: "C25",
      }),
    ).toThrow(/--sectors does not apply to DischargePermitCredential/);
    expect(() =>
      parseProposalAction("add-trusted-issuer", { ...base, type: "AuditorAccreditationCredential" }),
    ).toThrow(/--type expects DischargePermitCredential, AuditReportCredential, ParticipantCredential/);
    expect(() =>
      parseProposalAction("add-trusted-issuer", {
        ...base,
        type: "ParticipantCredential",
        "valid-until": "soon",
      }),
    ).toThrow(/--valid-until expects an ISO date/);
  });

  it("encodes every action so that decoding it gives the flags back", () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ["register-participant", REGISTER, `RegisterParticipant account=${ACCOUNT} role=Polluter nameHash=0x`],
      ["suspend-participant", { account: ACCOUNT }, `SuspendParticipant account=${ACCOUNT}`],
      ["unsuspend-participant", { account: ACCOUNT }, `UnsuspendParticipant account=${ACCOUNT}`],
      [
        "add-trusted-issuer",
        { issuer: ACCOUNT, type: "DischargePermitCredential", "valid-until": "2031-06-30" },
        `AddTrustedIssuer issuer=${ACCOUNT} type=DischargePermitCredential sectors=- validUntil=2031-06-30T00:00:00Z`,
      ],
      [
        "remove-trusted-issuer",
        { issuer: ACCOUNT, type: "ParticipantCredential" },
        `RemoveTrustedIssuer issuer=${ACCOUNT} type=ParticipantCredential`,
      ],
      [
        "set-parameter",
        { key: "governance.quorumBps", value: "6000" },
        "SetParameter key=governance.quorumBps value=6000",
      ],
      ["add-member", { account: ACCOUNT, weight: "3" }, `AddMember account=${ACCOUNT} weight=3`],
      ["remove-member", { account: ACCOUNT }, `RemoveMember account=${ACCOUNT}`],
    ];
    for (const [name, flags, text] of cases) {
      const encoded = encodeAction(parseProposalAction(name, flags));
      expect(formatAction(decodeAction(encoded.kind, encoded.args))).toContain(text);
    }
    const parameter = parseProposalAction("set-parameter", { key: "governance.quorumBps", value: "6000" });
    expect(parameter).toEqual({ kind: "SetParameter", key: GovernanceParameterKey.quorumBps, value: 6000n });
    expect(() => parseProposalAction("set-parameter", { key: "x".repeat(32), value: "1" })).toThrow(
      /1 to 31 printable ASCII/,
    );
    expect(() => parseProposalAction("add-member", { account: ACCOUNT, weight: "4294967296" })).toThrow(
      /--weight must be at most 4294967295/,
    );
  });
});

describe("custom errors as sentences", () => {
  const governance = new Interface(committeeGovernanceAbi);

  it("decodes a revert found anywhere in an ethers error, with its time relative to the chain's", () => {
    const data = governance.encodeErrorResult("ExecutionTooEarly", [7n, 1_800_000_060n]);
    const error = contractError(
      "execute proposal 7",
      { code: "CALL_EXCEPTION", info: { error: { data } } },
      1_800_000_000n,
    );
    expect(error).toBeInstanceOf(ContractRevertError);
    expect(error.message).toBe(
      "execute proposal 7: proposal 7 passed but its execution delay has not elapsed: it can be executed from 2027-01-15T08:01:00Z (in 1 min) (ExecutionTooEarly(7, 1800000060))",
    );
    expect(error.code).toBe("CONTRACT_REVERTED");
    expect((error as ContractRevertError).withMore("more").message).toContain(
      "elapsed: it can be executed from",
    );
  });

  it("names enum values and credential types", () => {
    const parse = (name: string, args: unknown[]) =>
      describeContractError(SUITE_ERRORS.parseError(SUITE_ERRORS.encodeErrorResult(name, args))!);
    expect(parse("ProposalNotExecutable", [2n, ProposalState.Defeated])).toBe(
      "proposal 2 cannot be executed: it is Defeated",
    );
    expect(
      parse("IssuerRoleMismatch", [ACCOUNT, CredentialType.AuditReport, Role.Auditor, Role.Polluter]),
    ).toBe(
      `${ACCOUNT} must be an active Auditor to be trusted for AuditReportCredential, but its role is Polluter`,
    );
    expect(parse("InvalidParameter", [GovernanceParameterKey.votingPeriod, 0n])).toBe(
      "0 is out of range for the governance rule governance.votingPeriod",
    );
    expect(parse("NotOwner", [ACCOUNT, ACCOUNT])).toBe(`${ACCOUNT} does not control identity ${ACCOUNT}`);
  });

  it("falls back to the node's message when ethers could not classify the error", () => {
    const error = {
      shortMessage: "could not coalesce error",
      error: { code: -32000, message: "Sender doesn't have enough funds to send tx." },
    };
    expect(failureMessageOf(error)).toBe("Sender doesn't have enough funds to send tx.");
    expect(contractError("vote", error).message).toBe("vote: Sender doesn't have enough funds to send tx.");
    expect(failureMessageOf({ shortMessage: "nonce too low" })).toBe("nonce too low");
  });

  it("prints times in UTC, relative to chain time", () => {
    expect(isoTime(0n)).toBe("1970-01-01T00:00:00Z");
    expect(timeFromNow(90_061n, 0n)).toBe("1970-01-02T01:01:01Z (in 1 d 1 h 1 min 1 s)");
    expect(timeFromNow(0n, 30n)).toBe("1970-01-01T00:00:00Z (30 s ago)");
    expect(timeFromNow(5n, 5n)).toBe("1970-01-01T00:00:05Z (now)");
  });
});
