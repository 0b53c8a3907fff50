/**
 * Errors of the FISCO BCOS JSON-RPC client. Every one is a {@link PermitChainError} with a stable `code`;
 * `details` carries the machine-readable facts (endpoint, method, node code and message, status, hash).
 */
import { PermitChainError } from "../../errors.js";
import { transactionStatusKind, transactionStatusName } from "./transaction-status.js";
import type { FiscoReceipt } from "./types.js";

export const FISCO_CLIENT_ERROR_CODES = {
  config: "FISCO_CLIENT_CONFIG_INVALID",
  transport: "FISCO_TRANSPORT_ERROR",
  timeout: "FISCO_TIMEOUT",
  tls: "FISCO_TLS_ERROR",
  badResponse: "FISCO_BAD_RESPONSE",
  rpc: "FISCO_RPC_ERROR",
  groupNotFound: "FISCO_GROUP_NOT_FOUND",
  txRejected: "FISCO_TX_REJECTED",
  txReverted: "FISCO_TX_REVERTED",
  txFailed: "FISCO_TX_FAILED",
  sendOutcomeUnknown: "FISCO_SEND_OUTCOME_UNKNOWN",
  txExpired: "FISCO_TX_EXPIRED",
  unsupported: "FISCO_UNSUPPORTED",
} as const;

type ErrorOptions = { cause?: unknown; details?: Record<string, unknown> };

/** A client option that cannot work (no endpoint, a block-limit offset outside the node's window, ...). */
export class FiscoClientConfigError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_CLIENT_ERROR_CODES.config, message, options);
  }
}

/**
 * The request did not get an answer from the node: connection refused or reset, DNS failure, HTTP status
 * other than 200. `requestSent` tells whether the node may have received the complete request (false: it
 * certainly did not, so repeating it is safe even for a transaction).
 */
export class FiscoTransportError extends PermitChainError {
  readonly requestSent: boolean;
  constructor(message: string, requestSent: boolean, options?: ErrorOptions, code?: string) {
    super(code ?? FISCO_CLIENT_ERROR_CODES.transport, message, {
      ...options,
      details: { ...options?.details, requestSent },
    });
    this.requestSent = requestSent;
  }
}

/** No answer within the configured time (connecting, or waiting for the response). */
export class FiscoTimeoutError extends FiscoTransportError {
  constructor(message: string, requestSent: boolean, options?: ErrorOptions) {
    super(message, requestSent, options, FISCO_CLIENT_ERROR_CODES.timeout);
  }
}

/**
 * The TLS handshake failed: the node's certificate is not signed by the configured `ca.crt`, the node
 * refused the SDK certificate, or the certificate files are unusable. Never retried.
 */
export class FiscoTlsError extends FiscoTransportError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, false, options, FISCO_CLIENT_ERROR_CODES.tls);
  }
}

/** The node answered with something that is not a JSON-RPC 2.0 response to the request made. */
export class FiscoBadResponseError extends FiscoTransportError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, true, options, FISCO_CLIENT_ERROR_CODES.badResponse);
  }
}

/** The node answered the request with a JSON-RPC error; `rpcCode` and `nodeMessage` are the node's. */
export class FiscoRpcError extends PermitChainError {
  readonly rpcCode: number;
  readonly nodeMessage: string;
  readonly method: string;
  constructor(method: string, rpcCode: number, nodeMessage: string, options?: ErrorOptions, code?: string) {
    super(code ?? FISCO_CLIENT_ERROR_CODES.rpc, `${method}: node error ${rpcCode}: ${nodeMessage}`, {
      ...options,
      details: { ...options?.details, method, rpcCode, nodeMessage },
    });
    this.rpcCode = rpcCode;
    this.nodeMessage = nodeMessage;
    this.method = method;
  }
}

/** The group (or node) named in the request is not served by the node. */
export class FiscoGroupNotFoundError extends FiscoRpcError {
  constructor(method: string, rpcCode: number, nodeMessage: string, options?: ErrorOptions) {
    super(method, rpcCode, nodeMessage, options, FISCO_CLIENT_ERROR_CODES.groupNotFound);
  }
}

