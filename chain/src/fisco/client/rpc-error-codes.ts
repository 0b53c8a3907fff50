/**
 * JSON-RPC error codes a FISCO BCOS 3.x node answers with.
 *
 * Source: FISCO-BCOS/FISCO-BCOS bcos-rpc/bcos-rpc/jsonrpc/Common.h (`enum JsonRpcError`). Besides these,
 * an error's code may be a transaction status (>= 10000, see transaction-status.ts) when the transaction
 * pool refuses a `sendTransaction`, a ledger error (bcos-framework/ledger/Ledger.h `enum LedgerError`,
 * 3001..3010, e.g. 3008 GetStorageError for a receipt or config entry that does not exist), or -1 for an
 * exception inside `sendTransaction` (bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp).
 */
export const JsonRpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  NodeNotExistOrNotStarted: -32000,
  GroupAlreadyExists: -32001,
  NodeAlreadyExists: -32002,
  OperationNotAllowed: -32003,
  ServiceNotInitCompleted: -32004,
  GroupNotExist: -32005,
} as const;

/** bcos-framework/ledger/Ledger.h `enum LedgerError`. */
export const LedgerErrorCode = {
  OpenTableFailed: 3001,
  CallbackError: 3002,
  ErrorArgument: 3003,
  DecodeError: 3004,
  ErrorCommitBlock: 3005,
  CollectAsyncCallbackError: 3006,
  LedgerLockError: 3007,
  GetStorageError: 3008,
  EmptyEntry: 3009,
  UnknownError: 3010,
} as const;

/** Errors that mean the group (or the node inside it) named in the request is not served here. */
export function isGroupNotFoundCode(code: number): boolean {
  return code === JsonRpcErrorCode.NodeNotExistOrNotStarted || code === JsonRpcErrorCode.GroupNotExist;
}

/** Errors with which the ledger reports a missing entry (a receipt, a transaction, a block, a config key). */
export function isNotFoundCode(code: number): boolean {
  return code === LedgerErrorCode.GetStorageError || code === LedgerErrorCode.EmptyEntry || code === -1;
}
