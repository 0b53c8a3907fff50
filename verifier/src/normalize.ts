// JWT payload -> W3C VC Data Model 1.1 object, with did-jwt-vc's rules (normalizeCredential and
// normalizePresentation with removeOriginalFields = true), so that what the schema sees is what did-jwt-vc's
// users see.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const present = (value: unknown): boolean => value !== null && value !== undefined;

/** VC properties with no JWT claim: they live in `vc` and move out of it. */
const ADDITIONAL_PROPERTIES = [
  "evidence",
  "termsOfUse",
  "refreshService",
  "credentialSchema",
  "credentialStatus",
];

/** The `proof` of a credential decoded from a JWT (did-jwt-vc's DEFAULT_JWT_PROOF_TYPE). */
export const JWT_PROOF_TYPE = "JwtProof2020";

/** Seconds since the epoch as ISO 8601, or undefined for a value Date cannot hold. */
export function isoFromSeconds(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > 8.64e12) return undefined;
  return new Date(value * 1000).toISOString();
}

/**
 * The W3C credential a VC-JWT payload stands for, or undefined when the payload has no `vc` object. `sub`
 * becomes `credentialSubject.id`, `iss` `issuer.id`, `jti` `id`, `nbf` (else `iat`) `issuanceDate`, `exp`
 * `expirationDate`; types and contexts merge; `evidence`, `termsOfUse`, `refreshService`, `credentialSchema`
 * and `credentialStatus` move out of `vc`; `proof` is the JWT when given.
 */
export function normalizeCredential(payload: Readonly<Json>, jwt?: string): Json | undefined {
  const vcInput = payload.vc;
  if (!isObject(vcInput)) return undefined;
  const result: Json = { ...payload };
  const vc: Json = { ...vcInput };
  result.vc = vc;

  const topSubject = payload.credentialSubject;
  const vcSubject = vcInput.credentialSubject;
  if (vcSubject !== undefined && !isObject(vcSubject)) result.credentialSubject = vcSubject;
  else {
    const subject: Json = { ...(isObject(topSubject) ? topSubject : {}), ...(vcSubject ?? {}) };
    if (payload.sub && !(isObject(topSubject) && topSubject.id)) {
      subject.id = payload.sub;
      delete result.sub;
    }
    result.credentialSubject = subject;
  }
  delete vc.credentialSubject;

  const issuer = payload.issuer;
  if (issuer === undefined || isObject(issuer)) {
    const merged: Json = { id: payload.iss, ...(issuer ?? {}) };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    result.issuer = merged;
    if (!(isObject(issuer) && issuer.id)) delete result.iss;
  }

  if (!payload.id && payload.jti) {
    result.id = result.id || result.jti;
    delete result.jti;
  }

  result.type = [...new Set([...asArray(result.type), ...asArray(vc.type)].filter(present))];
  delete vc.type;

  for (const property of ADDITIONAL_PROPERTIES) {
    if (vcInput[property]) {
      if (!result[property]) result[property] = vcInput[property];
      delete vc[property];
    }
  }

  result["@context"] = [
    ...new Set(
      [...asArray(payload.context), ...asArray(payload["@context"]), ...asArray(vcInput["@context"])].filter(
        present,
      ),
    ),
  ];
  delete result.context;
  delete vc["@context"];

  if (!payload.issuanceDate && (payload.iat || payload.nbf)) {
    const issuanceDate = isoFromSeconds(payload.nbf || payload.iat);
    if (issuanceDate !== undefined) {
      result.issuanceDate = issuanceDate;
      if (payload.nbf) delete result.nbf;
      else delete result.iat;
    }
  }
  if (!payload.expirationDate && payload.exp) {
    const expirationDate = isoFromSeconds(payload.exp);
    if (expirationDate !== undefined) {
      result.expirationDate = expirationDate;
      delete result.exp;
    }
  }

  if (Object.keys(vc).length === 0) delete result.vc;
  if (jwt !== undefined) result.proof = { type: JWT_PROOF_TYPE, jwt };
  return result;
}
