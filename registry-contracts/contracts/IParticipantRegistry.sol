// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";
import {CreditLevel, Organisation, Participant, ParticipantStatus, Role} from "./ParticipantTypes.sol";

/**
 * @title Participant registry
 * @notice Who is who on the platform: each DID (an address, as in `did:ethr`) registered by the committee
 * with one role, an organisation record, a status and a credit level. Every write comes from the governance
 * contract, except credit-level changes, which the compliance operator may also make. Reads are open.
 *
 * Status changes are checkpointed by block number, so `statusAt` answers for any past block.
 */
interface IParticipantRegistry is IGoverned {
    /**
     * @notice `account` was registered as `role`, Active, at credit level Blue.
     * @param account The participant's DID address.
     * @param role The role granted.
     * @param organisation The organisation record.
     */
    event ParticipantRegistered(address indexed account, Role role, Organisation organisation);

    /**
     * @notice The organisation record of `account` was replaced.
     * @param account The participant's DID address.
     * @param organisation The new record.
     */
    event OrganisationUpdated(address indexed account, Organisation organisation);

    /**
     * @notice `account` was suspended: it keeps its role but is not active until unsuspended.
     * @param account The participant's DID address.
     */
    event ParticipantSuspended(address indexed account);

    /**
     * @notice `account` was unsuspended and is active again.
     * @param account The participant's DID address.
     */
    event ParticipantUnsuspended(address indexed account);

    /**
     * @notice `account` was revoked for good; its role is no longer active and it cannot be registered again.
     * @param account The participant's DID address.
     */
    event ParticipantRevoked(address indexed account);

    /**
     * @notice The credit level of `account` was set (possibly to the same level).
     * @param account The participant's DID address.
     * @param previous The level before.
     * @param current The level now.
     * @param changedBy The governance contract or the compliance operator.
     */
    event CreditLevelChanged(
        address indexed account,
        CreditLevel previous,
        CreditLevel current,
        address indexed changedBy
    );

    /**
     * @notice The compliance operator, which may change credit levels besides the committee, was set.
     * @param operator The compliance contract.
     */
    event ComplianceOperatorSet(address indexed operator);

    /**
     * @notice The zero address cannot be a participant or the compliance operator.
     * @param account The rejected address.
     */
    error InvalidAccount(address account);

    /**
     * @notice A participant must be registered with a role other than None.
     * @param role The rejected role.
     */
    error InvalidRole(Role role);

    /**
     * @notice An organisation record needs a non-zero name hash and credit code hash.
     * @param account The participant the record is for.
     */
    error InvalidOrganisation(address account);

    /**
     * @notice `account` was registered before (it is active, suspended or revoked).
     * @param account The DID address.
     * @param status Its current status.
     */
    error AlreadyRegistered(address account, ParticipantStatus status);

    /**
     * @notice `account` was never registered.
     * @param account The DID address.
     */
    error NotRegistered(address account);

    /**
     * @notice The operation does not apply to a participant in `status` (e.g. suspending one that is not
     * active, unsuspending one that is not suspended, anything but reading on a revoked one).
     * @param account The DID address.
     * @param status Its current status.
     */
    error InvalidParticipantStatus(address account, ParticipantStatus status);

    /**
     * @notice Another DID that is not revoked holds this unified social credit code.
     * @param creditCodeHash keccak256 of the credit code.
     * @param holder The DID holding it.
     */
    error CreditCodeTaken(bytes32 creditCodeHash, address holder);

    /**
     * @notice Only the governance contract and the compliance operator change credit levels.
     * @param caller The account that tried.
     */
    error NotCreditAuthority(address caller);

    /**
     * @notice The compliance operator is set once and never replaced.
     * @param operator The operator already set.
     */
    error ComplianceOperatorAlreadySet(address operator);

    /**
     * @notice A history lookup asked about a block after the current one.
     * @param blockNumber The block asked about.
     * @param currentBlock The current block number.
     */
    error FutureLookup(uint256 blockNumber, uint256 currentBlock);

    /**
     * @notice Register `account` as `role`: status Active, credit level Blue. Caller: governance.
     * @param account The DID address; never registered before.
     * @param role Regulator, Auditor or Polluter.
     * @param organisation The organisation record; its credit code not held by another live DID.
     */
    function register(address account, Role role, Organisation calldata organisation) external;

    /**
     * @notice Replace the organisation record of a registered, not revoked `account`. Caller: governance.
     * @param account The DID address.
     * @param organisation The new record.
     */
    function updateOrganisation(address account, Organisation calldata organisation) external;

    /// @notice Suspend an active `account`. Caller: governance.
    function suspend(address account) external;

    /// @notice Make a suspended `account` active again. Caller: governance.
    function unsuspend(address account) external;

    /// @notice Revoke an active or suspended `account` for good. Caller: governance.
    function revoke(address account) external;

    /**
     * @notice Set the credit level of a registered, not revoked `account`.
     * Caller: governance or the compliance operator.
     */
    function setCreditLevel(address account, CreditLevel level) external;

    /// @notice Set the compliance operator, once. Caller: governance.
    function setComplianceOperator(address operator) external;

    /// @notice The compliance operator, zero until set.
    function complianceOperator() external view returns (address);

    /// @notice Everything the registry holds about `account`; all zero (role None, status None) if unknown.
    function participant(address account) external view returns (Participant memory);

    /// @notice The role of `account`, whatever its status; None if never registered.
    function roleOf(address account) external view returns (Role);

    /// @notice The status of `account`; None if never registered.
    function statusOf(address account) external view returns (ParticipantStatus);

    /// @notice Whether `account` holds `role` and is Active now.
    function isActive(address account, Role role) external view returns (bool);

    /**
     * @notice The status of `account` at the end of block `blockNumber` (None before its registration).
     * Reverts with {FutureLookup} for a block after the current one.
     */
    function statusAt(address account, uint256 blockNumber) external view returns (ParticipantStatus);

    /// @notice The DID holding the credit code `creditCodeHash` and not revoked; zero if none.
    function holderOfCreditCode(bytes32 creditCodeHash) external view returns (address);
}
