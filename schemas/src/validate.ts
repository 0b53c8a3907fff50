import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { AUDIT_REPORT_SCHEMA } from "./audit-report/schema.js";
import { validateAuditReportSemantics } from "./audit-report/semantics.js";
import type { AuditReportCredential } from "./audit-report/types.js";
import { AUDITOR_ACCREDITATION_SCHEMA } from "./auditor-accreditation/schema.js";
import { validateAccreditationSemantics } from "./auditor-accreditation/semantics.js";
import type { AuditorAccreditationCredential } from "./auditor-accreditation/types.js";
import { PERMIT_NUMBER_PATTERN } from "./codes/permit-number.js";
import { isValidUscc, USCC_PATTERN } from "./codes/uscc.js";
import { checkEnvelopeSemantics } from "./common/semantics.js";
import { DISCHARGE_PERMIT_SCHEMA } from "./discharge-permit/schema.js";
import { validatePermitSemantics } from "./discharge-permit/semantics.js";
import type { DischargePermitCredential } from "./discharge-permit/types.js";
import { CREDENTIAL_TYPES, type CredentialType, isCredentialType } from "./ids.js";
import { PARTICIPANT_SCHEMA } from "./participant/schema.js";
import type { ParticipantCredential } from "./participant/types.js";
import { jsonPointer, toValidationResult, type ValidationIssue, type ValidationResult } from "./result.js";

/** The JSON Schema of each credential type. */
export const CREDENTIAL_JSON_SCHEMAS = Object.freeze({
  DischargePermitCredential: DISCHARGE_PERMIT_SCHEMA,
  AuditReportCredential: AUDIT_REPORT_SCHEMA,
  AuditorAccreditationCredential: AUDITOR_ACCREDITATION_SCHEMA,
  ParticipantCredential: PARTICIPANT_SCHEMA,
} as const);

/**
 * Bounds on the input, checked before the schema so that no input makes validation slow or deep: nesting depth,
 * number of values (objects, arrays and scalars), total length of strings and keys.
 */
export const VALIDATION_LIMITS = Object.freeze({
  maxDepth: 32,
  maxValues: 50_000,
  maxStringChars: 4_000_000,
});

/** At most this many issues are reported; a last issue with keyword "maxIssues" says how many were left out. */
export const MAX_REPORTED_ISSUES = 100;

export interface ValidateCredentialOptions {
  /** Also check the rules JSON Schema cannot express (validate*Semantics) once the schema passes. Default true. */
  readonly semantics?: boolean;
  /** The longest permit validity accepted, in years (validatePermitSemantics' maxValidityYears). Default 5. */
  readonly maxPermitValidityYears?: number;
}

const USCC_MESSAGE = "must be a unified social credit code with a valid GB 32100-2015 check character";
const PERMIT_NUMBER_MESSAGE =
  "must be an HJ 608-2017 permit number whose first 18 characters are a valid unified social credit code";

/** The ajv instance, made on first use, and each type's validator, compiled on first use and then reused. */
let ajvInstance: Ajv2020 | undefined;
const compiled = new Map<CredentialType, ValidateFunction>();

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // "@context" is an open tuple on purpose (first item fixed, then any contexts)
    strictTuples: false,
    // inherited properties (e.g. a polluted Object.prototype) never satisfy "required"
    ownProperties: true,
    validateFormats: true,
  });
  addFormats.default(ajv, ["date-time", "date", "uri"]);
  // the formats check the check character only: a value of the wrong shape is the pattern's to report
  const usccShape = new RegExp(USCC_PATTERN);
  const permitNumberShape = new RegExp(PERMIT_NUMBER_PATTERN);
  ajv.addFormat("uscc", {
    type: "string",
    validate: (value: string) => !usccShape.test(value) || isValidUscc(value),
  });
  ajv.addFormat("permit-number", {
    type: "string",
    validate: (value: string) => !permitNumberShape.test(value) || isValidUscc(value.slice(0, 18)),
  });
  return ajv;
}

function validatorOf(type: CredentialType): ValidateFunction {
  let validate = compiled.get(type);
  if (validate === undefined) {
    ajvInstance ??= createAjv();
    validate = ajvInstance.compile(CREDENTIAL_JSON_SCHEMAS[type]);
    compiled.set(type, validate);
  }
  return validate;
}

