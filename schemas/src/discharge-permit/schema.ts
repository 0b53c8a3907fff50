import { pollutantCodeOf } from "../common/defs.js";
import { credentialSchemaDocument } from "../common/envelope.js";
import {
  AIR_MEDIUM_POLLUTANT_CODES,
  ANNUAL_CAP_UNITS,
  CONCENTRATION_UNITS,
  PERMIT_MANAGEMENT_CATEGORIES,
  WATER_MEDIUM_POLLUTANT_CODES,
} from "../vocabulary.js";

const DISCHARGE_PERMIT_DEFS = {
  permitValidity: {
    $comment:
      "The permit's legal validity (有效期限), validUntil exclusive. validUntil > validFrom and at most five years " +
      "after it (排污许可管理条例 art. 14) are checked by validatePermitSemantics, not expressible here.",
    type: "object",
    additionalProperties: false,
    required: ["validFrom", "validUntil"],
    properties: {
      validFrom: { $ref: "#/$defs/dateTime" },
      validUntil: { $ref: "#/$defs/dateTime" },
    },
  },
  coordinates: {
    $comment: "decimal degrees, CGCS2000 (within a metre of WGS 84)",
    type: "object",
    additionalProperties: false,
    required: ["longitude", "latitude"],
    properties: {
      longitude: { type: "number", minimum: -180, maximum: 180 },
      latitude: { type: "number", minimum: -90, maximum: 90 },
    },
  },
  outlet: {
    $comment: "A discharge outlet (排放口): its HJ 608-2017 code must match its medium (DA air, DW water).",
    type: "object",
    additionalProperties: false,
    required: ["id", "type", "monitoredPollutants"],
    properties: {
      id: { $ref: "#/$defs/outletId" },
      type: { $ref: "#/$defs/medium" },
      name: { $ref: "#/$defs/name" },
      coordinates: { $ref: "#/$defs/coordinates" },
      monitoredPollutants: {
        type: "array",
        minItems: 1,
        maxItems: 32,
        uniqueItems: true,
        items: { type: "string", $ref: "#/$defs/pollutantCode" },
      },
    },
    allOf: [
      {
        if: { properties: { type: { const: "air" } }, required: ["type"] },
        then: {
          properties: {
            id: { type: "string", pattern: "^DA" },
            monitoredPollutants: { type: "array", items: pollutantCodeOf(AIR_MEDIUM_POLLUTANT_CODES) },
          },
        },
      },
      {
        if: { properties: { type: { const: "water" } }, required: ["type"] },
        then: {
          properties: {
            id: { type: "string", pattern: "^DW" },
            monitoredPollutants: { type: "array", items: pollutantCodeOf(WATER_MEDIUM_POLLUTANT_CODES) },
          },
        },
      },
    ],
  },
  annualCap: {
    $comment: "permitted annual emission (许可排放量)",
    type: "object",
    additionalProperties: false,
    required: ["value", "unit"],
    properties: {
      value: { type: "number", minimum: 0, maximum: 1e9 },
      unit: { type: "string", enum: ANNUAL_CAP_UNITS },
    },
  },
  concentrationLimit: {
    $comment: "permitted discharge concentration (许可排放浓度): mg/m3 for air, mg/L for water",
    type: "object",
    additionalProperties: false,
    required: ["value", "unit"],
    properties: {
      value: { type: "number", exclusiveMinimum: 0, maximum: 1e6 },
      unit: { type: "string", enum: [CONCENTRATION_UNITS.air, CONCENTRATION_UNITS.water] },
    },
  },
  permittedPollutant: {
    $comment:
      "One pollutant permitted for one medium. `outlets` names the outlets (of the same medium, monitoring this " +
      "pollutant) the concentration limit applies to; unique (medium, code) pairs and existing outlets are " +
      "checked by validatePermitSemantics.",
    type: "object",
    additionalProperties: false,
    required: ["code", "medium", "annualCap", "concentrationLimit"],
    properties: {
      code: { $ref: "#/$defs/pollutantCode" },
      medium: { $ref: "#/$defs/medium" },
      annualCap: { $ref: "#/$defs/annualCap" },
      concentrationLimit: { $ref: "#/$defs/concentrationLimit" },
      outlets: {
        type: "array",
        minItems: 1,
        maxItems: 500,
        uniqueItems: true,
        items: { type: "string", $ref: "#/$defs/outletId" },
      },
    },
    allOf: [
      {
        if: { properties: { medium: { const: "air" } }, required: ["medium"] },
        then: {
          properties: {
            code: pollutantCodeOf(AIR_MEDIUM_POLLUTANT_CODES),
            concentrationLimit: {
              type: "object",
              properties: { unit: { type: "string", const: CONCENTRATION_UNITS.air } },
            },
          },
        },
      },
      {
        if: { properties: { medium: { const: "water" } }, required: ["medium"] },
        then: {
          properties: {
            code: pollutantCodeOf(WATER_MEDIUM_POLLUTANT_CODES),
            concentrationLimit: {
              type: "object",
              properties: { unit: { type: "string", const: CONCENTRATION_UNITS.water } },
            },
          },
        },
      },
    ],
  },
} as const;

const DISCHARGE_PERMIT_SUBJECT = {
  $comment: "The permit holder (排污单位), its permit number, validity, outlets and permitted pollutants.",
  type: "object",
  additionalProperties: false,
  required: ["id", "permitNumber", "organization", "validity", "outlets", "pollutants"],
  properties: {
    id: { $ref: "#/$defs/didEthr" },
    permitNumber: { $ref: "#/$defs/permitNumber" },
    organization: { $ref: "#/$defs/organization" },
    managementCategory: { type: "string", enum: PERMIT_MANAGEMENT_CATEGORIES },
    validity: { $ref: "#/$defs/permitValidity" },
    outlets: { type: "array", minItems: 1, maxItems: 500, items: { $ref: "#/$defs/outlet" } },
    pollutants: { type: "array", minItems: 1, maxItems: 100, items: { $ref: "#/$defs/permittedPollutant" } },
  },
} as const;

/** JSON Schema (draft 2020-12) of DischargePermitCredential (排污许可证). */
export const DISCHARGE_PERMIT_SCHEMA = credentialSchemaDocument({
  type: "DischargePermitCredential",
  title: "DischargePermitCredential",
  description:
    "A pollutant-discharge permit (排污许可证) issued by an ecology and environment bureau to a discharging " +
    "unit: per pollutant and medium the annual cap and the concentration limit, the outlets, the validity.",
  subject: DISCHARGE_PERMIT_SUBJECT,
  defs: DISCHARGE_PERMIT_DEFS,
});
