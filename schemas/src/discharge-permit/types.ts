import type { DateTimeString, DidEthr, Organization, VerifiableCredential } from "../common/types.js";
import type {
  AnnualCapUnit,
  ConcentrationUnit,
  Medium,
  PermitManagementCategory,
  PollutantCode,
} from "../vocabulary.js";

/** The permit's legal validity; `validUntil` is the instant it ends (exclusive). */
export interface PermitValidity {
  readonly validFrom: DateTimeString;
  readonly validUntil: DateTimeString;
}

/** Decimal degrees, CGCS2000. */
export interface Coordinates {
  readonly longitude: number;
  readonly latitude: number;
}

/** A discharge outlet (排放口), HJ 608-2017 code "DA001" (air) or "DW001" (water). */
export interface Outlet {
  readonly id: string;
  readonly type: Medium;
  readonly name?: string;
  readonly coordinates?: Coordinates;
  readonly monitoredPollutants: readonly PollutantCode[];
}

/** Permitted annual emission (许可排放量). */
export interface AnnualCap {
  readonly value: number;
  readonly unit: AnnualCapUnit;
}

/** Permitted discharge concentration (许可排放浓度): mg/m3 for air, mg/L for water. */
export interface ConcentrationLimit {
  readonly value: number;
  readonly unit: ConcentrationUnit;
}

/** One pollutant permitted for one medium. */
export interface PermittedPollutant {
  readonly code: PollutantCode;
  readonly medium: Medium;
  readonly annualCap: AnnualCap;
  readonly concentrationLimit: ConcentrationLimit;
  /** The outlets (same medium, monitoring this pollutant) the concentration limit applies to. */
  readonly outlets?: readonly string[];
}

/** `credentialSubject` of a DischargePermitCredential: the permit holder and what it may discharge. */
export interface DischargePermitSubject {
  /** The holder's DID. */
  readonly id: DidEthr;
  /** HJ 608-2017 permit number: the holder's USCC, a three-digit sequence, a letter ("...001P"). */
  readonly permitNumber: string;
  readonly organization: Organization;
  readonly managementCategory?: PermitManagementCategory;
  readonly validity: PermitValidity;
  readonly outlets: readonly Outlet[];
  readonly pollutants: readonly PermittedPollutant[];
}

/** A pollutant-discharge permit (排污许可证) as a verifiable credential. */
export type DischargePermitCredential = VerifiableCredential<
  "DischargePermitCredential",
  DischargePermitSubject
>;
