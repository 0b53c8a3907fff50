import { ReasonCode } from "./codes.js";

/** The JWS algorithms accepted: secp256k1 ECDSA over SHA-256, plain (64-byte r|s) or with a recovery byte. */
export const ALLOWED_ALGORITHMS = ["ES256K", "ES256K-R"] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

/** Longest JWT accepted by default, in characters (a permit is about 4 KB; a presentation holds several). */
export const DEFAULT_MAX_JWT_LENGTH = 256 * 1024;

/** A compact JWS taken apart; nothing in it is authenticated yet. */
export interface ParsedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The payload as it stands in the JWT (base64url): equal segments decode to equal payloads. */
  readonly payloadSegment: string;
  readonly alg: AllowedAlgorithm;
  /** `base64url(header) "." base64url(payload)`: the bytes the signature covers. */
  readonly signingInput: string;
  /** r|s (64 bytes), then for ES256K-R the recovery byte. */
  readonly signature: Buffer;
  /** The JWT as given. */
  readonly jwt: string;
}

export interface ParseJwtParameters {
  /** Default {@link DEFAULT_MAX_JWT_LENGTH}. */
  readonly maxLength?: number;
  /**
   * Decodes the payload segment (default: strict base64url, then JSON that must be an object); undefined when it
   * is not a payload. A caller may answer from a cache keyed by the segment.
   */
  readonly decodePayload?: (segment: string) => Readonly<Record<string, unknown>> | undefined;
}

export type ParseJwtReturnType =
  | { readonly ok: true; readonly value: ParsedJwt }
  | {
      readonly ok: false;
      readonly code:
        | typeof ReasonCode.JWT_MALFORMED
        | typeof ReasonCode.JWT_TOO_LARGE
        | typeof ReasonCode.ALG_NOT_ALLOWED;
      readonly message: string;
    };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function malformed(message: string): ParseJwtReturnType {
  return { ok: false, code: ReasonCode.JWT_MALFORMED, message };
}

/** base64url without padding, strictly: the right alphabet, a possible length, no stray bits. */
function decodeSegment(segment: string): Buffer | undefined {
  if (segment.length === 0 || segment.length % 4 === 1 || !BASE64URL.test(segment)) return undefined;
  const bytes = Buffer.from(segment, "base64url");
  // non-zero unused bits in the last character: another string for the same bytes
  const rest = segment.length % 4;
  if (rest !== 0) {
    const last = segment.charCodeAt(segment.length - 1);
    const value = base64UrlValue(last);
    const unusedBits = rest === 2 ? 4 : 2;
    if ((value & ((1 << unusedBits) - 1)) !== 0) return undefined;
  }
  return bytes;
}

function base64UrlValue(code: number): number {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  return code === 45 ? 62 : 63;
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

/**
 * Takes a compact JWS apart, strictly: a string no longer than `maxLength`, three non-empty base64url segments
 * without padding, a header that is a JSON object naming an allowed `alg` (ES256K, ES256K-R: `none`, HMAC, RSA
 * and everything else are refused) with no `crit`, a payload that is a JSON object, and a signature of the
 * length the algorithm gives. Checks no signature. Never throws.
 */
export function parseJwt(input: unknown, parameters: ParseJwtParameters = {}): ParseJwtReturnType {
  if (typeof input !== "string") return malformed(`a JWT is a string, not ${describe(input)}`);
  const maxLength = parameters.maxLength ?? DEFAULT_MAX_JWT_LENGTH;
  if (input.length > maxLength) {
    return {
      ok: false,
      code: ReasonCode.JWT_TOO_LARGE,
      message: `the JWT has ${input.length} characters, more than the ${maxLength} accepted`,
    };
  }
  const first = input.indexOf(".");
  const second = first < 0 ? -1 : input.indexOf(".", first + 1);
  if (first < 0 || second < 0 || input.indexOf(".", second + 1) >= 0) {
    const parts = input.split(".").length;
    return malformed(`a compact JWS has 3 dot-separated parts, this has ${parts}`);
  }
  const headerBytes = decodeSegment(input.slice(0, first));
  if (headerBytes === undefined) return malformed("the header is not base64url");
  const header = jsonObject(headerBytes);
  if (header === undefined) return malformed("the header is not a JSON object");
  const alg = header.alg;
  if (typeof alg !== "string") return malformed("the header names no alg");
  if (!(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    return {
      ok: false,
      code: ReasonCode.ALG_NOT_ALLOWED,
      message: `alg ${JSON.stringify(alg).slice(0, 40)} is not allowed; only ${ALLOWED_ALGORITHMS.join(", ")}`,
    };
  }
  if (header.crit !== undefined) return malformed("critical header parameters (crit) are not supported");
  const payloadSegment = input.slice(first + 1, second);
  const payload = (parameters.decodePayload ?? decodePayload)(payloadSegment);
  if (payload === undefined) return malformed("the payload is not a base64url-encoded JSON object");
  const signature = decodeSegment(input.slice(second + 1));
  if (signature === undefined) return malformed("the signature is not base64url");
  const expected = alg === "ES256K" ? 64 : 65;
  if (signature.length !== expected) {
    return malformed(`an ${alg} signature has ${expected} bytes, this has ${signature.length}`);
  }
  return {
    ok: true,
    value: {
      header,
      payload,
      payloadSegment,
      alg: alg as AllowedAlgorithm,
      signingInput: input.slice(0, second),
      signature,
      jwt: input,
    },
  };
}

/** A payload segment decoded strictly: base64url without padding, then JSON that is an object. */
export function decodePayload(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeSegment(segment);
  return bytes === undefined ? undefined : jsonObject(bytes);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a value of type ${typeof value}`;
}
