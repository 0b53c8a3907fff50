/**
 * The JSON-RPC errors the test server answers with, with the code and message a FISCO BCOS 3.x node
 * uses for the same situation.
 *
 * Sources (FISCO-BCOS/FISCO-BCOS):
 * - bcos-rpc/jsonrpc/Common.h `enum JsonRpcError` (-32700 ... -32005);
 * - bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp `getNodeService` (unknown group or node: NodeNotExistOrNotStarted
 *   with "Invalid request for the specified node of doesn't exist or doesn't started!" and the request's
 *   keys), `sendTransaction` (any exception while decoding or checking the transaction is answered with
 *   code -1 and the exception text; "Chain ID mismatch!");
 * - bcos-rpc/jsonrpc/JsonRpcInterface.cpp `onRPCRequest` ("The method does not exist/is not available.",
 *   malformed parameters answered as InvalidRequest with the exception text);
 * - bcos-txpool/txpool/storage/MemoryStorage.cpp `submitTransaction` (a refusal by the pool: code = the
 *   TransactionStatus, message = its name);
 * - bcos-framework/ledger/Ledger.h `enum LedgerError` (3008 GetStorageError for a missing entry).
 */
import { JsonRpcErrorCode, LedgerErrorCode } from "../client/rpc-error-codes.js";
import { transactionStatusName } from "../client/transaction-status.js";

export class NodeRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "NodeRpcError";
  }
}

/** bcos-utilities LOG_KV renders ",key=value". */
function kv(key: string, value: string): string {
  return `,${key}=${value}`;
}

export function nodeNotFound(method: string, chainId: string, groupId: string, node: string): NodeRpcError {
  return new NodeRpcError(
    JsonRpcErrorCode.NodeNotExistOrNotStarted,
    `Invalid request for the specified node of doesn't exist or doesn't started!${kv("request", method)}${kv("chain", chainId)}${kv("group", groupId)}${kv("node", node)}`,
  );
}

export function methodNotFound(): NodeRpcError {
  return new NodeRpcError(JsonRpcErrorCode.MethodNotFound, "The method does not exist/is not available.");
}

export function invalidRequest(message: string): NodeRpcError {
  return new NodeRpcError(JsonRpcErrorCode.InvalidRequest, message);
}

/** An exception inside `sendTransaction` (decoding, hash, chain id): code -1, the exception's text. */
export function sendTransactionException(message: string): NodeRpcError {
  return new NodeRpcError(-1, message);
}

export function txPoolRefusal(status: number): NodeRpcError {
  return new NodeRpcError(status, transactionStatusName(status));
}

export function entryNotFound(what: string, key: string): NodeRpcError {
  return new NodeRpcError(LedgerErrorCode.GetStorageError, `${what}: Entry: ${key} does not exists!`);
}
