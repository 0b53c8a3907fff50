import type { DischargePermitCredential } from "../discharge-permit/types.js";
import { CREDENTIAL_SCHEMA_REFERENCES, VC_V1_CONTEXT } from "../ids.js";
import {
  BATTERY_FIRM_DID,
  BATTERY_FIRM_ORGANIZATION,
  exampleStatus,
  FIRM_DID,
  FIRM_ORGANIZATION,
  REGULATOR_ADDRESS,
  REGULATOR_DID,
  SECOND_REGULATOR_ADDRESS,
  SECOND_REGULATOR_DID,
} from "./actors.js";
import { type InvalidExample, withChanges } from "./changes.js";

/**
 * A refinery's permit (C2511) in Pudong, key management: three outlets (catalytic-cracking flue gas, VOC
 * treatment, the wastewater outfall), eight pollutants, five years from 2025-03-01.
 */
export const dischargePermitExample: DischargePermitCredential = {
  "@context": [VC_V1_CONTEXT],
  id: "urn:uuid:f3135de7-e415-49e8-b0c0-0a732e51fb71",
  type: ["VerifiableCredential", "DischargePermitCredential"],
  issuer: REGULATOR_DID,
  issuanceDate: "2025-03-01T09:30:00+08:00",
  expirationDate: "2030-03-01T00:00:00+08:00",
  credentialSubject: {
    id: FIRM_DID,
    permitNumber: `${FIRM_ORGANIZATION.uscc}001P`,
    organization: FIRM_ORGANIZATION,
    managementCategory: "key",
    validity: { validFrom: "2025-03-01T00:00:00+08:00", validUntil: "2030-03-01T00:00:00+08:00" },
    outlets: [
      {
        id: "DA001",
        type: "air",
        name: "催化裂化再生烟气排放口",
        coordinates: { longitude: 121.8342, latitude: 30.9871 },
        monitoredPollutants: ["SO2", "NOx", "PM"],
      },
      { id: "DA002", type: "air", name: "有机废气治理设施排放口", monitoredPollutants: ["VOCs"] },
      {
        id: "DW001",
        type: "water",
        name: "废水总排口",
        coordinates: { longitude: 121.8397, latitude: 30.9822 },
        monitoredPollutants: ["COD", "NH3-N", "TN", "TP"],
      },
    ],
    pollutants: [
      {
        code: "SO2",
        medium: "air",
        annualCap: { value: 86.4, unit: "t/a" },
        concentrationLimit: { value: 50, unit: "mg/m3" },
        outlets: ["DA001"],
      },
      {
        code: "NOx",
        medium: "air",
        annualCap: { value: 172.8, unit: "t/a" },
        concentrationLimit: { value: 100, unit: "mg/m3" },
        outlets: ["DA001"],
      },
      {
        code: "PM",
        medium: "air",
        annualCap: { value: 25.9, unit: "t/a" },
        concentrationLimit: { value: 30, unit: "mg/m3" },
        outlets: ["DA001"],
      },
      {
        code: "VOCs",
        medium: "air",
        annualCap: { value: 95.2, unit: "t/a" },
        concentrationLimit: { value: 120, unit: "mg/m3" },
        outlets: ["DA002"],
      },
      {
        code: "COD",
        medium: "water",
        annualCap: { value: 48.5, unit: "t/a" },
        concentrationLimit: { value: 50, unit: "mg/L" },
        outlets: ["DW001"],
      },
      {
        code: "NH3-N",
        medium: "water",
        annualCap: { value: 4.85, unit: "t/a" },
        concentrationLimit: { value: 5, unit: "mg/L" },
        outlets: ["DW001"],
      },
      {
        code: "TN",
        medium: "water",
        annualCap: { value: 29.1, unit: "t/a" },
        concentrationLimit: { value: 30, unit: "mg/L" },
        outlets: ["DW001"],
      },
      {
        code: "TP",
        medium: "water",
        annualCap: { value: 485, unit: "kg/a" },
        concentrationLimit: { value: 0.5, unit: "mg/L" },
        outlets: ["DW001"],
      },
    ],
  },
  credentialSchema: CREDENTIAL_SCHEMA_REFERENCES.DischargePermitCredential,
  credentialStatus: exampleStatus(REGULATOR_ADDRESS, 0),
};

/**
 * A lead-acid battery maker's permit (C3843) in Kunshan: lead to air and to water (one pollutant, two media),
 * the issuer as an object, a holder DID in public-key form, no expirationDate, three years' validity, evidence.
 */
