// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICommitteeBootstrap} from "./ICommitteeBootstrap.sol";

/**
 * @title Bootstrap of the committee
 * @notice The deployer is the bootstrap admin until it calls {finishBootstrap}; guard bootstrap-only
 * functions with {onlyBootstrapAdmin} and check readiness in {_checkBootstrapComplete}.
 */
abstract contract CommitteeBootstrap is ICommitteeBootstrap {
    address private _bootstrapAdmin;

    constructor() {
        _bootstrapAdmin = msg.sender;
    }

    /// @dev Reverts with {BootstrapAlreadyFinished} after the bootstrap, {NotBootstrapAdmin} for anyone else.
    modifier onlyBootstrapAdmin() {
        address admin = _bootstrapAdmin;
        if (admin == address(0)) revert BootstrapAlreadyFinished(msg.sender);
        if (msg.sender != admin) revert NotBootstrapAdmin(msg.sender);
        _;
    }

    /// @inheritdoc ICommitteeBootstrap
    function bootstrapAdmin() external view returns (address) {
        return _bootstrapAdmin;
    }

    /// @inheritdoc ICommitteeBootstrap
    function finishBootstrap() external onlyBootstrapAdmin {
        _checkBootstrapComplete();
        address admin = _bootstrapAdmin;
        _bootstrapAdmin = address(0);
        emit BootstrapFinished(admin);
    }

    /// @dev Reverts unless the contract can run without its admin.
    function _checkBootstrapComplete() internal view virtual;
}
