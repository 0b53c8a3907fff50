export {
  FISCO_ERROR_CODES,
  FiscoHashMismatchError,
  FiscoKeyError,
  FiscoSignatureError,
  FiscoTarsError,
  FiscoTransactionFieldError,
} from "./errors.js";
export {
  type HashFunction,
  transactionDataHash,
  transactionDataHashKeccak,
  transactionDataHashPreimage,
  transactionDataHashSm3,
} from "./hash.js";
export {
  buildTransactionData,
  type HexQuantity,
  randomNonce,
  type SignedTransaction,
  type SignTransactionOptions,
  signTransaction,
  type TransactionFields,
  unhashedFields,
  type VerifiedTransaction,
  verifyTransaction,
} from "./sign-transaction.js";
export {
  type CryptoSuite,
  type CryptoSuiteName,
  cryptoSuite,
  ecdsaSuite,
  type PrivateKeyInput,
  privateKeyBytes,
  secp256k1Address,
  secp256k1PublicKey,
  secp256k1Recover,
  secp256k1Sign,
  smSuite,
  type TransactionSigner,
} from "./signature.js";
export {
  SM2_CURVE,
  SM2_DEFAULT_USER_ID,
  type Sm2Options,
  type Sm2SignOptions,
  sm2Address,
  sm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm2Za,
} from "./sm2.js";
export { sm3 } from "./sm3.js";
export {
  TARS_MAX_DEPTH,
  type TarsHead,
  TarsReader,
  TarsType,
  type TarsTypeCode,
  TarsWriter,
} from "./tars.js";
export {
  assertTransactionDataShape,
  decodeTransaction,
  decodeTransactionData,
  encodeTransaction,
  encodeTransactionData,
  type Transaction,
  TransactionAttribute,
  type TransactionData,
  type TransactionDataInit,
  transactionData,
  validateTransactionData,
} from "./transaction.js";