function escapeToken(token: unknown): string {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

function toIssue(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  let message = error.message ?? "is invalid";
  if (error.keyword === "required") {
    path += `/${escapeToken(params.missingProperty)}`;
    message = "is required";
  } else if (error.keyword === "additionalProperties") {
    path += `/${escapeToken(params.additionalProperty)}`;
    message = "is not allowed here";
  } else if (error.keyword === "format" && params.format === "uscc") {
    message = USCC_MESSAGE;
  } else if (error.keyword === "format" && params.format === "permit-number") {
    message = PERMIT_NUMBER_MESSAGE;
  } else if (error.keyword === "const" || error.keyword === "enum") {
    const allowed = error.keyword === "const" ? params.allowedValue : params.allowedValues;
    message = `${message}: ${JSON.stringify(allowed)}`;
  }
  return { path, keyword: error.keyword, message };
}

function schemaIssues(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // an "if" error only repeats the errors of the "then"/"else" branch it reports
    if (error.keyword === "if") continue;
    // an item failing a "contains" subschema is no error of its own: the "contains" error reports the array
    if (error.schemaPath.includes("/contains/")) continue;
    const issue = toIssue(error);
    const key = `${issue.path}\u0000${issue.keyword}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function capped(issues: readonly ValidationIssue[]): ValidationResult {
  if (issues.length <= MAX_REPORTED_ISSUES) return toValidationResult(issues);
  return {
    valid: false,
    errors: [
      ...issues.slice(0, MAX_REPORTED_ISSUES),
      {
        path: "",
        keyword: "maxIssues",
        message: `${issues.length - MAX_REPORTED_ISSUES} more issues not reported`,
      },
    ],
  };
}

/**
 * Walks `value` without recursion and reports the first bound of VALIDATION_LIMITS it exceeds; also stops
 * reference cycles (they exceed the depth).
 */
function inputLimitIssue(value: unknown): ValidationIssue | undefined {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  let values = 0;
  let chars = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    values += 1;
    if (values > VALIDATION_LIMITS.maxValues) {
      return { path: "", keyword: "inputLimits", message: `more than ${VALIDATION_LIMITS.maxValues} values` };
    }
    if (typeof entry.value === "string") {
      chars += entry.value.length;
    } else if (typeof entry.value === "object" && entry.value !== null) {
      if (entry.depth >= VALIDATION_LIMITS.maxDepth) {
        return {
          path: "",
          keyword: "inputLimits",
          message: `nested deeper than ${VALIDATION_LIMITS.maxDepth} levels`,
        };
      }
      if (Array.isArray(entry.value)) {
        if (values + entry.value.length > VALIDATION_LIMITS.maxValues) {
          return {
            path: "",
            keyword: "inputLimits",
            message: `more than ${VALIDATION_LIMITS.maxValues} values`,
          };
        }
        for (const item of entry.value) stack.push({ value: item, depth: entry.depth + 1 });
      } else {
        const keys = Object.keys(entry.value);
        if (values + keys.length > VALIDATION_LIMITS.maxValues) {
          return {
            path: "",
            keyword: "inputLimits",
            message: `more than ${VALIDATION_LIMITS.maxValues} values`,
          };
        }
        for (const key of keys) {
          chars += key.length;
          stack.push({ value: (entry.value as Record<string, unknown>)[key], depth: entry.depth + 1 });
        }
      }
    }
    if (chars > VALIDATION_LIMITS.maxStringChars) {
      return {
        path: "",
        keyword: "inputLimits",
        message: `more than ${VALIDATION_LIMITS.maxStringChars} characters of strings and keys`,
      };
    }
  }
  return undefined;
}

function semanticsOf(
  type: CredentialType,
  credential: unknown,
  options: ValidateCredentialOptions,
): ValidationResult {
  switch (type) {
    case "DischargePermitCredential":
      return validatePermitSemantics(
        credential as DischargePermitCredential,
        options.maxPermitValidityYears === undefined
          ? {}
          : { maxValidityYears: options.maxPermitValidityYears },
      );
    case "AuditReportCredential":
      return validateAuditReportSemantics(credential as AuditReportCredential);
    case "AuditorAccreditationCredential":
      return validateAccreditationSemantics(credential as AuditorAccreditationCredential);
    case "ParticipantCredential": {
      const issues: ValidationIssue[] = [];
      checkEnvelopeSemantics(credential as ParticipantCredential, issues);
      return toValidationResult(issues);
    }
  }
}

function validateAs(
  type: CredentialType,
  credential: unknown,
  options: ValidateCredentialOptions,
): ValidationResult {
  try {
    const limit = inputLimitIssue(credential);
    if (limit !== undefined) return { valid: false, errors: [limit] };
    const validate = validatorOf(type);
    if (!validate(credential)) return capped(schemaIssues(validate.errors));
    if (options.semantics === false) return { valid: true };
    return semanticsOf(type, credential, options);
  } catch (error) {
    return {
      valid: false,
      errors: [
        { path: "", keyword: "exception", message: `the input could not be validated: ${String(error)}` },
      ],
    };
  }
}

/** The credential type named in `credential.type`, or the issue why there is none. */
function credentialTypeOf(credential: unknown): CredentialType | ValidationIssue {
  if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
    return { path: "", keyword: "type", message: "must be object" };
  }
  const types: unknown = Object.hasOwn(credential, "type")
    ? (credential as { type: unknown }).type
    : undefined;
  if (!Array.isArray(types)) {
    return { path: jsonPointer("type"), keyword: "type", message: "must be array" };
  }
  const known = CREDENTIAL_TYPES.filter((type) => types.includes(type));
  if (known.length !== 1) {
    return {
      path: jsonPointer("type"),
      keyword: "credentialType",
      message: `must include exactly one of ${CREDENTIAL_TYPES.join(", ")}`,
    };
  }
  return known[0]!;
}

/**
 * Validates any PermitChain credential: picks the schema from `type`, validates the envelope and the subject,
 * then (unless `semantics: false`) the rules JSON Schema cannot express. Never throws, whatever the input.
 */
export function validateCredential(
  credential: unknown,
  options: ValidateCredentialOptions = {},
): ValidationResult {
  try {
    const type = credentialTypeOf(credential);
    if (!isCredentialType(type)) return { valid: false, errors: [type] };
    return validateAs(type, credential, options);
  } catch (error) {
    return {
      valid: false,
      errors: [
        { path: "", keyword: "exception", message: `the input could not be validated: ${String(error)}` },
      ],
    };
  }
}

/** Validates a DischargePermitCredential: schema, then validatePermitSemantics. Never throws. */
export function validateDischargePermitCredential(
  credential: unknown,
  options: ValidateCredentialOptions = {},
): ValidationResult {
  return validateAs("DischargePermitCredential", credential, options);
}

/** Validates an AuditReportCredential: schema, then validateAuditReportSemantics. Never throws. */
export function validateAuditReportCredential(
  credential: unknown,
  options: Pick<ValidateCredentialOptions, "semantics"> = {},
): ValidationResult {
  return validateAs("AuditReportCredential", credential, options);
}

/** Validates an AuditorAccreditationCredential: schema, then validateAccreditationSemantics. Never throws. */
export function validateAuditorAccreditationCredential(
  credential: unknown,
  options: Pick<ValidateCredentialOptions, "semantics"> = {},
): ValidationResult {
  return validateAs("AuditorAccreditationCredential", credential, options);
}

/** Validates a ParticipantCredential: schema, then the envelope rules. Never throws. */
export function validateParticipantCredential(
  credential: unknown,
  options: Pick<ValidateCredentialOptions, "semantics"> = {},
): ValidationResult {
  return validateAs("ParticipantCredential", credential, options);
}

/** Type guard: true when validateCredential accepts `credential` as a credential of type `type`. */
export function isCredentialOfType<T extends CredentialType>(
  credential: unknown,
  type: T,
): credential is CredentialOf<T> {
  return validateAs(type, credential, {}).valid;
}

/** The TypeScript type of a credential of type `T`. */
export type CredentialOf<T extends CredentialType> = {
  DischargePermitCredential: DischargePermitCredential;
  AuditReportCredential: AuditReportCredential;
  AuditorAccreditationCredential: AuditorAccreditationCredential;
  ParticipantCredential: ParticipantCredential;
}[T];
