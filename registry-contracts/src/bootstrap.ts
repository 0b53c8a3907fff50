import { Contract, type Signer } from "ethers";
import { DeploymentFailedError } from "./errors.js";
import { committeeGovernanceAbi } from "./generated/index.js";
import { type EncodedAction, encodeAction, type GovernanceAction } from "./governance-actions.js";
import type { Organisation, Role } from "./governance-types.js";

/** The rules committee proposals are decided by (`GovernanceRules` in GovernanceTypes.sol). */
export interface GovernanceRules {
  /** Share of the total member weight that must vote (for, against or abstain), basis points 1..10000. */
  quorumBps: number;
  /** Share of for-votes among for + against, basis points 1..10000 (5001: more than half). */
  thresholdBps: number;
  /** Seconds members vote, from the proposal's creation (1 .. 365 days). */
  votingPeriod: number;
  /** Seconds a passed proposal waits before it may be executed (0 .. 365 days). */
  executionDelay: number;
  /** Seconds after the delay during which it may be executed before it expires (1 .. 365 days). */
  gracePeriod: number;
}

/** A committee member and its voting weight (at least 1). */
export interface CommitteeSeat {
  member: string;
  weight: number;
}

/** A participant registered during the bootstrap. */
export interface InitialParticipant {
  account: string;
  role: Role;
  organisation: Organisation;
}

/**
 * How `deploy()` sets up the governance it deploys, before the deployer gives up its bootstrap powers.
 * Every field is optional; the defaults are for development, not production.
 */
export interface BootstrapConfig extends Partial<GovernanceRules> {
  /** The committee; default the deployer alone, weight 1. */
  committee?: readonly CommitteeSeat[];
  /** Participants to register; default none. */
  participants?: readonly InitialParticipant[];
  /** Any further actions, executed after members and participants (e.g. trusted issuers); default none. */
  actions?: readonly GovernanceAction[];
}

/** Development rules: a majority of those voting, half the weight voting, short periods. */
export const DEV_GOVERNANCE_RULES: Readonly<GovernanceRules> = Object.freeze({
  quorumBps: 5_000,
  thresholdBps: 5_001,
  votingPeriod: 300,
  executionDelay: 60,
  gracePeriod: 7 * 86_400,
});

/** The rules of `config`, each missing one taken from `DEV_GOVERNANCE_RULES`. */
export function governanceRules(config: BootstrapConfig = {}): GovernanceRules {
  return {
    quorumBps: config.quorumBps ?? DEV_GOVERNANCE_RULES.quorumBps,
    thresholdBps: config.thresholdBps ?? DEV_GOVERNANCE_RULES.thresholdBps,
    votingPeriod: config.votingPeriod ?? DEV_GOVERNANCE_RULES.votingPeriod,
    executionDelay: config.executionDelay ?? DEV_GOVERNANCE_RULES.executionDelay,
    gracePeriod: config.gracePeriod ?? DEV_GOVERNANCE_RULES.gracePeriod,
  };
}

export interface BootstrapAddresses {
  CommitteeGovernance: string;
  ParticipantRegistry: string;
  TrustedIssuerRegistry: string;
}

/**
 * Runs the bootstrap of a freshly deployed governance contract from its deployer: binds the registries, adds
 * the committee, registers the participants, executes the further actions, then `finishBootstrap()`, after
 * which the deployer holds no power. One transaction at a time, each awaited; a failure throws
 * `DeploymentFailedError` naming the step.
 */
export async function bootstrapGovernance(
  deployer: Signer,
  addresses: BootstrapAddresses,
  config: BootstrapConfig = {},
): Promise<void> {
  const governance = new Contract(addresses.CommitteeGovernance, committeeGovernanceAbi, deployer);
  const committee = config.committee ?? [{ member: await deployer.getAddress(), weight: 1 }];
  const actions: GovernanceAction[] = [
    ...committee.map(
      ({ member, weight }): GovernanceAction => ({ kind: "AddMember", account: member, weight }),
    ),
    ...(config.participants ?? []).map((p): GovernanceAction => ({ kind: "RegisterParticipant", ...p })),
    ...(config.actions ?? []),
  ];
  await step(governance, "bindRegistries", [addresses.ParticipantRegistry, addresses.TrustedIssuerRegistry]);
  for (const action of actions) {
    const encoded: EncodedAction = encodeAction(action);
    await step(governance, "bootstrapExecute", [encoded], action.kind);
  }
  await step(governance, "finishBootstrap", []);
}

async function step(governance: Contract, method: string, args: readonly unknown[], label = method) {
  let hash: string | undefined;
  try {
    const response = await governance.getFunction(method).send(...args);
    hash = response.hash;
    const receipt = await response.wait();
    if (receipt?.status !== 1) throw new Error("the transaction reverted");
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DeploymentFailedError("CommitteeGovernance", `bootstrap step ${label}: ${reason}`, {
      cause,
      details: { transactionHash: hash, step: label },
    });
  }
}
