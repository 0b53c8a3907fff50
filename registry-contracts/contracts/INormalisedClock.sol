// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title Clock in seconds on every chain
 * @notice Ethereum's `block.timestamp` is in seconds; FISCO BCOS's is in milliseconds unless
 * `feature_evm_timestamp` is on. Contracts read time through one internal function that divides
 * `block.timestamp` by a divisor fixed at deployment, so every stored or emitted time is in seconds.
 */
interface INormalisedClock {
    /**
     * @notice The deploy-time timestamp divisor is neither 1 (seconds) nor 1000 (milliseconds).
     * @param divisor The rejected divisor.
     */
    error UnsupportedTimestampDivisor(uint256 divisor);

    /// @notice What `block.timestamp` is divided by to get seconds: 1 or 1000.
    function timestampDivisor() external view returns (uint256);
}
