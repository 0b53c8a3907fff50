// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CommitteeBootstrap} from "./CommitteeBootstrap.sol";
import {GovernanceActions} from "./GovernanceActions.sol";
import {GovernanceParameters} from "./GovernanceParameters.sol";
import {Action, ActionKind, GovernanceRules, ProposalDetails, ProposalState, VoteType} from "./GovernanceTypes.sol";
import {ICommitteeBootstrap} from "./ICommitteeBootstrap.sol";
import {ICommitteeGovernance} from "./ICommitteeGovernance.sol";
import {NormalisedClock} from "./NormalisedClock.sol";

/**
 * @title Committee governance
 * @notice See {ICommitteeGovernance}. Deploy it first, then the registries naming it as their governance;
 * the deployer binds them, sets up the committee and the initial participants with {bootstrapExecute}, and
 * calls {finishBootstrap}.
 */
contract CommitteeGovernance is NormalisedClock, CommitteeBootstrap, GovernanceActions {
    uint256 private constant BPS = 10_000;

    /// @dev One slot, non-zero from creation (total > 0), so that even the first vote updates a warm value.
    struct Tally {
        uint64 total;
        uint64 forWeight;
        uint64 againstWeight;
        uint64 abstainWeight;
    }

    /// @dev Three slots, then the action's arguments.
    struct Proposal {
        address proposer;
        uint64 voteEnd;
        uint16 quorumBps;
        uint16 thresholdBps;
        uint64 executableAt;
        uint64 expiresAt;
        ActionKind kind;
        bool executed;
        bool cancelled;
        Tally tally;
        bytes args;
    }

    mapping(uint256 proposalId => Proposal) private _proposals;
    /// @dev 0: no vote; else 1 + VoteType.
    mapping(uint256 proposalId => mapping(address voter => uint8 vote)) private _votes;
    uint256 private _proposalCount;

    /**
     * @param divisor 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
     * @param initialRules The governance rules to start with (range-checked).
     */
    constructor(
        uint256 divisor,
        GovernanceRules memory initialRules
    ) NormalisedClock(divisor) GovernanceParameters(initialRules) {}

    // ---------------------------------------------------------------- bootstrap

    /// @inheritdoc ICommitteeBootstrap
    function bindRegistries(address participants, address trustedIssuers) external onlyBootstrapAdmin {
        _bindRegistries(participants, trustedIssuers);
    }

    /// @inheritdoc ICommitteeBootstrap
    function bootstrapExecute(Action calldata action) external onlyBootstrapAdmin {
        _checkWellFormed(action);
        _executeAction(action.kind, action.args, 0);
        emit BootstrapActionExecuted(action.kind, action.args);
    }

    // ---------------------------------------------------------------- proposals

    /// @inheritdoc ICommitteeGovernance
    function propose(Action calldata action, string calldata description) external returns (uint256 proposalId) {
        _checkMember(msg.sender);
        _checkWellFormed(action);
        GovernanceRules memory r = rules();
        uint64 voteEnd = SafeCast.toUint64(_now()) + r.votingPeriod;
        uint64 executableAt = voteEnd + r.executionDelay;
        uint64 expiresAt = executableAt + r.gracePeriod;
        proposalId = ++_proposalCount;
        Proposal storage p = _proposals[proposalId];
        p.proposer = msg.sender;
        p.voteEnd = voteEnd;
        p.quorumBps = r.quorumBps;
        p.thresholdBps = r.thresholdBps;
        p.executableAt = executableAt;
        p.expiresAt = expiresAt;
        p.kind = action.kind;
        p.tally.total = totalWeight();
        p.args = action.args;
        emit ProposalCreated(proposalId, msg.sender, action, description, voteEnd, executableAt, expiresAt);
    }

    /// @inheritdoc ICommitteeGovernance
    function castVote(uint256 proposalId, VoteType support) external {
        Proposal storage p = _proposal(proposalId);
        ProposalState current = _state(p);
        if (current != ProposalState.Active) revert VotingClosed(proposalId, current);
        uint32 weight = _votingWeight(msg.sender, proposalId);
        if (weight == 0) {
            _checkMember(msg.sender);
            revert NotEligibleVoter(proposalId, msg.sender);
        }
        if (_votes[proposalId][msg.sender] != 0) revert AlreadyVoted(proposalId, msg.sender);
        _votes[proposalId][msg.sender] = uint8(support) + 1;
        Tally storage tally = p.tally;
        if (support == VoteType.For) tally.forWeight += weight;
        else if (support == VoteType.Against) tally.againstWeight += weight;
        else tally.abstainWeight += weight;
        emit VoteCast(proposalId, msg.sender, support, weight);
    }

    /// @inheritdoc ICommitteeGovernance
    function execute(uint256 proposalId) external {
        _checkMember(msg.sender);
        Proposal storage p = _proposal(proposalId);
        ProposalState current = _state(p);
        if (current == ProposalState.Queued) revert ExecutionTooEarly(proposalId, p.executableAt);
        if (current != ProposalState.Executable) revert ProposalNotExecutable(proposalId, current);
        p.executed = true;
        _executeAction(p.kind, p.args, proposalId);
        emit ProposalExecuted(proposalId, msg.sender);
    }

    /// @inheritdoc ICommitteeGovernance
    function cancel(uint256 proposalId) external {
        _checkMember(msg.sender);
        Proposal storage p = _proposal(proposalId);
        if (msg.sender != p.proposer) revert NotProposer(proposalId, msg.sender);
        ProposalState current = _state(p);
        if (
            current != ProposalState.Active &&
            current != ProposalState.Queued &&
            current != ProposalState.Executable
        ) revert ProposalNotCancellable(proposalId, current);
        p.cancelled = true;
        emit ProposalCancelled(proposalId, msg.sender);
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc ICommitteeGovernance
    function state(uint256 proposalId) external view returns (ProposalState) {
        return _state(_proposal(proposalId));
    }

    /// @inheritdoc ICommitteeGovernance
    function proposal(uint256 proposalId) external view returns (ProposalDetails memory) {
        Proposal storage p = _proposal(proposalId);
        return
            ProposalDetails({
                proposer: p.proposer,
                action: Action(p.kind, p.args),
                voteEnd: p.voteEnd,
                executableAt: p.executableAt,
                expiresAt: p.expiresAt,
                quorumBps: p.quorumBps,
                thresholdBps: p.thresholdBps,
                totalWeight: p.tally.total,
                forWeight: p.tally.forWeight,
                againstWeight: p.tally.againstWeight,
                abstainWeight: p.tally.abstainWeight,
                executed: p.executed,
                cancelled: p.cancelled
            });
    }

    /// @inheritdoc ICommitteeGovernance
    function voteOf(uint256 proposalId, address account) external view returns (bool voted, VoteType support) {
        uint8 vote = _votes[proposalId][account];
        return vote == 0 ? (false, VoteType.Against) : (true, VoteType(vote - 1));
    }

    /// @inheritdoc ICommitteeGovernance
    function votingWeight(uint256 proposalId, address account) external view returns (uint32) {
        return _votingWeight(account, proposalId);
    }

    /// @inheritdoc ICommitteeGovernance
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    // ---------------------------------------------------------------- internals

    function _proposal(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.proposer == address(0)) revert UnknownProposal(proposalId);
    }

    function _state(Proposal storage p) private view returns (ProposalState) {
        if (p.executed) return ProposalState.Executed;
        if (p.cancelled) return ProposalState.Cancelled;
        uint256 time = _now();
        if (time < p.voteEnd) return ProposalState.Active;
        if (!_passed(p)) return ProposalState.Defeated;
        if (time < p.executableAt) return ProposalState.Queued;
        if (time < p.expiresAt) return ProposalState.Executable;
        return ProposalState.Expired;
    }

    /// @dev Quorum: voted weight >= quorumBps of the total; approval: for > 0 and for >= thresholdBps of for + against.
    function _passed(Proposal storage p) private view returns (bool) {
        Tally memory tally = p.tally;
        uint256 forWeight = tally.forWeight;
        uint256 decided = forWeight + tally.againstWeight;
        uint256 voted = decided + tally.abstainWeight;
        return
            voted * BPS >= uint256(p.quorumBps) * tally.total &&
            forWeight > 0 &&
            forWeight * BPS >= uint256(p.thresholdBps) * decided;
    }

    function _nextProposalId() internal view override returns (uint64) {
        return SafeCast.toUint64(_proposalCount + 1);
    }

    function _checkBootstrapComplete() internal view override {
        if (!_registriesBound()) revert RegistriesNotBound();
        if (totalWeight() == 0) revert NoMembers();
    }
}
