// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CredentialTypeId, CredentialTypePolicy, credentialTypePolicy as _policy} from "./CredentialTypes.sol";
import {Governed} from "./Governed.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";
import {ITrustedIssuerRegistry, TrustGrant} from "./ITrustedIssuerRegistry.sol";
import {NormalisedClock} from "./NormalisedClock.sol";
import {Participant, ParticipantStatus} from "./ParticipantTypes.sol";

/**
 * @title Trusted issuer registry
 * @notice See {ITrustedIssuerRegistry}.
 * @dev Per (issuer, type) a `Trace208` keyed by block number holds `scope << 64 | validUntil`, 0 once
 * removed. `scope` numbers the grants of the pair; a grant's sectors are stored under its number and never
 * deleted, so sector lookups at past blocks read the scope in force then.
 */
contract TrustedIssuerRegistry is ITrustedIssuerRegistry, Governed, NormalisedClock {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev Who made the last grant, one slot; kept after a removal.
    struct GrantOrigin {
        address grantedBy;
        uint96 proposalId;
    }

    IParticipantRegistry private immutable _participants;
    mapping(address issuer => mapping(CredentialTypeId typeId => Checkpoints.Trace208)) private _history;
    mapping(address issuer => mapping(CredentialTypeId typeId => GrantOrigin)) private _origins;
    mapping(address issuer => mapping(CredentialTypeId typeId => uint32)) private _scopeCount;
    mapping(address issuer => mapping(CredentialTypeId typeId => mapping(uint32 scope => mapping(bytes32 sector => bool))))
        private _sectors;

    /**
     * @param divisor 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
     * @param governance_ The governance contract, the only writer.
     * @param participants The participant registry holding issuers' roles and statuses.
     */
    constructor(
        uint256 divisor,
        address governance_,
        IParticipantRegistry participants
    ) NormalisedClock(divisor) Governed(governance_) {
        if (address(participants) == address(0)) revert ZeroParticipantRegistry();
        _participants = participants;
    }

    // ---------------------------------------------------------------- governance writes

    /// @inheritdoc ITrustedIssuerRegistry
    function addTrustedIssuer(
        address issuer,
        CredentialTypeId typeId,
        bytes32[] calldata sectors,
        uint64 validUntil,
        uint256 proposalId
    ) external onlyGovernance {
        CredentialTypePolicy memory policy = _policy(typeId);
        if (!policy.defined) revert UnknownCredentialType(typeId);
        if (policy.committeeIssued) revert CommitteeIssuedType(typeId);
        Participant memory p = _participants.participant(issuer);
        if (p.role != policy.issuerRole) revert IssuerRoleMismatch(issuer, typeId, policy.issuerRole, p.role);
        if (p.status != ParticipantStatus.Active) revert IssuerNotActive(issuer, p.status);
        if (validUntil <= _now()) revert ValidUntilNotInFuture(validUntil, _now());
        if (policy.sectorScoped && sectors.length == 0) revert EmptySectorScope(typeId);
        if (!policy.sectorScoped && sectors.length != 0) revert SectorScopeNotApplicable(typeId);

        uint32 scope = ++_scopeCount[issuer][typeId];
        mapping(bytes32 => bool) storage inScope = _sectors[issuer][typeId][scope];
        for (uint256 i = 0; i < sectors.length; ++i) {
            inScope[sectors[i]] = true;
        }
        _history[issuer][typeId].push(_blockKey(), (uint208(scope) << 64) | validUntil);
        _origins[issuer][typeId] = GrantOrigin(msg.sender, SafeCast.toUint96(proposalId));
        emit TrustedIssuerAdded(issuer, typeId, validUntil, sectors, msg.sender, proposalId);
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function removeTrustedIssuer(address issuer, CredentialTypeId typeId, uint256 proposalId) external onlyGovernance {
        Checkpoints.Trace208 storage history = _history[issuer][typeId];
        if (history.latest() == 0) revert NotTrustedIssuer(issuer, typeId);
        history.push(_blockKey(), 0);
        emit TrustedIssuerRemoved(issuer, typeId, msg.sender, proposalId);
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc ITrustedIssuerRegistry
    function participantRegistry() external view returns (address) {
        return address(_participants);
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function credentialTypePolicy(CredentialTypeId typeId) external pure returns (CredentialTypePolicy memory) {
        return _policy(typeId);
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function isTrusted(address issuer, CredentialTypeId typeId) public view returns (bool) {
        CredentialTypePolicy memory policy = _policy(typeId);
        if (!policy.defined) return false;
        if (policy.committeeIssued) return issuer == governance();
        (uint64 validUntil, ) = _unpack(_history[issuer][typeId].latest());
        return validUntil > _now() && _participants.isActive(issuer, policy.issuerRole);
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function isTrustedForSector(address issuer, CredentialTypeId typeId, bytes32 sector) external view returns (bool) {
        if (!isTrusted(issuer, typeId)) return false;
        if (!_policy(typeId).sectorScoped) return true;
        (, uint32 scope) = _unpack(_history[issuer][typeId].latest());
        return _sectors[issuer][typeId][scope][sector];
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function trustGrant(address issuer, CredentialTypeId typeId) external view returns (TrustGrant memory) {
        (, uint48 sinceBlock, uint208 packed) = _history[issuer][typeId].latestCheckpoint();
        (uint64 validUntil, ) = _unpack(packed);
        GrantOrigin storage origin = _origins[issuer][typeId];
        return TrustGrant(validUntil != 0, validUntil, sinceBlock, origin.grantedBy, origin.proposalId);
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function trustAt(
        address issuer,
        CredentialTypeId typeId,
        uint256 blockNumber
    ) public view returns (bool granted, uint64 validUntil) {
        uint48 key = _pastBlockKey(blockNumber);
        CredentialTypePolicy memory policy = _policy(typeId);
        if (policy.committeeIssued) {
            return issuer == governance() ? (true, type(uint64).max) : (false, 0);
        }
        (validUntil, ) = _unpack(_history[issuer][typeId].upperLookupRecent(key));
        granted = validUntil != 0;
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function wasTrustedAt(address issuer, CredentialTypeId typeId, uint256 blockNumber) public view returns (bool) {
        (bool granted, ) = trustAt(issuer, typeId, blockNumber);
        if (!granted) return false;
        if (_policy(typeId).committeeIssued) return true;
        return _participants.statusAt(issuer, blockNumber) == ParticipantStatus.Active;
    }

    /// @inheritdoc ITrustedIssuerRegistry
    function wasTrustedForSectorAt(
        address issuer,
        CredentialTypeId typeId,
        bytes32 sector,
        uint256 blockNumber
    ) external view returns (bool) {
        if (!wasTrustedAt(issuer, typeId, blockNumber)) return false;
        if (!_policy(typeId).sectorScoped) return true;
        (, uint32 scope) = _unpack(_history[issuer][typeId].upperLookupRecent(uint48(blockNumber)));
        return _sectors[issuer][typeId][scope][sector];
    }

    // ---------------------------------------------------------------- internals

    function _blockKey() private view returns (uint48) {
        return SafeCast.toUint48(block.number);
    }

    /// @dev `blockNumber` as a checkpoint key; reverts with {FutureLookup} after the current block.
    function _pastBlockKey(uint256 blockNumber) private view returns (uint48) {
        if (blockNumber > block.number) revert FutureLookup(blockNumber, block.number);
        return uint48(blockNumber);
    }

    function _unpack(uint208 packed) private pure returns (uint64 validUntil, uint32 scope) {
        validUntil = uint64(packed);
        scope = uint32(packed >> 64);
    }
}
