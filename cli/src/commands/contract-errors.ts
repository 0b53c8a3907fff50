import { PermitChainError } from "@permitchain/chain";
import {
  ActionKind,
  CredentialType,
  committeeGovernanceAbi,
  ethereumDIDRegistryAbi,
  ParticipantStatus,
  ProposalState,
  participantRegistryAbi,
  Role,
  trustedIssuerRegistryAbi,
} from "@permitchain/contracts";
import { decodeBytes32String, type ErrorDescription, Interface } from "ethers";
import { isoTime, timeFromNow } from "./chain-session.js";

/** Every custom error the suite's contracts revert with (governance, registries, DID registry). */
export const SUITE_ERRORS = new Interface(
  [
    ...committeeGovernanceAbi,
    ...participantRegistryAbi,
    ...trustedIssuerRegistryAbi,
    ...ethereumDIDRegistryAbi,
  ]
    .filter((fragment) => fragment.type === "error")
    .map((fragment) => fragment as never),
);

function nameOf(table: Record<string, number | string>, value: unknown): string {
  const entry = Object.entries(table).find(([, v]) => String(v) === String(value));
  return entry?.[0] ?? `#${String(value)}`;
}

export const roleName = (value: unknown) => nameOf(Role, value);
export const statusName = (value: unknown) => nameOf(ParticipantStatus, value);
export const proposalStateName = (value: unknown) => nameOf(ProposalState, value);
export const actionKindName = (value: unknown) => nameOf(ActionKind, value);

/** W3C type name of a credential type id, e.g. "AuditReportCredential"; the hex id when unknown. */
export function credentialTypeName(typeId: unknown): string {
  const entry = Object.entries(CredentialType).find(([, id]) => id === String(typeId).toLowerCase());
  return entry === undefined ? String(typeId) : `${entry[0]}Credential`;
}

/** A bytes32 parameter key or sector as text when it is right-padded ASCII, else the hex. */
export function bytes32Text(value: unknown): string {
  try {
    const text = decodeBytes32String(String(value));
    return /^[\x20-\x7e]*$/.test(text) ? text : String(value);
  } catch {
    return String(value);
  }
}

type Sentence = (args: readonly unknown[], now: bigint | undefined) => string;

const at = (seconds: unknown, now: bigint | undefined) =>
  now === undefined
    ? `${isoTime(BigInt(String(seconds)))} (unix ${seconds})`
    : timeFromNow(BigInt(String(seconds)), now);

