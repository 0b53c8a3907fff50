// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @notice Where a credential's status entry stands. `Unallocated`: the issuer never allocated the index.
 * `Active`: allocated and neither suspended nor revoked (the default from allocation). `Suspended` is temporary
 * (reinstate ends it); `Revoked` is final.
 */
enum CredentialStatus {
    Unallocated,
    Active,
    Suspended,
    Revoked
}

/**
 * @title Credential status registry
 * @notice The on-chain status of verifiable credentials, per issuer and index: the entry a credential's
 * `credentialStatus` points to (`statusRegistry`, `statusIssuer`, `statusIndex`), read by contracts and by
 * verifiers alike, so one revocation ends the credential everywhere.
 *
 * An issuer is a DID address (`did:ethr:<issuer>`) in the project's ERC-1056 registry. It allocates indices
 * in blocks, sequentially from 0, never reused; a new index is Active. Its operators (the DID's current owner,
 * or a currently valid `sigAuth` delegate of the DID: the agency's operator keys) then suspend, reinstate or
 * revoke entries. Each change carries a reason code chosen by the issuer; the registry does not interpret it
 * (the CRLReason codes of RFC 5280 are a convention: 0 unspecified, 1 key compromise, 4 superseded, 5 cessation
 * of operation, 6 certificate hold).
 *
 * Every allocation and status change is evented and checkpointed by block number, so `statusAt` answers for
 * any past block. Reads are open.
 */
interface ICredentialStatusRegistry {
    /**
     * @notice `issuer` allocated the indices `first` .. `first + count - 1`, each Active.
     * @param issuer The issuer's DID address.
     * @param first The first index allocated.
     * @param count How many indices were allocated.
     * @param by The operator that allocated them (the DID owner or a `sigAuth` delegate).
     */
    event StatusIndicesAllocated(address indexed issuer, uint256 first, uint32 count, address indexed by);

    /**
     * @notice The credential at `index` of `issuer` was revoked, for good.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     * @param reason The issuer's reason code.
     * @param by The operator that revoked it.
     */
    event CredentialRevoked(address indexed issuer, uint256 indexed index, uint16 reason, address indexed by);

    /**
     * @notice The credential at `index` of `issuer` was suspended until reinstated.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     * @param reason The issuer's reason code.
     * @param by The operator that suspended it.
     */
    event CredentialSuspended(address indexed issuer, uint256 indexed index, uint16 reason, address indexed by);

    /**
     * @notice The suspended credential at `index` of `issuer` was reinstated: Active again.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     * @param reason The issuer's reason code.
     * @param by The operator that reinstated it.
     */
    event CredentialReinstated(address indexed issuer, uint256 indexed index, uint16 reason, address indexed by);

    /// @notice The DID registry given at deployment is the zero address.
    error ZeroDIDRegistry();

    /**
     * @notice `caller` is neither the current owner of the DID `issuer` nor a currently valid `sigAuth` delegate.
     * @param issuer The issuer's DID address.
     * @param caller The account that tried to write.
     */
    error NotIssuerOperator(address issuer, address caller);

    /**
     * @notice An allocation must allocate at least one index.
     * @param issuer The issuer's DID address.
     */
    error ZeroAllocation(address issuer);

    /**
     * @notice `index` was never allocated by `issuer`.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     * @param allocatedCount How many indices `issuer` has allocated (indices 0 .. allocatedCount - 1 exist).
     */
    error UnallocatedIndex(address issuer, uint256 index, uint256 allocatedCount);

    /**
     * @notice The credential at `index` of `issuer` is revoked; revocation is final.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     */
    error CredentialAlreadyRevoked(address issuer, uint256 index);

    /**
     * @notice The credential at `index` of `issuer` is suspended already.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     */
    error CredentialAlreadySuspended(address issuer, uint256 index);

    /**
     * @notice Only a suspended credential can be reinstated; the one at `index` of `issuer` is Active.
     * @param issuer The issuer's DID address.
     * @param index The status index.
     */
    error CredentialNotSuspended(address issuer, uint256 index);

    /**
     * @notice A history lookup asked about a block after the current one.
     * @param blockNumber The block asked about.
     * @param currentBlock The current block number.
     */
    error FutureLookup(uint256 blockNumber, uint256 currentBlock);

    /**
     * @notice Allocate `count` new indices for `issuer`, each Active. Caller: an operator of `issuer`.
     * @param issuer The issuer's DID address.
     * @param count How many indices, at least 1.
     * @return first The first index allocated; the others follow it.
     */
    function allocate(address issuer, uint32 count) external returns (uint256 first);

    /**
     * @notice Revoke the Active or Suspended credential at `index`, for good. Caller: an operator of `issuer`.
     * @param reason The issuer's reason code, recorded in the event.
     */
    function revoke(address issuer, uint256 index, uint16 reason) external;

    /**
     * @notice Suspend the Active credential at `index`. Caller: an operator of `issuer`.
     * @param reason The issuer's reason code, recorded in the event.
     */
    function suspend(address issuer, uint256 index, uint16 reason) external;

    /**
     * @notice Make the Suspended credential at `index` Active again. Caller: an operator of `issuer`.
     * @param reason The issuer's reason code, recorded in the event.
     */
    function reinstate(address issuer, uint256 index, uint16 reason) external;

    /// @notice The DID registry operators are read from.
    function didRegistry() external view returns (address);

    /// @notice Whether `account` may write for `issuer` now: its DID owner or a valid `sigAuth` delegate.
    function isIssuerOperator(address issuer, address account) external view returns (bool);

    /// @notice How many indices `issuer` has allocated; the next allocation starts there.
    function allocatedCount(address issuer) external view returns (uint256);

    /// @notice The current status of the credential at `index` of `issuer`.
    function statusOf(address issuer, uint256 index) external view returns (CredentialStatus);

    /// @notice Whether the credential at `index` of `issuer` is Active now (allocated, not suspended or revoked).
    function isLive(address issuer, uint256 index) external view returns (bool);

    /**
     * @notice The block in which `index` of `issuer` was allocated: the credential it belongs to cannot have been
     * issued before it, whatever the credential states. Reverts with {UnallocatedIndex} for an index not allocated.
     */
    function allocationBlock(address issuer, uint256 index) external view returns (uint256);

    /**
     * @notice The status of the credential at `index` of `issuer` at the end of block `blockNumber`
     * (Unallocated before its allocation). Reverts with {FutureLookup} for a block after the current one.
     */
    function statusAt(address issuer, uint256 index, uint256 blockNumber) external view returns (CredentialStatus);
}
