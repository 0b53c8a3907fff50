import type { AuditorAccreditationCredential } from "../auditor-accreditation/types.js";
import { CREDENTIAL_SCHEMA_REFERENCES, VC_V1_CONTEXT } from "../ids.js";
import { AUDITOR_DID, COMMITTEE_ADDRESS, COMMITTEE_DID, exampleStatus } from "./actors.js";
import { type InvalidExample, withChanges } from "./changes.js";

/** The committee accredits the auditor for refining and power generation, air and water main pollutants. */
export const auditorAccreditationExample: AuditorAccreditationCredential = {
  "@context": [VC_V1_CONTEXT],
  id: "urn:uuid:074115a2-b064-4e4d-b364-c6d49cfcc7e7",
  type: ["VerifiableCredential", "AuditorAccreditationCredential"],
  issuer: COMMITTEE_DID,
  issuanceDate: "2025-01-10T10:00:00+08:00",
  expirationDate: "2028-01-10T00:00:00+08:00",
  credentialSubject: {
    id: AUDITOR_DID,
    accreditationNumber: "PC-ACC-2025-0017",
    scope: {
      sectors: ["C25", "D44"],
      pollutants: ["SO2", "NOx", "PM", "VOCs", "COD", "NH3-N", "TN", "TP"],
    },
    validUntil: "2028-01-10T00:00:00+08:00",
  },
  credentialSchema: CREDENTIAL_SCHEMA_REFERENCES.AuditorAccreditationCredential,
  credentialStatus: exampleStatus(COMMITTEE_ADDRESS, 0),
};

/** Every valid accreditation example. */
export const auditorAccreditationExamples: readonly AuditorAccreditationCredential[] = [
  auditorAccreditationExample,
];

const base = auditorAccreditationExample;
const subject = "/credentialSubject";

/** Accreditations that break one rule each, with the issues validateCredential must report. */
export const auditorAccreditationInvalidExamples: readonly InvalidExample[] = [
  {
    name: "accreditation number missing",
    credential: withChanges(base, { [`${subject}/accreditationNumber`]: undefined }),
    errors: [{ path: `${subject}/accreditationNumber`, keyword: "required" }],
  },
  {
    name: "accreditation number with a leading space",
    credential: withChanges(base, { [`${subject}/accreditationNumber`]: " PC-ACC-2025-0017" }),
    errors: [{ path: `${subject}/accreditationNumber`, keyword: "pattern" }],
  },
  {
    name: "no sector in scope",
    credential: withChanges(base, { [`${subject}/scope/sectors`]: [] }),
    errors: [{ path: `${subject}/scope/sectors`, keyword: "minItems" }],
  },
  {
    name: "sector code without its section letter",
    credential: withChanges(base, { [`${subject}/scope/sectors/0`]: "2511" }),
    errors: [{ path: `${subject}/scope/sectors/0`, keyword: "pattern" }],
  },
  {
    name: "pollutant twice in scope",
    credential: withChanges(base, { [`${subject}/scope/pollutants/8`]: "SO2" }),
    errors: [{ path: `${subject}/scope/pollutants`, keyword: "uniqueItems" }],
  },
  {
    name: "unknown pollutant in scope",
    credential: withChanges(base, { [`${subject}/scope/pollutants/0`]: "CO2" }),
    errors: [{ path: `${subject}/scope/pollutants/0`, keyword: "enum" }],
  },
  {
    name: "validUntil a date without a time",
    credential: withChanges(base, { [`${subject}/validUntil`]: "2028-01-10" }),
    errors: [{ path: `${subject}/validUntil`, keyword: "format" }],
  },
  {
    name: "validUntil missing",
    credential: withChanges(base, { [`${subject}/validUntil`]: undefined }),
    errors: [{ path: `${subject}/validUntil`, keyword: "required" }],
  },
  {
    name: "scope with a property the schema does not define",
    credential: withChanges(base, { [`${subject}/scope/regions`]: ["310000"] }),
    errors: [{ path: `${subject}/scope/regions`, keyword: "additionalProperties" }],
  },
  {
    name: "accreditation ends before it is issued",
    credential: withChanges(base, {
      [`${subject}/validUntil`]: "2025-01-10T01:59:59Z",
      "/expirationDate": undefined,
    }),
    errors: [{ path: `${subject}/validUntil`, keyword: "validityOrder" }],
  },
  {
    name: "credential expires after the accreditation",
    credential: withChanges(base, { "/expirationDate": "2028-01-10T00:00:01+08:00" }),
    errors: [{ path: "/expirationDate", keyword: "expirationWithinValidity" }],
  },
];
