import type { Bytes32, DateString, DidEthr, VerifiableCredential } from "../common/types.js";
import type { AuditOpinion, MassUnit, Medium, MonitoringMethod, PollutantCode } from "../vocabulary.js";

/** The audited period, inclusive dates. */
export interface ReportingPeriod {
  readonly start: DateString;
  readonly end: DateString;
}

/** The verified quantity of one pollutant discharged to one medium over the period. */
export interface VerifiedEmission {
  readonly code: PollutantCode;
  readonly medium: Medium;
  readonly quantity: number;
  readonly unit: MassUnit;
  readonly methodology: MonitoringMethod;
}

/** Materiality threshold and misstatement found, percent of the reported emissions. */
export interface Materiality {
  readonly thresholdPercent: number;
  readonly misstatementPercent: number;
}

interface AuditReportSubjectBase {
  /** The audited firm's DID. */
  readonly id: DidEthr;
  /** The permit the report is about. */
  readonly permitNumber?: string;
  readonly period: ReportingPeriod;
  readonly verifiedEmissions: readonly VerifiedEmission[];
  /** Hashes of the monitoring-data batches anchored on chain that the audit covered (lower-case hex). */
  readonly dataBatchHashes: readonly Bytes32[];
  readonly materiality: Materiality;
}

/** `credentialSubject` of an AuditReportCredential; a qualified or adverse opinion states its basis. */
export type AuditReportSubject = AuditReportSubjectBase &
  (
    | { readonly opinion: "unqualified"; readonly opinionBasis?: string }
    | { readonly opinion: Exclude<AuditOpinion, "unqualified">; readonly opinionBasis: string }
  );

/** An auditor's report on a firm's emissions as a verifiable credential. */
export type AuditReportCredential = VerifiableCredential<"AuditReportCredential", AuditReportSubject>;
