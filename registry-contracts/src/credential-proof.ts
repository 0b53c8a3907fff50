// The EIP-712 credential proof of CredentialProofTypes.sol: typed data, signing, digest, claims hash.
import {
  encodeBytes32String,
  Interface,
  keccak256,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  toUtf8Bytes,
  verifyTypedData,
} from "ethers";
import { credentialProofVerifierAbi } from "./generated/index.js";

/** The EIP-712 domain name of the credential proof verifier. */
export const CREDENTIAL_PROOF_DOMAIN_NAME = "PermitChain Credential Proof";
/** The EIP-712 domain version of the credential proof verifier. */
export const CREDENTIAL_PROOF_DOMAIN_VERSION = "1";

/**
 * What an issuer signs alongside a verifiable credential (`CredentialProof` in CredentialProofTypes.sol). Hex
 * strings are 0x-prefixed; times are Unix seconds on every chain (also where `block.timestamp` counts ms).
 */
export interface CredentialProof {
  /** keccak256 of the credential's `id` URI: `credentialIdHash(vc.id)`. */
  credentialId: string;
  /** bytes32 credential type id, keccak256 of the W3C type name, e.g. `CredentialType.DischargePermit`. */
  credentialType: string;
  /** The issuer's DID address (`did:ethr:<issuer>`), also the credential's `statusIssuer`. */
  issuer: string;
  /** The holder's DID address (`credentialSubject.id` is `did:ethr:<subject>`). */
  subject: string;
  /** The credential's `statusIndex` under `issuer` in the credential status registry. */
  statusIndex: bigint;
  /** Unix seconds from which the proof holds (inclusive). */
  validFrom: bigint;
  /** Unix seconds from which it no longer holds (exclusive). */
  validUntil: bigint;
  /** For a DischargePermitCredential `permitClaimsHash(caps)`; for another type what issuer and consumers agree. */
  claimsHash: string;
}

/** Where a proof is verified: the EIP-712 domain's variable fields. */
export interface CredentialProofDomainParameters {
  /**
   * The chain id of the deployment configuration (the manifest's `chainId`), which the verifier was deployed
   * with; not what the `CHAINID` opcode says (0 on FISCO BCOS).
   */
  chainId: bigint | number;
  /** The CredentialProofVerifier's address (the manifest's `contracts.CredentialProofVerifier`). */
  verifyingContract: string;
}

/** The EIP-712 types of a credential proof (the domain type is implied by the domain's fields). */
export const CREDENTIAL_PROOF_TYPES: Readonly<Record<"CredentialProof", TypedDataField[]>> = Object.freeze({
  CredentialProof: [
    { name: "credentialId", type: "bytes32" },
    { name: "credentialType", type: "bytes32" },
    { name: "issuer", type: "address" },
    { name: "subject", type: "address" },
    { name: "statusIndex", type: "uint256" },
    { name: "validFrom", type: "uint64" },
    { name: "validUntil", type: "uint64" },
    { name: "claimsHash", type: "bytes32" },
  ],
});

/** A credential proof as EIP-712 typed data, ready for `eth_signTypedData_v4` or ethers' `signTypedData`. */
export interface CredentialProofTypedData {
  domain: TypedDataDomain;
  types: Record<"CredentialProof", TypedDataField[]>;
  primaryType: "CredentialProof";
  message: CredentialProof;
}

/** The EIP-712 domain of the verifier at `parameters.verifyingContract` on chain `parameters.chainId`. */
export function credentialProofDomain(parameters: CredentialProofDomainParameters): TypedDataDomain {
  return {
    name: CREDENTIAL_PROOF_DOMAIN_NAME,
    version: CREDENTIAL_PROOF_DOMAIN_VERSION,
    chainId: BigInt(parameters.chainId),
    verifyingContract: parameters.verifyingContract,
  };
}

/** `proof` as EIP-712 typed data in the verifier's domain. */
export function credentialProofTypedData(
  domainParameters: CredentialProofDomainParameters,
  proof: CredentialProof,
): CredentialProofTypedData {
  return {
    domain: credentialProofDomain(domainParameters),
    types: { CredentialProof: [...CREDENTIAL_PROOF_TYPES.CredentialProof] },
    primaryType: "CredentialProof",
    message: { ...proof },
  };
}

/** The digest the issuer signs for `proof`: what the verifier's `proofDigest(proof)` returns. */
export function credentialProofDigest(
  domainParameters: CredentialProofDomainParameters,
  proof: CredentialProof,
): string {
  const { domain, types, message } = credentialProofTypedData(domainParameters, proof);
  return TypedDataEncoder.hash(domain, types, message);
}

/** Signs EIP-712 typed data; an ethers `Signer` (a `Wallet`, a `JsonRpcSigner`) is one. */
export interface TypedDataSigner {
  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string>;
}

/**
 * Signs `proof` for the verifier of `domainParameters` with `signer`: the issuer DID's owner key or one of its
 * `veriKey` delegates. Returns the 65-byte signature (r, s, v) the verifier takes; ethers signs low-s.
 */
export function signCredentialProof(
  signer: TypedDataSigner,
  domainParameters: CredentialProofDomainParameters,
  proof: CredentialProof,
): Promise<string> {
  const { domain, types, message } = credentialProofTypedData(domainParameters, proof);
  return signer.signTypedData(domain, types, { ...message });
}

/** The address that signed `proof` in the verifier's domain (off-chain counterpart of the first check). */
export function recoverCredentialProofSigner(
  domainParameters: CredentialProofDomainParameters,
  proof: CredentialProof,
  signature: string,
): string {
  const { domain, types, message } = credentialProofTypedData(domainParameters, proof);
  return verifyTypedData(domain, types, message, signature);
}

