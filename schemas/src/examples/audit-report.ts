import type { AuditReportCredential } from "../audit-report/types.js";
import { CREDENTIAL_SCHEMA_REFERENCES, VC_V1_CONTEXT } from "../ids.js";
import { AUDITOR_ADDRESS, AUDITOR_DID, exampleStatus, FIRM_DID, FIRM_ORGANIZATION } from "./actors.js";
import { type InvalidExample, withChanges } from "./changes.js";

/** The refinery's 2025 emissions, verified with an unqualified opinion (misstatement within materiality). */
export const auditReportExample: AuditReportCredential = {
  "@context": [VC_V1_CONTEXT],
  id: "urn:uuid:78ba6353-a162-4f64-b8ac-428bb9ea8849",
  type: ["VerifiableCredential", "AuditReportCredential"],
  issuer: AUDITOR_DID,
  issuanceDate: "2026-03-20T15:00:00+08:00",
  credentialSubject: {
    id: FIRM_DID,
    permitNumber: `${FIRM_ORGANIZATION.uscc}001P`,
    period: { start: "2025-01-01", end: "2025-12-31" },
    verifiedEmissions: [
      { code: "SO2", medium: "air", quantity: 61.27, unit: "t", methodology: "cems" },
      { code: "NOx", medium: "air", quantity: 139.5, unit: "t", methodology: "cems" },
      { code: "PM", medium: "air", quantity: 14.08, unit: "t", methodology: "cems" },
      { code: "VOCs", medium: "air", quantity: 71.3, unit: "t", methodology: "emission-factor" },
      { code: "COD", medium: "water", quantity: 35.62, unit: "t", methodology: "cems" },
      { code: "NH3-N", medium: "water", quantity: 2.91, unit: "t", methodology: "cems" },
      { code: "TN", medium: "water", quantity: 19.4, unit: "t", methodology: "manual-sampling" },
      { code: "TP", medium: "water", quantity: 212, unit: "kg", methodology: "manual-sampling" },
    ],
    dataBatchHashes: [
      "0x30e61b5d3f264fff91f8b60deeedf05f9de40d126f687dd6a7cb07148d26a067",
      "0x36496ec0e33cd9ba2fa211b2937a4d781c0c779ff37c79d66ed2774421691887",
      "0x667adb9d7a928035d80b16e5ff3ea36577c552a0753c304531644b3e4e5091bb",
    ],
    materiality: { thresholdPercent: 5, misstatementPercent: 1.2 },
    opinion: "unqualified",
  },
  credentialSchema: CREDENTIAL_SCHEMA_REFERENCES.AuditReportCredential,
  credentialStatus: exampleStatus(AUDITOR_ADDRESS, 0),
};

/** A qualified opinion: VOCs estimated from factors for a quarter when the monitoring failed; basis stated. */
export const qualifiedAuditReportExample: AuditReportCredential = {
  ...auditReportExample,
  id: "urn:uuid:e462448a-e114-4968-aaa5-d7bdb1524ade",
  issuanceDate: "2026-03-27T11:00:00+08:00",
  expirationDate: "2031-03-27T11:00:00+08:00",
  credentialSubject: {
    ...auditReportExample.credentialSubject,
    dataBatchHashes: [
      ...auditReportExample.credentialSubject.dataBatchHashes,
      "0x26f593600a2fdce641919abf7879b52b13dbfe2befd11eea34b5068ce2a1f0cd",
    ],
    materiality: { thresholdPercent: 5, misstatementPercent: 7.5 },
    opinion: "qualified",
    opinionBasis:
      "2025年第三季度 DA002 挥发性有机物在线监测设备故障 41 天，该期间排放量按产排污系数法核算，" +
      "与物料衡算结果差异 7.5%，超过重要性水平 5%。",
  },
  credentialStatus: exampleStatus(AUDITOR_ADDRESS, 1),
  evidence: { type: "AuditWorkingPapers", id: "urn:uuid:49a569fe-4a1d-4336-a99e-e3861661b12b" },
};

/** Every valid audit report example. */
export const auditReportExamples: readonly AuditReportCredential[] = [
  auditReportExample,
  qualifiedAuditReportExample,
];

const base = auditReportExample;
const subject = "/credentialSubject";