const STATUS_ERROR_CODES = {
  rejected: FISCO_CLIENT_ERROR_CODES.txRejected,
  reverted: FISCO_CLIENT_ERROR_CODES.txReverted,
  failed: FISCO_CLIENT_ERROR_CODES.txFailed,
} as const;

/**
 * A transaction that did not succeed, with the node's status code (see transaction-status.ts):
 * refused by the transaction pool (status >= 10000: never on chain; `code` FISCO_TX_REJECTED),
 * reverted (16; FISCO_TX_REVERTED, `output` holds the revert data) or failed otherwise on chain
 * (FISCO_TX_FAILED). `receipt` is present when the node produced one.
 */
export class FiscoTransactionStatusError extends PermitChainError {
  readonly status: number;
  readonly statusName: string;
  readonly transactionHash: string;
  readonly receipt: FiscoReceipt | undefined;
  /** Revert data or other output of the failed execution ("0x" when none). */
  readonly output: string;

  constructor(
    status: number,
    transactionHash: string,
    options: { receipt?: FiscoReceipt; nodeMessage?: string; cause?: unknown } = {},
  ) {
    const kind = transactionStatusKind(status);
    const statusName = transactionStatusName(status);
    const what = kind === "rejected" ? "refused by the node" : kind === "reverted" ? "reverted" : "failed";
    const nodeMessage = options.nodeMessage ?? options.receipt?.message ?? "";
    super(
      kind === "success" ? FISCO_CLIENT_ERROR_CODES.txFailed : STATUS_ERROR_CODES[kind],
      `transaction ${transactionHash} ${what}: status ${status} ${statusName}${nodeMessage && nodeMessage !== statusName ? ` (${nodeMessage})` : ""}`,
      {
        cause: options.cause,
        details: {
          status,
          statusName,
          transactionHash,
          nodeMessage,
          blockNumber: options.receipt?.blockNumber,
        },
      },
    );
    this.status = status;
    this.statusName = statusName;
    this.transactionHash = transactionHash;
    this.receipt = options.receipt;
    this.output = options.receipt?.output ?? "0x";
  }
}

/**
 * A `sendTransaction` whose answer was lost (connection reset or timeout after the request went out)
 * and whose receipt could not be found before the resolution deadline. The transaction may still be
 * committed: look its receipt up by `transactionHash`. It was not sent again.
 */
export class FiscoSendOutcomeUnknownError extends PermitChainError {
  readonly transactionHash: string;
  constructor(transactionHash: string, options?: ErrorOptions) {
    super(
      FISCO_CLIENT_ERROR_CODES.sendOutcomeUnknown,
      `the outcome of transaction ${transactionHash} is unknown: its answer was lost and no receipt appeared in time`,
      { ...options, details: { ...options?.details, transactionHash } },
    );
    this.transactionHash = transactionHash;
  }
}

/**
 * A transaction whose answer was lost and which can no longer be committed: the chain has passed its
 * `blockLimit` without a receipt for it.
 */
export class FiscoTransactionExpiredError extends PermitChainError {
  readonly transactionHash: string;
  constructor(transactionHash: string, blockLimit: bigint, blockNumber: number, options?: ErrorOptions) {
    super(
      FISCO_CLIENT_ERROR_CODES.txExpired,
      `transaction ${transactionHash} was not committed: the chain is at block ${blockNumber}, past its blockLimit ${blockLimit}`,
      {
        ...options,
        details: { ...options?.details, transactionHash, blockLimit: blockLimit.toString(), blockNumber },
      },
    );
    this.transactionHash = transactionHash;
  }
}

/** An operation FISCO BCOS does not offer (historical state, native value transfers, Ethereum-signed bytes). */
export class FiscoUnsupportedError extends PermitChainError {
  constructor(message: string, options?: ErrorOptions) {
    super(FISCO_CLIENT_ERROR_CODES.unsupported, message, options);
  }
}
