/**
 * The checks a FISCO BCOS 3.x node makes before it accepts a transaction, in the node's order, each
 * answered with the node's error. Sources (FISCO-BCOS/FISCO-BCOS):
 *
 *  1. hex of the `sendTransaction` parameter: bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp `decodeData`
 *     ("Unexpect hex string" for empty or odd-length input; code -1 as every exception in
 *     `sendTransaction`);
 *  2. TARS decoding, and for version >= 1 the hex form of value / gas prices:
 *     bcos-tars-protocol/protocol/TransactionFactoryImpl.cpp `createTransaction` / `decodeTransaction`;
 *  3. the carried dataHash against the hash recomputed from the fields ("transaction hash mismatching,
 *     maybe transaction version not support."): TransactionFactoryImpl.cpp `createTransaction(checkHash)`;
 *  4. the chain id ("Chain ID mismatch!"): JsonRpcImpl_2_0.cpp `sendTransaction`;
 *  5. in the transaction pool, bcos-txpool/txpool/validator/TxValidator.cpp `verify`: group id
 *     (InvalidGroupId 10007), chain id (InvalidChainId 10006), signature recovered or verified and the
 *     sender derived from it (InvalidSignature 10008; bcos-framework/protocol/Transaction.cpp `verify`),
 *     then `checkTransaction`: nonce unused in the pool and in the last 1000 blocks (NonceCheckFail
 *     10000; TxPoolNonceChecker.cpp, LedgerNonceChecker.cpp `checkNonce`) and
 *     `current < blockLimit <= current + 1000` (BlockLimitCheckFail 10001; LedgerNonceChecker.cpp
 *     `checkBlockLimit`, window from bcos-txpool/TxPoolConfig.h).
 *
 * Pool refusals carry the status as the JSON-RPC error code and its name as the message
 * (bcos-txpool/txpool/storage/MemoryStorage.cpp `submitTransaction`).
 */
import { equalBytes, parseHex, toHex } from "../bytes.js";
import { TransactionStatus } from "../client/transaction-status.js";
import { transactionDataHash } from "../hash.js";
import type { CryptoSuite } from "../signature.js";
import { decodeTransaction, type Transaction, validateTransactionData } from "../transaction.js";
import type { Ledger } from "./ledger.js";
import { sendTransactionException, txPoolRefusal } from "./node-errors.js";

export interface AdmissionContext {
  chainId: string;
  groupId: string;
  suite: CryptoSuite;
  ledger: Ledger;
  /** The node's blockLimit window (1000). */
  blockLimitWindow: number;
}

export interface AdmittedTransaction {
  transaction: Transaction;
  /** 0x data hash: the transaction hash. */
  hash: string;
  /** 0x address derived from the signature. */
  sender: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function admitTransaction(txHex: unknown, ctx: AdmissionContext): AdmittedTransaction {
  // 1. hex
  const text = typeof txHex === "string" ? txHex : "";
  const bytes = text.length === 0 || text.length % 2 !== 0 ? undefined : parseHex(text);
  if (bytes === undefined || bytes.length === 0) throw sendTransactionException("Unexpect hex string");
  // 2. TARS
  let transaction: Transaction;
  try {
    transaction = decodeTransaction(bytes);
    validateTransactionData(transaction.data);
  } catch (error) {
    throw sendTransactionException(describe(error));
  }
  // 3. data hash
  const dataHash = transactionDataHash(transaction.data, ctx.suite.hash);
  if (transaction.dataHash.length > 0 && !equalBytes(transaction.dataHash, dataHash)) {
    throw sendTransactionException("transaction hash mismatching, maybe transaction version not support.");
  }
  // 4. chain id at the RPC
  if (transaction.data.chainID !== ctx.chainId) throw sendTransactionException("Chain ID mismatch!");
  // 5. transaction pool
  if (transaction.data.groupID !== ctx.groupId) throw txPoolRefusal(TransactionStatus.InvalidGroupId);
  let sender: string;
  try {
    sender = ctx.suite.recoverOrVerify(dataHash, transaction.signature).address;
  } catch {
    throw txPoolRefusal(TransactionStatus.InvalidSignature);
  }
  if (ctx.ledger.nonceUsed(transaction.data.nonce)) throw txPoolRefusal(TransactionStatus.NonceCheckFail);
  const current = BigInt(ctx.ledger.blockNumber);
  const limit = transaction.data.blockLimit;
  if (current >= limit || current + BigInt(ctx.blockLimitWindow) < limit) {
    throw txPoolRefusal(TransactionStatus.BlockLimitCheckFail);
  }
  return { transaction, hash: toHex(dataHash), sender };
}
