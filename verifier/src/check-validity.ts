import { type CheckResult, ReasonCode } from "./codes.js";

type Json = Record<string, unknown>;

export interface CheckValidityParameters {
  /** The JWT payload (nbf, iat, exp). */
  readonly payload: Readonly<Json>;
  /** The W3C credential (issuanceDate, expirationDate, and a permit's credentialSubject.validity), if any. */
  readonly credential?: Readonly<Json> | undefined;
  /** Now, in seconds since the epoch. */
  readonly now: number;
  /** Clock difference tolerated either way, in seconds. */
  readonly toleranceSeconds: number;
}

interface Bound {
  readonly name: string;
  /** Seconds since the epoch. */
  readonly at: number;
}

const NUMERIC_DATE_CLAIMS = ["nbf", "iat", "exp"] as const;

function dateSeconds(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > 64) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/**
 * Whether `now` is inside every validity bound the JWT and the credential state, with `toleranceSeconds` of
 * slack: not before `nbf`, `iat`, `issuanceDate` or a permit's `credentialSubject.validity.validFrom`; before
 * `exp`, `expirationDate` and `credentialSubject.validity.validUntil`. Malformed bounds fail with
 * VALIDITY_MALFORMED; a credential with no issuance time at all fails too.
 */
export function checkValidity(parameters: CheckValidityParameters): CheckResult {
  const { payload, credential, now, toleranceSeconds } = parameters;
  const fail = (code: ReasonCode, message: string): CheckResult => ({
    check: "validity",
    status: "fail",
    code,
    message,
  });
  const notBefore: Bound[] = [];
  const notAfter: Bound[] = [];
  for (const claim of NUMERIC_DATE_CLAIMS) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      return fail(ReasonCode.VALIDITY_MALFORMED, `the ${claim} claim is not a NumericDate`);
    }
    (claim === "exp" ? notAfter : notBefore).push({ name: claim, at: value });
  }
  if (credential !== undefined) {
    const subject = credential.credentialSubject as Json | undefined;
    const validity =
      typeof subject === "object" && subject !== null ? (subject.validity as Json | undefined) : undefined;
    const dates: [string, unknown, Bound[]][] = [
      ["issuanceDate", credential.issuanceDate, notBefore],
      ["expirationDate", credential.expirationDate, notAfter],
    ];
    if (typeof validity === "object" && validity !== null) {
      dates.push(["credentialSubject.validity.validFrom", validity.validFrom, notBefore]);
      dates.push(["credentialSubject.validity.validUntil", validity.validUntil, notAfter]);
    }
    for (const [name, value, bounds] of dates) {
      const at = dateSeconds(value);
      if (at === null) return fail(ReasonCode.VALIDITY_MALFORMED, `${name} is not a date-time`);
      if (at !== undefined) bounds.push({ name, at });
    }
    if (credential.issuanceDate === undefined) {
      return fail(
        ReasonCode.VALIDITY_MALFORMED,
        "the credential has no issuance date (issuanceDate, nbf or iat)",
      );
    }
  }
  const expired = notAfter.find((bound) => bound.at <= now - toleranceSeconds);
  if (expired !== undefined) {
    return fail(ReasonCode.EXPIRED, `expired at ${isoOf(expired.at)} (${expired.name})`);
  }
  const early = notBefore.find((bound) => bound.at > now + toleranceSeconds);
  if (early !== undefined) {
    return fail(ReasonCode.NOT_YET_VALID, `not valid before ${isoOf(early.at)} (${early.name})`);
  }
  return {
    check: "validity",
    status: "pass",
    code: ReasonCode.WITHIN_VALIDITY,
    message: "within its validity period",
  };
}

/** Unix seconds as ISO 8601, or the number itself where Date cannot hold it. */
export function isoOf(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/**
 * The earliest moment the credential claims for its issuance, in whole seconds: the least of `nbf`, `iat` and
 * `issuanceDate` (an issuer must have been trusted both when it signed and from the date it states).
 */
export function issuanceTime(
  payload: Readonly<Json>,
  credential: Readonly<Json> | undefined,
): number | undefined {
  const candidates: number[] = [];
  for (const claim of ["nbf", "iat"] as const) {
    const value = payload[claim];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) candidates.push(value);
  }
  const stated = dateSeconds(credential?.issuanceDate);
  if (typeof stated === "number" && stated >= 0) candidates.push(stated);
  return candidates.length === 0 ? undefined : Math.floor(Math.min(...candidates));
}
