// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @notice What a participant is on the platform, fixed when its DID is registered. `None`: not registered.
 * Regulators (ecology and environment bureaus) issue permits; auditors (third-party verification bodies)
 * issue audit reports; polluters (emitting enterprises) hold permits and allowances.
 */
enum Role {
    None,
    Regulator,
    Auditor,
    Polluter
}

/**
 * @notice Lifecycle of a registered DID. `None`: never registered. `Suspended` is temporary (a sanction);
 * `Revoked` is final: the DID can never be registered again (the organisation may register a new DID).
 */
enum ParticipantStatus {
    None,
    Active,
    Suspended,
    Revoked
}

/**
 * @notice Environmental credit rating of an organisation, best first: Green (honest), Blue (good),
 * Yellow (warning), Red (bad). New participants start at Blue.
 */
enum CreditLevel {
    Green,
    Blue,
    Yellow,
    Red
}

/**
 * @notice The organisation behind a DID, as hashes so that the chain holds no personal or business data in
 * clear. `creditCodeHash` is keccak256 of the 18-character unified social credit code and is unique among
 * the DIDs that are not revoked.
 * @param nameHash keccak256 of the registered organisation name.
 * @param creditCodeHash keccak256 of the unified social credit code.
 * @param regionCode Administrative division code (GB/T 2260, six digits), e.g. 110105.
 * @param sector Industry sector, e.g. the GB/T 4754 class as a right-padded bytes32 string ("C2511").
 */
struct Organisation {
    bytes32 nameHash;
    bytes32 creditCodeHash;
    uint32 regionCode;
    bytes32 sector;
}

/**
 * @notice A participant as the registry holds it.
 * @param role Fixed at registration.
 * @param status Active, Suspended or Revoked (None if never registered).
 * @param creditLevel Current credit rating.
 * @param registeredAt Unix time in seconds of the registration.
 * @param organisation The organisation record.
 */
struct Participant {
    Role role;
    ParticipantStatus status;
    CreditLevel creditLevel;
    uint64 registeredAt;
    Organisation organisation;
}
