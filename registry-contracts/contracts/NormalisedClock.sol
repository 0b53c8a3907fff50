// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {INormalisedClock} from "./INormalisedClock.sol";

/**
 * @title Clock in seconds on every chain
 * @notice Inherit and read time only through `_now()`.
 */
abstract contract NormalisedClock is INormalisedClock {
    uint256 private immutable _timestampDivisor;

    /// @param divisor 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
    constructor(uint256 divisor) {
        if (divisor != 1 && divisor != 1000) revert UnsupportedTimestampDivisor(divisor);
        _timestampDivisor = divisor;
    }

    /// @inheritdoc INormalisedClock
    function timestampDivisor() external view returns (uint256) {
        return _timestampDivisor;
    }

    /// @dev The current Unix time in seconds. The only place a contract reads `block.timestamp`.
    function _now() internal view returns (uint256) {
        return block.timestamp / _timestampDivisor;
    }
}
