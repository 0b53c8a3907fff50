/**
 * Building, signing and checking complete FISCO BCOS native transactions.
 *
 * `signTransaction` produces what a node's JSON-RPC `sendTransaction [group, node, txHex, withProof]`
 * accepts: the TARS `Transaction` with `data`, `dataHash` (the field-based hash, which the node recomputes
 * and compares), `signature`, `importTime` 0 and `attribute`, as the SDKs build it
 * (bcos-cpp-sdk TransactionBuilder::createTransaction / java-sdk TransactionEncoderService).
 */
import { randomBytes } from "@noble/hashes/utils.js";
import { bytesToBigInt, equalBytes, parseHex, toHex } from "./bytes.js";
import { FiscoHashMismatchError, FiscoTarsError, FiscoTransactionFieldError } from "./errors.js";
import { transactionDataHash } from "./hash.js";
import type { CryptoSuite, PrivateKeyInput, TransactionSigner } from "./signature.js";
import {
  decodeTransaction,
  encodeTransaction,
  type Transaction,
  TransactionAttribute,
  type TransactionData,
  validateTransactionData,
} from "./transaction.js";

/** Amounts of version >= 1 transactions: a bigint, or the hex string itself ("0x..."). */
export type HexQuantity = bigint | string;

export interface TransactionFields {
  /** 0 (default; every FISCO BCOS 3.x node), 1 (value and gas fields) or 2 (also extension). */
  version?: 0 | 1 | 2;
  chainID: string;
  groupID: string;
  /** Must be above the current block number and at most current + 1000 (the node's window). */
  blockLimit: bigint | number;
  /** Defaults to a random 256-bit number in decimal, as the SDKs do. */
  nonce?: string;
  /** Callee address (normalised to lower-case 0x hex); omit or "" to deploy a contract. */
  to?: string;
  /** Call data or deployment bytecode, as bytes or hex. */
  input?: Uint8Array | string;
  abi?: string;
  value?: HexQuantity;
  gasPrice?: HexQuantity;
  gasLimit?: bigint | number;
  maxFeePerGas?: HexQuantity;
  maxPriorityFeePerGas?: HexQuantity;
  extension?: Uint8Array;
}

export interface SignTransactionOptions {
  /** Defaults to {@link TransactionAttribute.EVM_ABI_CODEC}, what the java-sdk sets for Solidity. */
  attribute?: number;
  /** Carried but not hashed. */
  extraData?: string;
}

export interface SignedTransaction {
  /** 0x hex of the TARS `Transaction`: the `sendTransaction` parameter. */
  hex: string;
  bytes: Uint8Array;
  /** 0x hex of the data hash: the transaction hash the node reports. */
  hash: string;
  transaction: Transaction;
  /** Address of the signer. */
  sender: string;
}

const ADDRESS_RE = /^(0x)?[0-9a-fA-F]{40}$/;

function fieldError(field: string, message: string, value?: unknown): never {
  throw new FiscoTransactionFieldError(`Transaction field ${field}: ${message}`, {
    details: { field, value: typeof value === "bigint" ? value.toString() : value },
  });
}

function toBigInt(field: string, value: bigint | number): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    fieldError(field, "must be a safe integer or bigint", value);
  return BigInt(value);
}

function quantity(field: string, value: HexQuantity | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "bigint") {
    if (value < 0n) fieldError(field, "must not be negative", value);
    return `0x${value.toString(16)}`;
  }
  return value;
}

function normaliseTo(to: string | undefined): string {
  if (to === undefined || to === "") return "";
  if (typeof to !== "string" || !ADDRESS_RE.test(to))
    fieldError("to", "must be a 20-byte hex address or empty", to);
  return `0x${to.replace(/^0x/, "").toLowerCase()}`;
}

function inputBytes(input: Uint8Array | string | undefined): Uint8Array {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  const bytes = typeof input === "string" ? parseHex(input) : undefined;
  if (bytes === undefined) fieldError("input", "must be bytes or even-length hex", input);
  return bytes;
}

/** A random 256-bit number in decimal (what bcos-cpp-sdk uses as nonce). */
export function randomNonce(): string {
  return bytesToBigInt(randomBytes(32)).toString(10);
}

/**
 * The `TransactionData` for `fields`, checked as the node checks it. Fields that the hash of the chosen
 * version does not cover (value/gas for version 0, extension below 2) are refused: the signature would not
 * protect them.
 */
