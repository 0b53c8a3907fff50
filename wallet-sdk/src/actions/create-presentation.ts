import { VC_V1_CONTEXT } from "@permitchain/schemas";
import { createVerifiablePresentationJwt, type JwtPresentationPayload } from "did-jwt-vc";
import { controllerKeyOf, ensureUnlocked, identifierFor, type WalletContext } from "../context.js";
import { CredentialNotFoundError, IdentityNotFoundError, InvalidArgumentError } from "../errors.js";
import { credentialStoreOf } from "./receive-credential.js";

export interface CreatePresentationParameters {
  /** The presenting DID: one of the wallet's identities, in the form the credentials' subject uses. */
  holder: string;
  /** Ids of the wallet's credentials to put in the presentation, each about `holder`. */
  credentials: readonly string[];
  /** The verifier's challenge; becomes the presentation's `nonce`. */
  challenge: string;
  /** The verifier's domain; becomes the presentation's `aud`. */
  domain: string;
  /** Lifetime of the presentation in seconds (its `exp`); default 300. */
  expiresIn?: number;
}

export interface CreatePresentationReturnType {
  /** The VP-JWT (ES256K, signed by the holder identity's controller key). */
  jwt: string;
  holder: string;
  challenge: string;
  domain: string;
  credentials: string[];
  /** When it stops being accepted (ISO 8601). */
  expiresAt: string;
}

const DEFAULT_LIFETIME = 300;

/**
 * A verifiable presentation of the wallet's credentials as a VP-JWT (did-jwt-vc's
 * `createVerifiablePresentationJwt`): `iss` the holder, `nonce` the verifier's challenge, `aud` its domain,
 * `iat` now and `exp` `expiresIn` later (the wallet's clock), signed ES256K by the holder identity's controller
 * key inside the wallet's KMS (the key never leaves it). Every credential must be about `holder` exactly,
 * since a verifier binds the credentials to the presentation's signer.
 */
export async function createPresentation(
  context: WalletContext,
  parameters: CreatePresentationParameters,
): Promise<CreatePresentationReturnType> {
  const { holder, challenge, domain } = parameters;
  for (const [name, value] of Object.entries({ holder, challenge, domain })) {
    if (typeof value !== "string" || value.length === 0)
      throw new InvalidArgumentError(`${name} must be a string`);
  }
  const lifetime = parameters.expiresIn ?? DEFAULT_LIFETIME;
  if (!Number.isSafeInteger(lifetime) || lifetime < 1) {
    throw new InvalidArgumentError("expiresIn must be a whole number of seconds, at least 1");
  }
  if (!Array.isArray(parameters.credentials) || parameters.credentials.length === 0) {
    throw new InvalidArgumentError("a presentation needs at least one credential id");
  }
  ensureUnlocked(context);
  const identifier = await identifierFor(context, holder);
  if (identifier === undefined) throw new IdentityNotFoundError(holder);
  const key = controllerKeyOf(identifier);

  const store = credentialStoreOf(context);
  const jwts: string[] = [];
  for (const id of parameters.credentials) {
    const stored = await store.get(id);
    if (stored === undefined) throw new CredentialNotFoundError(id);
    if (stored.metadata.subject.toLowerCase() !== holder.toLowerCase()) {
      throw new InvalidArgumentError(
        `credential ${id} is about ${stored.metadata.subject}: present it as that DID, not ${holder}`,
      );
    }
    jwts.push(stored.jwt);
  }

  const now = Math.floor(context.clock().getTime() / 1000);
  const payload: JwtPresentationPayload = {
    vp: {
      "@context": [VC_V1_CONTEXT],
      type: ["VerifiablePresentation"],
      verifiableCredential: jwts,
    },
    iat: now,
    exp: now + lifetime,
  };
  const signer = (data: string | Uint8Array) =>
    typeof data === "string"
      ? context.agent.keyManagerSign({ keyRef: key.kid, algorithm: "ES256K", data, encoding: "utf-8" })
      : context.agent.keyManagerSign({
          keyRef: key.kid,
          algorithm: "ES256K",
          data: Buffer.from(data).toString("hex"),
          encoding: "hex",
        });
  const jwt = await createVerifiablePresentationJwt(
    payload,
    { did: holder, signer, alg: "ES256K" },
    { challenge, domain },
  );
  return {
    jwt,
    holder,
    challenge,
    domain,
    credentials: [...parameters.credentials],
    expiresAt: new Date((now + lifetime) * 1000).toISOString(),
  };
}
