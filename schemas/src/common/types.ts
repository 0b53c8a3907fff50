import type {
  CredentialSchemaReference,
  CredentialType,
  STATUS_REGISTRY_TYPE,
  VC_V1_CONTEXT,
  VERIFIABLE_CREDENTIAL_TYPE,
} from "../ids.js";

/**
 * The TypeScript side of the shared `$defs` (common/defs.ts). Written by hand; common.types.test.ts proves at
 * compile time that the property names and the required ones match the schemas.
 */

/** did:ethr DID, `did:ethr[:network]:0x...`. */
export type DidEthr = `did:ethr:${string}`;
/** 20-byte hex address. */
export type Address = `0x${string}`;
/** 32-byte hash, lower-case hex. */
export type Bytes32 = `0x${string}`;
/** RFC 3339 date-time with an offset, e.g. "2025-03-01T00:00:00+08:00". */
export type DateTimeString = string;
/** RFC 3339 full-date, e.g. "2025-12-31". */
export type DateString = string;

/** An organisation's identity: name, unified social credit code, region (GB/T 2260), sector (GB/T 4754). */
export interface Organization {
  readonly name: string;
  readonly uscc: string;
  readonly region: string;
  readonly sector: string;
}

/** The issuer: its DID, or an object with its DID as `id`. */
export type Issuer =
  | DidEthr
  | { readonly id: DidEthr; readonly name?: string; readonly [extra: string]: unknown };

/** The credential's entry in the on-chain status registry. */
export interface CredentialStatus {
  readonly id: string;
  readonly type: typeof STATUS_REGISTRY_TYPE;
  readonly statusRegistry: Address;
  readonly statusIssuer: Address;
  /** The index of the status bit, a uint256 in decimal. */
  readonly statusIndex: string;
}

/** A VC 1.1 extension object (evidence, termsOfUse, refreshService). */
export interface TypedObject {
  readonly id?: string;
  readonly type: string | readonly string[];
  readonly [extra: string]: unknown;
}

/** The VC 1.1 envelope of a PermitChain credential of type `T` about subject `S`. */
export interface VerifiableCredential<T extends CredentialType, S> {
  readonly "@context": readonly [typeof VC_V1_CONTEXT, ...(string | Readonly<Record<string, unknown>>)[]];
  readonly id?: string;
  readonly type: readonly [typeof VERIFIABLE_CREDENTIAL_TYPE, T, ...string[]];
  readonly issuer: Issuer;
  readonly issuanceDate: DateTimeString;
  readonly expirationDate?: DateTimeString;
  readonly credentialSubject: S;
  readonly credentialSchema: CredentialSchemaReference<T>;
  readonly credentialStatus: CredentialStatus;
  readonly evidence?: TypedObject | readonly TypedObject[];
  readonly termsOfUse?: TypedObject | readonly TypedObject[];
  readonly refreshService?: TypedObject | readonly TypedObject[];
  readonly proof?: Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];
  /** Registered JWT claims a credential decoded from a JWT (did-jwt-vc) may keep. */
  readonly iss?: string;
  readonly sub?: string;
  readonly jti?: string;
  readonly aud?: string | readonly string[];
  readonly iat?: number;
  readonly nbf?: number;
  readonly exp?: number;
}
