// TypeScript mirror of ICredentialStatusRegistry.sol: the status enum and the reason-code convention.

/** Where a credential's status entry stands (`CredentialStatus` in ICredentialStatusRegistry.sol). */
export const CredentialStatus = { Unallocated: 0, Active: 1, Suspended: 2, Revoked: 3 } as const;
export type CredentialStatus = (typeof CredentialStatus)[keyof typeof CredentialStatus];

/**
 * Reason codes for `revoke`, `suspend` and `reinstate` (uint16). The registry records them without
 * interpreting them; PermitChain issuers use the CRLReason codes of RFC 5280 section 5.3.1.
 */
export const StatusReason = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];
