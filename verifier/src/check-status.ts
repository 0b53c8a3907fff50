import { STATUS_REGISTRY_TYPE } from "@permitchain/schemas";
import { messageOf } from "./check-did.js";
import { type CheckResult, ReasonCode } from "./codes.js";
import { parseEthrDid } from "./did-ethr.js";

/** A credential's live status in the on-chain status registry. */
export type CredentialStatusValue = "active" | "suspended" | "revoked" | "unallocated";

/**
 * Reads credential status from the status registry (a contract adapter implements it). `issuer` is the
 * checksummed address of the issuing DID, `index` the credential's status index.
 */
export interface CredentialStatusReader {
  /** The status; with `blockTag`, as of that block (a reader that cannot pin a block may ignore it). */
  statusOf(issuer: string, index: bigint, options?: { blockTag?: number }): Promise<CredentialStatusValue>;
  /** The registry contract's address; when set, a credential naming another registry fails. */
  readonly registry?: string;
  /**
   * The block in which `index` of `issuer` was allocated; undefined while it is not. The credential it belongs to
   * cannot be older than that block, so the issuer-trust check uses it as a floor for the stated issuance time.
   */
  allocationBlock?(issuer: string, index: bigint): Promise<number | undefined>;
  /**
   * Brings a caching reader up to the chain head (`createCachedStatusReader`). When set, the verifier calls it
   * once per `verifyCredential`, `verifyPresentation` and `verifyMany` call, before any status is read: every
   * answer of that call is then exact as of the head it read. A rejection makes the status checks errors.
   */
  sync?(): Promise<void>;
}

export interface CheckStatusParameters {
  readonly issuer: string;
  /** The credential's `credentialStatus`, as it stands. */
  readonly credentialStatus: unknown;
  readonly statusOf: (issuer: string, index: bigint) => Promise<CredentialStatusValue>;
  readonly registry: string | undefined;
}

const INDEX = /^(?:0|[1-9][0-9]{0,77})$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const UINT256_MAX = (1n << 256n) - 1n;

/** A PermitChain status entry of the credential's issuer: the address it is filed under and its index. */
export interface StatusEntry {
  readonly issuerAddress: string;
  readonly index: bigint;
  readonly statusIndex: string;
}

/**
 * `credentialStatus` as a status entry of the issuer itself (statusIssuer = the issuer's address) with a decimal
 * uint256 index, in `registry` when one is set; else the reason code and message of why not.
 */
export function parseStatusEntry(
  issuer: string,
  credentialStatus: unknown,
  registry: string | undefined,
):
  | { readonly ok: true; readonly entry: StatusEntry }
  | { readonly ok: false; readonly code: ReasonCode; readonly message: string } {
  const fail = (code: ReasonCode, message: string) => ({ ok: false as const, code, message });
  const entry = credentialStatus;
  if (entry === undefined) return fail(ReasonCode.STATUS_MISSING, "the credential has no credentialStatus");
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return fail(ReasonCode.STATUS_MALFORMED, "credentialStatus is not an object");
  }
  const { type, statusRegistry, statusIssuer, statusIndex } = entry as Record<string, unknown>;
  if (type !== STATUS_REGISTRY_TYPE) {
    return fail(ReasonCode.STATUS_MALFORMED, `credentialStatus.type must be ${STATUS_REGISTRY_TYPE}`);
  }
  if (typeof statusRegistry !== "string" || !ADDRESS.test(statusRegistry)) {
    return fail(ReasonCode.STATUS_MALFORMED, "credentialStatus.statusRegistry is not an address");
  }
  if (registry !== undefined && statusRegistry.toLowerCase() !== registry.toLowerCase()) {
    return fail(
      ReasonCode.STATUS_REGISTRY_UNKNOWN,
      `status registry ${statusRegistry} is not the one this verifier reads`,
    );
  }
  const did = parseEthrDid(issuer);
  if (did === undefined)
    return fail(ReasonCode.STATUS_MALFORMED, "the issuer is not a did:ethr DID with a status list");
  if (typeof statusIssuer !== "string" || statusIssuer.toLowerCase() !== did.address.toLowerCase()) {
    return fail(ReasonCode.STATUS_MALFORMED, "credentialStatus.statusIssuer is not the issuer's address");
  }
  if (typeof statusIndex !== "string" || !INDEX.test(statusIndex) || BigInt(statusIndex) > UINT256_MAX) {
    return fail(ReasonCode.STATUS_MALFORMED, "credentialStatus.statusIndex is not a decimal uint256");
  }
  return { ok: true, entry: { issuerAddress: did.address, index: BigInt(statusIndex), statusIndex } };
}

/**
 * The credential's status bit, read live from the entry `parseStatusEntry` accepts (else its failure). active
 * passes; revoked, suspended and unallocated fail; a reader that throws is an error.
 */
export async function checkStatus(parameters: CheckStatusParameters): Promise<CheckResult> {
  const fail = (code: ReasonCode, message: string): CheckResult => ({
    check: "status",
    status: "fail",
    code,
    message,
  });
  const parsed = parseStatusEntry(parameters.issuer, parameters.credentialStatus, parameters.registry);
  if (!parsed.ok) return fail(parsed.code, parsed.message);
  const { issuerAddress, index, statusIndex } = parsed.entry;
  let status: CredentialStatusValue;
  try {
    status = await parameters.statusOf(issuerAddress, index);
  } catch (error) {
    return {
      check: "status",
      status: "error",
      code: ReasonCode.CHAIN_UNREACHABLE,
      message: `the status registry could not be read: ${messageOf(error)}`,
    };
  }
  switch (status) {
    case "active":
      return {
        check: "status",
        status: "pass",
        code: ReasonCode.STATUS_ACTIVE,
        message: `status ${statusIndex} is active`,
      };
    case "revoked":
      return fail(ReasonCode.STATUS_REVOKED, `the issuer revoked the credential (status ${statusIndex})`);
    case "suspended":
      return fail(ReasonCode.STATUS_SUSPENDED, `the issuer suspended the credential (status ${statusIndex})`);
    case "unallocated":
      return fail(ReasonCode.STATUS_UNALLOCATED, `the issuer never allocated status ${statusIndex}`);
    default:
      return {
        check: "status",
        status: "error",
        code: ReasonCode.INTERNAL_ERROR,
        message: `the status reader answered ${JSON.stringify(status)}`,
      };
  }
}
