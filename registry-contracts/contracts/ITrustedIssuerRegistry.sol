// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CredentialTypeId, CredentialTypePolicy} from "./CredentialTypes.sol";
import {IGoverned} from "./IGoverned.sol";
import {ParticipantStatus, Role} from "./ParticipantTypes.sol";

/**
 * @notice The current trust grant of an issuer for a credential type.
 * @param granted Whether a grant is in force (it may still have expired: compare `validUntil` with now).
 * @param validUntil Unix time in seconds from which the grant no longer holds; 0 when not granted.
 * @param sinceBlock Block of the last grant or removal; 0 if never granted.
 * @param grantedBy Who made the last grant (kept after a removal): the governance contract, i.e. the committee.
 * @param proposalId The committee proposal of the last grant; 0 for a grant made during the bootstrap.
 */
struct TrustGrant {
    bool granted;
    uint64 validUntil;
    uint48 sinceBlock;
    address grantedBy;
    uint256 proposalId;
}

/**
 * @title Trusted issuer registry
 * @notice Which DIDs may issue which credential type, as the committee decided:
 * - DischargePermitCredential and ParticipantCredential: active regulators granted by the committee;
 * - AuditReportCredential: active auditors accredited by the committee for a list of industry sectors
 *   until an expiry (the accreditation), each grant recording the governance contract and the proposal;
 * - AuditorAccreditationCredential: the committee itself (the governance contract); no grants.
 *
 * Trust now (`isTrusted`) needs a grant in force, not expired, and the issuer active in the required role.
 * Every grant and removal is checkpointed by block number: `trustAt` gives the grant in force at the end of
 * any past block and its `validUntil`; expiry at that block is for the caller to judge against the block's
 * timestamp, which a contract cannot read for past blocks. `wasTrustedAt` combines the grant with the
 * issuer's participant status at that block, and ignores expiry.
 *
 * Only the governance contract writes. Reads are open; for an unknown credential type they answer false.
 */
interface ITrustedIssuerRegistry is IGoverned {
    /**
     * @notice `issuer` was trusted for `typeId` until `validUntil` (replacing any earlier grant).
     * @param issuer The issuer's DID address.
     * @param typeId The credential type.
     * @param validUntil Unix time in seconds from which the grant no longer holds.
     * @param sectors The industry sectors covered (sector-scoped types only, else empty).
     * @param grantedBy The governance contract.
     * @param proposalId The committee proposal; 0 during the bootstrap.
     */
    event TrustedIssuerAdded(
        address indexed issuer,
        CredentialTypeId indexed typeId,
        uint64 validUntil,
        bytes32[] sectors,
        address grantedBy,
        uint256 indexed proposalId
    );

    /**
     * @notice `issuer` is no longer trusted for `typeId`.
     * @param issuer The issuer's DID address.
     * @param typeId The credential type.
     * @param removedBy The governance contract.
     * @param proposalId The committee proposal; 0 during the bootstrap.
     */
    event TrustedIssuerRemoved(
        address indexed issuer,
        CredentialTypeId indexed typeId,
        address removedBy,
        uint256 indexed proposalId
    );

    /**
     * @notice The registry knows no issuer policy for `typeId`.
     * @param typeId The credential type.
     */
    error UnknownCredentialType(CredentialTypeId typeId);

    /**
     * @notice `typeId` is issued by the committee itself; nobody else can be granted it.
     * @param typeId The credential type.
     */
    error CommitteeIssuedType(CredentialTypeId typeId);

    /**
     * @notice `issuer` does not hold the role `typeId` requires.
     * @param issuer The issuer's DID address.
     * @param typeId The credential type.
     * @param required The role the type requires.
     * @param actual The issuer's role (None if not registered).
     */
    error IssuerRoleMismatch(address issuer, CredentialTypeId typeId, Role required, Role actual);

    /**
     * @notice `issuer` holds the right role but is not active.
     * @param issuer The issuer's DID address.
     * @param status Its status.
     */
    error IssuerNotActive(address issuer, ParticipantStatus status);

    /**
     * @notice A grant must end in the future.
     * @param validUntil The requested end, Unix seconds.
     * @param currentTime The current time, Unix seconds.
     */
    error ValidUntilNotInFuture(uint64 validUntil, uint256 currentTime);

