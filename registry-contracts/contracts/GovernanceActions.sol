// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommitteeMembers} from "./CommitteeMembers.sol";
import {CredentialTypeId} from "./CredentialTypes.sol";
import {GovernanceParameters} from "./GovernanceParameters.sol";
import {Action, ActionKind} from "./GovernanceTypes.sol";
import {ICommitteeGovernance} from "./ICommitteeGovernance.sol";
import {IGoverned} from "./IGoverned.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";
import {ITrustedIssuerRegistry} from "./ITrustedIssuerRegistry.sol";
import {CreditLevel, Organisation, Role} from "./ParticipantTypes.sol";

/**
 * @title What the committee can do
 * @notice Decodes an {Action} and carries it out: on the registries it governs (bound once during the
 * bootstrap), on the committee's membership, or on the parameters.
 */
abstract contract GovernanceActions is ICommitteeGovernance, CommitteeMembers, GovernanceParameters {
    IParticipantRegistry private _participantRegistry;
    ITrustedIssuerRegistry private _trustedIssuerRegistry;

    /// @inheritdoc ICommitteeGovernance
    function participantRegistry() external view returns (address) {
        return address(_participantRegistry);
    }

    /// @inheritdoc ICommitteeGovernance
    function trustedIssuerRegistry() external view returns (address) {
        return address(_trustedIssuerRegistry);
    }

    /// @inheritdoc ICommitteeGovernance
    function checkAction(Action calldata action) external pure {
        ActionKind kind = action.kind;
        bytes calldata args = action.args;
        if (kind == ActionKind.RegisterParticipant) {
            abi.decode(args, (address, Role, Organisation));
        } else if (kind == ActionKind.UpdateOrganisation) {
            abi.decode(args, (address, Organisation));
        } else if (kind == ActionKind.SetCreditLevel) {
            abi.decode(args, (address, CreditLevel));
        } else if (kind == ActionKind.AddTrustedIssuer) {
            abi.decode(args, (address, CredentialTypeId, bytes32[], uint64));
        } else if (kind == ActionKind.RemoveTrustedIssuer) {
            abi.decode(args, (address, CredentialTypeId));
        } else if (kind == ActionKind.SetParameter) {
            abi.decode(args, (bytes32, uint256));
        } else if (kind == ActionKind.AddMember) {
            abi.decode(args, (address, uint32));
        } else {
            // RevokeParticipant, SuspendParticipant, UnsuspendParticipant, RemoveMember, SetComplianceOperator
            abi.decode(args, (address));
        }
    }

    /// @dev Reverts with {MalformedAction} unless {checkAction} accepts `action`.
    function _checkWellFormed(Action calldata action) internal view {
        try this.checkAction(action) {} catch {
            revert MalformedAction(action.kind);
        }
    }

    /// @dev The id the next proposal will get: members added now vote from that proposal on.
    function _nextProposalId() internal view virtual returns (uint64);

    function _registriesBound() internal view returns (bool) {
        return address(_participantRegistry) != address(0);
    }

    /// @dev Binds the registries once, after checking that they are wired to this contract and each other.
    function _bindRegistries(address participants, address trustedIssuers) internal {
        if (_registriesBound()) revert RegistriesAlreadyBound();
        if (participants.code.length == 0 || IGoverned(participants).governance() != address(this)) {
            revert RegistryMismatch(participants);
        }
        if (
            trustedIssuers.code.length == 0 ||
            IGoverned(trustedIssuers).governance() != address(this) ||
            ITrustedIssuerRegistry(trustedIssuers).participantRegistry() != participants
        ) revert RegistryMismatch(trustedIssuers);
        _participantRegistry = IParticipantRegistry(participants);
        _trustedIssuerRegistry = ITrustedIssuerRegistry(trustedIssuers);
        emit RegistriesBound(participants, trustedIssuers);
    }

    /// @dev Carries out `action`; `proposalId` is 0 during the bootstrap.
    function _executeAction(ActionKind kind, bytes memory args, uint256 proposalId) internal {
        if (kind == ActionKind.SetParameter) {
            (bytes32 key, uint256 value) = abi.decode(args, (bytes32, uint256));
            _setParameter(key, value);
        } else if (kind == ActionKind.AddMember) {
            (address account, uint32 weight) = abi.decode(args, (address, uint32));
            _addMember(account, weight, _nextProposalId());
        } else if (kind == ActionKind.RemoveMember) {
            _removeMember(abi.decode(args, (address)));
        } else if (kind == ActionKind.AddTrustedIssuer) {
            (address issuer, CredentialTypeId typeId, bytes32[] memory sectors, uint64 validUntil) = abi.decode(
                args,
                (address, CredentialTypeId, bytes32[], uint64)
            );
            _issuers().addTrustedIssuer(issuer, typeId, sectors, validUntil, proposalId);
        } else if (kind == ActionKind.RemoveTrustedIssuer) {
            (address issuer, CredentialTypeId typeId) = abi.decode(args, (address, CredentialTypeId));
            _issuers().removeTrustedIssuer(issuer, typeId, proposalId);
        } else {
            _executeParticipantAction(kind, args);
        }
    }

    function _executeParticipantAction(ActionKind kind, bytes memory args) private {
        IParticipantRegistry registry = _participants();
        if (kind == ActionKind.RegisterParticipant) {
            (address account, Role role, Organisation memory organisation) = abi.decode(
                args,
                (address, Role, Organisation)
            );
            registry.register(account, role, organisation);
        } else if (kind == ActionKind.UpdateOrganisation) {
            (address account, Organisation memory organisation) = abi.decode(args, (address, Organisation));
            registry.updateOrganisation(account, organisation);
        } else if (kind == ActionKind.SetCreditLevel) {
            (address account, CreditLevel level) = abi.decode(args, (address, CreditLevel));
            registry.setCreditLevel(account, level);
        } else {
            address account = abi.decode(args, (address));
            if (kind == ActionKind.RevokeParticipant) registry.revoke(account);
            else if (kind == ActionKind.SuspendParticipant) registry.suspend(account);
            else if (kind == ActionKind.UnsuspendParticipant) registry.unsuspend(account);
            else registry.setComplianceOperator(account); // ActionKind.SetComplianceOperator
        }
    }

    function _participants() private view returns (IParticipantRegistry registry) {
        registry = _participantRegistry;
        if (address(registry) == address(0)) revert RegistriesNotBound();
    }

    function _issuers() private view returns (ITrustedIssuerRegistry registry) {
        registry = _trustedIssuerRegistry;
        if (address(registry) == address(0)) revert RegistriesNotBound();
    }
}