export const batteryPermitExample: DischargePermitCredential = {
  "@context": [VC_V1_CONTEXT, { "@vocab": "https://schemas.permitchain.dev/vocab#" }],
  id: "urn:uuid:bf8c076b-32a0-421a-887b-abc65a419bdb",
  type: ["VerifiableCredential", "DischargePermitCredential"],
  issuer: { id: SECOND_REGULATOR_DID, name: "苏州市生态环境局" },
  issuanceDate: "2025-06-16T10:00:00+08:00",
  credentialSubject: {
    id: BATTERY_FIRM_DID,
    permitNumber: `${BATTERY_FIRM_ORGANIZATION.uscc}002P`,
    organization: BATTERY_FIRM_ORGANIZATION,
    validity: { validFrom: "2025-06-16T00:00:00+08:00", validUntil: "2028-06-16T00:00:00+08:00" },
    outlets: [
      { id: "DA003", type: "air", name: "极板制造铅烟排放口", monitoredPollutants: ["Pb", "PM"] },
      { id: "DW002", type: "water", name: "含铅废水车间排放口", monitoredPollutants: ["Pb"] },
      { id: "DW003", type: "water", name: "废水总排口", monitoredPollutants: ["COD", "NH3-N", "Pb"] },
    ],
    pollutants: [
      {
        code: "Pb",
        medium: "air",
        annualCap: { value: 12.6, unit: "kg/a" },
        concentrationLimit: { value: 0.5, unit: "mg/m3" },
        outlets: ["DA003"],
      },
      {
        code: "PM",
        medium: "air",
        annualCap: { value: 1.2, unit: "t/a" },
        concentrationLimit: { value: 30, unit: "mg/m3" },
      },
      {
        code: "Pb",
        medium: "water",
        annualCap: { value: 8.4, unit: "kg/a" },
        concentrationLimit: { value: 0.5, unit: "mg/L" },
        outlets: ["DW002", "DW003"],
      },
      {
        code: "COD",
        medium: "water",
        annualCap: { value: 6.3, unit: "t/a" },
        concentrationLimit: { value: 150, unit: "mg/L" },
        outlets: ["DW003"],
      },
      {
        code: "NH3-N",
        medium: "water",
        annualCap: { value: 0.95, unit: "t/a" },
        concentrationLimit: { value: 30, unit: "mg/L" },
      },
    ],
  },
  credentialSchema: CREDENTIAL_SCHEMA_REFERENCES.DischargePermitCredential,
  credentialStatus: exampleStatus(SECOND_REGULATOR_ADDRESS, 7),
  evidence: [{ id: "https://permit.mee.gov.cn/", type: ["PermitApplicationReview"] }],
};

/** Every valid permit example. */
export const dischargePermitExamples: readonly DischargePermitCredential[] = [
  dischargePermitExample,
  batteryPermitExample,
];

const base = dischargePermitExample;
const subject = "/credentialSubject";

