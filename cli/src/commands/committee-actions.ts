import {
  ActionKind,
  CredentialType,
  CreditLevel,
  type GovernanceAction,
  organisationRecord,
  Role,
  sectorId,
} from "@permitchain/contracts";
import { isRegionCode, isSectorCode, isValidUscc } from "@permitchain/schemas";
import { AbiCoder, encodeBytes32String, toUtf8Bytes } from "ethers";
import { UsageError } from "../cli-error.js";
import { parseAccount, parseInteger } from "./chain-session.js";
import { actionKindName, bytes32Text, credentialTypeName, roleName } from "./contract-errors.js";

/** The actions `committee propose` takes, by CLI name, with the flags each needs (required first). */
export const PROPOSAL_ACTIONS = {
  "register-participant": {
    required: ["account", "role", "name", "credit-code", "region", "sector"],
    optional: [],
  },
  "suspend-participant": { required: ["account"], optional: [] },
  "unsuspend-participant": { required: ["account"], optional: [] },
  "add-trusted-issuer": { required: ["issuer", "type", "valid-until"], optional: ["sectors"] },
  "remove-trusted-issuer": { required: ["issuer", "type"], optional: [] },
  "set-parameter": { required: ["key", "value"], optional: [] },
  "add-member": { required: ["account", "weight"], optional: [] },
  "remove-member": { required: ["account"], optional: [] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;

export type ProposalActionName = keyof typeof PROPOSAL_ACTIONS;

/** Every flag an action may take, for parseArgs. */
export const ACTION_FLAGS = [
  "account",
  "role",
  "name",
  "credit-code",
  "region",
  "sector",
  "issuer",
  "type",
  "sectors",
  "valid-until",
  "key",
  "value",
  "weight",
] as const;

export type ActionFlag = (typeof ACTION_FLAGS)[number];

const ROLES: Record<string, Role> = {
  regulator: Role.Regulator,
  auditor: Role.Auditor,
  polluter: Role.Polluter,
};

/** Credential types a trusted issuer can be granted (AuditorAccreditationCredential is committee-issued). */
const GRANTABLE_TYPES: Record<string, { id: string; sectorScoped: boolean }> = {
  DischargePermitCredential: { id: CredentialType.DischargePermit, sectorScoped: false },
  AuditReportCredential: { id: CredentialType.AuditReport, sectorScoped: true },
  ParticipantCredential: { id: CredentialType.Participant, sectorScoped: false },
};

function sectorCode(flag: string, value: string): string {
  if (!isSectorCode(value)) {
    throw new UsageError(
      `--${flag} expects GB/T 4754-2017 industry codes with their section letter (C25, C251, C2511), got "${value}"`,
    );
  }
  return value;
}

type Flags = Partial<Record<ActionFlag, string>>;

function need(flags: Flags, flag: ActionFlag): string {
  const value = flags[flag];
  if (value === undefined) throw new UsageError(`--${flag} is required`);
  return value;
}

function credentialType(flags: Flags): { name: string; id: string; sectorScoped: boolean } {
  const name = need(flags, "type");
  const type = GRANTABLE_TYPES[name];
  if (type === undefined) {
    throw new UsageError(`--type expects ${Object.keys(GRANTABLE_TYPES).join(", ")}, got "${name}"`);
  }
  return { name, ...type };
}

/** ISO date or date-time ("2027-01-01", "2027-01-01T00:00:00Z") as Unix seconds. */
function isoDateSeconds(flag: string, value: string): bigint {
  const ms = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--${flag} expects an ISO date such as 2027-12-31 or 2027-12-31T00:00:00Z, got "${value}"`,
    );
  }
  return BigInt(Math.floor(ms / 1000));
}

function parameterKey(value: string): string {
  if (value === "" || toUtf8Bytes(value).length > 31 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new UsageError(
      `--key expects a parameter name of 1 to 31 printable ASCII characters, got "${value}"`,
    );
  }
  return encodeBytes32String(value);
}

/**
 * Turns `committee propose ACTION` and its flags into the governance action. Checks locally what the
 * contracts would only check at execution (roles, credential types, sector scopes, USCC check character),
 * since `propose` itself only checks that the arguments decode.
 */
export function parseProposalAction(name: string, flags: Flags): GovernanceAction {
  const spec = PROPOSAL_ACTIONS[name as ProposalActionName];
  if (spec === undefined) {
    throw new UsageError(`unknown action "${name}"; one of: ${Object.keys(PROPOSAL_ACTIONS).join(", ")}`);
  }
  const allowed = new Set<string>([...spec.required, ...spec.optional]);
  const misplaced = ACTION_FLAGS.find((flag) => flags[flag] !== undefined && !allowed.has(flag));
  if (misplaced !== undefined) throw new UsageError(`--${misplaced} does not apply to ${name}`);
  for (const flag of spec.required) need(flags, flag);

  switch (name as ProposalActionName) {
    case "register-participant": {
      const roleText = need(flags, "role");
      const role = ROLES[roleText];
      if (role === undefined) {
        throw new UsageError(`--role expects regulator, auditor or polluter, got "${roleText}"`);
      }
      // hashed exactly as given: the same text the organisation's credentials carry
      const organisationName = need(flags, "name");
      if (organisationName.trim() === "") throw new UsageError("--name must not be empty");
      const creditCode = need(flags, "credit-code");
      if (!isValidUscc(creditCode)) {
        throw new UsageError(
          `--credit-code expects an 18-character unified social credit code (GB 32100-2015, capital letters) with a valid check character, got "${creditCode}"`,
        );
      }
      const region = need(flags, "region");
      if (!isRegionCode(region)) {
        throw new UsageError(
          `--region expects a 6-digit GB/T 2260 division code such as 110105, got "${region}"`,
        );
      }
      return {
        kind: "RegisterParticipant",
        account: parseAccount("account", flags.account),
        role,
        organisation: organisationRecord({
          name: organisationName,
          creditCode,
          regionCode: Number(region),
          sector: sectorCode("sector", need(flags, "sector")),
        }),
      };
    }
    case "suspend-participant":
      return { kind: "SuspendParticipant", account: parseAccount("account", flags.account) };
    case "unsuspend-participant":
      return { kind: "UnsuspendParticipant", account: parseAccount("account", flags.account) };
    case "add-trusted-issuer": {
      const type = credentialType(flags);
      const sectors = (flags.sectors ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map((s) => sectorId(sectorCode("sectors", s)));
      if (type.sectorScoped && sectors.length === 0) {
        throw new UsageError(`${type.name} grants are per sector: --sectors C2511,... is required`);
      }
      if (!type.sectorScoped && sectors.length > 0) {
        throw new UsageError(
          `--sectors does not apply to ${type.name} (only AuditReportCredential grants are per sector)`,
        );
      }
      return {
        kind: "AddTrustedIssuer",
        issuer: parseAccount("issuer", flags.issuer),
        typeId: type.id,
        sectors,
        validUntil: isoDateSeconds("valid-until", need(flags, "valid-until")),
      };
    }
    case "remove-trusted-issuer":
      return {
        kind: "RemoveTrustedIssuer",
        issuer: parseAccount("issuer", flags.issuer),
        typeId: credentialType(flags).id,
      };
    case "set-parameter":
      return {
        kind: "SetParameter",
        key: parameterKey(need(flags, "key")),
        value: parseInteger("--value", need(flags, "value")),
      };
    case "add-member": {
      const weight = parseInteger("--weight", need(flags, "weight"), 2n ** 32n - 1n);
      if (weight < 1n) throw new UsageError("--weight must be at least 1");
      return { kind: "AddMember", account: parseAccount("account", flags.account), weight: Number(weight) };
    }
    case "remove-member":
      return { kind: "RemoveMember", account: parseAccount("account", flags.account) };
  }
}

const ORGANISATION = "tuple(bytes32 nameHash, bytes32 creditCodeHash, uint32 regionCode, bytes32 sector)";

/** The argument types of each action kind, as `encodeAction` encodes them. */
const ARG_TYPES: Record<number, readonly string[]> = {
  [ActionKind.RegisterParticipant]: ["address", "uint8", ORGANISATION],
  [ActionKind.UpdateOrganisation]: ["address", ORGANISATION],
  [ActionKind.RevokeParticipant]: ["address"],
  [ActionKind.SuspendParticipant]: ["address"],
  [ActionKind.UnsuspendParticipant]: ["address"],
  [ActionKind.SetCreditLevel]: ["address", "uint8"],
  [ActionKind.AddTrustedIssuer]: ["address", "bytes32", "bytes32[]", "uint64"],
  [ActionKind.RemoveTrustedIssuer]: ["address", "bytes32"],
  [ActionKind.SetParameter]: ["bytes32", "uint256"],
  [ActionKind.AddMember]: ["address", "uint32"],
  [ActionKind.RemoveMember]: ["address"],
  [ActionKind.SetComplianceOperator]: ["address"],
};

/** An action as the chain holds it: its kind's name and its arguments by name, for display and JSON. */
export interface DecodedAction {
  kind: string;
  args: Record<string, string | number | string[]>;
}

/** Decodes an `Action` struct (kind, abi-encoded args) read from the governance contract. */
export function decodeAction(kind: number | bigint, data: string): DecodedAction {
  const number = Number(kind);
  const name = actionKindName(number);
  const types = ARG_TYPES[number];
  if (types === undefined) return { kind: name, args: { data } };
  let values: unknown[];
  try {
    values = AbiCoder.defaultAbiCoder().decode(types, data).toArray(true) as unknown[];
  } catch {
    return { kind: name, args: { data } };
  }
  const v = (i: number) => values[i];
  switch (number) {
    case ActionKind.RegisterParticipant:
    case ActionKind.UpdateOrganisation: {
      const withRole = number === ActionKind.RegisterParticipant;
      const organisation = v(withRole ? 2 : 1) as unknown[];
      return {
        kind: name,
        args: {
          account: String(v(0)),
          ...(withRole ? { role: roleName(v(1)) } : {}),
          nameHash: String(organisation[0]),
          creditCodeHash: String(organisation[1]),
          region: Number(organisation[2]),
          sector: bytes32Text(organisation[3]),
        },
      };
    }
    case ActionKind.SetCreditLevel:
      return {
        kind: name,
        args: {
          account: String(v(0)),
          level: Object.entries(CreditLevel).find(([, l]) => l === Number(v(1)))?.[0] ?? String(v(1)),
        },
      };
    case ActionKind.AddTrustedIssuer:
      return {
        kind: name,
        args: {
          issuer: String(v(0)),
          type: credentialTypeName(v(1)),
          sectors: (v(2) as unknown[]).map(bytes32Text),
          validUntil: Number(v(3)),
        },
      };
    case ActionKind.RemoveTrustedIssuer:
      return { kind: name, args: { issuer: String(v(0)), type: credentialTypeName(v(1)) } };
    case ActionKind.SetParameter:
      return { kind: name, args: { key: bytes32Text(v(0)), value: String(v(1)) } };
    case ActionKind.AddMember:
      return { kind: name, args: { account: String(v(0)), weight: Number(v(1)) } };
    case ActionKind.SetComplianceOperator:
      return { kind: name, args: { operator: String(v(0)) } };
    default:
      return { kind: name, args: { account: String(v(0)) } };
  }
}

/** "RegisterParticipant account=0x... role=Polluter region=110105 sector=C2511". */
export function formatAction(action: DecodedAction): string {
  const parts = Object.entries(action.args).map(([key, value]) => {
    if (key === "validUntil" && typeof value === "number") {
      return `validUntil=${new Date(value * 1000).toISOString().replace(".000Z", "Z")}`;
    }
    if (Array.isArray(value)) return `${key}=${value.join(",") || "-"}`;
    if (typeof value === "string" && /^0x[0-9a-f]{64}$/i.test(value)) return `${key}=${value.slice(0, 10)}…`;
    return `${key}=${value}`;
  });
  return [action.kind, ...parts].join(" ");
}
