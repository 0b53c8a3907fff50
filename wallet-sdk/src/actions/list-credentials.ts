import type { WalletContext } from "../context.js";
import { assertWhere, matchesWhere, type Where } from "../credentials/query.js";
import { CredentialNotFoundError, InvalidArgumentError, WalletConfigError } from "../errors.js";
import type { StoredCredential } from "../stores/credential-store.js";
import { credentialStoreOf } from "./receive-credential.js";

type Json = Record<string, unknown>;

/** A test on a credential's subject: a function, or a {@link Where} with paths inside `credentialSubject`. */
export type ClaimsFilter = ((subject: Readonly<Json>) => boolean) | Where;

export interface ListCredentialsParameters {
  /** Of this type, or of one of these (matched against all of a credential's types). */
  type?: string | readonly string[];
  /** Issued by this DID, or one of these (did:ethr hex compared without regard to case). */
  issuer?: string | readonly string[];
  /** About this wallet identity (its DID as the wallet holds it, or the subject's DID as written). */
  holder?: string;
  /** Whose `credentialSubject` passes this test. */
  claims?: ClaimsFilter;
}

export type ListCredentialsReturnType = StoredCredential[];

export interface SelectCredentialsParameters {
  /** The credential type wanted. */
  type: string;
  /** Conditions on the W3C credential, paths from its top (`credentialSubject.pollutants[].code`). */
  where?: Where;
  issuer?: string | readonly string[];
  holder?: string;
  /** Keep credentials outside their validity now (expired, not yet valid); default false. */
  includeExpired?: boolean;
  /** Keep credentials received `indeterminate` (flagged); default false. */
  includeFlagged?: boolean;
  /**
   * Verify each candidate again with the wallet's verifier (status and trust as they are now) and keep only
   * the valid ones; default false (the wallet's records only, no chain access).
   */
  verify?: boolean;
}

export type SelectCredentialsReturnType = StoredCredential[];

const asList = (value: string | readonly string[] | undefined): readonly string[] | undefined =>
  value === undefined ? undefined : typeof value === "string" ? [value] : value;

const sameDid = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function filterOf(parameters: ListCredentialsParameters): (credential: StoredCredential) => boolean {
  const types = asList(parameters.type);
  const issuers = asList(parameters.issuer);
  const { holder, claims } = parameters;
  if (claims !== undefined && typeof claims !== "function") assertWhere(claims, "claims");
  return (stored) => {
    const { metadata } = stored;
    if (types !== undefined && !types.some((type) => metadata.types.includes(type))) return false;
    if (issuers !== undefined && !issuers.some((issuer) => sameDid(issuer, metadata.issuer))) return false;
    if (holder !== undefined && !sameDid(holder, metadata.holder) && !sameDid(holder, metadata.subject)) {
      return false;
    }
    if (claims !== undefined) {
      const subject = stored.credential.credentialSubject;
      const value = typeof subject === "object" && subject !== null ? (subject as Json) : {};
      if (typeof claims === "function" ? !claims(value) : !matchesWhere(value, claims)) return false;
    }
    return true;
  };
}

/** The credential with this id; {@link CredentialNotFoundError} when the wallet holds none. */
export async function getCredential(context: WalletContext, id: string): Promise<StoredCredential> {
  const found = await credentialStoreOf(context).get(id);
  if (found === undefined) throw new CredentialNotFoundError(id);
  return found;
}

/** Removes a credential from the wallet; false when it held none with this id. */
export function deleteCredential(context: WalletContext, id: string): Promise<boolean> {
  return credentialStoreOf(context).delete(id);
}

/**
 * The wallet's credentials that pass every filter given, in the order they were received: everything held,
 * flagged and expired ones included (see {@link selectCredentials} for what can be presented now).
 */
export async function listCredentials(
  context: WalletContext,
  parameters: ListCredentialsParameters = {},
): Promise<ListCredentialsReturnType> {
  const keep = filterOf(parameters);
  return (await credentialStoreOf(context).list()).filter(keep);
}

function instant(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether now is inside the credential's issuance, expiration and (permit) validity dates. */
function currentlyValid(credential: Readonly<Json>, now: number): boolean {
  const subject = credential.credentialSubject as Json | undefined;
  const validity = (typeof subject === "object" && subject !== null ? subject.validity : undefined) as
    | Json
    | undefined;
  const from = [credential.issuanceDate, validity?.validFrom].map(instant);
  const until = [credential.expirationDate, validity?.validUntil].map(instant);
  return (
    from.every((at) => at === undefined || at <= now) && until.every((at) => at === undefined || now < at)
  );
}

/**
 * The credentials to present for a request: of `type`, matching `where` (see credentials/query.ts for the
 * language), inside their validity now and not flagged unless asked, optionally verified again; the most
 * recently issued first (the latest received first among credentials issued at the same time).
 */
export async function selectCredentials(
  context: WalletContext,
  parameters: SelectCredentialsParameters,
): Promise<SelectCredentialsReturnType> {
  if (typeof parameters?.type !== "string" || parameters.type.length === 0) {
    throw new InvalidArgumentError("selectCredentials needs the credential type");
  }
  if (parameters.where !== undefined) assertWhere(parameters.where);
  const base = filterOf({
    type: parameters.type,
    ...(parameters.issuer === undefined ? {} : { issuer: parameters.issuer }),
    ...(parameters.holder === undefined ? {} : { holder: parameters.holder }),
  });
  const now = context.clock().getTime();
  let selected = (await credentialStoreOf(context).list()).filter(
    (stored) =>
      base(stored) &&
      (parameters.where === undefined || matchesWhere(stored.credential, parameters.where)) &&
      (parameters.includeExpired === true || currentlyValid(stored.credential, now)) &&
      (parameters.includeFlagged === true || !stored.metadata.flagged),
  );
  if (parameters.verify === true) {
    const verifier = context.verifier;
    if (verifier === undefined)
      throw new WalletConfigError("verify: true needs a wallet created with a verifier");
    const results = await verifier.verifyMany(selected.map((stored) => stored.jwt));
    selected = selected.filter((_, index) => results[index]?.verdict === "valid");
  }
  // newest issued first; among equals, the latest received first
  const issued = (stored: StoredCredential) => instant(stored.metadata.issuanceDate) ?? 0;
  return selected
    .map((stored, index) => ({ stored, index }))
    .sort((a, b) => issued(b.stored) - issued(a.stored) || b.index - a.index)
    .map(({ stored }) => stored);
}