/** `credentialId` of a proof: keccak256 of the credential's `id` URI as UTF-8. */
export function credentialIdHash(credentialId: string): string {
  return keccak256(toUtf8Bytes(credentialId));
}

const verifierInterface = new Interface(credentialProofVerifierAbi);

/** A failed check of the verifier, decoded: the custom error's name and arguments. */
export interface CredentialProofFailure {
  name: string;
  args: unknown[];
}

/**
 * Decodes the `failure` data of `checkProof` (or the revert data of `requireEligible`, `registerProof`,
 * `requireRegistered`); undefined for empty data or an error the verifier does not declare.
 */
export function decodeCredentialProofFailure(failure: string): CredentialProofFailure | undefined {
  if (failure === "0x") return undefined;
  const parsed = verifierInterface.parseError(failure);
  return parsed === null ? undefined : { name: parsed.name, args: parsed.args.toArray() };
}

// ---------------------------------------------------------------- permit claims

/** An environmental medium of a permitted pollutant. */
export type PermitMedium = "air" | "water";

/** One annual cap of a discharge permit as the contracts take it (`PollutantCap` in CredentialProofTypes.sol). */
export interface PollutantCap {
  /** The pollutant code as right-padded ASCII bytes32: `pollutantId("SO2")`. */
  pollutant: string;
  /** "air" or "water" as right-padded ASCII bytes32: `encodeBytes32String("air")`. */
  medium: string;
  /** The permitted annual emission in grams. */
  annualCapGrams: bigint;
}

/**
 * A permitted pollutant as a DischargePermitCredential's `credentialSubject.pollutants[]` carries it (the
 * fields the claims hash covers; `PermittedPollutant` of @permitchain/schemas fits).
 */
export interface PermittedPollutantCap {
  readonly code: string;
  readonly medium: PermitMedium;
  readonly annualCap: { readonly value: number; readonly unit: "t/a" | "kg/a" };
}

/** EIP-712 types of the claims of a permit: `PermitClaims(PollutantCap[] caps)`. */
export const PERMIT_CLAIMS_TYPES: Readonly<Record<"PermitClaims" | "PollutantCap", TypedDataField[]>> =
  Object.freeze({
    PermitClaims: [{ name: "caps", type: "PollutantCap[]" }],
    PollutantCap: [
      { name: "pollutant", type: "bytes32" },
      { name: "medium", type: "bytes32" },
      { name: "annualCapGrams", type: "uint256" },
    ],
  });

/** A pollutant code (e.g. "NH3-N") as the bytes32 the contracts take: right-padded ASCII, at most 31 bytes. */
export function pollutantId(code: string): string {
  return encodeBytes32String(code);
}

const GRAM_DECIMALS = { "t/a": 6, "kg/a": 3 } as const;

/** An annual cap in grams; throws a RangeError if it is negative, not finite, or finer than a gram. */
export function annualCapInGrams(cap: PermittedPollutantCap["annualCap"]): bigint {
  const decimals = GRAM_DECIMALS[cap.unit];
  if (decimals === undefined) throw new RangeError(`unknown annual cap unit ${String(cap.unit)}`);
  const fixed = Number.isFinite(cap.value) && cap.value >= 0 ? cap.value.toFixed(decimals) : "";
  if (!/^\d+\.\d+$/.test(fixed) || Number(fixed) !== cap.value) {
    throw new RangeError(`annual cap ${cap.value} ${cap.unit} is not a whole, non-negative number of grams`);
  }
  return BigInt(fixed.replace(".", ""));
}

/**
 * The caps a permit's claims hash covers, in the canonical order the hash takes: sorted by pollutant, then
 * medium, as bytes. Pass this list to a contract that checks caps against `proof.claimsHash`. Throws a
 * RangeError for a pollutant and medium listed twice.
 */
export function canonicalPollutantCaps(
  caps: readonly (PollutantCap | PermittedPollutantCap)[],
): PollutantCap[] {
  const converted = caps.map(
    (cap): PollutantCap =>
      "code" in cap
        ? {
            pollutant: pollutantId(cap.code),
            medium: encodeBytes32String(cap.medium),
            annualCapGrams: annualCapInGrams(cap.annualCap),
          }
        : {
            pollutant: cap.pollutant.toLowerCase(),
            medium: cap.medium.toLowerCase(),
            annualCapGrams: cap.annualCapGrams,
          },
  );
  converted.sort((a, b) => compare(a.pollutant, b.pollutant) || compare(a.medium, b.medium));
  for (let i = 1; i < converted.length; i++) {
    const [previous, current] = [converted[i - 1], converted[i]];
    if (previous?.pollutant === current?.pollutant && previous?.medium === current?.medium) {
      throw new RangeError(`pollutant ${current?.pollutant} is capped twice for medium ${current?.medium}`);
    }
  }
  return converted;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `claimsHash` of a DischargePermitCredential: EIP-712 `hashStruct` of `PermitClaims { caps }` over the
 * canonical caps (see `canonicalPollutantCaps`), i.e. keccak256(PERMIT_CLAIMS_TYPEHASH, keccak256(concatenated
 * keccak256(POLLUTANT_CAP_TYPEHASH, pollutant, medium, annualCapGrams))). The verifier's
 * `permitClaimsHash(caps)` computes the same on chain. Takes the credential subject's `pollutants` or caps.
 */
export function permitClaimsHash(caps: readonly (PollutantCap | PermittedPollutantCap)[]): string {
  return TypedDataEncoder.hashStruct(
    "PermitClaims",
    {
      PermitClaims: [...PERMIT_CLAIMS_TYPES.PermitClaims],
      PollutantCap: [...PERMIT_CLAIMS_TYPES.PollutantCap],
    },
    { caps: canonicalPollutantCaps(caps) },
  );
}
