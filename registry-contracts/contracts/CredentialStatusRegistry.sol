// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {CredentialStatus, ICredentialStatusRegistry} from "./ICredentialStatusRegistry.sol";
import {IEthereumDIDRegistry} from "./IEthereumDIDRegistry.sol";

/**
 * @title Credential status registry
 * @notice See {ICredentialStatusRegistry}.
 * @dev Per issuer, the allocated count (for cheap reads) and its history, a `Trace208` keyed by block number.
 * Per (issuer, index), a `Trace208` keyed by block number of status changes holding the {CredentialStatus}
 * value; an index with no checkpoint (0) is Active once allocated, so allocating costs the same for any count.
 * The latest checkpoint is the current status.
 */
contract CredentialStatusRegistry is ICredentialStatusRegistry {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev ERC-1056 delegate type of the keys that may act for a DID ("sigAuth", right-padded).
    bytes32 private constant SIG_AUTH = "sigAuth";

    IEthereumDIDRegistry private immutable _did;
    mapping(address issuer => uint64 count) private _allocated;
    mapping(address issuer => Checkpoints.Trace208) private _allocationHistory;
    mapping(address issuer => mapping(uint256 index => Checkpoints.Trace208)) private _statusHistory;

    /// @param did The DID registry whose owners and `sigAuth` delegates operate issuers' entries.
    constructor(IEthereumDIDRegistry did) {
        if (address(did) == address(0)) revert ZeroDIDRegistry();
        _did = did;
    }

    /// @dev Reverts with {NotIssuerOperator} unless the direct caller is an operator of `issuer`.
    modifier onlyIssuerOperator(address issuer) {
        if (!isIssuerOperator(issuer, msg.sender)) revert NotIssuerOperator(issuer, msg.sender);
        _;
    }

    // ---------------------------------------------------------------- operator writes

    /// @inheritdoc ICredentialStatusRegistry
    function allocate(address issuer, uint32 count) external onlyIssuerOperator(issuer) returns (uint256 first) {
        if (count == 0) revert ZeroAllocation(issuer);
        uint64 previous = _allocated[issuer];
        uint64 total = previous + count;
        _allocated[issuer] = total;
        _allocationHistory[issuer].push(_blockKey(), total);
        first = previous;
        emit StatusIndicesAllocated(issuer, first, count, msg.sender);
    }

    /// @inheritdoc ICredentialStatusRegistry
    function revoke(address issuer, uint256 index, uint16 reason) external onlyIssuerOperator(issuer) {
        _notRevoked(issuer, index);
        _setStatus(issuer, index, CredentialStatus.Revoked);
        emit CredentialRevoked(issuer, index, reason, msg.sender);
    }

    /// @inheritdoc ICredentialStatusRegistry
    function suspend(address issuer, uint256 index, uint16 reason) external onlyIssuerOperator(issuer) {
        if (_notRevoked(issuer, index) == CredentialStatus.Suspended) {
            revert CredentialAlreadySuspended(issuer, index);
        }
        _setStatus(issuer, index, CredentialStatus.Suspended);
        emit CredentialSuspended(issuer, index, reason, msg.sender);
    }

    /// @inheritdoc ICredentialStatusRegistry
    function reinstate(address issuer, uint256 index, uint16 reason) external onlyIssuerOperator(issuer) {
        if (_notRevoked(issuer, index) != CredentialStatus.Suspended) revert CredentialNotSuspended(issuer, index);
        _setStatus(issuer, index, CredentialStatus.Active);
        emit CredentialReinstated(issuer, index, reason, msg.sender);
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc ICredentialStatusRegistry
    function didRegistry() external view returns (address) {
        return address(_did);
    }

    /// @inheritdoc ICredentialStatusRegistry
    function isIssuerOperator(address issuer, address account) public view returns (bool) {
        return account == _did.identityOwner(issuer) || _did.validDelegate(issuer, SIG_AUTH, account);
    }

    /// @inheritdoc ICredentialStatusRegistry
    function allocatedCount(address issuer) external view returns (uint256) {
        return _allocated[issuer];
    }

    /// @inheritdoc ICredentialStatusRegistry
    function statusOf(address issuer, uint256 index) public view returns (CredentialStatus) {
        if (index >= _allocated[issuer]) return CredentialStatus.Unallocated;
        return _status(_statusHistory[issuer][index].latest());
    }

    /// @inheritdoc ICredentialStatusRegistry
    function isLive(address issuer, uint256 index) external view returns (bool) {
        return statusOf(issuer, index) == CredentialStatus.Active;
    }

    /// @inheritdoc ICredentialStatusRegistry
    function allocationBlock(address issuer, uint256 index) external view returns (uint256) {
        uint256 allocated = _allocated[issuer];
        if (index >= allocated) revert UnallocatedIndex(issuer, index, allocated);
        // the first checkpoint whose running total exceeds `index`: keys and totals both only grow
        Checkpoints.Trace208 storage history = _allocationHistory[issuer];
        uint256 low = 0;
        uint256 high = history.length() - 1;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (history.at(uint32(mid))._value > index) high = mid;
            else low = mid + 1;
        }
        return history.at(uint32(low))._key;
    }

    /// @inheritdoc ICredentialStatusRegistry
    function statusAt(address issuer, uint256 index, uint256 blockNumber) external view returns (CredentialStatus) {
        if (blockNumber > block.number) revert FutureLookup(blockNumber, block.number);
        uint48 key = uint48(blockNumber);
        if (index >= _allocationHistory[issuer].upperLookupRecent(key)) return CredentialStatus.Unallocated;
        return _status(_statusHistory[issuer][index].upperLookupRecent(key));
    }

    // ---------------------------------------------------------------- internals

    /// @dev The current status of an allocated, not revoked entry; reverts with the matching error otherwise.
    function _notRevoked(address issuer, uint256 index) private view returns (CredentialStatus status) {
        uint256 allocated = _allocated[issuer];
        if (index >= allocated) revert UnallocatedIndex(issuer, index, allocated);
        status = _status(_statusHistory[issuer][index].latest());
        if (status == CredentialStatus.Revoked) revert CredentialAlreadyRevoked(issuer, index);
    }

    function _setStatus(address issuer, uint256 index, CredentialStatus status) private {
        _statusHistory[issuer][index].push(_blockKey(), uint208(uint8(status)));
    }

    /// @dev A checkpoint value as a status of an allocated entry: no checkpoint (0) means Active.
    function _status(uint208 value) private pure returns (CredentialStatus) {
        return value == 0 ? CredentialStatus.Active : CredentialStatus(uint8(value));
    }

    function _blockKey() private view returns (uint48) {
        return SafeCast.toUint48(block.number);
    }
}