/** One sentence per custom error, from its arguments. */
const SENTENCES: Record<string, Sentence> = {
  // CommitteeGovernance
  UnknownProposal: ([id]) => `there is no proposal ${id}`,
  MalformedAction: ([kind]) =>
    `the arguments of the ${actionKindName(kind)} action do not decode as that action requires`,
  NotEligibleVoter: ([id, voter]) =>
    `${voter} joined the committee after proposal ${id} was created, so it does not vote on it`,
  AlreadyVoted: ([id, voter]) => `${voter} has voted on proposal ${id} already`,
  VotingClosed: ([id, state]) => `voting on proposal ${id} is closed: it is ${proposalStateName(state)}`,
  ExecutionTooEarly: ([id, executableAt], now) =>
    `proposal ${id} passed but its execution delay has not elapsed: it can be executed from ${at(executableAt, now)}`,
  ProposalNotExecutable: ([id, state]) =>
    `proposal ${id} cannot be executed: it is ${proposalStateName(state)}`,
  NotProposer: ([id, caller]) => `only the proposer of proposal ${id} may cancel it, not ${caller}`,
  ProposalNotCancellable: ([id, state]) =>
    `proposal ${id} can no longer be cancelled: it is ${proposalStateName(state)}`,
  // ICommitteeMembers
  InvalidMember: ([account]) => `${account} cannot be a committee member`,
  InvalidWeight: ([weight]) => `a member's weight must be at least 1, got ${weight}`,
  AlreadyMember: ([account]) => `${account} is a committee member already`,
  NotMember: ([account]) => `${account} is not a member of the committee`,
  LastMember: ([account]) => `${account} is the committee's last member and cannot be removed`,
  // IGovernanceParameters
  InvalidParameter: ([key, value]) => `${value} is out of range for the governance rule ${bytes32Text(key)}`,
  // ICommitteeBootstrap
  NotBootstrapAdmin: ([caller]) => `only the deployer may act during the bootstrap, not ${caller}`,
  BootstrapAlreadyFinished: ([caller]) =>
    `the bootstrap is over: ${caller} holds no bootstrap power (every change goes through a proposal)`,
  RegistriesAlreadyBound: () => "the registries are bound already",
  RegistryMismatch: ([registry]) => `the registry ${registry} is not wired to this governance contract`,
  RegistriesNotBound: () => "the registries are not bound yet",
  NoMembers: () => "the committee has no member",
  UnsupportedTimestampDivisor: ([divisor]) => `the timestamp divisor ${divisor} is neither 1 nor 1000`,
  // IGoverned
  NotGovernance: ([caller]) =>
    `${caller} is not the governance contract, the only account allowed to write to the registry`,
  ZeroGovernance: () => "the registry was deployed without a governance contract",
  // IParticipantRegistry
  InvalidAccount: ([account]) => `${account} cannot be a participant`,
  InvalidRole: ([role]) => `a participant needs a role other than ${roleName(role)}`,
  InvalidOrganisation: ([account]) =>
    `the organisation record for ${account} needs a name hash and a credit code hash`,
  AlreadyRegistered: ([account, status]) => `${account} is registered already (status ${statusName(status)})`,
  NotRegistered: ([account]) => `${account} is not a registered participant`,
  InvalidParticipantStatus: ([account, status]) =>
    `the change does not apply to ${account} in status ${statusName(status)}`,
  CreditCodeTaken: ([hash, holder]) =>
    `another participant, ${holder}, holds this unified social credit code (hash ${hash})`,
  NotCreditAuthority: ([caller]) =>
    `${caller} may not change credit levels (only the governance contract and the compliance operator)`,
  ComplianceOperatorAlreadySet: ([operator]) => `the compliance operator is set already, to ${operator}`,
  FutureLookup: ([block, current]) => `block ${block} is after the current block ${current}`,
  // ITrustedIssuerRegistry
  UnknownCredentialType: ([typeId]) => `the registry knows no credential type ${typeId}`,
  CommitteeIssuedType: ([typeId]) =>
    `${credentialTypeName(typeId)} is issued by the committee itself; nobody else can be trusted for it`,
  IssuerRoleMismatch: ([issuer, typeId, required, actual]) =>
    `${issuer} must be an active ${roleName(required)} to be trusted for ${credentialTypeName(typeId)}, but its role is ${roleName(actual)}`,
  IssuerNotActive: ([issuer, status]) => `${issuer} is not active (status ${statusName(status)})`,
  ValidUntilNotInFuture: ([validUntil, current]) =>
    `the grant must end in the future: valid until ${isoTime(BigInt(String(validUntil)))}, chain time ${isoTime(BigInt(String(current)))}`,
  EmptySectorScope: ([typeId]) => `a ${credentialTypeName(typeId)} grant must list at least one sector`,
  SectorScopeNotApplicable: ([typeId]) => `${credentialTypeName(typeId)} grants list no sectors`,
  NotTrustedIssuer: ([issuer, typeId]) => `${issuer} has no grant in force for ${credentialTypeName(typeId)}`,
  ZeroParticipantRegistry: () => "the trusted issuer registry was deployed without a participant registry",
  // EthereumDIDRegistry
  NotOwner: ([identity, caller]) => `${caller} does not control identity ${identity}`,
  BadSignature: ([identity, signer]) =>
    `the signature is not by the controller of identity ${identity} (recovered ${signer})`,
  // OpenZeppelin
  SafeCastOverflowedUintDowncast: ([bits, value]) => `${value} does not fit in ${bits} bits`,
};

