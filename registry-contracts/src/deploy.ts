import { ContractFactory, getAddress, type Signer, type TransactionReceipt } from "ethers";
import { type BootstrapConfig, bootstrapGovernance, governanceRules } from "./bootstrap.js";
import { DeploymentFailedError } from "./errors.js";
import type { Address, DeploymentManifest } from "./manifest.js";
import { type ContractName, type SuiteContext, type SuiteContract, suite } from "./suite.js";
import { type TimestampUnit, timestampDivisor } from "./timestamp-unit.js";

export interface DeployOptions {
  /** Unit of `block.timestamp` on the target chain; default "seconds" ("milliseconds" for FISCO BCOS). */
  timestampUnit?: TimestampUnit;
  /**
   * Chain id to record in the manifest and to put in the credential proof verifier's EIP-712 domain; default
   * the provider's. Give it on FISCO BCOS, whose `CHAINID` opcode returns 0.
   */
  chainId?: number;
  /**
   * The committee, its rules and the initial participants, set up by the deployer before it gives up its
   * bootstrap powers; default a committee of the deployer alone under `DEV_GOVERNANCE_RULES`.
   */
  bootstrap?: BootstrapConfig;
}

/**
 * Deploys the whole contract suite from `signer`, one transaction after another, each awaited, then runs the
 * governance bootstrap (registries bound, committee and participants set up, `finishBootstrap()`), so that
 * the deployer keeps no admin power. Addresses are read from the receipts, never predicted (FISCO BCOS
 * derives them differently from Ethereum).
 */
export async function deploy(signer: Signer, options: DeployOptions = {}): Promise<DeploymentManifest> {
  const chainId = options.chainId ?? (await providerChainId(signer));
  const divisor = timestampDivisor(options.timestampUnit ?? "seconds");
  const rules = governanceRules(options.bootstrap);
  const deployed: Record<string, Address> = {};
  for (const contract of suite) {
    const context: SuiteContext = {
      timestampDivisor: divisor,
      chainId: BigInt(chainId),
      governanceRules: rules,
      deployed,
    };
    deployed[contract.name] = await deployOne(signer, contract, context);
  }
  const contracts = deployed as Record<ContractName, Address>;
  await bootstrapGovernance(signer, contracts, options.bootstrap);
  return { chainId, contracts };
}

async function providerChainId(signer: Signer): Promise<number> {
  if (signer.provider === null) {
    throw new DeploymentFailedError("the suite", "the signer has no provider and no chainId was given");
  }
  return Number((await signer.provider.getNetwork()).chainId);
}

async function deployOne(signer: Signer, contract: SuiteContract, context: SuiteContext): Promise<Address> {
  let receipt: TransactionReceipt | null;
  let hash: string | undefined;
  try {
    const factory = new ContractFactory(contract.abi, contract.bytecode, signer);
    const request = await factory.getDeployTransaction(...contract.constructorArgs(context));
    const response = await signer.sendTransaction(request);
    hash = response.hash;
    receipt = await response.wait();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DeploymentFailedError(contract.name, reason, { cause, details: { transactionHash: hash } });
  }
  if (receipt === null || receipt.status !== 1 || receipt.contractAddress === null) {
    throw new DeploymentFailedError(contract.name, "the transaction created no contract", {
      details: { transactionHash: hash, status: receipt?.status },
    });
  }
  return getAddress(receipt.contractAddress) as Address;
}
