// TypeScript mirrors of the Solidity enums and ids of ParticipantTypes.sol, CredentialTypes.sol and
// GovernanceTypes.sol. Enum values are the numbers the ABI carries.
import { encodeBytes32String, id } from "ethers";

/** What a participant is, fixed at registration (`Role` in ParticipantTypes.sol). */
export const Role = { None: 0, Regulator: 1, Auditor: 2, Polluter: 3 } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Lifecycle of a registered DID (`ParticipantStatus`). Revoked is final. */
export const ParticipantStatus = { None: 0, Active: 1, Suspended: 2, Revoked: 3 } as const;
export type ParticipantStatus = (typeof ParticipantStatus)[keyof typeof ParticipantStatus];

/** Environmental credit rating, best first (`CreditLevel`). New participants start at Blue. */
export const CreditLevel = { Green: 0, Blue: 1, Yellow: 2, Red: 3 } as const;
export type CreditLevel = (typeof CreditLevel)[keyof typeof CreditLevel];

/** A member's vote (`VoteType`). */
export const VoteType = { Against: 0, For: 1, Abstain: 2 } as const;
export type VoteType = (typeof VoteType)[keyof typeof VoteType];

/** Where a proposal stands (`ProposalState`). */
export const ProposalState = {
  Active: 0,
  Defeated: 1,
  Queued: 2,
  Executable: 3,
  Executed: 4,
  Cancelled: 5,
  Expired: 6,
} as const;
export type ProposalState = (typeof ProposalState)[keyof typeof ProposalState];

/** What a proposal does (`ActionKind`); see `encodeAction` for each kind's arguments. */
export const ActionKind = {
  RegisterParticipant: 0,
  UpdateOrganisation: 1,
  RevokeParticipant: 2,
  SuspendParticipant: 3,
  UnsuspendParticipant: 4,
  SetCreditLevel: 5,
  AddTrustedIssuer: 6,
  RemoveTrustedIssuer: 7,
  SetParameter: 8,
  AddMember: 9,
  RemoveMember: 10,
  SetComplianceOperator: 11,
} as const;
export type ActionKindName = keyof typeof ActionKind;

/** A credential type id: keccak256 of the W3C type name (`CredentialTypeId` in CredentialTypes.sol). */
export function credentialTypeId(typeName: string): string {
  return id(typeName);
}

/** The credential types the trusted issuer registry knows, by W3C type name. */
export const CredentialType = {
  DischargePermit: credentialTypeId("DischargePermitCredential"),
  AuditReport: credentialTypeId("AuditReportCredential"),
  AuditorAccreditation: credentialTypeId("AuditorAccreditationCredential"),
  Participant: credentialTypeId("ParticipantCredential"),
} as const;

/** Parameter keys of the governance rules (right-padded ASCII bytes32). */
export const GovernanceParameterKey = {
  quorumBps: encodeBytes32String("governance.quorumBps"),
  thresholdBps: encodeBytes32String("governance.thresholdBps"),
  votingPeriod: encodeBytes32String("governance.votingPeriod"),
  executionDelay: encodeBytes32String("governance.executionDelay"),
  gracePeriod: encodeBytes32String("governance.gracePeriod"),
} as const;

/** The organisation record of a participant, as the chain holds it (hashes, not clear text). */
export interface Organisation {
  /** keccak256 of the organisation name. */
  nameHash: string;
  /** keccak256 of the unified social credit code; unique among live DIDs. */
  creditCodeHash: string;
  /** Administrative division code (GB/T 2260), e.g. 110105. */
  regionCode: number;
  /** Industry sector as bytes32, e.g. `encodeBytes32String("C2511")`. */
  sector: string;
}

export interface OrganisationParameters {
  name: string;
  /** The 18-character unified social credit code. */
  creditCode: string;
  regionCode: number;
  /** Industry sector code, at most 31 ASCII bytes (e.g. GB/T 4754 "C2511"); empty for none. */
  sector: string;
}

/** The on-chain organisation record for clear-text details: keccak256 of name and credit code. */
export function organisationRecord(parameters: OrganisationParameters): Organisation {
  return {
    nameHash: id(parameters.name),
    creditCodeHash: id(parameters.creditCode),
    regionCode: parameters.regionCode,
    sector: sectorId(parameters.sector),
  };
}

/** A sector code as the bytes32 the registries store (right-padded ASCII). */
export function sectorId(sector: string): string {
  return encodeBytes32String(sector);
}
