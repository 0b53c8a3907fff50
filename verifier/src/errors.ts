import { PermitChainError } from "@permitchain/chain";

/**
 * The verifier throws only for misuse (bad configuration, a closed verifier, a full challenge store): a bad
 * credential or presentation is never an exception, it is a result with verdict and reason codes.
 */

/** The verifier or one of its parts was configured wrongly. */
export class VerifierConfigError extends PermitChainError {
  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super("VERIFIER_CONFIG", message, options);
  }
}

/** The verifier was used after `close()`. */
export class VerifierClosedError extends PermitChainError {
  constructor() {
    super("VERIFIER_CLOSED", "the verifier is closed");
  }
}

/** The in-memory challenge store holds as many outstanding challenges as it may; try again later. */
export class ChallengeStoreFullError extends PermitChainError {
  constructor(limit: number) {
    super(
      "CHALLENGE_STORE_FULL",
      `${limit} challenges are outstanding; no more are issued until some expire`,
      {
        details: { limit },
      },
    );
  }
}

/** A block-by-timestamp lookup could not be answered from the chain. */
export class BlockLookupError extends PermitChainError {
  constructor(message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super("BLOCK_LOOKUP_FAILED", message, options);
  }
}
