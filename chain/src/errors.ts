/**
 * Base class of every error PermitChain throws on purpose. `code` is stable across releases and safe to
 * branch on; `message` is for people. Subclasses fix `code` and may carry structured `details`.
 */
export class PermitChainError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}
