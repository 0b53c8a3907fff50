export {
  blockLimitFor,
  checkBlockLimitOffset,
  DEFAULT_BLOCK_LIMIT_OFFSET,
  NODE_BLOCK_LIMIT_WINDOW,
} from "./block-limit.js";
export { chainInfoFromGroupInfo, type FiscoChainInfo } from "./chain-info.js";
export {
  FiscoClient,
  type FiscoClientOptions,
  type SendTransactionOptions,
  type SubmittedTransaction,
  type TransactionRequest,
} from "./client.js";
export {
  FISCO_CLIENT_ERROR_CODES,
  FiscoBadResponseError,
  FiscoClientConfigError,
  FiscoGroupNotFoundError,
  FiscoRpcError,
  FiscoSendOutcomeUnknownError,
  FiscoTimeoutError,
  FiscoTlsError,
  FiscoTransactionExpiredError,
  FiscoTransactionStatusError,
  FiscoTransportError,
  FiscoUnsupportedError,
} from "./errors.js";
export {
  blockParams,
  ethersSignature,
  filterLogParams,
  fiscoAddress,
  receiptLogParams,
  receiptParams,
  transactionParams,
} from "./ethers-format.js";
export { HttpTransport, type HttpTransportOptions } from "./http-transport.js";
export { FiscoProvider, type FiscoProviderOptions } from "./provider.js";
export { DEFAULT_RETRY_POLICY, isRetryable, type RetryPolicy } from "./retry.js";
export { isGroupNotFoundCode, isNotFoundCode, JsonRpcErrorCode, LedgerErrorCode } from "./rpc-error-codes.js";
export { type SafeSendDependencies, type SafeSendResult, sendAtMostOnce } from "./safe-send.js";
export { FiscoSigner, type FiscoSignerOptions } from "./signer.js";
export { type FiscoTlsOptions, tlsConnectionOptions } from "./tls-options.js";
export { FiscoTransactionResponse } from "./transaction-response.js";
export {
  TransactionStatus,
  type TransactionStatusKind,
  type TransactionStatusName,
  TXPOOL_STATUS_MIN,
  transactionStatusKind,
  transactionStatusName,
} from "./transaction-status.js";
export { isTlsFailure, type Transport, type TransportRequest } from "./transport.js";
export type {
  FiscoBlock,
  FiscoCallResult,
  FiscoFilterLog,
  FiscoGroupInfo,
  FiscoLogEntry,
  FiscoLogFilter,
  FiscoNodeInfo,
  FiscoReceipt,
  FiscoSystemConfig,
  FiscoTransactionJson,
} from "./types.js";
export {
  decodeWsMessage,
  encodeWsMessage,
  newWsSeq,
  WS_EXT_RESPONSE,
  type WsMessage,
  WsMessageType,
} from "./ws-message.js";
export { WsTransport, type WsTransportOptions } from "./ws-transport.js";