/** Finds revert data (0x + selector + arguments) anywhere in an ethers / JSON-RPC error. */
export function revertDataOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && /^0x[0-9a-fA-F]{8}/.test(record.data)) return record.data;
  for (const key of ["error", "info", "cause", "data", "value"]) {
    const nested = revertDataOf(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** `Name(arg, ...)`, with addresses and numbers as they are. */
export function formatErrorCall(parsed: ErrorDescription): string {
  return `${parsed.name}(${parsed.args.toArray().map(String).join(", ")})`;
}

/** A sentence for a decoded custom error; `now` (chain seconds) adds "in ..." to times. */
export function describeContractError(parsed: ErrorDescription, now?: bigint): string {
  const sentence = SENTENCES[parsed.name];
  const args = parsed.args.toArray();
  if (sentence !== undefined) return sentence(args, now);
  if (parsed.name === "Error") return `reverted: ${String(args[0])}`;
  if (parsed.name === "Panic") return `panicked with code ${String(args[0])}`;
  return formatErrorCall(parsed);
}

/** A contract refused a call with a custom error: the sentence, then the error as called. */
export class ContractRevertError extends PermitChainError {
  readonly errorName: string;
  readonly errorArgs: readonly unknown[];

  constructor(
    readonly operation: string,
    readonly sentence: string,
    readonly call: string,
    options: { cause?: unknown; errorName: string; errorArgs: readonly unknown[] },
  ) {
    super("CONTRACT_REVERTED", `${operation}: ${sentence} (${call})`, {
      cause: options.cause,
      details: { error: options.errorName, args: options.errorArgs },
    });
    this.errorName = options.errorName;
    this.errorArgs = options.errorArgs;
  }

  static from(
    operation: string,
    parsed: ErrorDescription,
    now?: bigint,
    cause?: unknown,
  ): ContractRevertError {
    return new ContractRevertError(operation, describeContractError(parsed, now), formatErrorCall(parsed), {
      cause,
      errorName: parsed.name,
      errorArgs: parsed.args.toArray(),
    });
  }

  /** The same error with `more` added to its sentence. */
  withMore(more: string): ContractRevertError {
    return new ContractRevertError(this.operation, `${this.sentence}; ${more}`, this.call, {
      cause: this.cause,
      errorName: this.errorName,
      errorArgs: this.errorArgs,
    });
  }
}

/** A transaction failed without revert data we can decode (network, funds, nonce). */
export class TransactionFailedError extends PermitChainError {
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super("TRANSACTION_FAILED", `${operation}: ${message}`, options);
  }
}

/** Decodes the revert of a failed call into the suite's custom error, if it is one. */
export function parseSuiteError(error: unknown): ErrorDescription | null {
  const data = revertDataOf(error);
  if (data === undefined) return null;
  try {
    return SUITE_ERRORS.parseError(data);
  } catch {
    return null;
  }
}

/**
 * The node's own message inside an ethers error (the JSON-RPC error's `message`), for errors ethers could
 * not classify ("could not coalesce error"): e.g. the embedded chain's "Sender doesn't have enough funds...".
 */
export function nodeMessageOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ["error", "info", "cause"]) {
    const nested = nodeMessageOf(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  if (depth > 0 && typeof record.code === "number" && typeof record.message === "string")
    return record.message;
  return undefined;
}

/** The clearest message of a failed call: ethers' short message, or the node's when ethers had none. */
export function failureMessageOf(error: unknown): string {
  const short =
    (error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message ?? String(error);
  if (!short.includes("could not coalesce error")) return short;
  return nodeMessageOf(error) ?? short;
}

/** A failed contract call as a typed error: a decoded custom error, or the provider's short message. */
export function contractError(operation: string, error: unknown, now?: bigint): PermitChainError {
  if (error instanceof PermitChainError) return error;
  const parsed = parseSuiteError(error);
  if (parsed !== null) return ContractRevertError.from(operation, parsed, now, error);
  return new TransactionFailedError(operation, failureMessageOf(error), { cause: error });
}
