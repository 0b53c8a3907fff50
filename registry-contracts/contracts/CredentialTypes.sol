// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Role} from "./ParticipantTypes.sol";

/// @notice A verifiable-credential type: keccak256 of its W3C type name, e.g. "DischargePermitCredential".
type CredentialTypeId is bytes32;

using {_credentialTypeEquals as ==, _credentialTypeDiffers as !=} for CredentialTypeId global;

function _credentialTypeEquals(CredentialTypeId a, CredentialTypeId b) pure returns (bool) {
    return CredentialTypeId.unwrap(a) == CredentialTypeId.unwrap(b);
}

function _credentialTypeDiffers(CredentialTypeId a, CredentialTypeId b) pure returns (bool) {
    return CredentialTypeId.unwrap(a) != CredentialTypeId.unwrap(b);
}

/**
 * @notice Who may be trusted to issue a credential type.
 * @param defined False for a type the registry does not know.
 * @param issuerRole The role an issuer must hold, and be active in, to be trusted (None when committee-issued).
 * @param sectorScoped Whether a grant lists the industry sectors the issuer is trusted for (audit reports).
 * @param committeeIssued Whether only the committee (the governance contract) issues the type; no grants.
 */
struct CredentialTypePolicy {
    bool defined;
    Role issuerRole;
    bool sectorScoped;
    bool committeeIssued;
}

/// @dev keccak256("DischargePermitCredential"): issued by active regulators.
CredentialTypeId constant DISCHARGE_PERMIT = CredentialTypeId.wrap(keccak256("DischargePermitCredential"));

/// @dev keccak256("AuditReportCredential"): issued by active auditors accredited for the firm's sector.
CredentialTypeId constant AUDIT_REPORT = CredentialTypeId.wrap(keccak256("AuditReportCredential"));

/// @dev keccak256("AuditorAccreditationCredential"): issued by the committee (the governance contract).
CredentialTypeId constant AUDITOR_ACCREDITATION = CredentialTypeId.wrap(keccak256("AuditorAccreditationCredential"));

/// @dev keccak256("ParticipantCredential"): organisation identity, issued by active regulators.
CredentialTypeId constant PARTICIPANT_CREDENTIAL = CredentialTypeId.wrap(keccak256("ParticipantCredential"));

/// @notice The issuer policy of `typeId`; `defined` is false for an unknown type.
function credentialTypePolicy(CredentialTypeId typeId) pure returns (CredentialTypePolicy memory policy) {
    if (typeId == DISCHARGE_PERMIT || typeId == PARTICIPANT_CREDENTIAL) {
        policy = CredentialTypePolicy({defined: true, issuerRole: Role.Regulator, sectorScoped: false, committeeIssued: false});
    } else if (typeId == AUDIT_REPORT) {
        policy = CredentialTypePolicy({defined: true, issuerRole: Role.Auditor, sectorScoped: true, committeeIssued: false});
    } else if (typeId == AUDITOR_ACCREDITATION) {
        policy = CredentialTypePolicy({defined: true, issuerRole: Role.None, sectorScoped: false, committeeIssued: true});
    }
}
