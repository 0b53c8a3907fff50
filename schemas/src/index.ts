export { AUDIT_REPORT_SCHEMA } from "./audit-report/schema.js";
export { validateAuditReportSemantics } from "./audit-report/semantics.js";
export type {
  AuditReportCredential,
  AuditReportSubject,
  Materiality,
  ReportingPeriod,
  VerifiedEmission,
} from "./audit-report/types.js";
export { AUDITOR_ACCREDITATION_SCHEMA } from "./auditor-accreditation/schema.js";
export {
  accreditationScopeGap,
  type ScopeGap,
  validateAccreditationSemantics,
} from "./auditor-accreditation/semantics.js";
export type {
  AccreditationScope,
  AuditorAccreditationCredential,
  AuditorAccreditationSubject,
} from "./auditor-accreditation/types.js";
export {
  isValidPermitNumber,
  PERMIT_NUMBER_PATTERN,
  PERMIT_NUMBER_SOURCE,
  type PermitNumberParts,
  parsePermitNumber,
} from "./codes/permit-number.js";
export { isRegionCode, REGION_CODE_PATTERN } from "./codes/region.js";
export { isSectorCode, SECTOR_CODE_PATTERN, sectorCovers } from "./codes/sector.js";
export {
  computeUsccCheckCharacter,
  isValidUscc,
  USCC_CHARSET,
  USCC_PATTERN,
  USCC_WEIGHTS,
} from "./codes/uscc.js";
export {
  ADDRESS_PATTERN,
  BYTES32_PATTERN,
  COMMON_DEFS,
  DID_ETHR_PATTERN,
  OUTLET_ID_PATTERN,
} from "./common/defs.js";
export { JSON_SCHEMA_DIALECT, REQUIRED_ENVELOPE_PROPERTIES } from "./common/envelope.js";
export {
  addUtcYears,
  defaultPermitValidUntil,
  SEMANTIC_RULES,
  type SemanticRule,
} from "./common/semantics.js";
export type {
  Address,
  Bytes32,
  CredentialStatus,
  DateString,
  DateTimeString,
  DidEthr,
  Issuer,
  Organization,
  TypedObject,
  VerifiableCredential,
} from "./common/types.js";
export { DISCHARGE_PERMIT_SCHEMA } from "./discharge-permit/schema.js";
export { type PermitSemanticsOptions, validatePermitSemantics } from "./discharge-permit/semantics.js";
export type {
  AnnualCap,
  ConcentrationLimit,
  Coordinates,
  DischargePermitCredential,
  DischargePermitSubject,
  Outlet,
  PermittedPollutant,
  PermitValidity,
} from "./discharge-permit/types.js";
export * as examples from "./examples/index.js";
export {
  AUDIT_REPORT_SCHEMA_ID,
  AUDITOR_ACCREDITATION_SCHEMA_ID,
  CREDENTIAL_SCHEMA_IDS,
  CREDENTIAL_SCHEMA_REFERENCES,
  CREDENTIAL_TYPES,
  type CredentialSchemaId,
  type CredentialSchemaReference,
  type CredentialType,
  DISCHARGE_PERMIT_SCHEMA_ID,
  isCredentialType,
  JSON_SCHEMA_VALIDATOR_TYPE,
  PARTICIPANT_SCHEMA_ID,
  SCHEMA_BASE_URL,
  STATUS_REGISTRY_TYPE,
  VC_V1_CONTEXT,
  VERIFIABLE_CREDENTIAL_TYPE,
} from "./ids.js";
export { PARTICIPANT_SCHEMA } from "./participant/schema.js";
export type { ParticipantCredential, ParticipantSubject } from "./participant/types.js";
export { jsonPointer, type ValidationIssue, type ValidationResult } from "./result.js";
export {
  CREDENTIAL_JSON_SCHEMAS,
  type CredentialOf,
  isCredentialOfType,
  MAX_REPORTED_ISSUES,
  VALIDATION_LIMITS,
  type ValidateCredentialOptions,
  validateAuditorAccreditationCredential,
  validateAuditReportCredential,
  validateCredential,
  validateDischargePermitCredential,
  validateParticipantCredential,
} from "./validate.js";
export {
  AIR_MEDIUM_POLLUTANT_CODES,
  AIR_POLLUTANT_CODES,
  ANNUAL_CAP_UNITS,
  type AnnualCapUnit,
  AUDIT_OPINIONS,
  type AuditOpinion,
  CONCENTRATION_UNITS,
  type ConcentrationUnit,
  DEFAULT_PERMIT_VALIDITY_YEARS,
  HEAVY_METAL_CODES,
  MASS_UNITS,
  type MassUnit,
  MEDIA,
  type Medium,
  MONITORING_METHODS,
  type MonitoringMethod,
  PARTICIPANT_ROLES,
  type ParticipantRole,
  PERMIT_MANAGEMENT_CATEGORIES,
  type PermitManagementCategory,
  POLLUTANT_CODES,
  POLLUTANT_MEDIA,
  POLLUTANT_NAMES,
  type PollutantCode,
  WATER_MEDIUM_POLLUTANT_CODES,
  WATER_POLLUTANT_CODES,
} from "./vocabulary.js";
