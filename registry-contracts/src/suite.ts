import type { InterfaceAbi } from "ethers";
import { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";

/** What a contract's constructor arguments may depend on. */
export interface SuiteContext {
  /** `block.timestamp` divisor of the target chain (1 or 1000). */
  readonly timestampDivisor: bigint;
  /** Addresses of the contracts deployed before this one, by name. */
  readonly deployed: Readonly<Record<string, string>>;
}

export interface SuiteContract<Name extends string = string> {
  readonly name: Name;
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
  readonly constructorArgs: (context: SuiteContext) => readonly unknown[];
}

/**
 * Every contract `deploy()` deploys, in deployment order. A contract may take the addresses of the ones
 * before it. Adding a contract to the suite means adding one entry here.
 */
export const suite = [
  {
    name: "EthereumDIDRegistry",
    abi: ethereumDIDRegistryAbi,
    bytecode: ethereumDIDRegistryBytecode,
    constructorArgs: ({ timestampDivisor }) => [timestampDivisor],
  },
] as const satisfies readonly SuiteContract[];

/** Name of a contract of the suite. */
export type ContractName = (typeof suite)[number]["name"];
