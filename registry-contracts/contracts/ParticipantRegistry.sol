// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Governed} from "./Governed.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";
import {NormalisedClock} from "./NormalisedClock.sol";
import {CreditLevel, Organisation, Participant, ParticipantStatus, Role} from "./ParticipantTypes.sol";

/**
 * @title Participant registry
 * @notice See {IParticipantRegistry}. Writes come from the governance contract fixed at deployment; credit
 * levels also from the compliance operator, which governance sets once.
 */
contract ParticipantRegistry is IParticipantRegistry, Governed, NormalisedClock {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev A participant packed into four slots (the public {Participant} nests the organisation).
    struct Record {
        Role role;
        ParticipantStatus status;
        CreditLevel creditLevel;
        uint64 registeredAt;
        uint32 regionCode;
        bytes32 nameHash;
        bytes32 creditCodeHash;
        bytes32 sector;
    }

    mapping(address account => Record) private _participants;
    mapping(address account => Checkpoints.Trace208) private _statusHistory;
    mapping(bytes32 creditCodeHash => address account) private _creditCodeHolders;
    address private _complianceOperator;

    /**
     * @param divisor 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
     * @param governance_ The governance contract, the only writer.
     */
    constructor(uint256 divisor, address governance_) NormalisedClock(divisor) Governed(governance_) {}

    // ---------------------------------------------------------------- governance writes

    /// @inheritdoc IParticipantRegistry
    function register(address account, Role role, Organisation calldata organisation) external onlyGovernance {
        if (account == address(0)) revert InvalidAccount(account);
        if (role == Role.None) revert InvalidRole(role);
        Record storage p = _participants[account];
        if (p.status != ParticipantStatus.None) revert AlreadyRegistered(account, p.status);
        _claimCreditCode(account, organisation);
        p.role = role;
        p.creditLevel = CreditLevel.Blue;
        p.registeredAt = SafeCast.toUint64(_now());
        _storeOrganisation(p, organisation);
        _setStatus(account, p, ParticipantStatus.Active);
        emit ParticipantRegistered(account, role, organisation);
    }

    /// @inheritdoc IParticipantRegistry
    function updateOrganisation(address account, Organisation calldata organisation) external onlyGovernance {
        Record storage p = _live(account);
        bytes32 previousCode = p.creditCodeHash;
        if (organisation.creditCodeHash != previousCode) {
            _claimCreditCode(account, organisation);
            delete _creditCodeHolders[previousCode];
        } else {
            _checkOrganisation(account, organisation);
        }
        _storeOrganisation(p, organisation);
        emit OrganisationUpdated(account, organisation);
    }

    /// @inheritdoc IParticipantRegistry
    function suspend(address account) external onlyGovernance {
        Record storage p = _registered(account);
        if (p.status != ParticipantStatus.Active) revert InvalidParticipantStatus(account, p.status);
        _setStatus(account, p, ParticipantStatus.Suspended);
        emit ParticipantSuspended(account);
    }

    /// @inheritdoc IParticipantRegistry
    function unsuspend(address account) external onlyGovernance {
        Record storage p = _registered(account);
        if (p.status != ParticipantStatus.Suspended) revert InvalidParticipantStatus(account, p.status);
        _setStatus(account, p, ParticipantStatus.Active);
        emit ParticipantUnsuspended(account);
    }

    /// @inheritdoc IParticipantRegistry
    function revoke(address account) external onlyGovernance {
        Record storage p = _live(account);
        delete _creditCodeHolders[p.creditCodeHash];
        _setStatus(account, p, ParticipantStatus.Revoked);
        emit ParticipantRevoked(account);
    }

    /// @inheritdoc IParticipantRegistry
    function setComplianceOperator(address operator) external onlyGovernance {
        if (operator == address(0)) revert InvalidAccount(operator);
        if (_complianceOperator != address(0)) revert ComplianceOperatorAlreadySet(_complianceOperator);
        _complianceOperator = operator;
        emit ComplianceOperatorSet(operator);
    }

    // ---------------------------------------------------------------- governance or compliance writes

    /// @inheritdoc IParticipantRegistry
    function setCreditLevel(address account, CreditLevel level) external {
        address caller = msg.sender;
        // An unset operator is the zero address, which never calls.
        if (caller != governance() && caller != _complianceOperator) revert NotCreditAuthority(caller);
        Record storage p = _live(account);
        CreditLevel previous = p.creditLevel;
        p.creditLevel = level;
        emit CreditLevelChanged(account, previous, level, caller);
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc IParticipantRegistry
    function complianceOperator() external view returns (address) {
        return _complianceOperator;
    }

    /// @inheritdoc IParticipantRegistry
    function participant(address account) external view returns (Participant memory) {
        Record storage p = _participants[account];
        return
            Participant({
                role: p.role,
                status: p.status,
                creditLevel: p.creditLevel,
                registeredAt: p.registeredAt,
                organisation: Organisation({
                    nameHash: p.nameHash,
                    creditCodeHash: p.creditCodeHash,
                    regionCode: p.regionCode,
                    sector: p.sector
                })
            });
    }

    /// @inheritdoc IParticipantRegistry
    function roleOf(address account) external view returns (Role) {
        return _participants[account].role;
    }

    /// @inheritdoc IParticipantRegistry
    function statusOf(address account) external view returns (ParticipantStatus) {
        return _participants[account].status;
    }

    /// @inheritdoc IParticipantRegistry
    function isActive(address account, Role role) external view returns (bool) {
        Record storage p = _participants[account];
        return p.status == ParticipantStatus.Active && p.role == role && role != Role.None;
    }

    /// @inheritdoc IParticipantRegistry
    function statusAt(address account, uint256 blockNumber) external view returns (ParticipantStatus) {
        if (blockNumber > block.number) revert FutureLookup(blockNumber, block.number);
        return ParticipantStatus(_statusHistory[account].upperLookupRecent(SafeCast.toUint48(blockNumber)));
    }

    /// @inheritdoc IParticipantRegistry
    function holderOfCreditCode(bytes32 creditCodeHash) external view returns (address) {
        return _creditCodeHolders[creditCodeHash];
    }

    // ---------------------------------------------------------------- internals

    /// @dev The record of a registered `account`, whatever its status.
    function _registered(address account) private view returns (Record storage p) {
        p = _participants[account];
        if (p.status == ParticipantStatus.None) revert NotRegistered(account);
    }

    /// @dev The record of a registered `account` that is not revoked.
    function _live(address account) private view returns (Record storage p) {
        p = _registered(account);
        if (p.status == ParticipantStatus.Revoked) revert InvalidParticipantStatus(account, p.status);
    }

    function _checkOrganisation(address account, Organisation calldata organisation) private pure {
        if (organisation.nameHash == bytes32(0) || organisation.creditCodeHash == bytes32(0)) {
            revert InvalidOrganisation(account);
        }
    }

    function _claimCreditCode(address account, Organisation calldata organisation) private {
        _checkOrganisation(account, organisation);
        address holder = _creditCodeHolders[organisation.creditCodeHash];
        if (holder != address(0)) revert CreditCodeTaken(organisation.creditCodeHash, holder);
        _creditCodeHolders[organisation.creditCodeHash] = account;
    }

    function _storeOrganisation(Record storage p, Organisation calldata organisation) private {
        p.nameHash = organisation.nameHash;
        p.creditCodeHash = organisation.creditCodeHash;
        p.regionCode = organisation.regionCode;
        p.sector = organisation.sector;
    }

    function _setStatus(address account, Record storage p, ParticipantStatus status) private {
        p.status = status;
        _statusHistory[account].push(SafeCast.toUint48(block.number), uint208(uint8(status)));
    }
}
