// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {
    CredentialProof,
    PollutantCap,
    hashCredentialProof,
    permitClaimsHash as _permitClaimsHash
} from "./CredentialProofTypes.sol";
import {CredentialTypeId} from "./CredentialTypes.sol";
import {ICredentialProofVerifier, RegisteredProof} from "./ICredentialProofVerifier.sol";
import {CredentialStatus, ICredentialStatusRegistry} from "./ICredentialStatusRegistry.sol";
import {IEthereumDIDRegistry} from "./IEthereumDIDRegistry.sol";
import {ITrustedIssuerRegistry} from "./ITrustedIssuerRegistry.sol";
import {NormalisedClock} from "./NormalisedClock.sol";

/**
 * @title Credential proof verifier
 * @notice See {ICredentialProofVerifier}.
 * @dev OpenZeppelin's EIP712 base is not used: it takes the chain id from `block.chainid`, which FISCO BCOS
 * returns as 0. The domain separator is computed once, at construction, from the configured chain id.
 * Each check returns its failure as ABI-encoded error data (empty when it passes), so that the view
 * {checkProof} and the reverting functions share one code path.
 */
contract CredentialProofVerifier is ICredentialProofVerifier, NormalisedClock {
    string private constant NAME = "PermitChain Credential Proof";
    string private constant VERSION = "1";
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @dev ERC-1056 delegate type of the keys that sign for a DID ("veriKey", right-padded).
    bytes32 private constant VERI_KEY = "veriKey";

    uint256 private immutable _chainId;
    bytes32 private immutable _domainSeparator;
    IEthereumDIDRegistry private immutable _did;
    ITrustedIssuerRegistry private immutable _issuers;
    ICredentialStatusRegistry private immutable _statuses;

    mapping(address holder => mapping(CredentialTypeId credentialType => RegisteredProof)) private _registered;

    /**
     * @param divisor 1 where `block.timestamp` is in seconds, 1000 where it is in milliseconds.
     * @param chainId_ The chain id of the deployment configuration, the EIP-712 domain's `chainId`.
     * @param did The DID registry issuers' owners and `veriKey` delegates are read from.
     * @param issuers The trusted issuer registry.
     * @param statuses The credential status registry.
     */
    constructor(
        uint256 divisor,
        uint256 chainId_,
        IEthereumDIDRegistry did,
        ITrustedIssuerRegistry issuers,
        ICredentialStatusRegistry statuses
    ) NormalisedClock(divisor) {
        if (address(did) == address(0) || address(issuers) == address(0) || address(statuses) == address(0)) {
            revert ZeroRegistry();
        }
        _chainId = chainId_;
        _did = did;
        _issuers = issuers;
        _statuses = statuses;
        _domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(NAME)), keccak256(bytes(VERSION)), chainId_, address(this))
        );
    }

    // ---------------------------------------------------------------- verification

    /// @inheritdoc ICredentialProofVerifier
    function requireEligible(
        address holder,
        CredentialProof calldata proof,
        bytes calldata signature
    ) external view {
        _revertOn(_checkProof(holder, proof, signature));
    }

    /// @inheritdoc ICredentialProofVerifier
    function requireValidProof(CredentialProof calldata proof, bytes calldata signature) external view {
        _revertOn(_checkProof(msg.sender, proof, signature));
    }

    /// @inheritdoc ICredentialProofVerifier
    function checkProof(
        address holder,
        CredentialProof calldata proof,
        bytes calldata signature
    ) external view returns (bool ok, bytes memory failure) {
        failure = _checkProof(holder, proof, signature);
        ok = failure.length == 0;
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc ICredentialProofVerifier
    function registerProof(CredentialProof calldata proof, bytes calldata signature) external {
        address holder = msg.sender;
        _revertOn(_checkProof(holder, proof, signature));
        _registered[holder][proof.credentialType] = RegisteredProof({
            issuer: proof.issuer,
            validUntil: proof.validUntil,
            statusIndex: proof.statusIndex,
            credentialId: proof.credentialId,
            claimsHash: proof.claimsHash,
            subject: proof.subject
        });
        emit ProofRegistered(
            holder,
            proof.credentialType,
            proof.credentialId,
            proof.subject,
            proof.issuer,
            proof.statusIndex,
            proof.validUntil,
            proof.claimsHash
        );
    }

    /// @inheritdoc ICredentialProofVerifier
    function isEligible(address holder, CredentialTypeId credentialType) external view returns (bool) {
        return _checkRegistered(holder, credentialType).length == 0;
    }

    /// @inheritdoc ICredentialProofVerifier
    function requireRegistered(address holder, CredentialTypeId credentialType) external view {
        _revertOn(_checkRegistered(holder, credentialType));
    }

    /// @inheritdoc ICredentialProofVerifier
    function registeredProof(
        address holder,
        CredentialTypeId credentialType
    ) external view returns (RegisteredProof memory) {
        return _registered[holder][credentialType];
    }

    // ---------------------------------------------------------------- reads

    /// @inheritdoc ICredentialProofVerifier
    function proofDigest(CredentialProof calldata proof) public view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(_domainSeparator, hashCredentialProof(proof));
    }

    /// @inheritdoc ICredentialProofVerifier
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparator;
    }

    /// @notice ERC-5267: the fields of the EIP-712 domain (name, version, chainId, verifyingContract).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", NAME, VERSION, _chainId, address(this), bytes32(0), new uint256[](0));
    }

    /// @inheritdoc ICredentialProofVerifier
    function permitClaimsHash(PollutantCap[] calldata caps) external pure returns (bytes32) {
        return _permitClaimsHash(caps);
    }

    /// @inheritdoc ICredentialProofVerifier
    function didRegistry() external view returns (address) {
        return address(_did);
    }

    /// @inheritdoc ICredentialProofVerifier
    function trustedIssuerRegistry() external view returns (address) {
        return address(_issuers);
    }

    /// @inheritdoc ICredentialProofVerifier
    function statusRegistry() external view returns (address) {
        return address(_statuses);
    }

    // ---------------------------------------------------------------- checks (failure data, empty when passed)

    function _checkProof(
        address holder,
        CredentialProof calldata proof,
        bytes calldata signature
    ) private view returns (bytes memory failure) {
        failure = _checkSignature(proof, signature);
        if (failure.length != 0) return failure;
        failure = _checkHolder(proof.subject, holder);
        if (failure.length != 0) return failure;
        uint256 time = _now();
        if (time < proof.validFrom) {
            return abi.encodeWithSelector(ProofNotYetValid.selector, proof.validFrom, time);
        }
        if (time >= proof.validUntil) return abi.encodeWithSelector(ProofExpired.selector, proof.validUntil, time);
        return _checkTrustAndStatus(proof.issuer, proof.credentialType, proof.statusIndex);
    }

    function _checkSignature(
        CredentialProof calldata proof,
        bytes calldata signature
    ) private view returns (bytes memory) {
        bytes32 digest = proofDigest(proof);
        (address signer, ECDSA.RecoverError err, bytes32 errArg) = ECDSA.tryRecover(digest, signature);
        if (err == ECDSA.RecoverError.InvalidSignatureLength) {
            return abi.encodeWithSelector(InvalidSignatureLength.selector, uint256(errArg));
        }
        if (err == ECDSA.RecoverError.InvalidSignatureS) {
            return abi.encodeWithSelector(MalleableSignature.selector, errArg);
        }
        if (err != ECDSA.RecoverError.NoError) return abi.encodeWithSelector(UnrecoverableSignature.selector, digest);
        address issuer = proof.issuer;
        if (signer != _did.identityOwner(issuer) && !_did.validDelegate(issuer, VERI_KEY, signer)) {
            return abi.encodeWithSelector(UnauthorisedSigner.selector, issuer, signer);
        }
        return "";
    }

    function _checkRegistered(
        address holder,
        CredentialTypeId credentialType
    ) private view returns (bytes memory) {
        RegisteredProof storage entry = _registered[holder][credentialType];
        address issuer = entry.issuer;
        if (issuer == address(0)) {
            return abi.encodeWithSelector(NoRegisteredProof.selector, holder, credentialType);
        }
        bytes memory failure = _checkHolder(entry.subject, holder);
        if (failure.length != 0) return failure;
        uint64 validUntil = entry.validUntil;
        uint256 time = _now();
        if (time >= validUntil) return abi.encodeWithSelector(ProofExpired.selector, validUntil, time);
        return _checkTrustAndStatus(issuer, credentialType, entry.statusIndex);
    }

    /// @dev The holder must own the subject's DID now (ERC-1056: the subject itself until its owner changes).
    function _checkHolder(address subject, address holder) private view returns (bytes memory) {
        address owner = _did.identityOwner(subject);
        if (holder != owner) return abi.encodeWithSelector(HolderNotSubjectOwner.selector, subject, owner, holder);
        return "";
    }

    function _checkTrustAndStatus(
        address issuer,
        CredentialTypeId credentialType,
        uint256 statusIndex
    ) private view returns (bytes memory) {
        if (!_issuers.isTrusted(issuer, credentialType)) {
            return abi.encodeWithSelector(IssuerNotTrusted.selector, issuer, credentialType);
        }
        CredentialStatus status = _statuses.statusOf(issuer, statusIndex);
        if (status != CredentialStatus.Active) {
            return abi.encodeWithSelector(CredentialNotLive.selector, issuer, statusIndex, status);
        }
        return "";
    }

    /// @dev Reverts with `failure` (ABI-encoded custom error data) unless it is empty.
    function _revertOn(bytes memory failure) private pure {
        if (failure.length != 0) {
            assembly ("memory-safe") {
                revert(add(failure, 0x20), mload(failure))
            }
        }
    }
}
