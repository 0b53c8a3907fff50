// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Action, ActionKind} from "./GovernanceTypes.sol";

/**
 * @title Bootstrap of the committee
 * @notice The deployer of the governance contract holds temporary powers: it binds the registries, executes
 * actions directly (initial members, participants, trusted issuers, parameters) and then calls
 * {finishBootstrap}. From then on no admin key exists: every change goes through a committee proposal.
 */
interface ICommitteeBootstrap {
    /**
     * @notice The registries the governance contract writes to were bound.
     * @param participantRegistry The participant registry.
     * @param trustedIssuerRegistry The trusted issuer registry.
     */
    event RegistriesBound(address participantRegistry, address trustedIssuerRegistry);

    /**
     * @notice The bootstrap admin executed `kind` directly, without a proposal.
     * @param kind What the action did.
     * @param args Its ABI-encoded arguments.
     */
    event BootstrapActionExecuted(ActionKind indexed kind, bytes args);

    /**
     * @notice The bootstrap ended; `admin` lost its powers for good.
     * @param admin The former bootstrap admin (the deployer).
     */
    event BootstrapFinished(address indexed admin);

    /**
     * @notice Only the deployer may act during the bootstrap.
     * @param caller The account that tried.
     */
    error NotBootstrapAdmin(address caller);

    /**
     * @notice The bootstrap is over: no account holds bootstrap powers any more.
     * @param caller The account that tried.
     */
    error BootstrapAlreadyFinished(address caller);

    /// @notice The registries are bound already; they are bound once.
    error RegistriesAlreadyBound();

    /**
     * @notice `registry` is not wired to this governance contract (or to the given participant registry).
     * @param registry The registry rejected.
     */
    error RegistryMismatch(address registry);

    /// @notice The registries must be bound before this (an action on them, or the end of the bootstrap).
    error RegistriesNotBound();

    /// @notice The bootstrap cannot end before the committee has a member.
    error NoMembers();

    /// @notice The bootstrap admin (the deployer) while the bootstrap lasts, zero after.
    function bootstrapAdmin() external view returns (address);

    /**
     * @notice Bind the registries this contract governs, once. Each must name this contract as its governance,
     * and the trusted issuer registry must read the given participant registry. Caller: the bootstrap admin.
     */
    function bindRegistries(address participantRegistry, address trustedIssuerRegistry) external;

    /// @notice Execute `action` now, without a proposal. Caller: the bootstrap admin.
    function bootstrapExecute(Action calldata action) external;

    /// @notice End the bootstrap for good. Needs bound registries and a member. Caller: the bootstrap admin.
    function finishBootstrap() external;
}