/** Audit reports that break one rule each, with the issues validateCredential must report. */
export const auditReportInvalidExamples: readonly InvalidExample[] = [
  {
    name: "issuer that is not a did:ethr DID",
    credential: withChanges(base, { "/issuer": "did:web:auditor.example.com" }),
    errors: [{ path: "/issuer", keyword: "pattern" }],
  },
  {
    name: "issuer object without id",
    credential: withChanges(base, { "/issuer": { name: "上海清源排放核查有限公司" } }),
    errors: [{ path: "/issuer/id", keyword: "required" }],
  },
  {
    name: "qualified opinion without a basis",
    credential: withChanges(qualifiedAuditReportExample, { [`${subject}/opinionBasis`]: undefined }),
    errors: [{ path: `${subject}/opinionBasis`, keyword: "required" }],
  },
  {
    name: "adverse opinion with a blank basis",
    credential: withChanges(qualifiedAuditReportExample, {
      [`${subject}/opinion`]: "adverse",
      [`${subject}/opinionBasis`]: "   ",
    }),
    errors: [{ path: `${subject}/opinionBasis`, keyword: "pattern" }],
  },
  {
    name: "opinion outside the three",
    credential: withChanges(qualifiedAuditReportExample, { [`${subject}/opinion`]: "disclaimer" }),
    errors: [{ path: `${subject}/opinion`, keyword: "enum" }],
  },
  {
    name: "period date with a time",
    credential: withChanges(base, { [`${subject}/period/start`]: "2025-01-01T00:00:00+08:00" }),
    errors: [{ path: `${subject}/period/start`, keyword: "format" }],
  },
  {
    name: "period date that does not exist",
    credential: withChanges(base, { [`${subject}/period/end`]: "2025-02-30" }),
    errors: [{ path: `${subject}/period/end`, keyword: "format" }],
  },
  {
    name: "no data batch hash",
    credential: withChanges(base, { [`${subject}/dataBatchHashes`]: [] }),
    errors: [{ path: `${subject}/dataBatchHashes`, keyword: "minItems" }],
  },
  {
    name: "data batch hash in upper case",
    credential: withChanges(base, {
      [`${subject}/dataBatchHashes/0`]: "0x30E61B5D3F264FFF91F8B60DEEEDF05F9DE40D126F687DD6A7CB07148D26A067",
    }),
    errors: [{ path: `${subject}/dataBatchHashes/0`, keyword: "pattern" }],
  },
  {
    name: "data batch hash of 31 bytes",
    credential: withChanges(base, {
      [`${subject}/dataBatchHashes/1`]: "0x36496ec0e33cd9ba2fa211b2937a4d781c0c779ff37c79d66ed27744216918",
    }),
    errors: [{ path: `${subject}/dataBatchHashes/1`, keyword: "pattern" }],
  },
  {
    name: "data batch hash twice",
    credential: withChanges(base, {
      [`${subject}/dataBatchHashes/3`]: base.credentialSubject.dataBatchHashes[0],
    }),
    errors: [{ path: `${subject}/dataBatchHashes`, keyword: "uniqueItems" }],
  },
  {
    name: "unknown methodology",
    credential: withChanges(base, { [`${subject}/verifiedEmissions/3/methodology`]: "estimate" }),
    errors: [{ path: `${subject}/verifiedEmissions/3/methodology`, keyword: "enum" }],
  },
  {
    name: "annual-rate unit for a period quantity",
    credential: withChanges(base, { [`${subject}/verifiedEmissions/0/unit`]: "t/a" }),
    errors: [{ path: `${subject}/verifiedEmissions/0/unit`, keyword: "enum" }],
  },
  {
    name: "negative verified quantity",
    credential: withChanges(base, { [`${subject}/verifiedEmissions/0/quantity`]: -0.5 }),
    errors: [{ path: `${subject}/verifiedEmissions/0/quantity`, keyword: "minimum" }],
  },
  {
    name: "water pollutant verified for air",
    credential: withChanges(base, { [`${subject}/verifiedEmissions/4/medium`]: "air" }),
    errors: [{ path: `${subject}/verifiedEmissions/4/code`, keyword: "enum" }],
  },
  {
    name: "materiality threshold of zero",
    credential: withChanges(base, { [`${subject}/materiality/thresholdPercent`]: 0 }),
    errors: [{ path: `${subject}/materiality/thresholdPercent`, keyword: "exclusiveMinimum" }],
  },
  {
    name: "misstatement above 100 percent",
    credential: withChanges(base, { [`${subject}/materiality/misstatementPercent`]: 120 }),
    errors: [{ path: `${subject}/materiality/misstatementPercent`, keyword: "maximum" }],
  },
  {
    name: "period ends before it starts",
    credential: withChanges(base, { [`${subject}/period/end`]: "2024-12-31" }),
    errors: [{ path: `${subject}/period/end`, keyword: "periodOrder" }],
  },
  {
    name: "pollutant verified twice for the same medium",
    credential: withChanges(base, {
      [`${subject}/verifiedEmissions/8`]: base.credentialSubject.verifiedEmissions[1],
    }),
    errors: [{ path: `${subject}/verifiedEmissions/8/code`, keyword: "uniquePollutant" }],
  },
  {
    name: "unqualified opinion with a material misstatement",
    credential: withChanges(base, { [`${subject}/materiality/misstatementPercent`]: 5.01 }),
    errors: [{ path: `${subject}/opinion`, keyword: "materialMisstatement" }],
  },
  {
    name: "expirationDate before issuanceDate",
    credential: withChanges(base, { "/expirationDate": "2026-03-20T06:59:59Z" }),
    errors: [{ path: "/expirationDate", keyword: "expirationAfterIssuance" }],
  },
];