export function buildTransactionData(fields: TransactionFields): TransactionData {
  const version = fields.version ?? 0;
  if (version !== 0 && version !== 1 && version !== 2) fieldError("version", "must be 0, 1 or 2", version);
  const blockLimit = toBigInt("blockLimit", fields.blockLimit);
  if (blockLimit <= 0n) fieldError("blockLimit", "must be positive", blockLimit);
  const gasLimit = toBigInt("gasLimit", fields.gasLimit ?? 0);
  if (gasLimit < 0n) fieldError("gasLimit", "must not be negative", gasLimit);
  const data: TransactionData = {
    version,
    chainID: fields.chainID,
    groupID: fields.groupID,
    blockLimit,
    nonce: fields.nonce ?? randomNonce(),
    to: normaliseTo(fields.to),
    input: inputBytes(fields.input),
    abi: fields.abi ?? "",
    value: quantity("value", fields.value),
    gasPrice: quantity("gasPrice", fields.gasPrice),
    gasLimit,
    maxFeePerGas: quantity("maxFeePerGas", fields.maxFeePerGas),
    maxPriorityFeePerGas: quantity("maxPriorityFeePerGas", fields.maxPriorityFeePerGas),
    extension: fields.extension ?? new Uint8Array(0),
  };
  if (data.chainID === "") fieldError("chainID", "must not be empty");
  if (data.groupID === "") fieldError("groupID", "must not be empty");
  if (data.nonce === "") fieldError("nonce", "must not be empty");
  const unhashed = unhashedFields(data);
  if (unhashed.length > 0)
    fieldError(unhashed[0]!, `is not covered by the hash of a version ${version} transaction`);
  validateTransactionData(data);
  return data;
}

/** Non-default data fields that the hash of `data.version` does not cover (and so no signature protects). */
export function unhashedFields(data: TransactionData): string[] {
  const out: string[] = [];
  const version = data.version >>> 0;
  if (version < 1) {
    if (data.value !== "") out.push("value");
    if (data.gasPrice !== "") out.push("gasPrice");
    if (data.gasLimit !== 0n) out.push("gasLimit");
    if (data.maxFeePerGas !== "") out.push("maxFeePerGas");
    if (data.maxPriorityFeePerGas !== "") out.push("maxPriorityFeePerGas");
  }
  if (version < 2 && data.extension.length > 0) out.push("extension");
  return out;
}

/** Builds, hashes and signs a transaction; `hex` is ready for `sendTransaction`. */
export function signTransaction(
  fields: TransactionFields,
  suite: CryptoSuite,
  privateKey: PrivateKeyInput,
  options: SignTransactionOptions = {},
): SignedTransaction {
  const data = buildTransactionData(fields);
  const dataHash = transactionDataHash(data, suite.hash);
  const signature = suite.sign(dataHash, privateKey);
  const transaction: Transaction = {
    data,
    dataHash,
    signature,
    importTime: 0n,
    attribute: options.attribute ?? TransactionAttribute.EVM_ABI_CODEC,
    sender: new Uint8Array(0),
    extraData: options.extraData ?? "",
  };
  const bytes = encodeTransaction(transaction);
  return {
    hex: toHex(bytes),
    bytes,
    hash: toHex(dataHash),
    transaction,
    sender: suite.address(suite.publicKey(privateKey)),
  };
}

export interface VerifiedTransaction {
  transaction: Transaction;
  /** The data hash recomputed from the fields (equal to `transaction.dataHash` when that is present). */
  dataHash: Uint8Array;
  signer: TransactionSigner;
  /** Non-default data fields that the signature does not protect (see {@link unhashedFields}). */
  unhashedFields: string[];
}

/**
 * Decodes a TARS transaction (bytes or 0x hex), recomputes its data hash, checks it against the carried
 * `dataHash` and recovers (ecdsa) or verifies (sm) the signer, as a node does on submission.
 * Throws {@link FiscoTarsError}, {@link FiscoHashMismatchError} or a signature error.
 */
export function verifyTransaction(encoded: Uint8Array | string, suite: CryptoSuite): VerifiedTransaction {
  const bytes = typeof encoded === "string" ? parseHex(encoded) : encoded;
  if (bytes === undefined) {
    throw new FiscoTarsError("Transaction hex is not even-length hex", {
      details: { reason: "hex", offset: 0 },
    });
  }
  const transaction = decodeTransaction(bytes);
  const dataHash = transactionDataHash(transaction.data, suite.hash);
  if (transaction.dataHash.length > 0 && !equalBytes(transaction.dataHash, dataHash)) {
    throw new FiscoHashMismatchError("Transaction dataHash does not match its fields", {
      details: { carried: toHex(transaction.dataHash), computed: toHex(dataHash) },
    });
  }
  const signer = suite.recoverOrVerify(dataHash, transaction.signature);
  return { transaction, dataHash, signer, unhashedFields: unhashedFields(transaction.data) };
}
