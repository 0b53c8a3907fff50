import { PermitChainError } from "@permitchain/chain";

/** Wrong command-line usage: printed with the usage line, exit code 2. */
export class UsageError extends PermitChainError {
  constructor(message: string) {
    super("CLI_USAGE", message);
  }
}
