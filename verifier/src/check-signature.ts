import { type CheckResult, ReasonCode } from "./codes.js";
import { methodKeys, type VerificationRelationship } from "./did-document.js";
import type { ParsedJwt } from "./jwt.js";
import type { KeyCache, KnownKey } from "./key-cache.js";
import { addressOf, recoverPublicKeys, verifyNative } from "./secp256k1.js";

/**
 * Where native verifications run: in this thread (synchronously) or on a worker pool. Answers the index in
 * `keys` of the first key the signature verifies with, or -1.
 */
export interface SignatureVerifier {
  verify(signingInput: string, signature: Buffer, keys: readonly KnownKey[]): number | Promise<number>;
}

/** Native verification in the calling thread. */
export const inlineSignatureVerifier: SignatureVerifier = {
  verify(signingInput, signature, keys) {
    const data = Buffer.from(signingInput, "latin1");
    for (let i = 0; i < keys.length; i++) if (verifyNative(keys[i]!.keyObject, data, signature)) return i;
    return -1;
  },
};

export interface CheckSignatureParameters {
  readonly jwt: ParsedJwt;
  /** The signer's DID document, as just resolved. */
  readonly document: unknown;
  readonly relationship: VerificationRelationship;
  readonly keys: KeyCache;
  readonly verifier: SignatureVerifier;
}

export type CheckSignatureReturnType = CheckResult & {
  /** The verification method the signature verified with. */
  readonly signer?: string;
};

/**
 * The JWT's signature against the keys the signer's current DID document authorises for `relationship`.
 * Methods with a public key are verified natively; methods with only an address (did:ethr's
 * `blockchainAccountId`) use the key already known to hash to that address, and only when none is known yet is
 * the key recovered from the signature (ES256K: both candidates; ES256K-R: the one its recovery byte names),
 * matched against the addresses, learnt, and verified natively.
 */
export async function checkSignature(
  parameters: CheckSignatureParameters,
): Promise<CheckSignatureReturnType> {
  const { jwt, keys: cache, verifier } = parameters;
  const listed = methodKeys(parameters.document, parameters.relationship, jwt.header.kid);
  if (!listed.ok) {
    return { check: "signature", status: "fail", code: ReasonCode.KEY_NOT_FOUND, message: listed.message };
  }
  const candidates: KnownKey[] = [];
  const methodOf = new Map<number, string>();
  const unknownAddresses = new Map<string, string>();
  for (const key of listed.keys) {
    let known: KnownKey | undefined;
    if (key.kind === "material") known = cache.byMaterial(key.material, key.decode);
    else {
      known = cache.byAddress(key.address);
      if (known === undefined) {
        if (!unknownAddresses.has(key.address)) unknownAddresses.set(key.address, key.methodId);
        continue;
      }
    }
    if (known !== undefined && !methodOf.has(known.id)) {
      methodOf.set(known.id, key.methodId);
      candidates.push(known);
    }
  }
  const signature = jwt.alg === "ES256K" ? jwt.signature : jwt.signature.subarray(0, 64);
  if (candidates.length > 0) {
    const index = await verifier.verify(jwt.signingInput, signature, candidates);
    if (index >= 0) return valid(methodOf.get(candidates[index]!.id)!);
  }
  if (unknownAddresses.size > 0) {
    for (const publicKey of recoverPublicKeys(jwt.signingInput, jwt.signature)) {
      const methodId = unknownAddresses.get(addressOf(publicKey));
      if (methodId === undefined) continue;
      const key = cache.learn(publicKey, "recovered");
      if (verifyNative(key.keyObject, jwt.signingInput, signature)) return valid(methodId);
    }
  }
  return {
    check: "signature",
    status: "fail",
    code: ReasonCode.SIGNATURE_INVALID,
    message: `the signature does not verify with any ${parameters.relationship} key of the signer's DID document`,
  };
}

function valid(methodId: string): CheckSignatureReturnType {
  return {
    check: "signature",
    status: "pass",
    code: ReasonCode.SIGNATURE_VALID,
    message: `signed by ${methodId}`,
    signer: methodId,
  };
}
