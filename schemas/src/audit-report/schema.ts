import { pollutantCodeOf } from "../common/defs.js";
import { credentialSchemaDocument } from "../common/envelope.js";
import {
  AIR_MEDIUM_POLLUTANT_CODES,
  AUDIT_OPINIONS,
  MASS_UNITS,
  MONITORING_METHODS,
  WATER_MEDIUM_POLLUTANT_CODES,
} from "../vocabulary.js";

const AUDIT_REPORT_DEFS = {
  reportingPeriod: {
    $comment: "inclusive dates; end not before start is checked by validateAuditReportSemantics",
    type: "object",
    additionalProperties: false,
    required: ["start", "end"],
    properties: { start: { $ref: "#/$defs/date" }, end: { $ref: "#/$defs/date" } },
  },
  verifiedEmission: {
    $comment:
      "The verified quantity of one pollutant discharged to one medium over the period, and how it was " +
      "determined: cems (自动监测), manual-sampling (手工监测), emission-factor (产排污系数), material-balance (物料衡算).",
    type: "object",
    additionalProperties: false,
    required: ["code", "medium", "quantity", "unit", "methodology"],
    properties: {
      code: { $ref: "#/$defs/pollutantCode" },
      medium: { $ref: "#/$defs/medium" },
      quantity: { type: "number", minimum: 0, maximum: 1e9 },
      unit: { type: "string", enum: MASS_UNITS },
      methodology: { type: "string", enum: MONITORING_METHODS },
    },
    allOf: [
      {
        if: { properties: { medium: { const: "air" } }, required: ["medium"] },
        then: { properties: { code: pollutantCodeOf(AIR_MEDIUM_POLLUTANT_CODES) } },
      },
      {
        if: { properties: { medium: { const: "water" } }, required: ["medium"] },
        then: { properties: { code: pollutantCodeOf(WATER_MEDIUM_POLLUTANT_CODES) } },
      },
    ],
  },
  materiality: {
    $comment:
      "materiality threshold and the misstatement found, both in percent of the reported emissions; an " +
      "unqualified opinion with a misstatement above the threshold is rejected by validateAuditReportSemantics",
    type: "object",
    additionalProperties: false,
    required: ["thresholdPercent", "misstatementPercent"],
    properties: {
      thresholdPercent: { type: "number", exclusiveMinimum: 0, maximum: 100 },
      misstatementPercent: { type: "number", minimum: 0, maximum: 100 },
    },
  },
} as const;

const AUDIT_REPORT_SUBJECT = {
  $comment:
    "The audited firm (id), the period, the verified emissions, the hashes of the monitoring-data batches " +
    "anchored on chain that the audit covered, materiality and the opinion. A qualified or adverse opinion " +
    "requires opinionBasis.",
  type: "object",
  additionalProperties: false,
  required: ["id", "period", "verifiedEmissions", "dataBatchHashes", "materiality", "opinion"],
  properties: {
    id: { $ref: "#/$defs/didEthr" },
    permitNumber: { $ref: "#/$defs/permitNumber" },
    period: { $ref: "#/$defs/reportingPeriod" },
    verifiedEmissions: {
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: { $ref: "#/$defs/verifiedEmission" },
    },
    dataBatchHashes: {
      type: "array",
      minItems: 1,
      maxItems: 10000,
      uniqueItems: true,
      items: { type: "string", $ref: "#/$defs/bytes32" },
    },
    materiality: { $ref: "#/$defs/materiality" },
    opinion: { type: "string", enum: AUDIT_OPINIONS },
    opinionBasis: { $ref: "#/$defs/text" },
  },
  if: { properties: { opinion: { not: { const: "unqualified" } } }, required: ["opinion"] },
  then: { properties: { opinionBasis: { $ref: "#/$defs/text" } }, required: ["opinionBasis"] },
} as const;

/** JSON Schema (draft 2020-12) of AuditReportCredential. */
export const AUDIT_REPORT_SCHEMA = credentialSchemaDocument({
  type: "AuditReportCredential",
  title: "AuditReportCredential",
  description:
    "An accredited third-party auditor's report on a firm's emissions over a period: verified emissions per " +
    "pollutant and medium, the data batches covered, materiality and the audit opinion.",
  subject: AUDIT_REPORT_SUBJECT,
  defs: AUDIT_REPORT_DEFS,
});
