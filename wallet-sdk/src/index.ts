export type {
  AddDelegateParameters,
  AddDelegateReturnType,
  DelegateType,
} from "./actions/add-delegate.js";
export type { KeyRecord, PublishedKeyType, ServiceEndpoint } from "./actions/attributes.js";
export type { CreateIdentityParameters, CreateIdentityReturnType } from "./actions/create-identity.js";
export type {
  CreatePresentationParameters,
  CreatePresentationReturnType,
} from "./actions/create-presentation.js";
export type {
  GetIdentityParameters,
  GetIdentityReturnType,
  WalletIdentity,
  WalletKey,
} from "./actions/get-identity.js";
export type {
  ClaimsFilter,
  ListCredentialsParameters,
  ListCredentialsReturnType,
  SelectCredentialsParameters,
  SelectCredentialsReturnType,
} from "./actions/list-credentials.js";
export type { PublishKeyParameters, PublishKeyReturnType } from "./actions/publish-key.js";
export type { PublishServiceParameters, PublishServiceReturnType } from "./actions/publish-service.js";
export type {
  ReceiveCredentialParameters,
  ReceiveCredentialReturnType,
} from "./actions/receive-credential.js";
export type {
  OnChainProofArgumentsReturnType,
  RegisterProofArguments,
  RegisterProofReturnType,
  RequireEligibleArguments,
} from "./actions/register-proof.js";
export type { RevokeDelegateParameters, RevokeDelegateReturnType } from "./actions/revoke-delegate.js";
export type { RevokeKeyParameters, RevokeKeyReturnType } from "./actions/revoke-key.js";
export type { RevokeServiceParameters, RevokeServiceReturnType } from "./actions/revoke-service.js";
export type { RotateOwnerParameters, RotateOwnerReturnType } from "./actions/rotate-owner.js";
export type { SyncControllerParameters, SyncControllerReturnType } from "./actions/sync-controller.js";
export {
  type CreatePermitChainAgentParameters,
  createPermitChainAgent,
  type PermitChainAgent,
  type ResolvableLike,
  type WalletNetwork,
} from "./agent.js";
export type { CredentialProofInput } from "./credentials/proof.js";
export {
  assertWhere,
  matchesWhere,
  type QueryCondition,
  type QueryOperators,
  type QueryScalar,
  valuesAt,
  type Where,
} from "./credentials/query.js";
export {
  AmbiguousWalletError,
  CredentialConflictError,
  CredentialNotFoundError,
  CredentialRejectedError,
  type CredentialRejectionReason,
  CredentialStoreCorruptError,
  HolderKeyUnavailableError,
  IdentityNotFoundError,
  InvalidArgumentError,
  KeyNotFoundError,
  KeyStoreCorruptError,
  NotControllerError,
  ProofInvalidError,
  ProofNotFoundError,
  ProofRejectedError,
  RegistryTransactionError,
  SubjectNotInWalletError,
  WalletBusyError,
  WalletClosedError,
  WalletConfigError,
  WalletLockedError,
  WalletStorageUnavailableError,
  WrongPassphraseError,
} from "./errors.js";
export { KmsSigner } from "./kms-signer.js";
export type { RegistryTransactionReturnType } from "./registry-writer.js";
export {
  type CredentialMetadata,
  type CredentialStatusEntry,
  type CredentialStore,
  EncryptedFileCredentialStore,
  MemoryCredentialStore,
  type OpenEncryptedCredentialStoreParameters,
  type ReceivedCheck,
  type StoredCredential,
  type StoredCredentialProof,
} from "./stores/credential-store.js";
export {
  DEFAULT_SCRYPT,
  EncryptedFilePrivateKeyStore,
  isLockable,
  type LockablePrivateKeyStore,
  type OpenEncryptedPrivateKeyStoreParameters,
  type ScryptParameters,
} from "./stores/encrypted-private-key-store.js";
export { JsonFileDIDStore, JsonFileKeyStore } from "./stores/json-file-stores.js";
export {
  type OpenedWalletStores,
  type OpenWalletStoresParameters,
  openWalletStores,
  readWalletIdentifiers,
  WALLET_DATABASE_FILE,
  type WalletFormat,
  type WalletInDirectory,
  type WalletInPostgres,
  walletFormatOf,
} from "./stores/open-wallet-stores.js";
export {
  type OpenPostgresStoresParameters,
  openPostgresStores,
  type PostgresWalletAddress,
  type PostgresWalletStores,
  readPostgresIdentifiers,
} from "./stores/postgres-stores.js";
export { DEFAULT_WALLET_NAME } from "./stores/postgres-wallet-place.js";
export type { PostgresConnectionOptions } from "./stores/postgres-wallet-sql.js";
export { type Lockable, SealedFile, type SealedFileKind } from "./stores/sealed-file.js";
export type { SqlCredentialStore } from "./stores/sql-credential-store.js";
export type { SqlPrivateKeyStore } from "./stores/sql-private-key-store.js";
export type { SqlDIDStore, SqlKeyStore } from "./stores/sql-public-stores.js";
export type { SqlWalletStores } from "./stores/sql-wallet-stores.js";
export {
  type OpenSqliteStoresParameters,
  openSqliteStores,
  readSqliteIdentifiers,
  type SqliteWalletStores,
} from "./stores/sqlite-stores.js";
export {
  type FileWalletStores,
  memoryStores,
  type OpenFileStoresParameters,
  openFileStores,
  WALLET_FILES,
  type WalletStores,
} from "./stores/wallet-stores.js";
export { type CreateWalletOptions, createWallet, type PermitChainWallet } from "./wallet.js";
