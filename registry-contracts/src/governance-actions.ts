import { AbiCoder } from "ethers";
import {
  ActionKind,
  type ActionKindName,
  type CreditLevel,
  type Organisation,
  type Role,
} from "./governance-types.js";

/** One action a committee proposal (or the bootstrap) carries; mirrors `ActionKind` in GovernanceTypes.sol. */
export type GovernanceAction =
  | { kind: "RegisterParticipant"; account: string; role: Role; organisation: Organisation }
  | { kind: "UpdateOrganisation"; account: string; organisation: Organisation }
  | { kind: "RevokeParticipant"; account: string }
  | { kind: "SuspendParticipant"; account: string }
  | { kind: "UnsuspendParticipant"; account: string }
  | { kind: "SetCreditLevel"; account: string; level: CreditLevel }
  | {
      kind: "AddTrustedIssuer";
      issuer: string;
      /** bytes32 credential type id, e.g. `CredentialType.AuditReport`. */
      typeId: string;
      /** bytes32 sectors, for AuditReportCredential only (at least one); empty otherwise. */
      sectors: readonly string[];
      /** Unix seconds from which the grant no longer holds. */
      validUntil: bigint;
    }
  | { kind: "RemoveTrustedIssuer"; issuer: string; typeId: string }
  | { kind: "SetParameter"; key: string; value: bigint }
  | { kind: "AddMember"; account: string; weight: number }
  | { kind: "RemoveMember"; account: string }
  | { kind: "SetComplianceOperator"; operator: string };

/** The `Action` struct argument of `propose` and `bootstrapExecute`. */
export interface EncodedAction {
  kind: number;
  /** 0x-hex `abi.encode` of the kind's arguments. */
  args: string;
}

const ORGANISATION = "tuple(bytes32 nameHash, bytes32 creditCodeHash, uint32 regionCode, bytes32 sector)";

function organisationTuple(o: Organisation): readonly unknown[] {
  return [o.nameHash, o.creditCodeHash, o.regionCode, o.sector];
}

function encodeArgs(action: GovernanceAction): string {
  const coder = AbiCoder.defaultAbiCoder();
  switch (action.kind) {
    case "RegisterParticipant":
      return coder.encode(
        ["address", "uint8", ORGANISATION],
        [action.account, action.role, organisationTuple(action.organisation)],
      );
    case "UpdateOrganisation":
      return coder.encode(
        ["address", ORGANISATION],
        [action.account, organisationTuple(action.organisation)],
      );
    case "RevokeParticipant":
    case "SuspendParticipant":
    case "UnsuspendParticipant":
    case "RemoveMember":
      return coder.encode(["address"], [action.account]);
    case "SetCreditLevel":
      return coder.encode(["address", "uint8"], [action.account, action.level]);
    case "AddTrustedIssuer":
      return coder.encode(
        ["address", "bytes32", "bytes32[]", "uint64"],
        [action.issuer, action.typeId, action.sectors, action.validUntil],
      );
    case "RemoveTrustedIssuer":
      return coder.encode(["address", "bytes32"], [action.issuer, action.typeId]);
    case "SetParameter":
      return coder.encode(["bytes32", "uint256"], [action.key, action.value]);
    case "AddMember":
      return coder.encode(["address", "uint32"], [action.account, action.weight]);
    case "SetComplianceOperator":
      return coder.encode(["address"], [action.operator]);
    default:
      throw new TypeError(
        `unknown action kind ${String((action satisfies never as { kind: unknown }).kind)}`,
      );
  }
}

/** Encodes `action` as the `Action` struct the governance contract takes. */
export function encodeAction(action: GovernanceAction): EncodedAction {
  return { kind: ActionKind[action.kind satisfies ActionKindName], args: encodeArgs(action) };
}
