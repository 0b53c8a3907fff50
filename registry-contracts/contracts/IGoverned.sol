// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title Written to only by the committee
 * @notice A registry whose every write comes from one governance contract, fixed at deployment. There is no
 * admin key: the governance contract executes what the committee voted (or, before its bootstrap ends, what
 * its deployer sets up).
 */
interface IGoverned {
    /**
     * @notice `caller` is not the governance contract, the only account allowed to write here.
     * @param caller The account that tried to write.
     */
    error NotGovernance(address caller);

    /// @notice The governance address given at deployment is zero.
    error ZeroGovernance();

    /// @notice The governance contract: the only writer.
    function governance() external view returns (address);
}
