/**
 * FISCO BCOS 3.x native transactions: the `TransactionData` and `Transaction` structs of
 * bcos-tars-protocol/tars/Transaction.tars and their TARS encoding.
 *
 *   struct TransactionData { 1 int version; 2 string chainID; 3 string groupID; 4 long blockLimit;
 *     5 string nonce; 6 string to; 7 vector<byte> input; 8 string abi;
 *     9 string value; 10 string gasPrice; 11 long gasLimit; 12 string maxFeePerGas;    (version >= 1)
 *     13 string maxPriorityFeePerGas; 14 vector<byte> extension; }                     (14: version >= 2)
 *   struct Transaction { 1 TransactionData data; 2 vector<byte> dataHash; 3 vector<byte> signature;
 *     4 long importTime; 5 int attribute; 7 vector<byte> sender; 8 string extraData; }
 *
 * Every field is optional in TARS: an absent field decodes to its default (0, "", empty bytes). The encoder
 * writes `version` always and every other field only when it differs from its default, which is what the
 * official SDKs emit (the fixtures re-encode byte for byte). Unknown fields (newer node versions add some)
 * are skipped on decode.
 */
import { FiscoTarsError, FiscoTransactionFieldError } from "./errors.js";
import { TarsReader, TarsType, type TarsTypeCode, TarsWriter } from "./tars.js";

export interface TransactionData {
  /** 0, 1 (adds value/gas fields to the hash) or 2 (adds extension). TARS `int`. */
  version: number;
  chainID: string;
  groupID: string;
  /** The transaction is valid up to this block number. TARS `long`. */
  blockLimit: bigint;
  /** Any unique string; the SDKs use a random 256-bit number in decimal or hex. */
  nonce: string;
  /** Callee address as a string (the hash covers this exact text); "" deploys a contract. */
  to: string;
  input: Uint8Array;
  /** Contract ABI JSON, customarily only on deployments. */
  abi: string;
  /** Version >= 1: hex strings "0x..." or "" (the node rejects anything else). */
  value: string;
  gasPrice: string;
  /** Version >= 1. TARS `long`. */
  gasLimit: bigint;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
  /** Version >= 2. */
  extension: Uint8Array;
}

export interface Transaction {
  data: TransactionData;
  dataHash: Uint8Array;
  signature: Uint8Array;
  /** Set by the node's transaction pool; 0 when submitted. TARS `long`. */
  importTime: bigint;
  /** Bit set: 0x1 EVM ABI codec, 0x2 Liquid SCALE codec, 0x4 DAG, 0x8 Liquid create. TARS `int`. */
  attribute: number;
  /** Filled in by the node after recovery; the node ignores (clears) a sender sent over RPC. */
  sender: Uint8Array;
  /** Not covered by the hash. */
  extraData: string;
}

/** Attribute bits of {@link Transaction.attribute} (bcos::protocol::Transaction::Attribute). */
export const TransactionAttribute = {
  EVM_ABI_CODEC: 0x1,
  LIQUID_SCALE_CODEC: 0x2,
  DAG: 0x4,
  LIQUID_CREATE: 0x8,
} as const;

export type TransactionDataInit = Partial<TransactionData> &
  Pick<TransactionData, "chainID" | "groupID" | "blockLimit" | "nonce">;

