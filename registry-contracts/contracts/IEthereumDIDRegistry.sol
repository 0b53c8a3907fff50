// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title ERC-1056 lightweight identity registry
 * @notice Interface of the DID registry behind `did:ethr`. Function selectors, events and the signed
 * meta-transaction layout are those of uport-project/ethr-did-registry v1.0.0, so that the upstream
 * ethr-did-resolver resolves identities registered here unchanged.
 *
 * An identity is any address. It is owned by itself until its owner changes it. Every change emits one
 * event carrying `previousChange`, the block number of the identity's previous change, so a resolver can
 * walk the history backwards from `changed(identity)` one block at a time.
 *
 * Times (`validTo`) are Unix seconds on every chain, whatever unit the chain's `block.timestamp` uses.
 */
interface IEthereumDIDRegistry {
    /**
     * @notice The owner (controller) of `identity` changed to `owner`.
     * @param identity The identity whose owner changed.
     * @param owner The new owner.
     * @param previousChange Block number of the identity's previous change, 0 if none.
     */
    event DIDOwnerChanged(address indexed identity, address owner, uint256 previousChange);

    /**
     * @notice A delegate of `identity` was added (validTo in the future) or revoked (validTo now).
     * @param identity The identity the delegate acts for.
     * @param delegateType The delegate type, e.g. "veriKey" or "sigAuth" as a right-padded bytes32.
     * @param delegate The delegate's address.
     * @param validTo Unix time in seconds until which the delegate is valid.
     * @param previousChange Block number of the identity's previous change, 0 if none.
     */
    event DIDDelegateChanged(
        address indexed identity,
        bytes32 delegateType,
        address delegate,
        uint256 validTo,
        uint256 previousChange
    );

    /**
     * @notice An attribute of `identity` was set (validTo in the future) or revoked (validTo 0).
     * @dev Attributes live only in events; the registry stores nothing but `changed`.
     * @param identity The identity the attribute belongs to.
     * @param name The attribute name, e.g. "did/pub/Secp256k1/veriKey/hex".
     * @param value The attribute value.
     * @param validTo Unix time in seconds until which the attribute is valid, 0 when revoked.
     * @param previousChange Block number of the identity's previous change, 0 if none.
     */
    event DIDAttributeChanged(
        address indexed identity,
        bytes32 name,
        bytes value,
        uint256 validTo,
        uint256 previousChange
    );

    /**
     * @notice `caller` is not the current owner of `identity`.
     * @param identity The identity written to.
     * @param caller The account that tried to write.
     */
    error NotOwner(address identity, address caller);

    /**
     * @notice A meta-transaction signature does not recover to the current owner of `identity`: it was signed
     * by someone else, for another registry, with a used nonce, over other arguments, or it is malformed.
     * @param identity The identity written to.
     * @param signer The address the signature recovers to, zero if it recovers to none.
     */
    error BadSignature(address identity, address signer);

    /// @notice The current owner of `identity`: the last owner set, or `identity` itself if none.
    function identityOwner(address identity) external view returns (address);

    /// @notice The owner explicitly set for `identity`, zero if none was ever set.
    function owners(address identity) external view returns (address);

    /**
     * @notice Unix time in seconds until which `delegate` is valid for `identity`.
     * @param delegateTypeHash keccak256 of the bytes32 delegate type.
     */
    function delegates(address identity, bytes32 delegateTypeHash, address delegate) external view returns (uint256);

    /// @notice Block number of the last change to `identity`, 0 if none: the head of its event list.
    function changed(address identity) external view returns (uint256);

    /// @notice Number of meta-transactions signed by `signer` (an owner) that the registry has executed.
    function nonce(address signer) external view returns (uint256);

    /// @notice Whether `delegate` is a currently valid delegate of type `delegateType` for `identity`.
    function validDelegate(address identity, bytes32 delegateType, address delegate) external view returns (bool);

    /// @notice Set the owner of `identity` to `newOwner`. Caller: the current owner.
    function changeOwner(address identity, address newOwner) external;

    /**
     * @notice `changeOwner` sent by anyone, authorised by the owner's signature over
     * keccak256(0x19, 0x00, registry, nonce(owner), identity, "changeOwner", newOwner).
     */
    function changeOwnerSigned(address identity, uint8 sigV, bytes32 sigR, bytes32 sigS, address newOwner) external;

    /// @notice Add `delegate` of `delegateType` for `validity` seconds from now. Caller: the current owner.
    function addDelegate(address identity, bytes32 delegateType, address delegate, uint256 validity) external;

    /**
     * @notice `addDelegate` authorised by the owner's signature over
     * keccak256(0x19, 0x00, registry, nonce(owner), identity, "addDelegate", delegateType, delegate, validity).
     */
    function addDelegateSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 delegateType,
        address delegate,
        uint256 validity
    ) external;

    /// @notice Revoke `delegate` of `delegateType` as of now. Caller: the current owner.
    function revokeDelegate(address identity, bytes32 delegateType, address delegate) external;

    /**
     * @notice `revokeDelegate` authorised by the owner's signature over
     * keccak256(0x19, 0x00, registry, nonce(owner), identity, "revokeDelegate", delegateType, delegate).
     */
    function revokeDelegateSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 delegateType,
        address delegate
    ) external;

    /// @notice Publish attribute `name` = `value` for `validity` seconds from now. Caller: the current owner.
    function setAttribute(address identity, bytes32 name, bytes calldata value, uint256 validity) external;

    /**
     * @notice `setAttribute` authorised by the owner's signature over
     * keccak256(0x19, 0x00, registry, nonce(owner), identity, "setAttribute", name, value, validity).
     */
    function setAttributeSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 name,
        bytes calldata value,
        uint256 validity
    ) external;

    /// @notice Revoke attribute `name` = `value`. Caller: the current owner.
    function revokeAttribute(address identity, bytes32 name, bytes calldata value) external;

    /**
     * @notice `revokeAttribute` authorised by the owner's signature over
     * keccak256(0x19, 0x00, registry, nonce(owner), identity, "revokeAttribute", name, value).
     */
    function revokeAttributeSigned(
        address identity,
        uint8 sigV,
        bytes32 sigR,
        bytes32 sigS,
        bytes32 name,
        bytes calldata value
    ) external;
}
