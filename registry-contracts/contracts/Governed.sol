// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "./IGoverned.sol";

/**
 * @title Written to only by the committee
 * @notice Inherit and guard every write with {onlyGovernance}.
 */
abstract contract Governed is IGoverned {
    address private immutable _governance;

    /// @param governance_ The governance contract, the only writer from now on.
    constructor(address governance_) {
        if (governance_ == address(0)) revert ZeroGovernance();
        _governance = governance_;
    }

    /// @dev Reverts with {NotGovernance} unless the direct caller is the governance contract.
    modifier onlyGovernance() {
        if (msg.sender != _governance) revert NotGovernance(msg.sender);
        _;
    }

    /// @inheritdoc IGoverned
    function governance() public view returns (address) {
        return _governance;
    }
}