/** A complete {@link TransactionData} from the fields given, with the TARS defaults for the rest. */
export function transactionData(init: TransactionDataInit): TransactionData {
  return {
    version: init.version ?? 0,
    chainID: init.chainID,
    groupID: init.groupID,
    blockLimit: init.blockLimit,
    nonce: init.nonce,
    to: init.to ?? "",
    input: init.input ?? new Uint8Array(0),
    abi: init.abi ?? "",
    value: init.value ?? "",
    gasPrice: init.gasPrice ?? "",
    gasLimit: init.gasLimit ?? 0n,
    maxFeePerGas: init.maxFeePerGas ?? "",
    maxPriorityFeePerGas: init.maxPriorityFeePerGas ?? "",
    extension: init.extension ?? new Uint8Array(0),
  };
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** What the node's isHexStringV2 accepts for value / gas price fields of version >= 1. */
const NODE_HEX_RE = /^(0x[0-9a-fA-F]*)?$/;
/** A UTF-16 surrogate without its pair: such a string has no UTF-8 form and would not survive a round trip. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function invalid(field: string, message: string, value?: unknown): never {
  throw new FiscoTransactionFieldError(`Transaction field ${field}: ${message}`, {
    details: { field, value: typeof value === "bigint" ? value.toString() : value },
  });
}

function checkInt32(field: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    invalid(field, "must be an int32 number", value);
  }
}

function checkInt64(field: string, value: unknown): void {
  if (typeof value !== "bigint" || value < INT64_MIN || value > INT64_MAX)
    invalid(field, "must be an int64 bigint", value);
}

function checkString(field: string, value: unknown): void {
  if (typeof value !== "string") invalid(field, "must be a string", value);
  if (LONE_SURROGATE_RE.test(value))
    invalid(field, "must be well-formed Unicode (it is hashed as UTF-8)", value);
}

function checkBytes(field: string, value: unknown): void {
  if (!(value instanceof Uint8Array)) invalid(field, "must be a Uint8Array");
}

/**
 * Checks the type and range of every field (what encoding and hashing need). Throws
 * {@link FiscoTransactionFieldError}.
 */
export function assertTransactionDataShape(data: TransactionData): void {
  if (typeof data !== "object" || data === null) invalid("data", "must be an object");
  checkInt32("version", data.version);
  for (const field of ["chainID", "groupID", "nonce", "to", "abi"] as const) checkString(field, data[field]);
  checkInt64("blockLimit", data.blockLimit);
  checkBytes("input", data.input);
  for (const field of ["value", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"] as const) {
    checkString(field, data[field]);
  }
  checkInt64("gasLimit", data.gasLimit);
  checkBytes("extension", data.extension);
}

/**
 * {@link assertTransactionDataShape} plus what the node checks on submission: for version >= 1, value,
 * gasPrice, maxFeePerGas and maxPriorityFeePerGas must be "" or 0x-prefixed hex.
 */
export function validateTransactionData(data: TransactionData): void {
  assertTransactionDataShape(data);
  if (data.version >= 1) {
    for (const field of ["value", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"] as const) {
      if (!NODE_HEX_RE.test(data[field])) invalid(field, 'must be "" or 0x-prefixed hex', data[field]);
    }
  }
}

function writeData(w: TarsWriter, d: TransactionData): void {
  w.int(1, d.version);
  if (d.chainID !== "") w.string(2, d.chainID);
  if (d.groupID !== "") w.string(3, d.groupID);
  if (d.blockLimit !== 0n) w.int(4, d.blockLimit);
  if (d.nonce !== "") w.string(5, d.nonce);
  if (d.to !== "") w.string(6, d.to);
  if (d.input.length > 0) w.bytes(7, d.input);
  if (d.abi !== "") w.string(8, d.abi);
  if (d.value !== "") w.string(9, d.value);
  if (d.gasPrice !== "") w.string(10, d.gasPrice);
  if (d.gasLimit !== 0n) w.int(11, d.gasLimit);
  if (d.maxFeePerGas !== "") w.string(12, d.maxFeePerGas);
  if (d.maxPriorityFeePerGas !== "") w.string(13, d.maxPriorityFeePerGas);
  if (d.extension.length > 0) w.bytes(14, d.extension);
}

/** TARS encoding of a top-level `TransactionData`. */
export function encodeTransactionData(data: TransactionData): Uint8Array {
  assertTransactionDataShape(data);
  const w = new TarsWriter();
  writeData(w, data);
  return w.toBytes();
}

/** TARS encoding of a `Transaction` (what `sendTransaction` takes, as 0x hex). */
export function encodeTransaction(tx: Transaction): Uint8Array {
  if (typeof tx !== "object" || tx === null) invalid("transaction", "must be an object");
  assertTransactionDataShape(tx.data);
  checkBytes("dataHash", tx.dataHash);
  checkBytes("signature", tx.signature);
  checkInt64("importTime", tx.importTime);
  checkInt32("attribute", tx.attribute);
  checkBytes("sender", tx.sender);
  checkString("extraData", tx.extraData);
  const w = new TarsWriter();
  w.structBegin(1);
  writeData(w, tx.data);
  w.structEnd();
  if (tx.dataHash.length > 0) w.bytes(2, tx.dataHash);
  if (tx.signature.length > 0) w.bytes(3, tx.signature);
  if (tx.importTime !== 0n) w.int(4, tx.importTime);
  if (tx.attribute !== 0) w.int(5, tx.attribute);
  if (tx.sender.length > 0) w.bytes(7, tx.sender);
  if (tx.extraData !== "") w.string(8, tx.extraData);
  return w.toBytes();
}

function readDataFields(r: TarsReader, d: TransactionData, tag: number, type: TarsTypeCode): boolean {
  switch (tag) {
    case 1:
      d.version = Number(r.int(type, 32));
      return true;
    case 2:
      d.chainID = r.string(type);
      return true;
    case 3:
      d.groupID = r.string(type);
      return true;
    case 4:
      d.blockLimit = r.int(type, 64);
      return true;
    case 5:
      d.nonce = r.string(type);
      return true;
    case 6:
      d.to = r.string(type);
      return true;
    case 7:
      d.input = r.bytes(type);
      return true;
    case 8:
      d.abi = r.string(type);
      return true;
    case 9:
      d.value = r.string(type);
      return true;
    case 10:
      d.gasPrice = r.string(type);
      return true;
    case 11:
      d.gasLimit = r.int(type, 64);
      return true;
    case 12:
      d.maxFeePerGas = r.string(type);
      return true;
    case 13:
      d.maxPriorityFeePerGas = r.string(type);
      return true;
    case 14:
      d.extension = r.bytes(type);
      return true;
    default:
      return false;
  }
}

function emptyData(): TransactionData {
  return transactionData({ chainID: "", groupID: "", blockLimit: 0n, nonce: "" });
}

function toBytesInput(input: Uint8Array): Uint8Array {
  if (!(input instanceof Uint8Array)) {
    throw new FiscoTarsError("TARS input must be a Uint8Array", { details: { reason: "input", offset: 0 } });
  }
  return input;
}

/** Decodes a top-level `TransactionData`. Throws {@link FiscoTarsError} on malformed input. */
export function decodeTransactionData(bytes: Uint8Array): TransactionData {
  const r = new TarsReader(toBytesInput(bytes));
  const d = emptyData();
  r.struct(({ tag, type }) => readDataFields(r, d, tag, type), true);
  return d;
}

/** Decodes a `Transaction` (the bytes of a `sendTransaction` hex). Throws {@link FiscoTarsError}. */
export function decodeTransaction(bytes: Uint8Array): Transaction {
  const r = new TarsReader(toBytesInput(bytes));
  const tx: Transaction = {
    data: emptyData(),
    dataHash: new Uint8Array(0),
    signature: new Uint8Array(0),
    importTime: 0n,
    attribute: 0,
    sender: new Uint8Array(0),
    extraData: "",
  };
  r.struct(({ tag, type }) => {
    switch (tag) {
      case 1:
        if (type !== TarsType.StructBegin)
          r.fail("type", `type ${type} where struct TransactionData is expected`);
        r.struct((h) => readDataFields(r, tx.data, h.tag, h.type));
        return true;
      case 2:
        tx.dataHash = r.bytes(type);
        return true;
      case 3:
        tx.signature = r.bytes(type);
        return true;
      case 4:
        tx.importTime = r.int(type, 64);
        return true;
      case 5:
        tx.attribute = Number(r.int(type, 32));
        return true;
      case 7:
        tx.sender = r.bytes(type);
        return true;
      case 8:
        tx.extraData = r.string(type);
        return true;
      default:
        return false;
    }
  }, true);
  return tx;
}
