import type { DateTimeString, DidEthr, VerifiableCredential } from "../common/types.js";
import type { PollutantCode } from "../vocabulary.js";

/** What the auditor may verify: GB/T 4754-2017 sector codes (a division covers its classes) and pollutants. */
export interface AccreditationScope {
  readonly sectors: readonly string[];
  readonly pollutants: readonly PollutantCode[];
}

/** `credentialSubject` of an AuditorAccreditationCredential. */
export interface AuditorAccreditationSubject {
  /** The auditor's DID. */
  readonly id: DidEthr;
  readonly accreditationNumber: string;
  readonly scope: AccreditationScope;
  /** The end of the accreditation (exclusive). */
  readonly validUntil: DateTimeString;
}

/** An auditor's accreditation as a verifiable credential. */
export type AuditorAccreditationCredential = VerifiableCredential<
  "AuditorAccreditationCredential",
  AuditorAccreditationSubject
>;
