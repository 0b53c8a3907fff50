// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {CredentialProof, PollutantCap} from "./CredentialProofTypes.sol";
import {CredentialTypeId} from "./CredentialTypes.sol";
import {CredentialStatus} from "./ICredentialStatusRegistry.sol";
import {INormalisedClock} from "./INormalisedClock.sol";

/**
 * @notice A proof a holder registered after full verification (see {ICredentialProofVerifier-registerProof}).
 * @param issuer The issuer's DID address; zero when nothing is registered.
 * @param validUntil Unix seconds from which the proof no longer holds.
 * @param statusIndex The credential's status index under `issuer`.
 * @param credentialId keccak256 of the credential's `id`.
 * @param claimsHash The claims hash the issuer signed (for a permit, of its caps).
 * @param subject The proof's subject: the DID address whose current owner the holder must be on every use.
 */
struct RegisteredProof {
    address issuer;
    uint64 validUntil;
    uint256 statusIndex;
    bytes32 credentialId;
    bytes32 claimsHash;
    address subject;
}

/**
 * @title Credential proof verifier
 * @notice Checks on chain, with no relayer trusted, an issuer's EIP-712 {CredentialProof} over a credential
 * bound to its holder. A proof holds for `holder` when, in this order:
 * 1. the signature is a well-formed, low-s secp256k1 signature over the EIP-712 digest (domain
 *    `PermitChain Credential Proof`, version 1, the configured chain id, this contract), and its signer is the
 *    current owner of the DID `proof.issuer` or a currently valid `veriKey` delegate of it, in the project's DID
 *    registry;
 * 2. `holder` is the current owner of the DID `proof.subject` in the project's DID registry (the subject's own
 *    address until its owner is changed; after a change the new owner, and no longer the old key);
 * 3. now (Unix seconds, normalised clock) is in [validFrom, validUntil);
 * 4. the issuer is trusted for `proof.credentialType` now (trusted issuer registry);
 * 5. the credential's status entry (issuer, statusIndex) is Active (credential status registry).
 * Each failure is a custom error with its arguments; {checkProof} returns it as data instead of reverting.
 *
 * A contract gating an action calls {requireEligible} with its own `msg.sender` as `holder`, and checks
 * `proof.credentialType` (and, if it relies on them, the claims behind `proof.claimsHash`) itself. A holder may
 * instead register its proof once ({registerProof}); {isEligible} and {requireRegistered} then re-check, on every
 * use, the expiry, the issuer's trust and the credential's status, so a revocation or a withdrawn trust takes
 * effect at once. The issuer's signing key is checked at registration only: a later key rotation does not undo
 * a signature made while the key was valid.
 */
interface ICredentialProofVerifier is IERC5267, INormalisedClock {
    /**
     * @notice `holder` registered a verified proof for `credentialType`, replacing any earlier one.
     * @param holder The owner of the subject's DID when it registered (the proof holds for it while it stays so).
     * @param credentialType The credential type.
     * @param credentialId keccak256 of the credential's `id`.
     * @param subject The proof's subject (the DID address).
     * @param issuer The issuer's DID address.
     * @param statusIndex The credential's status index under `issuer`.
     * @param validUntil Unix seconds from which the registration no longer holds.
     * @param claimsHash The claims hash the issuer signed.
     */
    event ProofRegistered(
        address indexed holder,
        CredentialTypeId indexed credentialType,
        bytes32 indexed credentialId,
        address subject,
        address issuer,
        uint256 statusIndex,
        uint64 validUntil,
        bytes32 claimsHash
    );

    /// @notice A registry address given at deployment is the zero address.
    error ZeroRegistry();

    /**
     * @notice The signature is not 65 bytes (r, s, v).
     * @param length Its length.
     */
    error InvalidSignatureLength(uint256 length);

    /**
     * @notice The signature's `s` is in the upper half of the curve order: a malleable signature, rejected.
     * @param s The rejected `s`.
     */
    error MalleableSignature(bytes32 s);

    /**
     * @notice The signature recovers to no address (e.g. `v` is neither 27 nor 28).
     * @param digest The EIP-712 digest it was checked against.
     */
    error UnrecoverableSignature(bytes32 digest);

    /**
     * @notice The proof was signed by `signer`, which is neither the current owner of the DID `issuer` nor a
     * valid `veriKey` delegate of it. A proof altered after signing, or signed for another chain id or verifying
     * contract, recovers to an unrelated `signer` and fails here.
     * @param issuer The issuer the proof names.
     * @param signer The address the signature recovers to over this contract's digest.
     */
    error UnauthorisedSigner(address issuer, address signer);

