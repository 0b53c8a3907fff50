import { credentialTypeId } from "@permitchain/contracts";
import type { CredentialType } from "@permitchain/schemas";
import { messageOf } from "./check-did.js";
import { isoOf } from "./check-validity.js";
import { type CheckResult, ReasonCode } from "./codes.js";
import { parseEthrDid } from "./did-ethr.js";

/** A grant as `trustAt` returns it: whether one was in force at a block, and until when (Unix seconds). */
export interface TrustAtResult {
  readonly granted: boolean;
  readonly validUntil: bigint;
}

/**
 * What the verifier asks the trusted issuer registry (see `createTrustedIssuerRegistryReader` for the contract
 * adapter). Addresses are checksummed; `typeId` is `credentialTypeId(typeName)`. At least one of `wasTrustedAt`
 * and `trustAt` is required; with both, both must agree (participant status at the block, and the grant's expiry
 * against the issuance time).
 */
export interface TrustedIssuerReader {
  /** Whether `issuer` may issue `typeId` now (grant in force, not expired, issuer active). */
  isTrusted(issuer: string, typeId: string): Promise<boolean>;
  /** Whether `issuer` was trusted for `typeId` at the end of block `blockNumber` (grant and participant status). */
  wasTrustedAt?(issuer: string, typeId: string, blockNumber: number): Promise<boolean>;
  /** The grant in force at the end of block `blockNumber`. */
  trustAt?(issuer: string, typeId: string, blockNumber: number): Promise<TrustAtResult>;
  /** The last block whose timestamp is at or before `timestamp` (Unix seconds); null if the chain began after it. */
  blockAt(timestamp: number): Promise<number | null>;
}

/** keccak256 of each type name, computed once. */
const typeIds = new Map<CredentialType, string>();
function typeIdOf(type: CredentialType): string {
  let typeId = typeIds.get(type);
  if (typeId === undefined) {
    typeId = credentialTypeId(type);
    typeIds.set(type, typeId);
  }
  return typeId;
}

export interface CheckIssuerTrustParameters {
  readonly issuer: string;
  readonly credentialType: CredentialType | undefined;
  /** The credential's issuance time (see `issuanceTime`), Unix seconds. */
  readonly issuedAt: number | undefined;
  /**
   * The block that allocated the credential's status entry, when it has one in the registry read (see
   * `CredentialStatusReader.allocationBlock`): the credential cannot be older, so trust at issuance is checked at
   * the later of this block and the block of the stated issuance time.
   */
  readonly allocationBlock?: (() => Promise<number | undefined>) | undefined;
  readonly reader: TrustedIssuerReader;
}

/**
 * The issuer must be trusted for the credential's type now (`isTrusted`) and at issuance: at the last block at or
 * before the issuance time, or at the status entry's allocation block when that is later (a credential stating an
 * earlier time, as one stamped by a wall clock behind the chain's does, is still no older than its entry), per
 * `wasTrustedAt` and/or `trustAt` (whose grant must not have ended by the issuance time). Not
 * trusted now: ISSUER_UNTRUSTED (whatever the past); trusted now but not then: ISSUER_UNTRUSTED_AT_ISSUANCE.
 * A reader that throws: error CHAIN_UNREACHABLE.
 */
export async function checkIssuerTrust(parameters: CheckIssuerTrustParameters): Promise<CheckResult> {
  const { issuer, credentialType, issuedAt, reader } = parameters;
  const fail = (code: ReasonCode, message: string): CheckResult => ({
    check: "issuerTrust",
    status: "fail",
    code,
    message,
  });
  if (credentialType === undefined) {
    return fail(
      ReasonCode.CREDENTIAL_TYPE_UNKNOWN,
      "the credential names no credential type the trusted issuer registry knows",
    );
  }
  const did = parseEthrDid(issuer);
  if (did === undefined)
    return fail(
      ReasonCode.ISSUER_UNTRUSTED,
      `${issuer.slice(0, 80)} is not a did:ethr DID the registry can name`,
    );
  const typeId = typeIdOf(credentialType);
  try {
    const [now, then] = await Promise.all([
      reader.isTrusted(did.address, typeId),
      issuedAt === undefined
        ? Promise.resolve(undefined)
        : trustedAt(reader, did.address, typeId, issuedAt, parameters.allocationBlock),
    ]);
    if (!now) {
      return fail(
        ReasonCode.ISSUER_UNTRUSTED,
        `${issuer} is not trusted for ${credentialType} now${then === true ? " (it was at issuance)" : ""}`,
      );
    }
    if (then === undefined)
      return fail(ReasonCode.ISSUER_UNTRUSTED_AT_ISSUANCE, "the credential states no issuance time");
    if (then !== true)
      return fail(
        ReasonCode.ISSUER_UNTRUSTED_AT_ISSUANCE,
        `${issuer} was not trusted for ${credentialType} ${then}`,
      );
    return {
      check: "issuerTrust",
      status: "pass",
      code: ReasonCode.ISSUER_TRUSTED,
      message: `${issuer} is trusted for ${credentialType}, now and at issuance`,
    };
  } catch (error) {
    return {
      check: "issuerTrust",
      status: "error",
      code: ReasonCode.CHAIN_UNREACHABLE,
      message: `the trusted issuer registry could not be read: ${messageOf(error)}`,
    };
  }
}

/** true, or why not (a phrase completing "was not trusted ..."). */
async function trustedAt(
  reader: TrustedIssuerReader,
  issuer: string,
  typeId: string,
  at: number,
  allocationBlock: (() => Promise<number | undefined>) | undefined,
): Promise<true | string> {
  const [stated, allocated] = await Promise.all([reader.blockAt(at), allocationBlock?.()]);
  let block: number;
  let when: string;
  if (allocated !== undefined && (stated === null || allocated > stated)) {
    block = allocated;
    when = `at issuance (no earlier than its status entry, allocated in block ${block})`;
  } else if (stated !== null) {
    block = stated;
    when = `at issuance (${isoOf(at)}), block ${block}`;
  } else {
    return `at issuance (${isoOf(at)}): the chain began after it`;
  }
  const [was, grant] = await Promise.all([
    reader.wasTrustedAt?.(issuer, typeId, block),
    reader.trustAt?.(issuer, typeId, block),
  ]);
  if (was === false) return when;
  if (grant !== undefined) {
    if (!grant.granted) return `${when}: no grant`;
    if (grant.validUntil <= BigInt(at)) return `${when}: the grant had ended`;
  }
  return true;
}
