// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ICommitteeMembers} from "./ICommitteeMembers.sol";

/**
 * @title Committee membership
 * @notice See {ICommitteeMembers}. Each member records the first proposal id it may vote on.
 */
abstract contract CommitteeMembers is ICommitteeMembers {
    using EnumerableSet for EnumerableSet.AddressSet;

    struct Member {
        uint32 weight;
        uint64 firstProposalId;
    }

    EnumerableSet.AddressSet private _memberSet;
    mapping(address account => Member) private _members;
    uint64 private _totalWeight;

    /// @inheritdoc ICommitteeMembers
    function isMember(address account) public view returns (bool) {
        return _members[account].weight != 0;
    }

    /// @inheritdoc ICommitteeMembers
    function memberWeight(address account) external view returns (uint32) {
        return _members[account].weight;
    }

    /// @inheritdoc ICommitteeMembers
    function totalWeight() public view returns (uint64) {
        return _totalWeight;
    }

    /// @inheritdoc ICommitteeMembers
    function members() external view returns (address[] memory) {
        return _memberSet.values();
    }

    /// @dev Reverts with {NotMember} unless `account` is a member.
    function _checkMember(address account) internal view {
        if (_members[account].weight == 0) revert NotMember(account);
    }

    /**
     * @dev The weight `account` votes with on proposal `proposalId`: 0 if it is not a member or joined after
     * the proposal was created.
     */
    function _votingWeight(address account, uint256 proposalId) internal view returns (uint32) {
        Member storage m = _members[account];
        return proposalId >= m.firstProposalId ? m.weight : 0;
    }

    /// @dev Adds `account` with `weight`, allowed to vote on proposals from `firstProposalId` on.
    function _addMember(address account, uint32 weight, uint64 firstProposalId) internal {
        if (account == address(0)) revert InvalidMember(account);
        if (weight == 0) revert InvalidWeight(weight);
        if (!_memberSet.add(account)) revert AlreadyMember(account);
        _members[account] = Member(weight, firstProposalId);
        _totalWeight += weight;
        emit MemberAdded(account, weight);
    }

    function _removeMember(address account) internal {
        uint32 weight = _members[account].weight;
        if (weight == 0) revert NotMember(account);
        if (_memberSet.length() == 1) revert LastMember(account);
        _memberSet.remove(account);
        delete _members[account];
        _totalWeight -= weight;
        emit MemberRemoved(account, weight);
    }
}
