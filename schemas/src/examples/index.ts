export {
  AUDITOR_ADDRESS,
  AUDITOR_DID,
  AUDITOR_ORGANIZATION,
  BATTERY_FIRM_DID,
  BATTERY_FIRM_ORGANIZATION,
  COMMITTEE_ADDRESS,
  COMMITTEE_DID,
  exampleStatus,
  FIRM_ADDRESS,
  FIRM_DID,
  FIRM_ORGANIZATION,
  REGULATOR_ADDRESS,
  REGULATOR_DID,
  REGULATOR_ORGANIZATION,
  SECOND_REGULATOR_ADDRESS,
  SECOND_REGULATOR_DID,
  STATUS_REGISTRY_ADDRESS,
} from "./actors.js";
export {
  auditReportExample,
  auditReportExamples,
  auditReportInvalidExamples,
  qualifiedAuditReportExample,
} from "./audit-report.js";
export {
  auditorAccreditationExample,
  auditorAccreditationExamples,
  auditorAccreditationInvalidExamples,
} from "./auditor-accreditation.js";
export { type InvalidExample, withChanges } from "./changes.js";
export {
  batteryPermitExample,
  dischargePermitExample,
  dischargePermitExamples,
  dischargePermitInvalidExamples,
} from "./discharge-permit.js";
export {
  auditorParticipantExample,
  participantExamples,
  participantInvalidExamples,
  polluterParticipantExample,
  regulatorParticipantExample,
} from "./participant.js";
