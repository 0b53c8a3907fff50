// Test helper: the governed suite deployed through deploy(), driven through ethers, with time travel.
import {
  Contract,
  ContractFactory,
  type ErrorFragment,
  type EventFragment,
  Interface,
  type InterfaceAbi,
  type LogDescription,
  type Signer,
  type TransactionReceipt,
  ZeroAddress,
} from "ethers";
import type { BootstrapConfig, GovernanceRules } from "./bootstrap.js";
import { type DeployOptions, deploy } from "./deploy.js";
import {
  committeeGovernanceAbi,
  committeeGovernanceBytecode,
  credentialProofVerifierAbi,
  credentialStatusRegistryAbi,
  participantRegistryAbi,
  participantRegistryBytecode,
  trustedIssuerRegistryAbi,
  trustedIssuerRegistryBytecode,
} from "./generated/index.js";
import { encodeAction, type GovernanceAction } from "./governance-actions.js";
import { organisationRecord, VoteType } from "./governance-types.js";
import type { Address, DeploymentManifest } from "./manifest.js";
import type { TestChain } from "./test-chain.js";

export const governanceInterface = new Interface(committeeGovernanceAbi);
export const participantsInterface = new Interface(participantRegistryAbi);
export const issuersInterface = new Interface(trustedIssuerRegistryAbi);
export const statusesInterface = new Interface(credentialStatusRegistryAbi);
export const verifierInterface = new Interface(credentialProofVerifierAbi);

/**
 * Every error and event of the governed contracts and the credential contracts, once each: governance reverts
 * bubble up registry errors.
 */
export const suiteInterface = new Interface(
  (() => {
    const seen = new Set<string>();
    return [
      governanceInterface,
      participantsInterface,
      issuersInterface,
      statusesInterface,
      verifierInterface,
    ]
      .flatMap((i) => i.fragments)
      .filter((f): f is ErrorFragment | EventFragment => f.type === "error" || f.type === "event")
      .filter((f) => {
        const key = f.format("sighash");
        if (seen.has(`${f.type}:${key}`)) return false;
        seen.add(`${f.type}:${key}`);
        return true;
      });
  })(),
);

/** Rules for tests: a committee of several, real delay and grace, short enough to travel through. */
export const TEST_RULES: GovernanceRules = {
  quorumBps: 5_000,
  thresholdBps: 5_001,
  votingPeriod: 3_600,
  executionDelay: 600,
  gracePeriod: 86_400,
};

export interface GovernedSuite {
  manifest: DeploymentManifest;
  governance: Contract;
  participants: Contract;
  issuers: Contract;
  /** The credential status registry (a placeholder at the zero address in `deployUnfinished`). */
  statuses: Contract;
  /** The credential proof verifier (a placeholder at the zero address in `deployUnfinished`). */
  verifier: Contract;
  rules: GovernanceRules;
}

/**
 * Deploys the whole suite through `deploy()` with `bootstrap` (its rules default to TEST_RULES) and the other
 * deploy `options` (timestamp unit, chain id).
 */
export async function deployGovernedSuite(
  deployer: Signer,
  bootstrap: BootstrapConfig = {},
  options: Omit<DeployOptions, "bootstrap"> = {},
): Promise<GovernedSuite> {
  const rules: GovernanceRules = { ...TEST_RULES, ...definedRules(bootstrap) };
  const manifest = await deploy(deployer, { ...options, bootstrap: { ...bootstrap, ...rules } });
  const { provider } = deployer;
  return {
    manifest,
    governance: new Contract(manifest.contracts.CommitteeGovernance, committeeGovernanceAbi, provider),
    participants: new Contract(manifest.contracts.ParticipantRegistry, participantRegistryAbi, provider),
    issuers: new Contract(manifest.contracts.TrustedIssuerRegistry, trustedIssuerRegistryAbi, provider),
    statuses: new Contract(
      manifest.contracts.CredentialStatusRegistry,
      credentialStatusRegistryAbi,
      provider,
    ),
    verifier: new Contract(manifest.contracts.CredentialProofVerifier, credentialProofVerifierAbi, provider),
    rules,
  };
}

function definedRules(config: BootstrapConfig): Partial<GovernanceRules> {
  const keys = ["quorumBps", "thresholdBps", "votingPeriod", "executionDelay", "gracePeriod"] as const;
  return Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}

/** Sends `method(...args)` from `signer` and waits for the receipt. */
export async function sendAs(
  contract: Contract,
  signer: Signer,
  method: string,
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  const response = await (contract.connect(signer) as Contract).getFunction(method).send(...args);
  const receipt = await response.wait();
  if (receipt === null) throw new Error(`${method}: no receipt`);
  return receipt;
}

/** A read-only call. */
export async function call<T>(contract: Contract, method: string, args: readonly unknown[] = []): Promise<T> {
  return (await contract.getFunction(method).staticCall(...args)) as T;
}

/** A call from `signer` that is expected to revert (as a promise for `expectCustomError`). */
export function attempt(
  contract: Contract,
  signer: Signer,
  method: string,
  args: readonly unknown[],
): Promise<unknown> {
  return (contract.connect(signer) as Contract).getFunction(method).send(...args);
}

/** Events named `name` in `receipt`, from any of the suite's contracts, as plain arrays. */
export function eventArgs(receipt: TransactionReceipt, name: string): unknown[][] {
  return receipt.logs
    .map((log) => suiteInterface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed?.name === name)
    .map((parsed) => toPlain(parsed.args) as unknown[]);
}

