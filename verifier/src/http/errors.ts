import { PermitChainError } from "@permitchain/chain";

/**
 * The stable error codes of the verifier service, each with its HTTP status. A verification result (valid,
 * invalid, indeterminate) is never one of these: it is a 200 with a verdict. These are for requests that are not
 * verification requests, and for the service's own limits.
 */
export const VERIFIER_HTTP_ERROR_STATUS = Object.freeze({
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CHALLENGE_STORE_FULL: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const);
export type VerifierHttpErrorCode = keyof typeof VERIFIER_HTTP_ERROR_STATUS;

/** An error the service answers on purpose, with its stable code and HTTP status. */
export class VerifierHttpError extends PermitChainError {
  declare readonly code: VerifierHttpErrorCode;
  readonly statusCode: number;

  constructor(code: VerifierHttpErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.statusCode = VERIFIER_HTTP_ERROR_STATUS[code];
  }
}
