import { credentialSchemaDocument } from "../common/envelope.js";
import { PARTICIPANT_ROLES } from "../vocabulary.js";

const PARTICIPANT_SUBJECT = {
  $comment: "The participant (id), its organisation identity and the role the committee approved.",
  type: "object",
  additionalProperties: false,
  required: ["id", "organization", "role"],
  properties: {
    id: { $ref: "#/$defs/didEthr" },
    organization: { $ref: "#/$defs/organization" },
    role: { type: "string", enum: PARTICIPANT_ROLES },
  },
} as const;

/** JSON Schema (draft 2020-12) of ParticipantCredential. */
export const PARTICIPANT_SCHEMA = credentialSchemaDocument({
  type: "ParticipantCredential",
  title: "ParticipantCredential",
  description:
    "A participant's organisation identity (name, unified social credit code, region, sector) and its role: " +
    "regulator, auditor or polluter.",
  subject: PARTICIPANT_SUBJECT,
  defs: {},
});
