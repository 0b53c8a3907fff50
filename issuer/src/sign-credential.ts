import { ES256KSigner, hexToBytes } from "did-jwt";
import { type CredentialPayload, createVerifiableCredentialJwt, normalizeCredential } from "did-jwt-vc";
import type { IssuerIdentity } from "./keys.js";

export interface SignCredentialReturnType {
  /** The VC-JWT (ES256K). */
  jwt: string;
  /** The credential decoded from the JWT as did-jwt-vc normalises it (W3C JSON), without the JWT proof. */
  credential: Record<string, unknown>;
}

/**
 * Signs `credential` (W3C VC 1.1 JSON) as a VC-JWT with did-jwt-vc, ES256K, as `issuer` with its signing key,
 * and decodes it back. The JWT carries no `iat` (did-jwt-vc's default) and takes `nbf`/`exp`/`jti`/`sub` from
 * the credential, so that the same credential always gives the same JWT (ES256K signs deterministically).
 */
export async function signCredential(
  issuer: IssuerIdentity,
  credential: Record<string, unknown>,
): Promise<SignCredentialReturnType> {
  const signer = ES256KSigner(hexToBytes(issuer.signingKey.privateKey));
  const jwt = await createVerifiableCredentialJwt(credential as unknown as CredentialPayload, {
    did: issuer.did,
    signer,
    alg: "ES256K",
  });
  const { proof: _proof, ...decoded } = normalizeCredential(jwt) as unknown as Record<string, unknown>;
  return { jwt, credential: decoded };
}
