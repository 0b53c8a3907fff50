export {
  CHAIN_KINDS,
  CHAIN_SETTINGS,
  type ChainEndpointOptions,
  type ChainKind,
  type ChainSettings,
  chainEndpointOptions,
  chainSettings,
  FISCO_NODE_DEFAULTS,
  type FiscoNodeSettings,
  type ServiceChainConfig,
} from "./chain-settings.js";
export { configProblemsMessage } from "./config-problems.js";
export {
  type ConfigSource,
  type ConfigSourceOptions,
  type Environment,
  envValue,
  openConfigSource,
} from "./config-source.js";
export {
  type DomainErrorHandler,
  type ErrorIssue,
  errorBody,
  registerErrorHandling,
} from "./error-handling.js";
export {
  BODY_ERROR_RESPONSES,
  ERROR_RESPONSE_SCHEMA_ID,
  type ErrorResponseDocs,
  errorResponseRef,
  errorResponseSchema,
} from "./error-response-schema.js";
export { isHttpUrl, isUrlWithScheme } from "./http-url.js";
export { checkLogLevel, LOG_LEVELS } from "./log-levels.js";
export { type SettingName, settingBase, settingLabel, settingValue } from "./setting-name.js";
export { type IntegerRange, integerSetting, pathSetting, stringSetting } from "./setting-readers.js";
export { type StoppableService, stopOnSignals } from "./stop-on-signals.js";
