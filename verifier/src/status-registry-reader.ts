import { CredentialStatus, credentialStatusRegistryAbi } from "@permitchain/contracts";
import { Contract, getAddress, type Provider } from "ethers";
import type { CredentialStatusReader, CredentialStatusValue } from "./check-status.js";
import { VerifierConfigError } from "./errors.js";

export interface CreateStatusRegistryReaderParameters {
  /** The CredentialStatusRegistry contract (`deployment.json` → contracts.CredentialStatusRegistry). */
  readonly address: string;
  /** An ethers v6 provider for its chain (`connectJsonRpc` from @permitchain/chain, or FiscoProvider). */
  readonly provider: Provider;
}

const VALUES: Record<number, CredentialStatusValue> = {
  [CredentialStatus.Unallocated]: "unallocated",
  [CredentialStatus.Active]: "active",
  [CredentialStatus.Suspended]: "suspended",
  [CredentialStatus.Revoked]: "revoked",
};

/**
 * The verifier's CredentialStatusReader over the CredentialStatusRegistry contract: one `statusOf` eth_call per
 * check (at `blockTag` when given), never cached (a revocation must show at once); wrap it in
 * `createCachedStatusReader` for a cache kept exact by the registry's events. `allocationBlock` reads
 * `allocatedCount`, then `allocationBlock` for an allocated index. A read that fails rejects; the verifier
 * reports it as CHAIN_UNREACHABLE.
 */
export function createStatusRegistryReader(
  parameters: CreateStatusRegistryReaderParameters,
): CredentialStatusReader {
  let registry: string;
  try {
    registry = getAddress(parameters.address);
  } catch {
    throw new VerifierConfigError(`${parameters.address} is not a contract address`);
  }
  const contract = new Contract(registry, credentialStatusRegistryAbi, parameters.provider);
  const statusOf = contract.getFunction("statusOf");
  const allocatedCount = contract.getFunction("allocatedCount");
  const allocationBlock = contract.getFunction("allocationBlock");
  return {
    registry,
    async statusOf(issuer, index, options) {
      const at = options?.blockTag === undefined ? [] : [{ blockTag: options.blockTag }];
      const value = VALUES[Number(await statusOf.staticCall(issuer, index, ...at))];
      if (value === undefined)
        throw new Error(`the status registry answered an unknown status for ${issuer}/${index}`);
      return value;
    },
    async allocationBlock(issuer, index) {
      // two reads rather than one that may revert: a revert and an unreachable node must not look alike
      if (index >= BigInt(await allocatedCount.staticCall(issuer))) return undefined;
      return Number(await allocationBlock.staticCall(issuer, index));
    },
  };
}
