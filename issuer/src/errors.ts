import { PermitChainError } from "@permitchain/chain";
import type { ValidationIssue } from "@permitchain/schemas";
import { configProblemsMessage } from "@permitchain/service";

/**
 * The stable error codes of the issuer library and service, each with the HTTP status the service answers
 * with. `code` is safe to branch on; `message` is for people and never carries internals (stack traces,
 * SQL, RPC payloads, keys).
 */
export const ISSUER_ERROR_STATUS = Object.freeze({
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ISSUER_NOT_TRUSTED: 403,
  ISSUER_KEY_NOT_AUTHORISED: 403,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  ISSUANCE_IN_PROGRESS: 409,
  CREDENTIAL_ID_CONFLICT: 409,
  STATUS_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_CREDENTIAL_TYPE: 422,
  CREDENTIAL_INVALID: 422,
  CHAIN_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const);
export type IssuerErrorCode = keyof typeof ISSUER_ERROR_STATUS;

/** Base class of every error the issuer throws on purpose; `statusCode` is what the service answers. */
export class IssuerError extends PermitChainError {
  declare readonly code: IssuerErrorCode;
  readonly statusCode: number;

  constructor(
    code: IssuerErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
    this.statusCode = ISSUER_ERROR_STATUS[code];
  }
}

/** The credential failed its JSON Schema or semantic rules (validateCredential): every issue is listed. */
export class CredentialInvalidError extends IssuerError {
  readonly errors: readonly ValidationIssue[];

  constructor(errors: readonly ValidationIssue[], message = "the credential does not satisfy its schema") {
    super("CREDENTIAL_INVALID", message, { details: { errors } });
    this.errors = errors;
  }
}

/** The chain could not be reached (connection refused, timeout, 5xx): a retry later may succeed. */
export class ChainUnavailableError extends IssuerError {
  constructor(operation: string, options: { cause?: unknown } = {}) {
    super("CHAIN_UNAVAILABLE", `the chain is unreachable (${operation}); retry later`, options);
  }
}

/** The configuration is wrong: every problem found is listed in `problems`. */
export class IssuerConfigError extends PermitChainError {
  declare readonly code: "ISSUER_CONFIG_INVALID";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super("ISSUER_CONFIG_INVALID", configProblemsMessage("issuer", problems), { details: { problems } });
    this.problems = problems;
  }
}

/** Thrown by a fault hook to simulate a crash at a given step (tests only). */
export class SimulatedCrashError extends Error {
  readonly point: string;

  constructor(point: string) {
    super(`simulated crash at ${point}`);
    this.name = "SimulatedCrashError";
    this.point = point;
  }
}
