import type { DidEthr, Organization, VerifiableCredential } from "../common/types.js";
import type { ParticipantRole } from "../vocabulary.js";

/** `credentialSubject` of a ParticipantCredential. */
export interface ParticipantSubject {
  readonly id: DidEthr;
  readonly organization: Organization;
  readonly role: ParticipantRole;
}

/** A participant's organisation identity and role as a verifiable credential. */
export type ParticipantCredential = VerifiableCredential<"ParticipantCredential", ParticipantSubject>;
