// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Action, ActionKind, ProposalDetails, ProposalState, VoteType} from "./GovernanceTypes.sol";
import {ICommitteeBootstrap} from "./ICommitteeBootstrap.sol";
import {ICommitteeMembers} from "./ICommitteeMembers.sol";
import {IGovernanceParameters} from "./IGovernanceParameters.sol";
import {INormalisedClock} from "./INormalisedClock.sol";

/**
 * @title Committee governance
 * @notice The committee of agencies decides by weighted vote, and is the only path to change participants'
 * roles, statuses and credit levels (the compliance operator aside), trusted issuers, parameters and its own
 * membership. A member proposes one typed {Action}; members vote for, against or abstain during the voting
 * period; the proposal passes when the weight that voted reaches the quorum (basis points of the total
 * weight at creation) and the for-weight reaches the threshold (basis points of for + against); a passed
 * proposal waits out the execution delay, then any member may execute it within the grace period, after
 * which it expires. Its proposer may cancel it any time before it is executed.
 *
 * Times are Unix seconds read through the normalised clock; rules are fixed per proposal at its creation.
 */
interface ICommitteeGovernance is ICommitteeMembers, IGovernanceParameters, ICommitteeBootstrap, INormalisedClock {
    /**
     * @notice Member `proposer` created proposal `proposalId` carrying `action`.
     * @param proposalId The proposal's id, counting from 1.
     * @param proposer The member who created it.
     * @param action What it does when executed.
     * @param description Free text, e.g. the reference of the committee's minutes.
     * @param voteEnd Unix seconds at which voting closes.
     * @param executableAt Unix seconds from which it may be executed if passed.
     * @param expiresAt Unix seconds from which it can no longer be executed.
     */
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        Action action,
        string description,
        uint64 voteEnd,
        uint64 executableAt,
        uint64 expiresAt
    );

    /**
     * @notice `voter` voted `support` on `proposalId` with `weight`.
     * @param proposalId The proposal.
     * @param voter The member.
     * @param support Against, For or Abstain.
     * @param weight The member's weight counted.
     */
    event VoteCast(uint256 indexed proposalId, address indexed voter, VoteType support, uint32 weight);

    /**
     * @notice Proposal `proposalId` was executed: its action took effect.
     * @param proposalId The proposal.
     * @param executor The member who executed it.
     */
    event ProposalExecuted(uint256 indexed proposalId, address indexed executor);

    /**
     * @notice Proposal `proposalId` was cancelled by its proposer.
     * @param proposalId The proposal.
     * @param proposer Its proposer.
     */
    event ProposalCancelled(uint256 indexed proposalId, address indexed proposer);

    /**
     * @notice No proposal has id `proposalId`.
     * @param proposalId The id asked for.
     */
    error UnknownProposal(uint256 proposalId);

    /**
     * @notice The arguments of an action do not decode as its kind requires (see {ActionKind}).
     * @param kind The action's kind.
     */
    error MalformedAction(ActionKind kind);

    /**
     * @notice `voter` joined the committee after `proposalId` was created, so it does not vote on it.
     * @param proposalId The proposal.
     * @param voter The member.
     */
    error NotEligibleVoter(uint256 proposalId, address voter);

    /**
     * @notice `voter` voted on `proposalId` already.
     * @param proposalId The proposal.
     * @param voter The member.
     */
    error AlreadyVoted(uint256 proposalId, address voter);

    /**
     * @notice Voting on `proposalId` is closed.
     * @param proposalId The proposal.
     * @param state Where it stands.
     */
    error VotingClosed(uint256 proposalId, ProposalState state);

    /**
     * @notice `proposalId` passed but its execution delay has not elapsed.
     * @param proposalId The proposal.
     * @param executableAt Unix seconds from which it may be executed.
     */
    error ExecutionTooEarly(uint256 proposalId, uint64 executableAt);

    /**
     * @notice `proposalId` cannot be executed in its state (active, defeated, executed, cancelled, expired).
     * @param proposalId The proposal.
     * @param state Where it stands.
     */
    error ProposalNotExecutable(uint256 proposalId, ProposalState state);

    /**
     * @notice Only the proposer of `proposalId` may cancel it.
     * @param proposalId The proposal.
     * @param caller The account that tried.
     */
    error NotProposer(uint256 proposalId, address caller);

    /**
     * @notice `proposalId` can no longer be cancelled (defeated, executed, cancelled or expired).
     * @param proposalId The proposal.
     * @param state Where it stands.
     */
    error ProposalNotCancellable(uint256 proposalId, ProposalState state);

    /**
     * @notice Propose `action`; voting opens at once. Caller: a member.
     * @param action The action, its arguments checked to decode (not checked against the registries' state).
     * @param description Free text recorded in the event.
     * @return proposalId The new proposal's id.
     */
    function propose(Action calldata action, string calldata description) external returns (uint256 proposalId);

    /// @notice Vote on an active proposal, once. Caller: a member that joined before the proposal was created.
    function castVote(uint256 proposalId, VoteType support) external;

    /// @notice Execute a passed proposal after its delay and before it expires. Caller: a member.
    function execute(uint256 proposalId) external;

    /// @notice Cancel a proposal that is active, queued or executable. Caller: its proposer, still a member.
    function cancel(uint256 proposalId) external;

    /// @notice Where `proposalId` stands. Reverts with {UnknownProposal} for an unknown id.
    function state(uint256 proposalId) external view returns (ProposalState);

    /// @notice Everything about `proposalId`. Reverts with {UnknownProposal} for an unknown id.
    function proposal(uint256 proposalId) external view returns (ProposalDetails memory);

    /// @notice Whether `account` voted on `proposalId`, and how.
    function voteOf(uint256 proposalId, address account) external view returns (bool voted, VoteType support);

    /// @notice The weight `account` would vote with on `proposalId`: 0 if not a member or joined after it.
    function votingWeight(uint256 proposalId, address account) external view returns (uint32);

    /// @notice The number of proposals created; the last id.
    function proposalCount() external view returns (uint256);

    /// @notice The participant registry governed, zero until bound.
    function participantRegistry() external view returns (address);

    /// @notice The trusted issuer registry governed, zero until bound.
    function trustedIssuerRegistry() external view returns (address);

    /**
     * @notice Reverts (without data) unless the arguments of `action` decode as its kind requires. Used by
     * {propose} and {bootstrapExecute}, which revert with {MalformedAction} instead.
     */
    function checkAction(Action calldata action) external pure;
}
