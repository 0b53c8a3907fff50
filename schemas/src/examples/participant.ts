import { CREDENTIAL_SCHEMA_REFERENCES, VC_V1_CONTEXT } from "../ids.js";
import type { ParticipantCredential } from "../participant/types.js";
import {
  AUDITOR_DID,
  AUDITOR_ORGANIZATION,
  COMMITTEE_ADDRESS,
  COMMITTEE_DID,
  exampleStatus,
  FIRM_DID,
  FIRM_ORGANIZATION,
  REGULATOR_DID,
  REGULATOR_ORGANIZATION,
} from "./actors.js";
import { type InvalidExample, withChanges } from "./changes.js";

function participant(
  id: string,
  subject: ParticipantCredential["credentialSubject"],
  statusIndex: number,
): ParticipantCredential {
  return {
    "@context": [VC_V1_CONTEXT],
    id: `urn:uuid:${id}`,
    type: ["VerifiableCredential", "ParticipantCredential"],
    issuer: { id: COMMITTEE_DID },
    issuanceDate: "2025-01-06T09:00:00+08:00",
    credentialSubject: subject,
    credentialSchema: CREDENTIAL_SCHEMA_REFERENCES.ParticipantCredential,
    credentialStatus: exampleStatus(COMMITTEE_ADDRESS, statusIndex),
  };
}

/** The regulator's participant credential. */
export const regulatorParticipantExample = participant(
  "118e92ad-c9ed-4171-ba4c-be427c124ea9",
  { id: REGULATOR_DID, organization: REGULATOR_ORGANIZATION, role: "regulator" },
  100,
);
/** The auditor's participant credential. */
export const auditorParticipantExample = participant(
  "5b1f0c8e-6a3d-4f27-9c1e-2d8b7a4e6f10",
  { id: AUDITOR_DID, organization: AUDITOR_ORGANIZATION, role: "auditor" },
  101,
);
/** The refinery's participant credential. */
export const polluterParticipantExample = participant(
  "9d4e2b7a-3c15-4e8f-a6d2-7f0b1c9e5a34",
  { id: FIRM_DID, organization: FIRM_ORGANIZATION, role: "polluter" },
  102,
);

/** Every valid participant example. */
export const participantExamples: readonly ParticipantCredential[] = [
  regulatorParticipantExample,
  auditorParticipantExample,
  polluterParticipantExample,
];

const base = polluterParticipantExample;
const subject = "/credentialSubject";

/** Participant credentials that break one rule each, with the issues validateCredential must report. */
export const participantInvalidExamples: readonly InvalidExample[] = [
  {
    name: "role outside regulator, auditor, polluter",
    credential: withChanges(base, { [`${subject}/role`]: "trader" }),
    errors: [{ path: `${subject}/role`, keyword: "enum" }],
  },
  {
    name: "organisation missing",
    credential: withChanges(base, { [`${subject}/organization`]: undefined }),
    errors: [{ path: `${subject}/organization`, keyword: "required" }],
  },
  {
    name: "USCC in lower case",
    credential: withChanges(base, { [`${subject}/organization/uscc`]: "91310115ma1fl1237y" }),
    errors: [{ path: `${subject}/organization/uscc`, keyword: "pattern" }],
  },
  {
    name: "organisation name with a line break",
    credential: withChanges(base, { [`${subject}/organization/name`]: "上海浦江石化\n有限公司" }),
    errors: [{ path: `${subject}/organization/name`, keyword: "pattern" }],
  },
  {
    name: "organisation with a property the schema does not define",
    credential: withChanges(base, { [`${subject}/organization/legalRepresentative`]: "张三" }),
    errors: [{ path: `${subject}/organization/legalRepresentative`, keyword: "additionalProperties" }],
  },
  {
    name: "subject DID with a fragment",
    credential: withChanges(base, { [`${subject}/id`]: `${FIRM_DID}#controller` }),
    errors: [{ path: `${subject}/id`, keyword: "pattern" }],
  },
  {
    name: "status registry that is not an address",
    credential: withChanges(base, {
      "/credentialStatus/statusRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa",
    }),
    errors: [{ path: "/credentialStatus/statusRegistry", keyword: "pattern" }],
  },
  {
    name: "status index beyond uint256",
    credential: withChanges(base, { "/credentialStatus/statusIndex": "9".repeat(78) }),
    errors: [{ path: "/credentialStatus/statusIndex", keyword: "statusIndexRange" }],
  },
  {
    name: "credentialStatus missing",
    credential: withChanges(base, { "/credentialStatus": undefined }),
    errors: [{ path: "/credentialStatus", keyword: "required" }],
  },
  {
    name: "evidence without a type",
    credential: withChanges(base, { "/evidence": [{ id: "https://permitchain.dev/evidence/1" }] }),
    errors: [{ path: "/evidence/0/type", keyword: "required" }],
  },
  {
    name: "an envelope property outside VC 1.1",
    credential: withChanges(base, { "/validFrom": "2025-01-06T09:00:00+08:00" }),
    errors: [{ path: "/validFrom", keyword: "additionalProperties" }],
  },
];