    /**
     * @notice The holder the proof is presented for is not the current owner of the subject's DID: another
     * account, or a key the subject's owner has been changed away from.
     * @param subject The subject the proof names (its DID address).
     * @param owner The subject's current owner in the DID registry.
     * @param holder The holder it was presented for (the caller of the gated contract).
     */
    error HolderNotSubjectOwner(address subject, address owner, address holder);

    /**
     * @notice The proof is not valid yet.
     * @param validFrom Unix seconds from which it holds.
     * @param currentTime Now, Unix seconds.
     */
    error ProofNotYetValid(uint64 validFrom, uint256 currentTime);

    /**
     * @notice The proof has expired.
     * @param validUntil Unix seconds from which it no longer holds.
     * @param currentTime Now, Unix seconds.
     */
    error ProofExpired(uint64 validUntil, uint256 currentTime);

    /**
     * @notice `issuer` is not trusted for `credentialType` now (never granted, removed, expired, or the issuer is
     * not an active participant in the required role).
     * @param issuer The issuer's DID address.
     * @param credentialType The credential type.
     */
    error IssuerNotTrusted(address issuer, CredentialTypeId credentialType);

    /**
     * @notice The credential's status entry is not Active.
     * @param issuer The issuer's DID address.
     * @param statusIndex The status index.
     * @param status Its status: Unallocated, Suspended or Revoked.
     */
    error CredentialNotLive(address issuer, uint256 statusIndex, CredentialStatus status);

    /**
     * @notice `holder` has no registered proof for `credentialType`.
     * @param holder The holder asked about.
     * @param credentialType The credential type.
     */
    error NoRegisteredProof(address holder, CredentialTypeId credentialType);

    /**
     * @notice Reverts with the first failing check's error unless `proof` and `signature` hold for `holder` now.
     * Callable by anyone; a gating contract passes its own `msg.sender` as `holder`.
     */
    function requireEligible(
        address holder,
        CredentialProof calldata proof,
        bytes calldata signature
    ) external view;

    /// @notice {requireEligible} with the caller as the holder: for an EOA checking its own proof.
    function requireValidProof(CredentialProof calldata proof, bytes calldata signature) external view;

    /**
     * @notice {requireEligible} without reverting.
     * @return ok Whether the proof holds for `holder` now.
     * @return failure Empty when `ok`; else the ABI-encoded custom error {requireEligible} would revert with.
     */
    function checkProof(
        address holder,
        CredentialProof calldata proof,
        bytes calldata signature
    ) external view returns (bool ok, bytes memory failure);

    /**
     * @notice Verify `proof` in full for the caller as holder and register it for `proof.credentialType` until
     * `proof.validUntil`, replacing any earlier registration for that type. Caller: the current owner of the
     * proof's subject DID; after an owner change the new owner registers again.
     */
    function registerProof(CredentialProof calldata proof, bytes calldata signature) external;

    /**
     * @notice Whether `holder` has a registered proof for `credentialType` that holds now: `holder` still owns the
     * subject's DID, not expired, its issuer still trusted for the type and its status entry Active.
     */
    function isEligible(address holder, CredentialTypeId credentialType) external view returns (bool);

    /**
     * @notice Reverts unless {isEligible}: with {NoRegisteredProof}, {HolderNotSubjectOwner}, {ProofExpired},
     * {IssuerNotTrusted} or {CredentialNotLive}.
     */
    function requireRegistered(address holder, CredentialTypeId credentialType) external view;

    /// @notice The proof `holder` registered for `credentialType`, expired or not; all zero if none.
    function registeredProof(
        address holder,
        CredentialTypeId credentialType
    ) external view returns (RegisteredProof memory);

    /// @notice The EIP-712 digest the issuer signs for `proof` (domain of this contract).
    function proofDigest(CredentialProof calldata proof) external view returns (bytes32);

    /// @notice The EIP-712 domain separator: name, version, the configured chain id and this contract.
    function domainSeparator() external view returns (bytes32);

    /**
     * @notice The `claimsHash` of a discharge permit with `caps` (EIP-712 hashStruct of `PermitClaims`), for
     * contracts that rely on a permit's caps: they take the caps and compare this with `proof.claimsHash`.
     */
    function permitClaimsHash(PollutantCap[] calldata caps) external pure returns (bytes32);

    /// @notice The DID registry issuers' signing keys are read from.
    function didRegistry() external view returns (address);

    /// @notice The trusted issuer registry.
    function trustedIssuerRegistry() external view returns (address);

    /// @notice The credential status registry.
    function statusRegistry() external view returns (address);
}
