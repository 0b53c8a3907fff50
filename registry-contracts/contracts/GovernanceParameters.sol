// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    EXECUTION_DELAY_KEY,
    GovernanceRules,
    GRACE_PERIOD_KEY,
    QUORUM_BPS_KEY,
    THRESHOLD_BPS_KEY,
    VOTING_PERIOD_KEY
} from "./GovernanceTypes.sol";
import {IGovernanceParameters} from "./IGovernanceParameters.sol";

/**
 * @title Committee parameters
 * @notice See {IGovernanceParameters}. The governance rules live in the same map as every other parameter.
 */
abstract contract GovernanceParameters is IGovernanceParameters {
    /// @dev Upper bound of every governance period: one year.
    uint256 private constant MAX_PERIOD = 365 days;
    uint256 private constant MAX_BPS = 10_000;

    mapping(bytes32 key => uint256 value) private _parameters;

    /// @param initialRules The governance rules to start with.
    constructor(GovernanceRules memory initialRules) {
        _setParameter(QUORUM_BPS_KEY, initialRules.quorumBps);
        _setParameter(THRESHOLD_BPS_KEY, initialRules.thresholdBps);
        _setParameter(VOTING_PERIOD_KEY, initialRules.votingPeriod);
        _setParameter(EXECUTION_DELAY_KEY, initialRules.executionDelay);
        _setParameter(GRACE_PERIOD_KEY, initialRules.gracePeriod);
    }

    /// @inheritdoc IGovernanceParameters
    function parameter(bytes32 key) external view returns (uint256) {
        return _parameters[key];
    }

    /// @inheritdoc IGovernanceParameters
    function rules() public view returns (GovernanceRules memory) {
        // Each value was range-checked when set, so the narrowing casts are exact.
        return
            GovernanceRules({
                quorumBps: uint16(_parameters[QUORUM_BPS_KEY]),
                thresholdBps: uint16(_parameters[THRESHOLD_BPS_KEY]),
                votingPeriod: uint64(_parameters[VOTING_PERIOD_KEY]),
                executionDelay: uint64(_parameters[EXECUTION_DELAY_KEY]),
                gracePeriod: uint64(_parameters[GRACE_PERIOD_KEY])
            });
    }

    /// @dev Sets `key` to `value` (range-checked for governance rules) and emits {ParameterChanged}.
    function _setParameter(bytes32 key, uint256 value) internal {
        if (!_inRange(key, value)) revert InvalidParameter(key, value);
        uint256 previous = _parameters[key];
        _parameters[key] = value;
        emit ParameterChanged(key, previous, value);
    }

    function _inRange(bytes32 key, uint256 value) private pure returns (bool) {
        if (key == QUORUM_BPS_KEY || key == THRESHOLD_BPS_KEY) {
            return value >= 1 && value <= MAX_BPS;
        }
        if (key == VOTING_PERIOD_KEY || key == GRACE_PERIOD_KEY) {
            return value >= 1 && value <= MAX_PERIOD;
        }
        if (key == EXECUTION_DELAY_KEY) return value <= MAX_PERIOD;
        return true;
    }
}
