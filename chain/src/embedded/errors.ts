import { PermitChainError } from "../errors.js";

/** The embedded chain's configuration is invalid; `details.field` names the offending setting. */
export class ChainConfigError extends PermitChainError {
  constructor(field: string, message: string) {
    super("CHAIN_CONFIG_INVALID", `invalid chain configuration: ${field}: ${message}`, {
      details: { field },
    });
  }
}

/** The data directory cannot be used: not writable, locked by another process, or holding another chain. */
export class DataDirError extends PermitChainError {
  constructor(
    code: "DATA_DIR_NOT_WRITABLE" | "DATA_DIR_LOCKED" | "DATA_DIR_FOREIGN" | "DATA_DIR_OTHER_CHAIN",
    message: string,
    dir: string,
  ) {
    super(code, message, { details: { dir } });
  }
}

/** The block journal is damaged in a way start-up cannot repair, or replaying it gave a different chain. */
export class JournalError extends PermitChainError {
  constructor(
    code: "JOURNAL_CORRUPT" | "JOURNAL_REPLAY_DIVERGED",
    message: string,
    details: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
}

/** A JSON-RPC level error: `rpcCode` is the JSON-RPC error code sent to the client. */
export class RpcError extends PermitChainError {
  readonly rpcCode: number;
  readonly data: unknown;
  constructor(rpcCode: number, message: string, data?: unknown) {
    super("RPC_ERROR", message, { details: { rpcCode } });
    this.rpcCode = rpcCode;
    this.data = data;
  }
}
