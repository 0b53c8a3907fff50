export {
  type ChainEndpointKind,
  type ConnectChainEndpointOptions,
  type ConnectedChainEndpoint,
  type ConnectedEvmEndpoint,
  type ConnectedFiscoEndpoint,
  connectChainEndpoint,
  type FiscoEndpointOptions,
} from "./connect-endpoint.js";
export {
  DEV_MNEMONIC,
  type EmbeddedChainConfig,
  type EmbeddedChainOptions,
  resolveChainConfig,
  type TimestampUnit,
} from "./embedded/config.js";
export { writeFileAtomic } from "./embedded/data-dir.js";
export type { DevAccount } from "./embedded/dev-accounts.js";
export { EMBEDDED_HARDFORK } from "./embedded/edr-engine.js";
export { ChainConfigError, DataDirError, JournalError, RpcError } from "./embedded/errors.js";
export { type EmbeddedChain, startEmbeddedChain } from "./embedded/start.js";
export { PermitChainError } from "./errors.js";
export {
  ChainConnectionError,
  type ConnectJsonRpcOptions,
  connectJsonRpc,
  staticJsonRpcProvider,
} from "./evm/connect.js";
export {
  FiscoBadResponseError,
  type FiscoChainInfo,
  FiscoClient,
  FiscoClientConfigError,
  type FiscoClientOptions,
  FiscoGroupNotFoundError,
  FiscoProvider,
  type FiscoProviderOptions,
  FiscoRpcError,
  FiscoSendOutcomeUnknownError,
  FiscoSigner,
  type FiscoSignerOptions,
  FiscoTimeoutError,
  FiscoTlsError,
  FiscoTransactionExpiredError,
  FiscoTransactionStatusError,
  FiscoTransportError,
  FiscoUnsupportedError,
  HttpTransport,
  TransactionStatus,
  WsTransport,
} from "./fisco/client/index.js";
export * as fisco from "./fisco/index.js";
export {
  computePbftModel,
  PBFT_MODEL_DEFAULTS,
  PBFT_MODEL_INPUT,
  type PbftModelInput,
  PbftModelInputError,
  type PbftModelResult,
  renderConfigIniFragment,
  renderGenesisFragment,
  renderPbftReport,
  WEIGHT_SCHEMES,
  type WeightScheme,
} from "./fisco/pbft/index.js";
export {
  type FiscoProtocolServer,
  type FiscoProtocolServerOptions,
  startFiscoProtocolServer,
} from "./fisco/protocol-server/index.js";
