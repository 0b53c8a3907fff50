// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CredentialTypeId} from "./CredentialTypes.sol";

/**
 * @notice The statement an issuer signs (EIP-712, primary type `CredentialProof`) alongside a verifiable
 * credential, so that a contract can check the credential on chain with `ecrecover` and no relayer trusted.
 * It is bound to the credential by its id and to its status entry by the status index: revoking the entry ends
 * the credential and this proof together.
 *
 * EIP-712 domain: `{ name: "PermitChain Credential Proof", version: "1", chainId, verifyingContract }`, where
 * `chainId` is the chain id of the deployment configuration (FISCO BCOS's `CHAINID` opcode returns 0) and
 * `verifyingContract` the {CredentialProofVerifier}.
 *
 * @param credentialId keccak256 of the credential's `id` URI (UTF-8), e.g. keccak256("urn:uuid:...").
 * @param credentialType keccak256 of the W3C type name, e.g. keccak256("DischargePermitCredential").
 * @param issuer The issuer's DID address: `did:ethr:<issuer>`, also the credential's `statusIssuer`.
 * @param subject The holder's DID address: `credentialSubject.id` is `did:ethr:<subject>`.
 * @param statusIndex The credential's `statusIndex` under `issuer` in the credential status registry.
 * @param validFrom Unix seconds from which the proof holds (inclusive).
 * @param validUntil Unix seconds from which it no longer holds (exclusive), as the credential's validity.
 * @param claimsHash The hash of the claims a contract may rely on. For a DischargePermitCredential:
 * {permitClaimsHash} of its per-pollutant annual caps; for another type what its issuer and consumers agree.
 */
struct CredentialProof {
    bytes32 credentialId;
    CredentialTypeId credentialType;
    address issuer;
    address subject;
    uint256 statusIndex;
    uint64 validFrom;
    uint64 validUntil;
    bytes32 claimsHash;
}

/**
 * @notice One annual cap of a discharge permit (许可排放量), for one pollutant and one medium.
 * @param pollutant The pollutant code as right-padded ASCII bytes32, e.g. "SO2", "NOx", "COD", "NH3-N".
 * @param medium "air" or "water", as right-padded ASCII bytes32.
 * @param annualCapGrams The permitted annual emission in grams (1 t/a = 1,000,000; 1 kg/a = 1,000).
 */
struct PollutantCap {
    bytes32 pollutant;
    bytes32 medium;
    uint256 annualCapGrams;
}

/// @dev EIP-712 type hash of {CredentialProof} (the type string lists `credentialType` as bytes32).
bytes32 constant CREDENTIAL_PROOF_TYPEHASH = keccak256(
    "CredentialProof(bytes32 credentialId,bytes32 credentialType,address issuer,address subject,uint256 statusIndex,uint64 validFrom,uint64 validUntil,bytes32 claimsHash)"
);

/// @dev EIP-712 type hash of {PollutantCap}.
bytes32 constant POLLUTANT_CAP_TYPEHASH = keccak256(
    "PollutantCap(bytes32 pollutant,bytes32 medium,uint256 annualCapGrams)"
);

/// @dev EIP-712 type hash of `PermitClaims(PollutantCap[] caps)`, the claims of a permit.
bytes32 constant PERMIT_CLAIMS_TYPEHASH = keccak256(
    "PermitClaims(PollutantCap[] caps)PollutantCap(bytes32 pollutant,bytes32 medium,uint256 annualCapGrams)"
);

/// @notice EIP-712 `hashStruct` of `proof`.
function hashCredentialProof(CredentialProof calldata proof) pure returns (bytes32) {
    // Every member is a static 32-byte word, so abi.encode is EIP-712's encodeData.
    return keccak256(abi.encode(CREDENTIAL_PROOF_TYPEHASH, proof));
}

/**
 * @notice The `claimsHash` of a discharge permit: EIP-712 `hashStruct` of `PermitClaims { caps }`, the caps
 * in the order given (issuers sort them by pollutant, then medium, as bytes; see `permitClaimsHash` in TS).
 */
function permitClaimsHash(PollutantCap[] calldata caps) pure returns (bytes32) {
    bytes32[] memory capHashes = new bytes32[](caps.length);
    for (uint256 i = 0; i < caps.length; ++i) {
        capHashes[i] = keccak256(abi.encode(POLLUTANT_CAP_TYPEHASH, caps[i]));
    }
    return keccak256(abi.encode(PERMIT_CLAIMS_TYPEHASH, keccak256(abi.encodePacked(capHashes))));
}
