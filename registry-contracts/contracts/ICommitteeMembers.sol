// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title Committee membership
 * @notice The committee's members (each an agency's DID address) and their voting weights. A member votes on
 * the proposals created after it joined, with its weight at the time of voting; the quorum is taken on the
 * total weight at each proposal's creation.
 */
interface ICommitteeMembers {
    /**
     * @notice `account` joined the committee with `weight`.
     * @param account The member's address.
     * @param weight Its voting weight.
     */
    event MemberAdded(address indexed account, uint32 weight);

    /**
     * @notice `account` left the committee.
     * @param account The former member's address.
     * @param weight The voting weight it had.
     */
    event MemberRemoved(address indexed account, uint32 weight);

    /**
     * @notice The zero address cannot be a member.
     * @param account The rejected address.
     */
    error InvalidMember(address account);

    /**
     * @notice A member's weight must be at least 1.
     * @param weight The rejected weight.
     */
    error InvalidWeight(uint32 weight);

    /**
     * @notice `account` is already a member.
     * @param account The address.
     */
    error AlreadyMember(address account);

    /**
     * @notice `account` is not a member of the committee.
     * @param account The address.
     */
    error NotMember(address account);

    /**
     * @notice The committee cannot lose its last member.
     * @param account The last member.
     */
    error LastMember(address account);

    /// @notice Whether `account` is a member.
    function isMember(address account) external view returns (bool);

    /// @notice The voting weight of `account`, 0 if it is not a member.
    function memberWeight(address account) external view returns (uint32);

    /// @notice The sum of all members' weights.
    function totalWeight() external view returns (uint64);

    /// @notice Every member, in no particular order.
    function members() external view returns (address[] memory);
}
