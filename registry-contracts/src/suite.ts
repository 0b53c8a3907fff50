import type { InterfaceAbi } from "ethers";
import type { GovernanceRules } from "./bootstrap.js";
import {
  committeeGovernanceAbi,
  committeeGovernanceBytecode,
  credentialProofVerifierAbi,
  credentialProofVerifierBytecode,
  credentialStatusRegistryAbi,
  credentialStatusRegistryBytecode,
  ethereumDIDRegistryAbi,
  ethereumDIDRegistryBytecode,
  participantRegistryAbi,
  participantRegistryBytecode,
  trustedIssuerRegistryAbi,
  trustedIssuerRegistryBytecode,
} from "./generated/index.js";

/** What a contract's constructor arguments may depend on. */
export interface SuiteContext {
  /** `block.timestamp` divisor of the target chain (1 or 1000). */
  readonly timestampDivisor: bigint;
  /**
   * Chain id of the deployment configuration (the manifest's): the EIP-712 domain chain id of the credential
   * proof verifier, since FISCO BCOS's `CHAINID` opcode returns 0.
   */
  readonly chainId: bigint;
  /** The rules the committee governance starts with. */
  readonly governanceRules: GovernanceRules;
  /** Addresses of the contracts deployed before this one, by name. */
  readonly deployed: Readonly<Record<string, string>>;
}

export interface SuiteContract<Name extends string = string> {
  readonly name: Name;
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
  readonly constructorArgs: (context: SuiteContext) => readonly unknown[];
}

function deployedAddress(context: SuiteContext, name: string): string {
  const address = context.deployed[name];
  if (address === undefined) throw new Error(`${name} must be deployed before the contracts using it`);
  return address;
}

/**
 * Every contract `deploy()` deploys, in deployment order. A contract may take the addresses of the ones
 * before it. Adding a contract to the suite means adding one entry here.
 *
 * The governance contract comes before the registries, which take its address at construction and accept
 * writes from it alone; `deploy()` then binds them to it during the bootstrap (see `bootstrapGovernance`).
 * The credential status registry reads issuers' operators from the DID registry; the credential proof
 * verifier reads the DID, trusted issuer and status registries, and builds its EIP-712 domain from the
 * configured chain id.
 */
export const suite = [
  {
    name: "EthereumDIDRegistry",
    abi: ethereumDIDRegistryAbi,
    bytecode: ethereumDIDRegistryBytecode,
    constructorArgs: ({ timestampDivisor }) => [timestampDivisor],
  },
  {
    name: "CommitteeGovernance",
    abi: committeeGovernanceAbi,
    bytecode: committeeGovernanceBytecode,
    constructorArgs: ({ timestampDivisor, governanceRules }) => [timestampDivisor, governanceRules],
  },
  {
    name: "ParticipantRegistry",
    abi: participantRegistryAbi,
    bytecode: participantRegistryBytecode,
    constructorArgs: (context) => [context.timestampDivisor, deployedAddress(context, "CommitteeGovernance")],
  },
  {
    name: "TrustedIssuerRegistry",
    abi: trustedIssuerRegistryAbi,
    bytecode: trustedIssuerRegistryBytecode,
    constructorArgs: (context) => [
      context.timestampDivisor,
      deployedAddress(context, "CommitteeGovernance"),
      deployedAddress(context, "ParticipantRegistry"),
    ],
  },
  {
    name: "CredentialStatusRegistry",
    abi: credentialStatusRegistryAbi,
    bytecode: credentialStatusRegistryBytecode,
    constructorArgs: (context) => [deployedAddress(context, "EthereumDIDRegistry")],
  },
  {
    name: "CredentialProofVerifier",
    abi: credentialProofVerifierAbi,
    bytecode: credentialProofVerifierBytecode,
    constructorArgs: (context) => [
      context.timestampDivisor,
      context.chainId,
      deployedAddress(context, "EthereumDIDRegistry"),
      deployedAddress(context, "TrustedIssuerRegistry"),
      deployedAddress(context, "CredentialStatusRegistry"),
    ],
  },
] as const satisfies readonly SuiteContract[];

/** Name of a contract of the suite. */
export type ContractName = (typeof suite)[number]["name"];
