import { createHash } from "node:crypto";
import { credentialProofVerifierAbi, decodeCredentialProofFailure } from "@permitchain/contracts";
import type { CredentialType } from "@permitchain/schemas";
import { Contract, computeAddress, getAddress } from "ethers";
import { addressOnNetwork, identifierFor, type WalletContext } from "../context.js";
import {
  type CredentialProofInput,
  parseCredentialProof,
  proofBindingReasons,
  toCredentialProof,
} from "../credentials/proof.js";
import {
  CredentialConflictError,
  CredentialRejectedError,
  type CredentialRejectionReason,
  InvalidArgumentError,
  ProofInvalidError,
  SubjectNotInWalletError,
  WalletConfigError,
  WalletLockedError,
} from "../errors.js";
import type {
  CredentialStatusEntry,
  CredentialStore,
  StoredCredential,
  StoredCredentialProof,
} from "../stores/credential-store.js";
import { isLockable } from "../stores/sealed-file.js";

type Json = Record<string, unknown>;

export interface ReceiveCredentialParameters {
  /**
   * The issuer's EIP-712 proof of the credential (the `proof` of the issuer's answer, for a permit): checked
   * against the credential and, when the wallet knows the CredentialProofVerifier, by the contract itself.
   */
  proof?: CredentialProofInput;
  /**
   * Keep a credential the verifier could not decide on (`indeterminate`: the chain or a DID could not be
   * read), flagged with the reasons; default false (refused like an invalid one). Never keeps an invalid one.
   */
  acceptIndeterminate?: boolean;
  /** Require this credential type (else the verifier's schema check fails). */
  credentialType?: CredentialType;
}

export type ReceiveCredentialReturnType = StoredCredential;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The wallet's credential store; WALLET_CONFIG without one, WALLET_LOCKED while it is locked. */
export function credentialStoreOf(context: WalletContext): CredentialStore {
  const store = context.stores.credentials;
  if (store === undefined) throw new WalletConfigError("this wallet was created without a credential store");
  if (isLockable(store) && store.locked) throw new WalletLockedError();
  return store;
}

function reasonsOf(checks: readonly CredentialRejectionReason[]): CredentialRejectionReason[] {
  return checks
    .filter((check) => check.status !== "pass" && check.status !== "skipped")
    .map(({ check, status, code, message }) => ({ check, status, code, message }));
}

function statusEntryOf(credential: Json): CredentialStatusEntry | undefined {
  const status = credential.credentialStatus;
  if (!isRecord(status)) return undefined;
  const { statusRegistry, statusIssuer, statusIndex } = status;
  if (
    typeof statusRegistry !== "string" ||
    typeof statusIssuer !== "string" ||
    typeof statusIndex !== "string"
  ) {
    return undefined;
  }
  return { registry: statusRegistry, issuer: statusIssuer, index: statusIndex };
}

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 200);