/** Permits that break one rule each, with the issues validateCredential must report. */
export const dischargePermitInvalidExamples: readonly InvalidExample[] = [
  {
    name: "@context does not start with the VC 1.1 context",
    credential: withChanges(base, { "/@context/0": "https://www.w3.org/ns/credentials/v2" }),
    errors: [{ path: "/@context/0", keyword: "const" }],
  },
  {
    name: "type lacks VerifiableCredential",
    credential: withChanges(base, { "/type": ["DischargePermitCredential"] }),
    errors: [{ path: "/type", keyword: "contains" }],
  },
  {
    name: "issuanceDate without a time-zone offset",
    credential: withChanges(base, { "/issuanceDate": "2025-03-01T09:30:00" }),
    errors: [{ path: "/issuanceDate", keyword: "format" }],
  },
  {
    name: "credentialSchema of another credential type",
    credential: withChanges(base, {
      "/credentialSchema/id": CREDENTIAL_SCHEMA_REFERENCES.ParticipantCredential.id,
    }),
    errors: [{ path: "/credentialSchema/id", keyword: "const" }],
  },
  {
    name: "credentialStatus of another status method",
    credential: withChanges(base, { "/credentialStatus/type": "StatusList2021Entry" }),
    errors: [{ path: "/credentialStatus/type", keyword: "const" }],
  },
  {
    name: "statusIndex with a leading zero",
    credential: withChanges(base, { "/credentialStatus/statusIndex": "007" }),
    errors: [{ path: "/credentialStatus/statusIndex", keyword: "pattern" }],
  },
  {
    name: "holder DID of another method",
    credential: withChanges(base, {
      [`${subject}/id`]: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    }),
    errors: [{ path: `${subject}/id`, keyword: "pattern" }],
  },
  {
    name: "permit number whose USCC has a wrong check character",
    credential: withChanges(base, { [`${subject}/permitNumber`]: "91310115MA1FL1237X001P" }),
    errors: [{ path: `${subject}/permitNumber`, keyword: "format" }],
  },
  {
    name: "permit number with sequence 000",
    credential: withChanges(base, { [`${subject}/permitNumber`]: `${FIRM_ORGANIZATION.uscc}000P` }),
    errors: [{ path: `${subject}/permitNumber`, keyword: "pattern" }],
  },
  {
    name: "USCC with a wrong check character",
    credential: withChanges(base, { [`${subject}/organization/uscc`]: "91310115MA1FL1237X" }),
    errors: [{ path: `${subject}/organization/uscc`, keyword: "format" }],
  },
  {
    name: "USCC with a letter outside GB 32100 (I)",
    credential: withChanges(base, { [`${subject}/organization/uscc`]: "91310115MA1FL1237I" }),
    errors: [{ path: `${subject}/organization/uscc`, keyword: "pattern" }],
  },
  {
    name: "region code without a GB/T 2260 province prefix",
    credential: withChanges(base, { [`${subject}/organization/region`]: "990115" }),
    errors: [{ path: `${subject}/organization/region`, keyword: "pattern" }],
  },
  {
    name: "sector code whose division is not in its section",
    credential: withChanges(base, { [`${subject}/organization/sector`]: "D2511" }),
    errors: [{ path: `${subject}/organization/sector`, keyword: "pattern" }],
  },
  {
    name: "validity missing",
    credential: withChanges(base, { [`${subject}/validity`]: undefined }),
    errors: [{ path: `${subject}/validity`, keyword: "required" }],
  },
  {
    name: "a property the schema does not define",
    credential: withChanges(base, { [`${subject}/allowance`]: 1000 }),
    errors: [{ path: `${subject}/allowance`, keyword: "additionalProperties" }],
  },
  {
    name: "air outlet with a water outlet code",
    credential: withChanges(base, { [`${subject}/outlets/1/id`]: "DW009" }),
    errors: [{ path: `${subject}/outlets/1/id`, keyword: "pattern" }],
  },
  {
    name: "unknown pollutant code",
    credential: withChanges(base, { [`${subject}/pollutants/0/code`]: "CO2" }),
    errors: [{ path: `${subject}/pollutants/0/code`, keyword: "enum" }],
  },
  {
    name: "water pollutant permitted for air",
    credential: withChanges(base, { [`${subject}/pollutants/0/code`]: "COD" }),
    errors: [{ path: `${subject}/pollutants/0/code`, keyword: "enum" }],
  },
  {
    name: "negative annual cap",
    credential: withChanges(base, { [`${subject}/pollutants/0/annualCap/value`]: -1 }),
    errors: [{ path: `${subject}/pollutants/0/annualCap/value`, keyword: "minimum" }],
  },
  {
    name: "air concentration limit in mg/L",
    credential: withChanges(base, { [`${subject}/pollutants/0/concentrationLimit/unit`]: "mg/L" }),
    errors: [{ path: `${subject}/pollutants/0/concentrationLimit/unit`, keyword: "const" }],
  },
  {
    name: "validUntil before validFrom",
    credential: withChanges(base, {
      [`${subject}/validity/validUntil`]: "2024-03-01T00:00:00+08:00",
      "/expirationDate": undefined,
    }),
    errors: [{ path: `${subject}/validity/validUntil`, keyword: "validityOrder" }],
  },
  {
    name: "validity longer than five years",
    credential: withChanges(base, { [`${subject}/validity/validUntil`]: "2030-03-01T00:00:01+08:00" }),
    errors: [{ path: `${subject}/validity/validUntil`, keyword: "validityDuration" }],
  },
  {
    name: "credential expires after the permit",
    credential: withChanges(base, { "/expirationDate": "2030-03-02T00:00:00+08:00" }),
    errors: [{ path: "/expirationDate", keyword: "expirationWithinValidity" }],
  },
  {
    name: "permit number of another unit",
    credential: withChanges(base, { [`${subject}/permitNumber`]: "91310104MA1K7Q2B9B001P" }),
    errors: [{ path: `${subject}/permitNumber`, keyword: "permitNumberHolder" }],
  },
  {
    name: "outlet id twice",
    credential: withChanges(base, { [`${subject}/outlets/3`]: base.credentialSubject.outlets[0] }),
    errors: [{ path: `${subject}/outlets/3/id`, keyword: "uniqueOutlet" }],
  },
  {
    name: "pollutant twice for the same medium",
    credential: withChanges(base, { [`${subject}/pollutants/8`]: base.credentialSubject.pollutants[0] }),
    errors: [{ path: `${subject}/pollutants/8/code`, keyword: "uniquePollutant" }],
  },
  {
    name: "pollutant names an outlet that does not exist",
    credential: withChanges(base, { [`${subject}/pollutants/0/outlets`]: ["DA009"] }),
    errors: [{ path: `${subject}/pollutants/0/outlets/0`, keyword: "outletExists" }],
  },
  {
    name: "water pollutant names an air outlet",
    credential: withChanges(base, { [`${subject}/pollutants/4/outlets`]: ["DA001"] }),
    errors: [{ path: `${subject}/pollutants/4/outlets/0`, keyword: "outletMedium" }],
  },
  {
    name: "pollutant names an outlet that does not monitor it",
    credential: withChanges(base, { [`${subject}/pollutants/3/outlets`]: ["DA001"] }),
    errors: [{ path: `${subject}/pollutants/3/outlets/0`, keyword: "outletMonitorsPollutant" }],
  },
  {
    name: "outlet monitors a pollutant the permit does not cover",
    credential: withChanges(base, { [`${subject}/outlets/0/monitoredPollutants/3`]: "Hg" }),
    errors: [{ path: `${subject}/outlets/0/monitoredPollutants/3`, keyword: "pollutantPermitted" }],
  },
];