/** Every event name in `receipt`, in order. */
export function eventNames(receipt: TransactionReceipt): string[] {
  return receipt.logs.map((log) => suiteInterface.parseLog(log)?.name ?? "unknown");
}

/** ethers Results (nested) as plain arrays. */
export function toPlain(value: unknown): unknown {
  if (value !== null && typeof value === "object" && "toArray" in value) {
    return (value as { toArray(): unknown[] }).toArray().map(toPlain);
  }
  return value;
}

/** Moves the chain clock forward by `seconds` and mines a block. */
export async function travel(chain: TestChain, seconds: number): Promise<void> {
  await chain.provider.send("evm_increaseTime", [seconds]);
  await chain.provider.send("evm_mine", []);
}

/** The timestamp of the latest block, in seconds. */
export async function latestTimestamp(chain: TestChain): Promise<bigint> {
  const block = await chain.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return BigInt(block.timestamp);
}

/** Proposes `action` from `proposer`; returns the new id and the receipt. */
export async function propose(
  suite: GovernedSuite,
  proposer: Signer,
  action: GovernanceAction,
  description = "test proposal",
): Promise<{ proposalId: bigint; receipt: TransactionReceipt }> {
  const receipt = await sendAs(suite.governance, proposer, "propose", [encodeAction(action), description]);
  const [created] = eventArgs(receipt, "ProposalCreated");
  if (created === undefined) throw new Error("propose emitted no ProposalCreated");
  return { proposalId: created[0] as bigint, receipt };
}

/** Votes For from every voter, then travels past the voting period and the execution delay. */
export async function passProposal(
  chain: TestChain,
  suite: GovernedSuite,
  proposalId: bigint,
  voters: readonly Signer[],
): Promise<void> {
  for (const voter of voters) await sendAs(suite.governance, voter, "castVote", [proposalId, VoteType.For]);
  await travel(chain, suite.rules.votingPeriod + suite.rules.executionDelay + 1);
}

/** Proposes, passes and executes `action`; returns the execution receipt. */
export async function enact(
  chain: TestChain,
  suite: GovernedSuite,
  members: readonly Signer[],
  action: GovernanceAction,
): Promise<{ proposalId: bigint; receipt: TransactionReceipt }> {
  const [proposer] = members;
  if (proposer === undefined) throw new Error("enact needs at least one member");
  const { proposalId } = await propose(suite, proposer, action);
  await passProposal(chain, suite, proposalId, members);
  const receipt = await sendAs(suite.governance, proposer, "execute", [proposalId]);
  return { proposalId, receipt };
}

/** A sample organisation record, distinct per `tag`. */
export function sampleOrganisation(tag: string, sector = "C2511") {
  return organisationRecord({
    name: `Organisation ${tag}`,
    creditCode: `91110000${tag.padStart(10, "0")}`.slice(0, 18),
    regionCode: 110105,
    sector,
  });
}

/** The three governed contracts deployed by hand from `admin`, registries bound, bootstrap NOT finished. */
export async function deployUnfinished(
  admin: Signer,
  rules: GovernanceRules = TEST_RULES,
): Promise<GovernedSuite> {
  const governance = await deployContract(admin, committeeGovernanceAbi, committeeGovernanceBytecode, [
    1n,
    rules,
  ]);
  const governanceAddress = await governance.getAddress();
  const participants = await deployContract(admin, participantRegistryAbi, participantRegistryBytecode, [
    1n,
    governanceAddress,
  ]);
  const participantsAddress = await participants.getAddress();
  const issuers = await deployContract(admin, trustedIssuerRegistryAbi, trustedIssuerRegistryBytecode, [
    1n,
    governanceAddress,
    participantsAddress,
  ]);
  await sendAs(governance, admin, "bindRegistries", [participantsAddress, await issuers.getAddress()]);
  const network = await admin.provider?.getNetwork();
  return {
    manifest: {
      chainId: Number(network?.chainId ?? 0),
      contracts: {
        EthereumDIDRegistry: ZeroAddress as Address,
        CommitteeGovernance: governanceAddress as Address,
        ParticipantRegistry: participantsAddress as Address,
        TrustedIssuerRegistry: (await issuers.getAddress()) as Address,
        CredentialStatusRegistry: ZeroAddress as Address,
        CredentialProofVerifier: ZeroAddress as Address,
      },
    },
    governance,
    participants,
    issuers,
    statuses: new Contract(ZeroAddress, credentialStatusRegistryAbi, admin.provider),
    verifier: new Contract(ZeroAddress, credentialProofVerifierAbi, admin.provider),
    rules,
  };
}

/** Deploys `bytecode` with `args` from `signer`, reading the address from the receipt. */
export async function deployContract(
  signer: Signer,
  abi: InterfaceAbi,
  bytecode: string,
  args: readonly unknown[],
): Promise<Contract> {
  const factory = new ContractFactory(abi, bytecode, signer);
  const response = await signer.sendTransaction(await factory.getDeployTransaction(...args));
  const receipt = await response.wait();
  if (receipt?.contractAddress == null) throw new Error("deployment created no contract");
  return new Contract(receipt.contractAddress, abi, signer.provider);
}

/** Executes `action` through `bootstrapExecute` from the bootstrap admin. */
export function bootstrapExecute(
  suite: GovernedSuite,
  admin: Signer,
  action: GovernanceAction,
): Promise<TransactionReceipt> {
  return sendAs(suite.governance, admin, "bootstrapExecute", [encodeAction(action)]);
}