/** The addresses of the secp256k1 verification methods of a DID's current document. */
async function documentAddresses(context: WalletContext, did: string): Promise<string[]> {
  const result = await context.agent.resolveDid({ didUrl: did });
  if (result.didDocument == null) {
    throw new Error(result.didResolutionMetadata?.error ?? "no DID document");
  }
  const addresses: string[] = [];
  for (const method of result.didDocument.verificationMethod ?? []) {
    const account = method.blockchainAccountId;
    if (typeof account === "string") addresses.push(getAddress(account.split(":").pop() ?? ""));
    else if (typeof method.publicKeyHex === "string")
      addresses.push(computeAddress(`0x${method.publicKeyHex}`));
  }
  return addresses;
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

/**
 * The proof checked: normalised, bound to this credential (id, type, issuer, subject, status entry, claims
 * hash, chain, verifier) and, when the wallet knows the CredentialProofVerifier, accepted by its `checkProof`
 * for the holder now. Returns the proof and, when the contract could not be asked, why (the credential is then
 * kept flagged if the caller accepts indeterminate results, else refused).
 */
async function checkProof(
  context: WalletContext,
  input: unknown,
  credential: Json,
  type: string,
  issuer: { did: string; address: string },
  subjectAddress: string,
): Promise<{ proof: StoredCredentialProof; unchecked: string | undefined }> {
  const parsed = parseCredentialProof(input);
  if (!parsed.ok) throw new ProofInvalidError(parsed.reasons);
  const { proof } = parsed;
  const reasons = proofBindingReasons({
    proof,
    credential,
    type,
    issuerAddress: issuer.address,
    subjectAddress,
    chainId: context.network.chainId,
    verifyingContract: context.proofVerifier,
  });
  if (reasons.length > 0) throw new ProofInvalidError(reasons);
  if (context.proofVerifier === undefined) {
    // no contract to ask: the signer must at least be a key of the issuer's DID document now
    let signers: string[];
    try {
      signers = await documentAddresses(context, issuer.did);
    } catch (error) {
      return { proof, unchecked: `the issuer's DID could not be resolved: ${messageOf(error)}` };
    }
    if (!signers.includes(proof.signer)) {
      throw new ProofInvalidError([
        `the proof is signed by ${proof.signer}, not a key of the issuer's DID document`,
      ]);
    }
    return { proof, unchecked: undefined };
  }
  const verifier = new Contract(context.proofVerifier, credentialProofVerifierAbi, context.network.provider);
  let answer: [boolean, string];
  try {
    answer = (await verifier
      .getFunction("checkProof")
      .staticCall(subjectAddress, toCredentialProof(proof), proof.signature)) as [boolean, string];
  } catch (error) {
    return {
      proof,
      unchecked: `the CredentialProofVerifier could not be asked: ${messageOf(error)}`,
    };
  }
  const [ok, failure] = answer;
  if (!ok) {
    const decoded = decodeCredentialProofFailure(failure);
    throw new ProofInvalidError(
      [`the CredentialProofVerifier refuses it${decoded === undefined ? "" : ` with ${decoded.name}`}`],
      decoded,
    );
  }
  return { proof, unchecked: undefined };
}

/**
 * Receives a VC-JWT into the wallet: the wallet's verifier checks it (signature, DID, issuer trust, status on
 * chain, schema, validity) and anything but `valid` is refused with {@link CredentialRejectedError} carrying
 * the verdict and the reasons (an `indeterminate` one is kept, flagged, with `acceptIndeterminate`); its
 * subject must be one of the wallet's identities ({@link SubjectNotInWalletError}); a proof given with it must
 * be the issuer's proof of this very credential ({@link ProofInvalidError}). Receiving the same JWT again
 * refreshes its verdict (a flagged credential found valid loses its flag; a proof given the second time is
 * added; `receivedAt` stays); another JWT with the same id is {@link CredentialConflictError}.
 */
export async function receiveCredential(
  context: WalletContext,
  jwt: string,
  parameters: ReceiveCredentialParameters = {},
): Promise<ReceiveCredentialReturnType> {
  if (typeof jwt !== "string" || jwt.length === 0)
    throw new InvalidArgumentError("jwt must be a VC-JWT string");
  const store = credentialStoreOf(context);
  const verifier = context.verifier;
  if (verifier === undefined)
    throw new WalletConfigError("receiving credentials needs a wallet created with a verifier");
  const result = await verifier.verifyCredential(
    jwt,
    parameters.credentialType === undefined ? {} : { credentialType: parameters.credentialType },
  );
  const reasons = reasonsOf(result.checks);
  if (result.verdict === "invalid" || result.credential === undefined) {
    throw new CredentialRejectedError("invalid", reasons);
  }
  if (result.verdict === "indeterminate" && parameters.acceptIndeterminate !== true) {
    throw new CredentialRejectedError("indeterminate", reasons);
  }
  const { proof: _jwtProof, ...decoded } = structuredClone(result.credential) as Json;

  const subjectValue = isRecord(decoded.credentialSubject) ? decoded.credentialSubject.id : undefined;
  const subject = typeof subjectValue === "string" ? subjectValue : "(none)";
  const holder = await identifierFor(context, subjectValue);
  if (holder === undefined) throw new SubjectNotInWalletError(subject);

  const issuerValue = isRecord(decoded.issuer) ? decoded.issuer.id : decoded.issuer;
  const issuer = typeof issuerValue === "string" ? issuerValue : "";
  const types = (Array.isArray(decoded.type) ? decoded.type : [decoded.type]).filter(
    (entry): entry is string => typeof entry === "string",
  );
  const type = types.find((entry) => entry !== "VerifiableCredential") ?? "VerifiableCredential";
  const id =
    typeof decoded.id === "string" && decoded.id.length > 0
      ? decoded.id
      : `urn:permitchain:jwt-sha256:${createHash("sha256").update(jwt).digest("hex")}`;

  let proof: StoredCredentialProof | undefined;
  const flags = [...reasons];
  if (parameters.proof !== undefined) {
    const issuerAddress = addressOnNetwork(context, issuer);
    const subjectAddress = addressOnNetwork(context, subject)!;
    if (issuerAddress === undefined) {
      throw new ProofInvalidError([`the issuer ${issuer} is not a did:ethr DID on the wallet's chain`]);
    }
    const checked = await checkProof(
      context,
      parameters.proof,
      decoded,
      type,
      { did: issuer, address: issuerAddress },
      subjectAddress,
    );
    if (checked.unchecked !== undefined) {
      if (parameters.acceptIndeterminate !== true) {
        throw new CredentialRejectedError("indeterminate", [
          ...reasons,
          { check: "proof", status: "error", code: "CHAIN_UNREACHABLE", message: checked.unchecked },
        ]);
      }
      flags.push({ check: "proof", status: "error", code: "CHAIN_UNREACHABLE", message: checked.unchecked });
    }
    proof = checked.proof;
  }

  const existing = await store.get(id);
  if (existing !== undefined && existing.jwt !== jwt) throw new CredentialConflictError(id);
  const flagged = flags.length > 0;
  const record: StoredCredential = {
    id,
    jwt,
    credential: decoded,
    proof: proof ?? existing?.proof,
    metadata: {
      receivedAt: existing?.metadata.receivedAt ?? context.clock().toISOString(),
      issuer,
      type,
      types,
      subject,
      holder: holder.did,
      status: statusEntryOf(decoded),
      issuanceDate: optionalString(decoded.issuanceDate),
      expirationDate: optionalString(decoded.expirationDate),
      verdict: flagged ? "indeterminate" : "valid",
      flagged,
      reasons: flags,
    },
  };
  await store.put(record);
  return record;
}
