import { PermitChainError } from "../../errors.js";

/** Stable error code of the PBFT parameter model. */
export const PBFT_MODEL_INPUT = "PBFT_MODEL_INPUT";

/**
 * An input of the PBFT parameter model is missing, not a number, not an integer where one is needed, or
 * outside the range the model accepts. `details.field` names the input, `details.value` repeats it and
 * `details.expected` says what was expected.
 */
export class PbftModelInputError extends PermitChainError {
  constructor(field: string, value: unknown, expected: string) {
    super(PBFT_MODEL_INPUT, `invalid PBFT model input ${field}=${describe(value)}: expected ${expected}`, {
      details: { field, value, expected },
    });
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(",")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