    /**
     * @notice A grant for a sector-scoped type must list at least one sector.
     * @param typeId The credential type.
     */
    error EmptySectorScope(CredentialTypeId typeId);

    /**
     * @notice Sectors were listed for a type that is not sector-scoped.
     * @param typeId The credential type.
     */
    error SectorScopeNotApplicable(CredentialTypeId typeId);

    /**
     * @notice `issuer` has no grant in force for `typeId`.
     * @param issuer The issuer's DID address.
     * @param typeId The credential type.
     */
    error NotTrustedIssuer(address issuer, CredentialTypeId typeId);

    /**
     * @notice A history lookup asked about a block after the current one.
     * @param blockNumber The block asked about.
     * @param currentBlock The current block number.
     */
    error FutureLookup(uint256 blockNumber, uint256 currentBlock);

    /// @notice The participant registry address given at deployment is zero.
    error ZeroParticipantRegistry();

    /**
     * @notice Trust `issuer` for `typeId` until `validUntil`, replacing any grant in force. Caller: governance.
     * @param issuer The issuer's DID address: active, in the role the type requires.
     * @param typeId A known credential type that is not committee-issued.
     * @param sectors For AuditReportCredential the sectors covered (at least one); else empty.
     * @param validUntil Unix time in seconds, in the future; `type(uint64).max` for no expiry.
     * @param proposalId The proposal being executed, 0 during the bootstrap (recorded, not checked).
     */
    function addTrustedIssuer(
        address issuer,
        CredentialTypeId typeId,
        bytes32[] calldata sectors,
        uint64 validUntil,
        uint256 proposalId
    ) external;

    /**
     * @notice End the grant in force for `issuer` and `typeId`, expired or not. Caller: governance.
     * @param proposalId The proposal being executed, 0 during the bootstrap (recorded, not checked).
     */
    function removeTrustedIssuer(address issuer, CredentialTypeId typeId, uint256 proposalId) external;

    /// @notice The participant registry issuers' roles and statuses are read from.
    function participantRegistry() external view returns (address);

    /// @notice Who may issue `typeId`; `defined` is false for an unknown type.
    function credentialTypePolicy(CredentialTypeId typeId) external pure returns (CredentialTypePolicy memory);

    /**
     * @notice Whether `issuer` may issue `typeId` now: a grant in force and not expired, and the issuer active
     * in the role the type requires; for a committee-issued type, whether `issuer` is the governance contract.
     */
    function isTrusted(address issuer, CredentialTypeId typeId) external view returns (bool);

    /// @notice {isTrusted}, and for a sector-scoped type `sector` among the sectors of the grant.
    function isTrustedForSector(
        address issuer,
        CredentialTypeId typeId,
        bytes32 sector
    ) external view returns (bool);

    /// @notice The current grant record of `issuer` for `typeId` (see {TrustGrant}); role and expiry unchecked.
    function trustGrant(address issuer, CredentialTypeId typeId) external view returns (TrustGrant memory);

    /**
     * @notice The grant of `issuer` for `typeId` in force at the end of block `blockNumber`, and its end.
     * The caller judges expiry against that block's timestamp (`validUntil` is Unix seconds). For a
     * committee-issued type: granted to the governance contract, with no expiry. Reverts with
     * {FutureLookup} for a block after the current one.
     */
    function trustAt(
        address issuer,
        CredentialTypeId typeId,
        uint256 blockNumber
    ) external view returns (bool granted, uint64 validUntil);

    /**
     * @notice Whether `issuer` was trusted for `typeId` at the end of block `blockNumber`: a grant in force and
     * the issuer Active in the participant registry at that block. Expiry is not checked (see {trustAt}).
     */
    function wasTrustedAt(address issuer, CredentialTypeId typeId, uint256 blockNumber) external view returns (bool);

    /// @notice {wasTrustedAt}, and for a sector-scoped type `sector` among the sectors of the grant then.
    function wasTrustedForSectorAt(
        address issuer,
        CredentialTypeId typeId,
        bytes32 sector,
        uint256 blockNumber
    ) external view returns (bool);
}
