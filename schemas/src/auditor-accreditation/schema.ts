import { credentialSchemaDocument } from "../common/envelope.js";
import { POLLUTANT_CODES } from "../vocabulary.js";

const AUDITOR_ACCREDITATION_DEFS = {
  accreditationScope: {
    $comment:
      "The sectors (GB/T 4754-2017 division, group or class codes; a division covers its groups and classes) and " +
      "the pollutants the auditor may verify.",
    type: "object",
    additionalProperties: false,
    required: ["sectors", "pollutants"],
    properties: {
      sectors: {
        type: "array",
        minItems: 1,
        maxItems: 200,
        uniqueItems: true,
        items: { type: "string", $ref: "#/$defs/sectorCode" },
      },
      pollutants: {
        type: "array",
        minItems: 1,
        maxItems: POLLUTANT_CODES.length,
        uniqueItems: true,
        items: { type: "string", $ref: "#/$defs/pollutantCode" },
      },
    },
  },
} as const;

const AUDITOR_ACCREDITATION_SUBJECT = {
  $comment:
    "The accredited auditor (id), the committee's accreditation number, the scope and the end of the " +
    "accreditation (validUntil, exclusive; after issuanceDate, and not before expirationDate, checked by " +
    "validateAccreditationSemantics).",
  type: "object",
  additionalProperties: false,
  required: ["id", "accreditationNumber", "scope", "validUntil"],
  properties: {
    id: { $ref: "#/$defs/didEthr" },
    accreditationNumber: { type: "string", maxLength: 64, $ref: "#/$defs/name" },
    scope: { $ref: "#/$defs/accreditationScope" },
    validUntil: { $ref: "#/$defs/dateTime" },
  },
} as const;

/** JSON Schema (draft 2020-12) of AuditorAccreditationCredential. */
export const AUDITOR_ACCREDITATION_SCHEMA = credentialSchemaDocument({
  type: "AuditorAccreditationCredential",
  title: "AuditorAccreditationCredential",
  description:
    "The committee's accreditation of a third-party verification body: which sectors and pollutants it may " +
    "audit, until when.",
  subject: AUDITOR_ACCREDITATION_SUBJECT,
  defs: AUDITOR_ACCREDITATION_DEFS,
});
