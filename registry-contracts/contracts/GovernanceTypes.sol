// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @notice What a proposal does when executed. `args` of an {Action} is the ABI encoding (`abi.encode`) of:
 * - RegisterParticipant: (address account, Role role, Organisation organisation): grant a role
 * - UpdateOrganisation: (address account, Organisation organisation)
 * - RevokeParticipant: (address account): revoke the role for good
 * - SuspendParticipant, UnsuspendParticipant: (address account)
 * - SetCreditLevel: (address account, CreditLevel level)
 * - AddTrustedIssuer: (address issuer, CredentialTypeId typeId, bytes32[] sectors, uint64 validUntil)
 * - RemoveTrustedIssuer: (address issuer, CredentialTypeId typeId)
 * - SetParameter: (bytes32 key, uint256 value)
 * - AddMember: (address account, uint32 weight)
 * - RemoveMember: (address account)
 * - SetComplianceOperator: (address operator)
 */
enum ActionKind {
    RegisterParticipant,
    UpdateOrganisation,
    RevokeParticipant,
    SuspendParticipant,
    UnsuspendParticipant,
    SetCreditLevel,
    AddTrustedIssuer,
    RemoveTrustedIssuer,
    SetParameter,
    AddMember,
    RemoveMember,
    SetComplianceOperator
}

/**
 * @notice One typed action: its kind and its ABI-encoded arguments (see {ActionKind}).
 * @param kind What the action does.
 * @param args `abi.encode` of the kind's arguments.
 */
struct Action {
    ActionKind kind;
    bytes args;
}

/// @notice A member's vote. Abstentions count towards the quorum only.
enum VoteType {
    Against,
    For,
    Abstain
}

/**
 * @notice Where a proposal stands.
 * - Active: voting is open (until `voteEnd`).
 * - Defeated: voting closed without quorum or without the approval threshold.
 * - Queued: passed, waiting for the execution delay (until `executableAt`).
 * - Executable: passed and past the delay; may be executed until `expiresAt`.
 * - Executed, Cancelled: final.
 * - Expired: passed but not executed before `expiresAt`; final.
 */
enum ProposalState {
    Active,
    Defeated,
    Queued,
    Executable,
    Executed,
    Cancelled,
    Expired
}

/**
 * @notice The rules a proposal is decided by; each proposal keeps those in force when it was created.
 * Stored as governance parameters (keys `governance.quorumBps`... below), changeable by a SetParameter proposal.
 * @param quorumBps Minimum share of the total member weight that must vote (for, against or abstain), in
 * basis points, 1..10000.
 * @param thresholdBps Minimum share of for-votes among for and against votes, in basis points, 1..10000
 * (5001: more than half; 10000: unanimity of those not abstaining).
 * @param votingPeriod Seconds from creation during which members vote, at least 1.
 * @param executionDelay Seconds after the vote before a passed proposal may be executed (timelock).
 * @param gracePeriod Seconds after the delay during which it may be executed, at least 1; then it expires.
 */
struct GovernanceRules {
    uint16 quorumBps;
    uint16 thresholdBps;
    uint64 votingPeriod;
    uint64 executionDelay;
    uint64 gracePeriod;
}

/**
 * @notice A proposal as the governance contract holds it.
 * @param proposer The member who created it.
 * @param action What it does when executed.
 * @param voteEnd Unix seconds at which voting closes.
 * @param executableAt Unix seconds from which it may be executed if passed.
 * @param expiresAt Unix seconds from which it can no longer be executed.
 * @param quorumBps Quorum in force at creation.
 * @param thresholdBps Approval threshold in force at creation.
 * @param totalWeight Total member weight at creation, the base of the quorum.
 * @param forWeight Weight voted for.
 * @param againstWeight Weight voted against.
 * @param abstainWeight Weight that abstained.
 * @param executed Whether it was executed.
 * @param cancelled Whether it was cancelled.
 */
struct ProposalDetails {
    address proposer;
    Action action;
    uint64 voteEnd;
    uint64 executableAt;
    uint64 expiresAt;
    uint16 quorumBps;
    uint16 thresholdBps;
    uint64 totalWeight;
    uint64 forWeight;
    uint64 againstWeight;
    uint64 abstainWeight;
    bool executed;
    bool cancelled;
}

// Keys of the governance rules in the parameter map: right-padded ASCII as bytes32.

/// @dev Parameter key of {GovernanceRules-quorumBps}.
bytes32 constant QUORUM_BPS_KEY = "governance.quorumBps";

/// @dev Parameter key of {GovernanceRules-thresholdBps}.
bytes32 constant THRESHOLD_BPS_KEY = "governance.thresholdBps";

/// @dev Parameter key of {GovernanceRules-votingPeriod}.
bytes32 constant VOTING_PERIOD_KEY = "governance.votingPeriod";

/// @dev Parameter key of {GovernanceRules-executionDelay}.
bytes32 constant EXECUTION_DELAY_KEY = "governance.executionDelay";

/// @dev Parameter key of {GovernanceRules-gracePeriod}.
bytes32 constant GRACE_PERIOD_KEY = "governance.gracePeriod";
