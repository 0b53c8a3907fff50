export {
  type BlockFinder,
  type BlockSource,
  type CreateBlockFinderParameters,
  createBlockFinder,
} from "./block-finder.js";
export {
  type CachedStatusReader,
  type CachedStatusReaderStats,
  type CreateCachedStatusReaderParameters,
  createCachedStatusReader,
} from "./cached-status-reader.js";
export {
  type Challenge,
  type ChallengeStore,
  type ConsumeChallengeReturnType,
  type CreateMemoryChallengeStoreParameters,
  createMemoryChallengeStore,
  type IssueChallengeParameters,
} from "./challenge-store.js";
export {
  type ClassifyResolutionError,
  classifyResolutionError,
  type DidResolutionResultLike,
  type DidResolverLike,
  type ResolutionErrorVerdict,
} from "./check-did.js";
export type { TrustAtResult, TrustedIssuerReader } from "./check-issuer-trust.js";
export type { CredentialStatusReader, CredentialStatusValue } from "./check-status.js";
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CheckStatus,
  ReasonCode,
  type Verdict,
} from "./codes.js";
export {
  type CreateVerifierParameters,
  type CreateVerifierReturnType,
  createVerifier,
  type Verifier,
  type VerifierCacheOptions,
  type VerifierStats,
  type VerifyCredentialParameters,
  type VerifyCredentialReturnType,
  type VerifyManyParameters,
  type VerifyManyReturnType,
  type VerifyPresentationParameters,
  type VerifyPresentationReturnType,
} from "./create-verifier.js";
export {
  BlockLookupError,
  ChallengeStoreFullError,
  VerifierClosedError,
  VerifierConfigError,
} from "./errors.js";
export {
  ALLOWED_ALGORITHMS,
  type AllowedAlgorithm,
  DEFAULT_MAX_JWT_LENGTH,
  type ParsedJwt,
  type ParseJwtParameters,
  type ParseJwtReturnType,
  parseJwt,
} from "./jwt.js";
export { normalizeCredential } from "./normalize.js";
export type { CredentialVerificationResult, PresentationVerificationResult } from "./result.js";
export {
  type CreateStatusRegistryReaderParameters,
  createStatusRegistryReader,
} from "./status-registry-reader.js";
export {
  type CreateTrustedIssuerRegistryReaderParameters,
  type CreateTrustedIssuerRegistryReaderReturnType,
  createTrustedIssuerRegistryReader,
} from "./trusted-issuer-registry.js";
