// The issuer's EIP-712 credential proof as the wallet receives, checks and keeps it.
import {
  CREDENTIAL_PROOF_DOMAIN_NAME,
  CREDENTIAL_PROOF_DOMAIN_VERSION,
  CREDENTIAL_PROOF_TYPES,
  type CredentialProof,
  credentialIdHash,
  credentialTypeId,
  type PermittedPollutantCap,
  permitClaimsHash,
  recoverCredentialProofSigner,
} from "@permitchain/contracts";
import { getAddress, isHexString } from "ethers";
import type { StoredCredentialProof } from "../stores/credential-store.js";

type Json = Record<string, unknown>;

/**
 * An EIP-712 credential proof as the issuer service returns it beside a permit (`proof` of
 * `POST /credentials/issue`): typed data with numbers as decimal strings (numbers and bigints are taken too),
 * the signature, and optionally the signer and the canonical caps.
 */
export interface CredentialProofInput {
  readonly typedData: {
    readonly domain: {
      readonly name?: string;
      readonly version?: string;
      readonly chainId: number | string | bigint;
      readonly verifyingContract: string;
    };
    readonly types?: Readonly<Record<string, readonly { name: string; type: string }[]>>;
    readonly primaryType?: string;
    readonly message: Readonly<Record<string, string | number | bigint>>;
  };
  readonly signature: string;
  readonly signer?: string;
  readonly caps?: readonly {
    readonly pollutant: string;
    readonly medium: string;
    readonly annualCapGrams: string | number | bigint;
  }[];
}

const UINT = /^(?:0|[1-9][0-9]{0,77})$/;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function decimal(value: unknown): string | undefined {
  if (typeof value === "bigint") return value >= 0n ? value.toString() : undefined;
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  return typeof value === "string" && UINT.test(value) ? value : undefined;
}

function address(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    return getAddress(value);
  } catch {
    return undefined;
  }
}

const bytes32 = (value: unknown): string | undefined =>
  typeof value === "string" && isHexString(value, 32) ? value.toLowerCase() : undefined;

export type ParseProofResult =
  | { readonly ok: true; readonly proof: StoredCredentialProof }
  | { readonly ok: false; readonly reasons: string[] };

/** Reads and normalises a proof; the signer is recovered from the signature over the proof's own domain. */
export function parseCredentialProof(input: unknown): ParseProofResult {
  const reasons: string[] = [];
  const typedData = isRecord(input) ? input.typedData : undefined;
  if (
    !isRecord(input) ||
    !isRecord(typedData) ||
    !isRecord(typedData.domain) ||
    !isRecord(typedData.message)
  ) {
    return { ok: false, reasons: ["the proof is not { typedData: { domain, message }, signature }"] };
  }
  const domain = typedData.domain;
  const message = typedData.message;
  if (typedData.primaryType !== undefined && typedData.primaryType !== "CredentialProof") {
    reasons.push(`primaryType is ${String(typedData.primaryType)}, not CredentialProof`);
  }
  if (typedData.types !== undefined) {
    const declared = isRecord(typedData.types) ? typedData.types.CredentialProof : undefined;
    const expected = CREDENTIAL_PROOF_TYPES.CredentialProof.map(({ name, type }) => `${type} ${name}`);
    const given = Array.isArray(declared)
      ? declared.map((field: Json) => `${String(field?.type)} ${String(field?.name)}`)
      : [];
    if (given.join(",") !== expected.join(",")) reasons.push("types.CredentialProof is not the verifier's");
  }
  const name = String(domain.name ?? CREDENTIAL_PROOF_DOMAIN_NAME);
  const version = String(domain.version ?? CREDENTIAL_PROOF_DOMAIN_VERSION);
  if (name !== CREDENTIAL_PROOF_DOMAIN_NAME)
    reasons.push(`domain.name is not "${CREDENTIAL_PROOF_DOMAIN_NAME}"`);
  if (version !== CREDENTIAL_PROOF_DOMAIN_VERSION) {
    reasons.push(`domain.version is not "${CREDENTIAL_PROOF_DOMAIN_VERSION}"`);
  }
  const chainId = decimal(domain.chainId);
  const verifyingContract = address(domain.verifyingContract);
  if (chainId === undefined) reasons.push("domain.chainId is not a chain id");
  if (verifyingContract === undefined) reasons.push("domain.verifyingContract is not an address");
  const fields = {
    credentialId: bytes32(message.credentialId),
    credentialType: bytes32(message.credentialType),
    issuer: address(message.issuer),
    subject: address(message.subject),
    statusIndex: decimal(message.statusIndex),
    validFrom: decimal(message.validFrom),
    validUntil: decimal(message.validUntil),
    claimsHash: bytes32(message.claimsHash),
  };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) reasons.push(`message.${field} is missing or malformed`);
  }
  const signature = input.signature;
  if (typeof signature !== "string" || !isHexString(signature, 65)) {
    reasons.push("signature is not 65 bytes of 0x-hex");
  }
  let caps: StoredCredentialProof["caps"];
  if (input.caps !== undefined) {
    const list = Array.isArray(input.caps) ? input.caps : [];
    caps = list.map((cap: Json) => ({
      pollutant: bytes32(cap?.pollutant) ?? "",
      medium: bytes32(cap?.medium) ?? "",
      annualCapGrams: decimal(cap?.annualCapGrams) ?? "",
    }));
    if (!Array.isArray(input.caps) || caps.some((cap) => Object.values(cap).includes(""))) {
      reasons.push("caps is not a list of { pollutant, medium, annualCapGrams }");
    }
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const stored = {
    domain: { name, version, chainId: chainId!, verifyingContract: verifyingContract! },
    message: fields as StoredCredentialProof["message"],
    signature: (signature as string).toLowerCase(),
    signer: "",
    caps,
  };
  try {
    stored.signer = recoverCredentialProofSigner(
      { chainId: BigInt(stored.domain.chainId), verifyingContract: stored.domain.verifyingContract },
      toCredentialProof(stored),
      stored.signature,
    );
  } catch (error) {
    return { ok: false, reasons: [`the signature recovers to no address: ${(error as Error).message}`] };
  }
  const claimed = input.signer === undefined ? undefined : address(input.signer);
  if (input.signer !== undefined && claimed !== stored.signer) {
    return {
      ok: false,
      reasons: [`the signature recovers to ${stored.signer}, not the signer ${String(input.signer)}`],
    };
  }
  return { ok: true, proof: stored };
}

