import { PermitChainError } from "../errors.js";

/** Stable error codes of the FISCO BCOS native transaction codec. */
export const FISCO_ERROR_CODES = {
  tarsMalformed: "FISCO_TARS_MALFORMED",
  fieldInvalid: "FISCO_TX_FIELD_INVALID",
  hashMismatch: "FISCO_TX_HASH_MISMATCH",
  signatureInvalid: "FISCO_SIGNATURE_INVALID",
  keyInvalid: "FISCO_KEY_INVALID",
} as const;

type ErrorOptions = { cause?: unknown; details?: Record<string, unknown> };

/**
 * Bytes that are not a well-formed TARS encoding of the expected structure: truncated input, a type byte
 * that does not fit the field, a length or count beyond the remaining input, nesting too deep, tags out of
 * order, invalid UTF-8 in a string. `details.reason` names which, `details.offset` where.
 */
export class FiscoTarsError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_ERROR_CODES.tarsMalformed, message, options);
  }
}

/** A transaction field value that cannot be encoded or that the node would reject. `details.field` names it. */
export class FiscoTransactionFieldError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_ERROR_CODES.fieldInvalid, message, options);
  }
}

/** A transaction whose carried `dataHash` differs from the hash recomputed from its fields. */
export class FiscoHashMismatchError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_ERROR_CODES.hashMismatch, message, options);
  }
}

/**
 * A signature that is malformed (wrong length, r/s out of range, recovery id not 0/1, embedded public key
 * not on the curve) or that does not verify.
 */
export class FiscoSignatureError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_ERROR_CODES.signatureInvalid, message, options);
  }
}

/** A private or public key that is malformed or out of range for the curve. */
export class FiscoKeyError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_ERROR_CODES.keyInvalid, message, options);
  }
}
