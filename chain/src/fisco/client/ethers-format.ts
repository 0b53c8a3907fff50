/**
 * FISCO BCOS blocks, transactions, receipts and logs as the parameter objects ethers v6 builds its
 * `Block`, `TransactionResponse`, `TransactionReceipt` and `Log` from.
 *
 * What has no FISCO counterpart is filled so that ethers code keeps working and documented here:
 * - block timestamps: FISCO block headers count milliseconds (whatever `feature_evm_timestamp` says,
 *   which only changes what contracts see); ethers and its users expect seconds, so they are divided
 *   by 1000 (rounded down);
 * - nonce: FISCO has no account nonces (its transaction nonce is a random 256-bit string), so 0;
 * - gas price, fees, value, difficulty: 0; gas limit of a transaction: 0 (version-0 transactions carry
 *   none; the node applies `tx_gas_limit`); miner: the zero address (blocks name a sealer index);
 * - one transaction's position in its block is its index in the block's transaction list when known, 0
 *   otherwise;
 * - signatures: ECDSA `r|s|v` maps to an ethers Signature; an SM2 signature `r|s|pub` keeps r and s with
 *   a nominal v = 27 (ethers has no SM2 type; do not verify it as secp256k1).
 */
import {
  type BlockParams,
  getAddress,
  type LogParams,
  Signature,
  type TransactionReceiptParams,
  type TransactionResponseParams,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import type { FiscoBlock, FiscoFilterLog, FiscoReceipt, FiscoTransactionJson } from "./types.js";

/** A FISCO address ("0x…", bare hex, or "") as a checksummed address, or null when empty. */
export function fiscoAddress(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value === "" || value === "0x") return null;
  return getAddress(value.startsWith("0x") || value.startsWith("0X") ? value : `0x${value}`);
}

export function ethersSignature(hex: string): Signature {
  const bytes = Buffer.from(hex.replace(/^0x/, ""), "hex");
  if (bytes.length < 64) return Signature.from({ r: ZeroHash, s: ZeroHash, v: 27 });
  const r = `0x${bytes.subarray(0, 32).toString("hex")}`;
  const s = `0x${bytes.subarray(32, 64).toString("hex")}`;
  const recovery = bytes.length === 65 ? bytes[64] : 0;
  return Signature.from({ r, s, v: recovery === 1 ? 28 : 27 });
}

export function secondsOf(milliseconds: number): number {
  return Math.floor(milliseconds / 1000);
}

export function receiptLogParams(
  receipt: FiscoReceipt,
  blockHash: string,
  transactionIndex = 0,
): LogParams[] {
  return receipt.logEntries.map((log, index) => ({
    transactionHash: receipt.transactionHash,
    blockHash,
    blockNumber: receipt.blockNumber,
    removed: false,
    address: fiscoAddress(log.address) ?? ZeroAddress,
    data: log.data,
    topics: log.topics,
    index,
    transactionIndex,
  }));
}

export function filterLogParams(log: FiscoFilterLog): LogParams {
  return {
    transactionHash: log.transactionHash,
    blockHash: log.blockHash,
    blockNumber: Number(log.blockNumber),
    removed: log.removed === true,
    address: fiscoAddress(log.address) ?? ZeroAddress,
    data: log.data,
    topics: log.topics,
    index: Number(log.logIndex),
    transactionIndex: Number(log.transactionIndex),
  };
}

export function receiptParams(receipt: FiscoReceipt, blockHash: string, index = 0): TransactionReceiptParams {
  const gasUsed = BigInt(receipt.gasUsed || "0");
  return {
    to: fiscoAddress(receipt.to),
    from: fiscoAddress(receipt.from) ?? ZeroAddress,
    contractAddress: fiscoAddress(receipt.contractAddress),
    hash: receipt.transactionHash,
    index,
    blockHash,
    blockNumber: receipt.blockNumber,
    logsBloom: `0x${"00".repeat(256)}`,
    logs: receiptLogParams(receipt, blockHash, index),
    gasUsed,
    cumulativeGasUsed: gasUsed,
    effectiveGasPrice: 0n,
    type: 0,
    status: receipt.status === 0 ? 1 : 0,
    root: null,
  };
}

export interface TransactionPlacement {
  blockNumber: number | null;
  blockHash: string | null;
  index: number;
  chainId: bigint;
}

export function transactionParams(
  tx: FiscoTransactionJson,
  at: TransactionPlacement,
): TransactionResponseParams {
  return {
    blockNumber: at.blockNumber,
    blockHash: at.blockHash,
    hash: tx.hash,
    index: at.index,
    type: 0,
    to: fiscoAddress(tx.to),
    from: fiscoAddress(tx.from) ?? ZeroAddress,
    nonce: 0,
    gasLimit: 0n,
    gasPrice: 0n,
    maxPriorityFeePerGas: null,
    maxFeePerGas: null,
    data: tx.input,
    value: 0n,
    chainId: at.chainId,
    signature: ethersSignature(tx.signature),
    accessList: null,
    authorizationList: null,
  };
}

export function blockParams(
  block: FiscoBlock,
  transactions: ReadonlyArray<string | TransactionResponseParams>,
): BlockParams {
  return {
    hash: block.hash,
    number: block.number,
    timestamp: secondsOf(block.timestamp),
    parentHash: block.parentInfo[0]?.blockHash ?? ZeroHash,
    nonce: "0x0000000000000000",
    difficulty: 0n,
    gasLimit: 0n,
    gasUsed: BigInt(block.gasUsed || "0"),
    miner: ZeroAddress,
    extraData: block.extraData || "0x",
    baseFeePerGas: null,
    stateRoot: block.stateRoot,
    receiptsRoot: block.receiptsRoot,
    transactions,
  };
}