/** The proof as `CredentialProofVerifier` takes it (`CredentialProof` struct, uint fields as bigints). */
export function toCredentialProof(proof: Pick<StoredCredentialProof, "message">): CredentialProof {
  const { message } = proof;
  return {
    credentialId: message.credentialId,
    credentialType: message.credentialType,
    issuer: message.issuer,
    subject: message.subject,
    statusIndex: BigInt(message.statusIndex),
    validFrom: BigInt(message.validFrom),
    validUntil: BigInt(message.validUntil),
    claimsHash: message.claimsHash,
  };
}

export interface ProofBindingParameters {
  readonly proof: StoredCredentialProof;
  /** The W3C credential the proof came with. */
  readonly credential: Readonly<Json>;
  /** Its own type (DischargePermitCredential, ...). */
  readonly type: string;
  /** The issuer's and the subject's identity addresses. */
  readonly issuerAddress: string;
  readonly subjectAddress: string;
  /** The wallet's chain id, and the verifier contract the wallet is configured with, if any. */
  readonly chainId: bigint;
  readonly verifyingContract: string | undefined;
}

/**
 * Why the proof is not the issuer's proof of this credential, for this chain (empty when it is): the same
 * credential id (keccak256 of `id`), type, issuer, subject, status entry and, for a permit, the claims hash of
 * its caps; a window that is not empty; the wallet's chain and verifier contract.
 */
export function proofBindingReasons(parameters: ProofBindingParameters): string[] {
  const { proof, credential, type } = parameters;
  const { message } = proof;
  const reasons: string[] = [];
  if (BigInt(proof.domain.chainId) !== parameters.chainId) {
    reasons.push(`the proof is for chain ${proof.domain.chainId}, the wallet's is ${parameters.chainId}`);
  }
  if (
    parameters.verifyingContract !== undefined &&
    proof.domain.verifyingContract !== parameters.verifyingContract
  ) {
    reasons.push(
      `the proof is for the verifier ${proof.domain.verifyingContract}, the wallet's is ${parameters.verifyingContract}`,
    );
  }
  const id = credential.id;
  if (typeof id !== "string" || credentialIdHash(id) !== message.credentialId) {
    reasons.push("message.credentialId is not keccak256 of the credential's id");
  }
  if (credentialTypeId(type) !== message.credentialType) {
    reasons.push(`message.credentialType is not the id of ${type}`);
  }
  if (message.issuer !== parameters.issuerAddress)
    reasons.push("message.issuer is not the credential's issuer");
  if (message.subject !== parameters.subjectAddress) {
    reasons.push("message.subject is not the credential's subject");
  }
  const status = isRecord(credential.credentialStatus) ? credential.credentialStatus : {};
  if (status.statusIndex !== message.statusIndex) {
    reasons.push("message.statusIndex is not the credential's status index");
  }
  if (address(status.statusIssuer) !== message.issuer) {
    reasons.push("message.issuer is not the credential's statusIssuer");
  }
  if (BigInt(message.validUntil) <= BigInt(message.validFrom)) reasons.push("the proof's window is empty");
  if (type === "DischargePermitCredential") {
    const subject = isRecord(credential.credentialSubject) ? credential.credentialSubject : {};
    try {
      if (permitClaimsHash(subject.pollutants as PermittedPollutantCap[]) !== message.claimsHash) {
        reasons.push("message.claimsHash is not the hash of the permit's caps");
      }
    } catch (error) {
      reasons.push(`the permit's caps have no claims hash: ${(error as Error).message}`);
    }
  }
  return reasons;
}
