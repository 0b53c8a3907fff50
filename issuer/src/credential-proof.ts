import {
  CREDENTIAL_PROOF_TYPES,
  type CredentialProof,
  CredentialType,
  canonicalPollutantCaps,
  credentialIdHash,
  credentialProofDomain,
  type PermittedPollutantCap,
  permitClaimsHash,
  signCredentialProof,
} from "@permitchain/contracts";
import type { DischargePermitSubject } from "@permitchain/schemas";
import type { IssuerIdentity } from "./keys.js";
import { unixSeconds } from "./time.js";

/** Where proofs are verified: the manifest's chain id and CredentialProofVerifier. */
export interface ProofDomain {
  readonly chainId: number;
  readonly verifyingContract: string;
}

/** The EIP-712 proof as the service returns it: typed data (numbers as decimal strings) and signature. */
export interface CredentialProofView {
  readonly typedData: {
    readonly domain: { name: string; version: string; chainId: number; verifyingContract: string };
    readonly types: Record<string, readonly { name: string; type: string }[]>;
    readonly primaryType: "CredentialProof";
    readonly message: Record<string, string>;
  };
  /** 65-byte r, s, v signature, 0x-hex. */
  readonly signature: string;
  /** The address that signed (the issuer DID's owner or a veriKey delegate). */
  readonly signer: string;
  /** The permit's caps in the canonical order its claims hash covers (pass them to contracts that check caps). */
  readonly caps: readonly { pollutant: string; medium: string; annualCapGrams: string }[];
}

/** The claims of a permit's proof, computed before anything is allocated so that a bad permit fails early. */
export interface PermitProofClaims {
  readonly claimsHash: string;
  readonly caps: readonly { pollutant: string; medium: string; annualCapGrams: string }[];
  readonly validFrom: bigint;
  readonly validUntil: bigint;
}

/**
 * The claims an EIP-712 proof of a DischargePermitCredential covers: the canonical caps and their hash, and
 * the validity window (the permit's validity, ended earlier by `expirationDate` if that comes first). Throws a
 * RangeError when a cap is not a whole number of grams or a pollutant is capped twice for a medium.
 */
export function permitProofClaims(
  subject: DischargePermitSubject,
  expirationDate: string | undefined,
): PermitProofClaims {
  const pollutants = subject.pollutants as readonly PermittedPollutantCap[];
  const caps = canonicalPollutantCaps(pollutants).map((cap) => ({
    pollutant: cap.pollutant,
    medium: cap.medium,
    annualCapGrams: cap.annualCapGrams.toString(),
  }));
  const validFrom = unixSeconds(subject.validity.validFrom);
  let validUntil = unixSeconds(subject.validity.validUntil);
  const expires = expirationDate === undefined ? undefined : unixSeconds(expirationDate);
  if (validFrom === undefined || validUntil === undefined)
    throw new RangeError("the permit validity is not a date");
  if (expires !== undefined && expires < validUntil) validUntil = expires;
  return {
    claimsHash: permitClaimsHash(pollutants),
    caps,
    validFrom: BigInt(validFrom),
    validUntil: BigInt(validUntil),
  };
}

/**
 * Signs the EIP-712 `CredentialProof` of a permit, bound to the credential's id and status index, with the
 * issuer's signing key.
 */
export async function signPermitProof(parameters: {
  issuer: IssuerIdentity;
  domain: ProofDomain;
  credentialId: string;
  subjectAddress: string;
  statusIndex: bigint;
  claims: PermitProofClaims;
}): Promise<CredentialProofView> {
  const { issuer, domain, claims } = parameters;
  const proof: CredentialProof = {
    credentialId: credentialIdHash(parameters.credentialId),
    credentialType: CredentialType.DischargePermit,
    issuer: issuer.address,
    subject: parameters.subjectAddress,
    statusIndex: parameters.statusIndex,
    validFrom: claims.validFrom,
    validUntil: claims.validUntil,
    claimsHash: claims.claimsHash,
  };
  const signature = await signCredentialProof(issuer.signingKey, domain, proof);
  const typedDomain = credentialProofDomain(domain);
  return {
    typedData: {
      domain: {
        name: String(typedDomain.name),
        version: String(typedDomain.version),
        chainId: domain.chainId,
        verifyingContract: domain.verifyingContract,
      },
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
        ],
        CredentialProof: CREDENTIAL_PROOF_TYPES.CredentialProof.map(({ name, type }) => ({ name, type })),
      },
      primaryType: "CredentialProof",
      message: Object.fromEntries(Object.entries(proof).map(([key, value]) => [key, String(value)])),
    },
    signature,
    signer: issuer.signingKey.address,
    caps: claims.caps,
  };
}
