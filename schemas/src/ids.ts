/** The credential types PermitChain issues, each with its JSON Schema. */
export const CREDENTIAL_TYPES = [
  "DischargePermitCredential",
  "AuditReportCredential",
  "AuditorAccreditationCredential",
  "ParticipantCredential",
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** The base context every credential starts with (VC Data Model 1.1). */
export const VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1";
/** The base type every credential carries. */
export const VERIFIABLE_CREDENTIAL_TYPE = "VerifiableCredential";
/** `credentialSchema.type` of the W3C VC JSON Schema specification. */
export const JSON_SCHEMA_VALIDATOR_TYPE = "JsonSchema";
/** `credentialStatus.type` of PermitChain's on-chain status registry. */
export const STATUS_REGISTRY_TYPE = "PermitChainStatusRegistry2025";

/** Where the schemas are published; each schema's `$id` lives under it. */
export const SCHEMA_BASE_URL = "https://schemas.permitchain.dev/credentials/";

export const DISCHARGE_PERMIT_SCHEMA_ID = `${SCHEMA_BASE_URL}discharge-permit/v1.json` as const;
export const AUDIT_REPORT_SCHEMA_ID = `${SCHEMA_BASE_URL}audit-report/v1.json` as const;
export const AUDITOR_ACCREDITATION_SCHEMA_ID = `${SCHEMA_BASE_URL}auditor-accreditation/v1.json` as const;
export const PARTICIPANT_SCHEMA_ID = `${SCHEMA_BASE_URL}participant/v1.json` as const;

/** The `$id` of each credential type's JSON Schema. */
export const CREDENTIAL_SCHEMA_IDS = Object.freeze({
  DischargePermitCredential: DISCHARGE_PERMIT_SCHEMA_ID,
  AuditReportCredential: AUDIT_REPORT_SCHEMA_ID,
  AuditorAccreditationCredential: AUDITOR_ACCREDITATION_SCHEMA_ID,
  ParticipantCredential: PARTICIPANT_SCHEMA_ID,
} as const);
export type CredentialSchemaId<T extends CredentialType = CredentialType> = (typeof CREDENTIAL_SCHEMA_IDS)[T];

/** The `credentialSchema` property a credential of type `T` carries. */
export interface CredentialSchemaReference<T extends CredentialType = CredentialType> {
  readonly id: CredentialSchemaId<T>;
  readonly type: typeof JSON_SCHEMA_VALIDATOR_TYPE;
}

/** The `credentialSchema` object to embed in each credential type, ready to copy into a credential. */
export const CREDENTIAL_SCHEMA_REFERENCES: { readonly [T in CredentialType]: CredentialSchemaReference<T> } =
  Object.freeze({
    DischargePermitCredential: Object.freeze({
      id: DISCHARGE_PERMIT_SCHEMA_ID,
      type: JSON_SCHEMA_VALIDATOR_TYPE,
    }),
    AuditReportCredential: Object.freeze({ id: AUDIT_REPORT_SCHEMA_ID, type: JSON_SCHEMA_VALIDATOR_TYPE }),
    AuditorAccreditationCredential: Object.freeze({
      id: AUDITOR_ACCREDITATION_SCHEMA_ID,
      type: JSON_SCHEMA_VALIDATOR_TYPE,
    }),
    ParticipantCredential: Object.freeze({ id: PARTICIPANT_SCHEMA_ID, type: JSON_SCHEMA_VALIDATOR_TYPE }),
  });

/** True when `value` is one of the credential types PermitChain issues. */
export function isCredentialType(value: unknown): value is CredentialType {
  return typeof value === "string" && (CREDENTIAL_TYPES as readonly string[]).includes(value);
}
