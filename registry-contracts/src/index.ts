export {
  type BootstrapAddresses,
  type BootstrapConfig,
  bootstrapGovernance,
  type CommitteeSeat,
  DEV_GOVERNANCE_RULES,
  type GovernanceRules,
  governanceRules,
  type InitialParticipant,
} from "./bootstrap.js";
export {
  annualCapInGrams,
  CREDENTIAL_PROOF_DOMAIN_NAME,
  CREDENTIAL_PROOF_DOMAIN_VERSION,
  CREDENTIAL_PROOF_TYPES,
  type CredentialProof,
  type CredentialProofDomainParameters,
  type CredentialProofFailure,
  type CredentialProofTypedData,
  canonicalPollutantCaps,
  credentialIdHash,
  credentialProofDigest,
  credentialProofDomain,
  credentialProofTypedData,
  decodeCredentialProofFailure,
  PERMIT_CLAIMS_TYPES,
  type PermitMedium,
  type PermittedPollutantCap,
  type PollutantCap,
  permitClaimsHash,
  pollutantId,
  recoverCredentialProofSigner,
  signCredentialProof,
  type TypedDataSigner,
} from "./credential-proof.js";
export { CredentialStatus, StatusReason } from "./credential-status.js";
export { type DeployOptions, deploy } from "./deploy.js";
export { ContractCodeMissingError, DeploymentFailedError } from "./errors.js";
export {
  committeeGovernanceAbi,
  committeeGovernanceBytecode,
  credentialProofVerifierAbi,
  credentialProofVerifierBytecode,
  credentialStatusRegistryAbi,
  credentialStatusRegistryBytecode,
  ethereumDIDRegistryAbi,
  ethereumDIDRegistryBytecode,
  participantRegistryAbi,
  participantRegistryBytecode,
  trustedIssuerRegistryAbi,
  trustedIssuerRegistryBytecode,
} from "./generated/index.js";
export { type EncodedAction, encodeAction, type GovernanceAction } from "./governance-actions.js";
export {
  ActionKind,
  type ActionKindName,
  CredentialType,
  CreditLevel,
  credentialTypeId,
  GovernanceParameterKey,
  type Organisation,
  type OrganisationParameters,
  organisationRecord,
  ParticipantStatus,
  ProposalState,
  Role,
  sectorId,
  VoteType,
} from "./governance-types.js";
export type { Address, DeploymentManifest } from "./manifest.js";
export { type ReadManifestFileResult, readManifestFile } from "./manifest-file.js";
export {
  type RegistryMetaTxDigestParameters,
  type RegistryOperation,
  registryMetaTxDigest,
} from "./meta-transaction.js";
export {
  assertDidCoreDocument,
  assertDidResolutionResult,
  type CheckDidCoreDocumentOptions,
  type CreateDidResolverOptions,
  checkDidCoreDocument,
  checkDidResolutionResult,
  createDidResolver,
  DID_CORE_CONTEXT,
  DID_CORE_RESOLUTION_ERRORS,
  DidCoreConformanceError,
  type DidCoreResolutionError,
  type DidResolver,
  DidResolverConfigError,
  type DidResolverStats,
  type InvalidationMode,
  isDid,
  isDidUrl,
  type ParsedEthrDid,
  type ParseEthrDidResult,
  parseEthrDid,
  type ResolverClock,
  VERIFICATION_MATERIAL_PROPERTIES,
  VERIFICATION_RELATIONSHIPS,
} from "./resolver/index.js";
export { serialSync } from "./serial-sync.js";
export { type ContractName, type SuiteContext, type SuiteContract, suite } from "./suite.js";
export { type TimestampUnit, timestampDivisor } from "./timestamp-unit.js";
export { verifyDeployment } from "./verify-deployment.js";
