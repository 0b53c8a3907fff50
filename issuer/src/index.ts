export {
  API_KEY_PREFIX,
  ApiKeyStore,
  generateApiKey,
  hashApiKey,
  type Operator,
  operatorMay,
} from "./api-keys.js";
export { canonicalJson, requestHash } from "./canonical-json.js";
export { isChainUnreachable } from "./chain-errors.js";
export {
  type ChangeCredentialStatusParameters,
  type ChangeCredentialStatusReturnType,
  changeCredentialStatus,
} from "./change-status.js";
export {
  type ApiKeyConfig,
  type DatabaseConfig,
  ISSUER_CONFIG_DEFAULTS,
  ISSUER_ENV,
  type IssuerKeyConfig,
  type IssuerServiceConfig,
  type KeySource,
  type LoadIssuerConfigOptions,
  loadIssuerConfig,
} from "./config.js";
export type { IssuerContext } from "./context.js";
export {
  type CredentialProofView,
  type ProofDomain,
  permitProofClaims,
  signPermitProof,
} from "./credential-proof.js";
export { type DidNetwork, didAddress, didNetwork } from "./did.js";
export {
  ChainUnavailableError,
  CredentialInvalidError,
  ISSUER_ERROR_STATUS,
  IssuerConfigError,
  IssuerError,
  type IssuerErrorCode,
  SimulatedCrashError,
} from "./errors.js";
export { FAULT_POINTS, type FaultHook, type FaultPoint } from "./faults.js";
export { type FiscoStatusRegistryOptions, fiscoStatusRegistry } from "./fisco-status-registry.js";
export { type AppDependencies, type BuildAppOptions, buildApp, issuerApp } from "./http/app.js";
export {
  type IssueCredentialInput,
  type IssueCredentialParameters,
  type IssueCredentialResponse,
  type IssueCredentialReturnType,
  issueCredential,
} from "./issue-credential.js";
export { type IssuerIdentity, IssuerKeyring, type LoadIssuerKeysOptions, loadIssuerKeys } from "./keys.js";
export {
  LIVE_STATUS_CONCURRENCY,
  LIVE_STATUS_TIMEOUT_MS,
  type LiveStatusOptions,
  liveStatusViews,
  StatusUnreadableError,
} from "./live-status.js";
export {
  type CredentialView,
  getCredential,
  type ListCredentialsParameters,
  type ListCredentialsReturnType,
  listCredentials,
} from "./read-credentials.js";
export { type CreateIssuerServiceOptions, createIssuerService, type IssuerService } from "./service.js";
export { type SignCredentialReturnType, signCredential } from "./sign-credential.js";
export { type RunningIssuer, readDeploymentManifest, startIssuerServer } from "./start.js";
export {
  type ChainReadFailure,
  type ChainReadFailureCode,
  type CheckedStatusView,
  type StatusEntry,
  type StatusSource,
  type StatusView,
  statusEntry,
} from "./status-entry.js";
export {
  type Allocation,
  type AllocationLookup,
  type EthersStatusRegistryOptions,
  ethersStatusRegistry,
  type OnChainStatus,
  type SignedTransaction,
  type StatusAction,
  type StatusChangeReceipt,
  type StatusRegistryClient,
  statusRegistryInterface,
} from "./status-registry.js";
export { openRepository } from "./storage/open.js";
export { PostgresRepository, type PostgresRepositoryOptions } from "./storage/postgres.js";
export type {
  CreateIssuanceResult,
  CredentialPage,
  CredentialQuery,
  CredentialRecord,
  CredentialStatusName,
  IssuanceRecord,
  IssuanceState,
  IssuerRepository,
  NewIssuance,
  RecordedTransaction,
  StatusChangeRecord,
  StatusUpdate,
} from "./storage/repository.js";
export { SqliteRepository } from "./storage/sqlite.js";
export { ethersTrustClient, type TrustClient } from "./trust.js";
