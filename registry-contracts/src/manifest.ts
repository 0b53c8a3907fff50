import type { ContractName } from "./suite.js";

/** A 0x-prefixed, checksummed contract address. */
export type Address = `0x${string}`;

/** Where the suite is deployed: the chain it was recorded for and one address per contract. */
export interface DeploymentManifest {
  /** The chain id recorded at deployment (FISCO BCOS's `CHAINID` opcode says 0, so it comes from configuration). */
  chainId: number;
  contracts: Record<ContractName, Address>;
}
