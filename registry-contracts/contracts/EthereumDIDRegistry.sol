// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IEthereumDIDRegistry} from "./IEthereumDIDRegistry.sol";
import {NormalisedClock} from "./NormalisedClock.sol";

/**
 * @title ERC-1056 DID registry
 * @notice ABI-compatible with uport-project/ethr-did-registry v1.0.0 (see {IEthereumDIDRegistry}); reverts
 * with custom errors instead of strings, rejects malleable (high-s) signatures, and reads time through
 * {NormalisedClock-_now} so that `validTo` is in seconds on chains whose timestamps are in milliseconds.
 */
contract EthereumDIDRegistry is IEthereumDIDRegistry, NormalisedClock {
    mapping(address identity => address owner) private _owners;
    mapping(address identity => mapping(bytes32 delegateTypeHash => mapping(address delegate => uint256 validTo)))
        private _delegates;
    mapping(address identity => uint256 blockNumber) private _changed;
    mapping(address owner => uint256 count) private _nonces;

    /// @param divisor_ 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
    constructor(uint256 divisor_) NormalisedClock(divisor_) {}

    /// @dev Reverts with {NotOwner} unless the direct caller owns `identity`.
    modifier onlyOwner(address identity) {
        address caller = msg.sender;
        if (caller != identityOwner(identity)) revert NotOwner(identity, caller);
        _;
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc IEthereumDIDRegistry
    function identityOwner(address identity) public view returns (address) {
        address owner = _owners[identity];
        return owner == address(0) ? identity : owner;
    }

    /// @inheritdoc IEthereumDIDRegistry
    function owners(address identity) external view returns (address) {
        return _owners[identity];
    }

    /// @inheritdoc IEthereumDIDRegistry
    function delegates(address identity, bytes32 delegateTypeHash, address delegate) external view returns (uint256) {
        return _delegates[identity][delegateTypeHash][delegate];
    }

    /// @inheritdoc IEthereumDIDRegistry
    function changed(address identity) external view returns (uint256) {
        return _changed[identity];
    }

    /// @inheritdoc IEthereumDIDRegistry
    function nonce(address signer) external view returns (uint256) {
        return _nonces[signer];
    }

    /// @inheritdoc IEthereumDIDRegistry
    function validDelegate(address identity, bytes32 delegateType, address delegate) external view returns (bool) {
        return _delegates[identity][_typeHash(delegateType)][delegate] > _now();
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IEthereumDIDRegistry
    function changeOwner(address identity, address newOwner) external onlyOwner(identity) {
        _changeOwner(identity, newOwner);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function changeOwnerSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, address newOwner) external {
        _useSignature(identity, abi.encodePacked("changeOwner", newOwner), sigV, sigR, sigS);
        _changeOwner(identity, newOwner);
    }

    // ---------------------------------------------------------------- delegates

    /// @inheritdoc IEthereumDIDRegistry
    function addDelegate(
        address identity,
        bytes32 delegateType,
        address delegate,
        uint256 validity
    ) external onlyOwner(identity) {
        _addDelegate(identity, delegateType, delegate, validity);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function addDelegateSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 delegateType,
        address delegate,
        uint256 validity
    ) external {
        _useSignature(identity, abi.encodePacked("addDelegate", delegateType, delegate, validity), sigV, sigR, sigS);
        _addDelegate(identity, delegateType, delegate, validity);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function revokeDelegate(address identity, bytes32 delegateType, address delegate) external onlyOwner(identity) {
        _revokeDelegate(identity, delegateType, delegate);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function revokeDelegateSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 delegateType,
        address delegate
    ) external {
        _useSignature(identity, abi.encodePacked("revokeDelegate", delegateType, delegate), sigV, sigR, sigS);
        _revokeDelegate(identity, delegateType, delegate);
    }

    // ---------------------------------------------------------------- attributes

    /// @inheritdoc IEthereumDIDRegistry
    function setAttribute(
        address identity,
        bytes32 name,
        bytes calldata value,
        uint256 validity
    ) external onlyOwner(identity) {
        _setAttribute(identity, name, value, validity);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function setAttributeSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 name,
        bytes calldata value,
        uint256 validity
    ) external {
        _useSignature(identity, abi.encodePacked("setAttribute", name, value, validity), sigV, sigR, sigS);
        _setAttribute(identity, name, value, validity);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function revokeAttribute(address identity, bytes32 name, bytes calldata value) external onlyOwner(identity) {
        _revokeAttribute(identity, name, value);
    }

    /// @inheritdoc IEthereumDIDRegistry
    function revokeAttributeSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 name,
        bytes calldata value
    ) external {
        _useSignature(identity, abi.encodePacked("revokeAttribute", name, value), sigV, sigR, sigS);
        _revokeAttribute(identity, name, value);
    }

    // ---------------------------------------------------------------- internals (no caller checks)

    function _changeOwner(address identity, address newOwner) private {
        _owners[identity] = newOwner;
        emit DIDOwnerChanged(identity, newOwner, _markChanged(identity));
    }

    function _addDelegate(address identity, bytes32 delegateType, address delegate, uint256 validity) private {
        uint256 validTo = _now() + validity;
        _delegates[identity][_typeHash(delegateType)][delegate] = validTo;
        emit DIDDelegateChanged(identity, delegateType, delegate, validTo, _markChanged(identity));
    }

    /// @dev Records `validTo = now - 1`: upstream records `now`, which this contract already treats as
    /// expired (`validDelegate` is `validTo > now`) but ethr-did-resolver keeps as valid until the second
    /// ends (`validTo >= now`); one second earlier makes both agree that a revocation takes effect at once.
    function _revokeDelegate(address identity, bytes32 delegateType, address delegate) private {
        uint256 validTo = _now() - 1;
        _delegates[identity][_typeHash(delegateType)][delegate] = validTo;
        emit DIDDelegateChanged(identity, delegateType, delegate, validTo, _markChanged(identity));
    }

    function _setAttribute(address identity, bytes32 name, bytes calldata value, uint256 validity) private {
        emit DIDAttributeChanged(identity, name, value, _now() + validity, _markChanged(identity));
    }

    function _revokeAttribute(address identity, bytes32 name, bytes calldata value) private {
        emit DIDAttributeChanged(identity, name, value, 0, _markChanged(identity));
    }

    /// @dev Moves the head of `identity`'s change list to this block and returns the previous head.
    function _markChanged(address identity) private returns (uint256 previousChange) {
        previousChange = _changed[identity];
        _changed[identity] = block.number;
    }

    /**
     * @dev Checks that the current owner of `identity` signed
     * keccak256(0x19, 0x00, this registry, nonce(owner), identity, payload) and consumes the nonce.
     * `payload` is the packed operation name and arguments, as in ERC-1056.
     */
    function _useSignature(address identity, bytes memory payload, uint8 sigV, bytes32 sigR, bytes32 sigS) private {
        address owner = identityOwner(identity);
        bytes32 digest = keccak256(
            abi.encodePacked(bytes1(0x19), bytes1(0x00), address(this), _nonces[owner], identity, payload)
        );
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, sigV, sigR, sigS);
        if (err != ECDSA.RecoverError.NoError || signer != owner) revert BadSignature(identity, signer);
        unchecked {
            ++_nonces[owner];
        }
    }

    function _typeHash(bytes32 delegateType) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(delegateType));
    }
}
