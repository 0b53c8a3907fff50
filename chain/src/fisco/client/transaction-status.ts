/**
 * FISCO BCOS 3.x transaction status codes: the `status` of a receipt, and the code of a JSON-RPC error
 * when the transaction pool refuses a transaction.
 *
 * Source: FISCO-BCOS/FISCO-BCOS bcos-protocol/bcos-protocol/TransactionStatus.h (`enum class
 * TransactionStatus`, names as printed by its `operator<<`, which is also the message the node sends
 * with a transaction-pool refusal: bcos-txpool/txpool/storage/MemoryStorage.cpp `submitTransaction`
 * raises `BCOS_ERROR_PTR(status, toString(status))`). Codes >= 10000 come from the transaction pool:
 * such a transaction never reached a block.
 */
export const TransactionStatus = {
  None: 0,
  Unknown: 1,
  OutOfGasLimit: 2,
  NotEnoughCash: 7,
  BadInstruction: 10,
  BadJumpDestination: 11,
  OutOfGas: 12,
  OutOfStack: 13,
  StackUnderflow: 14,
  PrecompiledError: 15,
  RevertInstruction: 16,
  ContractAddressAlreadyUsed: 17,
  PermissionDenied: 18,
  CallAddressError: 19,
  GasOverflow: 20,
  ContractFrozen: 21,
  AccountFrozen: 22,
  AccountAbolished: 23,
  ContractAbolished: 24,
  WASMValidationFailure: 32,
  WASMArgumentOutOfRange: 33,
  WASMUnreachableInstruction: 34,
  WASMTrap: 35,
  NonceCheckFail: 10000,
  BlockLimitCheckFail: 10001,
  TxPoolIsFull: 10002,
  Malformed: 10003,
  AlreadyInTxPool: 10004,
  TxAlreadyInChain: 10005,
  InvalidChainId: 10006,
  InvalidGroupId: 10007,
  InvalidSignature: 10008,
  RequestNotBelongToTheGroup: 10009,
  TransactionPoolTimeout: 10010,
  AlreadyInTxPoolAndAccept: 10011,
  NegativeValue: 10012,
  OversizedData: 10013,
  NoAccount: 10014,
  NoEoAAccount: 10015,
  NoEnoughBalance: 10016,
} as const;

export type TransactionStatusName = keyof typeof TransactionStatus;

/** First code of the transaction pool's refusals. */
export const TXPOOL_STATUS_MIN = 10_000;

const NAMES = new Map<number, TransactionStatusName>(
  Object.entries(TransactionStatus).map(([name, code]) => [code, name as TransactionStatusName]),
);

/**
 * The node's name for a status code ("RevertInstruction"), or "Unknown(<code>)" for a code this table
 * does not know (a newer node). `Malformed` prints as "MalformTx", as the node does.
 */
export function transactionStatusName(status: number): string {
  if (status === TransactionStatus.Malformed) return "MalformTx";
  return NAMES.get(status) ?? `Unknown(${status})`;
}

/** How a status ends a transaction: success, refused by the pool (never on chain), or failed on chain. */
export type TransactionStatusKind = "success" | "rejected" | "reverted" | "failed";

export function transactionStatusKind(status: number): TransactionStatusKind {
  if (status === TransactionStatus.None) return "success";
  if (status >= TXPOOL_STATUS_MIN) return "rejected";
  if (status === TransactionStatus.RevertInstruction) return "reverted";
  return "failed";
}
