/**
 * The field-based data hash of a FISCO BCOS 3.x transaction (bcos-tars-protocol impl/TarsHashable.h):
 *
 *   H( int32_be(version) | chainID | groupID | int64_be(blockLimit) | nonce | to | input | abi
 *      [version >= 1: | value | gasPrice | int64_be(gasLimit) | maxFeePerGas | maxPriorityFeePerGas]
 *      [version >= 2: | extension] )
 *
 * Plain concatenation without length prefixes; strings contribute their UTF-8 bytes exactly as carried in
 * the transaction (`to` included: "0x0102…" hashes the 42 characters), byte vectors their raw bytes.
 * The version comparisons are unsigned, as in the node. H is keccak256 on ECDSA chains and SM3 on SM chains.
 * This is the hash that is signed and that the node reports as the transaction hash.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { concatBytes, int32BE, int64BE } from "./bytes.js";
import { sm3 } from "./sm3.js";
import { assertTransactionDataShape, type TransactionData } from "./transaction.js";

export type HashFunction = (bytes: Uint8Array) => Uint8Array;

const utf8 = new TextEncoder();

/** The bytes the data hash is computed over. */
export function transactionDataHashPreimage(data: TransactionData): Uint8Array {
  assertTransactionDataShape(data);
  const version = data.version >>> 0;
  const parts = [
    int32BE(data.version),
    utf8.encode(data.chainID),
    utf8.encode(data.groupID),
    int64BE(data.blockLimit),
    utf8.encode(data.nonce),
    utf8.encode(data.to),
    data.input,
    utf8.encode(data.abi),
  ];
  if (version >= 1) {
    parts.push(
      utf8.encode(data.value),
      utf8.encode(data.gasPrice),
      int64BE(data.gasLimit),
      utf8.encode(data.maxFeePerGas),
      utf8.encode(data.maxPriorityFeePerGas),
    );
  }
  if (version >= 2) parts.push(data.extension);
  return concatBytes(...parts);
}

/** The data hash with the given hash function. */
export function transactionDataHash(data: TransactionData, hash: HashFunction): Uint8Array {
  return hash(transactionDataHashPreimage(data));
}

/** keccak256 data hash (ECDSA chains). */
export function transactionDataHashKeccak(data: TransactionData): Uint8Array {
  return transactionDataHash(data, keccak_256);
}

/** SM3 data hash (SM chains). */
export function transactionDataHashSm3(data: TransactionData): Uint8Array {
  return transactionDataHash(data, (bytes) => sm3(bytes));
}
