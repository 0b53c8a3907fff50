/**
 * The `blockLimit` of a new transaction. A node accepts a transaction only while
 * `current < blockLimit <= current + 1000` (bcos-txpool/txpool/validator/LedgerNonceChecker.cpp
 * `checkBlockLimit`, with `m_blockLimit` = 1000 from bcos-txpool/TxPoolConfig.h); the SDKs use
 * current + 500 (java-sdk ClientImpl BLOCK_LIMIT_RANGE) so that the transaction stays valid for a while
 * and nodes slightly behind still accept it.
 */
import { FiscoClientConfigError } from "./errors.js";

/** The node's window: blockLimit may exceed the current block number by at most this. */
export const NODE_BLOCK_LIMIT_WINDOW = 1000;
export const DEFAULT_BLOCK_LIMIT_OFFSET = 500;

export function checkBlockLimitOffset(offset: number): number {
  if (!Number.isInteger(offset) || offset < 1 || offset > NODE_BLOCK_LIMIT_WINDOW) {
    throw new FiscoClientConfigError(
      `blockLimitOffset must be an integer from 1 to ${NODE_BLOCK_LIMIT_WINDOW}, got ${String(offset)}`,
      { details: { field: "blockLimitOffset" } },
    );
  }
  return offset;
}

export function blockLimitFor(currentBlock: number, offset: number): bigint {
  return BigInt(currentBlock) + BigInt(checkBlockLimitOffset(offset));
}
