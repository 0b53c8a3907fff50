// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernanceRules} from "./GovernanceTypes.sol";

/**
 * @title Committee parameters
 * @notice A map of named numbers the committee sets by proposal (fine multiples, deadlines, the
 * governance rules themselves...). Keys are right-padded ASCII as bytes32; unset keys read 0. The keys
 * `governance.quorumBps`, `.thresholdBps`, `.votingPeriod`, `.executionDelay` and `.gracePeriod` hold the governance rules and are checked against their ranges when set.
 */
interface IGovernanceParameters {
    /**
     * @notice Parameter `key` was set from `previous` to `current`.
     * @param key The parameter name.
     * @param previous The value before (0 if unset).
     * @param current The new value.
     */
    event ParameterChanged(bytes32 indexed key, uint256 previous, uint256 current);

    /**
     * @notice `value` is out of range for the governance rule `key`.
     * @param key The parameter name.
     * @param value The rejected value.
     */
    error InvalidParameter(bytes32 key, uint256 value);

    /// @notice The value of parameter `key`, 0 if never set.
    function parameter(bytes32 key) external view returns (uint256);

    /// @notice The governance rules in force, which new proposals take.
    function rules() external view returns (GovernanceRules memory);
}
