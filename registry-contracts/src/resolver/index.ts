export {
  type CreateDidResolverOptions,
  createDidResolver,
  type DidResolver,
  DidResolverConfigError,
  type DidResolverStats,
  type InvalidationMode,
  type ResolverClock,
} from "./create-did-resolver.js";
export {
  assertDidCoreDocument,
  assertDidResolutionResult,
  type CheckDidCoreDocumentOptions,
  checkDidCoreDocument,
  checkDidResolutionResult,
  DID_CORE_CONTEXT,
  DID_CORE_RESOLUTION_ERRORS,
  DidCoreConformanceError,
  type DidCoreResolutionError,
  isDid,
  isDidUrl,
  VERIFICATION_MATERIAL_PROPERTIES,
  VERIFICATION_RELATIONSHIPS,
} from "./did-core.js";
export { type ParsedEthrDid, type ParseEthrDidResult, parseEthrDid } from "./ethr-did.js";
export { earliestExpiry, type RawLog, REGISTRY_EVENT_TOPICS } from "./validity.js";
